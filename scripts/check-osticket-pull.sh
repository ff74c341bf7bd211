#!/usr/bin/env bash
# The nightly job with no person: pulls from osTicket's database, recomputes and reports, twice.
#
# Starts a private MariaDB in a temporary folder (socket only, no network), creates osTicket 1.18.1's
# real schema from ../shared/vendor/osticket-1.18.1.tar.gz (install-mysql.sql, prefix ost_), fills it
# with a desk of N tickets (default 20000; each created, claimed, answered, most closed), and a
# read-only user whose password is in an option file. Then:
#   1. `slareport run --config nightly.yaml` (the crontab's command): the first pull fetches everything;
#   2. changes a few tickets the way agents would (notes, a reopen, a new ticket) and runs it again:
#      the second pull fetches only those;
# Prints what each pull fetched and how long each run took.
#   3. checks that a wrong password and a wrong table prefix exit 2 and leave the database as it was.
#
#   bash scripts/check-osticket-pull.sh [TICKETS]      # needs mariadb-server, mariadb-client, libmariadb-dev
#
# SLAREPORT=path/to/slareport uses that binary instead of building one. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tickets=${1:-20000}
tarball="$root/../shared/vendor/osticket-1.18.1.tar.gz"

source "$root/scripts/lib/private-mariadb.sh"
private_mariadb_require
[ -f "$tarball" ] || { echo "needs $tarball (osTicket 1.18.1's source)" >&2; exit 1; }

work=$(mktemp -d /tmp/slareport-osticket-pull.XXXXXX)
cleanup() {
    private_mariadb_stop
    rm -rf "$work"
}
trap cleanup EXIT

# The server runs in New York time, as many osTicket servers do: osTicket stores that wall clock.
private_mariadb_start "$work" TZ=America/New_York
sql -e "SELECT VERSION(), @@system_time_zone" --batch --skip-column-names | sed 's/^/server: /'

sql -e "CREATE DATABASE osticket CHARACTER SET utf8mb4"
tar -xzOf "$tarball" osTicket-1.18.1/setup/inc/streams/core/install-mysql.sql | sed 's/%TABLE_PREFIX%/ost_/g' | sql osticket
sql -e "CREATE USER 'slareport'@'localhost' IDENTIFIED BY 'nightly-Pw-1'; GRANT SELECT ON osticket.* TO 'slareport'@'localhost';"

echo "filling the desk: $tickets tickets"
sql osticket <<SQL
INSERT INTO ost_event (id, name, description) VALUES (1,'created',''),(2,'closed',''),(3,'reopened',''),(4,'assigned',''),
    (5,'released',''),(6,'transferred',''),(7,'referred',''),(8,'overdue',''),(9,'edited',''),(10,'viewed','');
INSERT INTO ost_config (namespace, \`key\`, value) VALUES ('core', 'db_timezone', 'America/New_York');
INSERT INTO ost_staff (staff_id, dept_id, role_id, username, firstname, lastname, passwd, email, signature, created, updated)
    VALUES (1, 1, 1, 'agent1', 'Agent', 'One', '', 'one@example.com', '', NOW(), NOW()),
           (2, 1, 1, 'agent2', 'Agent', 'Two', '', 'two@example.com', '', NOW(), NOW());
INSERT INTO ost_user (id, org_id, default_email_id, status, name, created, updated) VALUES (1, 0, 1, 0, 'Jane Doe', NOW(), NOW());
INSERT INTO ost_user_email (id, user_id, flags, address) VALUES (1, 1, 0, 'jane@example.com');
INSERT INTO ost_team (team_id, lead_id, flags, name, created, updated) VALUES (1, 0, 1, 'Level I Support', NOW(), NOW());
INSERT INTO ost_department (id, pid, sla_id, schedule_id, manager_id, flags, name, signature, ispublic, path, created, updated)
    VALUES (1, NULL, 0, 0, 0, 4, 'Support', '', 1, '/1/', NOW(), NOW());
INSERT INTO ost_help_topic (topic_id, topic_pid, flags, priority_id, dept_id, staff_id, team_id, sla_id, topic, created, updated)
    VALUES (1, 0, 2, 0, 1, 0, 0, 0, 'General Inquiry', NOW(), NOW());
INSERT INTO ost_ticket_status (id, name, state, mode, flags, sort, properties, created, updated)
    VALUES (1, 'Open', 'open', 3, 0, 1, '{}', NOW(), NOW()), (2, 'Resolved', 'closed', 1, 0, 2, '{}', NOW(), NOW()),
           (3, 'Closed', 'closed', 3, 0, 3, '{}', NOW(), NOW());
INSERT INTO ost_sla (id, schedule_id, flags, grace_period, name, notes, created, updated)
    VALUES (1, 0, 3, 18, 'Default SLA', '', NOW(), NOW());
INSERT INTO ost_ticket_priority (priority_id, priority, priority_desc, priority_color, priority_urgency, ispublic)
    VALUES (2, 'normal', 'Normal', '#FFFFF0', 3, 1);
INSERT INTO ost_form (id, type, flags, title, created, updated) VALUES (2, 'T', 1, 'Ticket Details', NOW(), NOW());
INSERT INTO ost_form_field (id, form_id, flags, type, label, name, sort, created, updated)
    VALUES (20, 2, 1, 'text', 'Issue Summary', 'subject', 1, NOW(), NOW()), (22, 2, 1, 'priority', 'Priority Level', 'priority', 3, NOW(), NOW());
-- Ticket n: created every 7 minutes from Monday 2025-06-02 08:00; claimed after 10 min, answered after
-- 30 min; nine in ten resolved after 1-47 hours, the rest still open.
INSERT INTO ost_ticket (ticket_id, number, user_id, status_id, dept_id, sla_id, topic_id, staff_id, team_id, source,
        est_duedate, closed, lastupdate, created, updated)
    SELECT seq, 100000 + seq, 1, IF(seq % 10 = 0, 1, 2), 1, 1, 1, 1 + seq % 2, 1, 'Web',
           IF(seq % 10 = 0, c + INTERVAL 18 HOUR, NULL), IF(seq % 10 = 0, NULL, c + INTERVAL (1 + seq % 47) HOUR),
           IF(seq % 10 = 0, c + INTERVAL 30 MINUTE, c + INTERVAL (1 + seq % 47) HOUR), c,
           IF(seq % 10 = 0, c + INTERVAL 30 MINUTE, c + INTERVAL (1 + seq % 47) HOUR)
    FROM (SELECT seq, TIMESTAMP('2025-06-02 08:00:00') + INTERVAL seq * 7 MINUTE AS c FROM seq_1_to_${tickets}) s;
INSERT INTO ost_thread (id, object_id, object_type, created) SELECT ticket_id, ticket_id, 'T', created FROM ost_ticket;
INSERT INTO ost_form_entry (id, form_id, object_id, object_type, created, updated)
    SELECT ticket_id, 2, ticket_id, 'T', created, created FROM ost_ticket;
INSERT INTO ost_form_entry_values (entry_id, field_id, value, value_id)
    SELECT ticket_id, 20, CONCAT('Request ', number), NULL FROM ost_ticket
    UNION ALL SELECT ticket_id, 22, 'Normal', 2 FROM ost_ticket;
INSERT INTO ost_thread_event (id, thread_id, event_id, staff_id, team_id, dept_id, topic_id, data, username, uid, uid_type, timestamp)
    SELECT ticket_id * 10 + 1, ticket_id, 1, 0, 1, 1, 1, NULL, 'jane', 1, 'U', created FROM ost_ticket
    UNION ALL SELECT ticket_id * 10 + 2, ticket_id, 4, staff_id, 1, 1, 1, '{"claim":true}', 'agent', staff_id, 'S', created + INTERVAL 10 MINUTE FROM ost_ticket
    UNION ALL SELECT ticket_id * 10 + 3, ticket_id, 2, staff_id, 1, 1, 1, '{"status":[2,"Resolved"]}', 'agent', staff_id, 'S', closed
        FROM ost_ticket WHERE closed IS NOT NULL;
INSERT INTO ost_thread_entry (id, thread_id, staff_id, user_id, type, flags, poster, body, created, updated)
    SELECT ticket_id * 10 + 1, ticket_id, 0, 1, 'M', 1, 'Jane Doe', 'Please help', created, created FROM ost_ticket
    UNION ALL SELECT ticket_id * 10 + 2, ticket_id, staff_id, 0, 'R', 0, 'Agent', 'On it', created + INTERVAL 30 MINUTE,
        created + INTERVAL 30 MINUTE FROM ost_ticket;
SQL
# Index statistics, as a server in use has them (InnoDB computes them in the background after bulk loads).
sql osticket -e "ANALYZE TABLE ost_ticket, ost_thread, ost_thread_event, ost_thread_entry, ost_form_entry, ost_form_entry_values" >/dev/null
sql --batch --skip-column-names osticket -e "SELECT CONCAT((SELECT COUNT(*) FROM ost_ticket), ' tickets, ',
    (SELECT COUNT(*) FROM ost_thread_event), ' thread events, ', (SELECT COUNT(*) FROM ost_thread_entry), ' thread entries')"

if [ -z "${SLAREPORT:-}" ]; then
    swift build >/dev/null
    SLAREPORT=$(swift build --show-bin-path)/slareport
fi

# What an administrator sets up once: the option file (mode 600) and the run configuration.
mkdir -p "$work/etc" "$work/www"
printf '[client]\nuser=slareport\npassword=nightly-Pw-1\n' > "$work/etc/my.cnf"
chmod 600 "$work/etc/my.cnf"
cat > "$work/etc/nightly.yaml" <<EOF
database: $work/desk.sqlite
osticket:
  url: mysql://slareport@localhost/osticket?socket=$work/mysql.sock
  defaults_file: my.cnf
as_of: data
report:
  zone: America/New_York
  output: $work/www
  periods: last-week
  formats: [html, csv]
EOF
echo "crontab line:  15 2 * * *  $SLAREPORT run --config $work/etc/nightly.yaml >>/var/log/slareport.log 2>&1"

run_timed() {
    local start end
    start=$(date +%s.%N)
    env -i PATH="$PATH" HOME="$work" "$SLAREPORT" run --config "$work/etc/nightly.yaml" "$@"
    end=$(date +%s.%N)
    echo "run took $(echo "$end - $start" | bc) s"
}
echo "--- run 1 (first pull)"
run_timed --verbose

# The agents' day: notes on 5 tickets, a reopen by a user message, one new ticket.
sql osticket <<'SQL'
INSERT INTO ost_thread_entry (id, thread_id, staff_id, user_id, type, flags, poster, body, created, updated)
    SELECT 900000000 + ticket_id, ticket_id, 1, 0, 'N', 0, 'Agent One', 'Checked', NOW(), NOW() FROM ost_ticket WHERE ticket_id IN (10, 20, 30, 40, 50);
INSERT INTO ost_thread_event (id, thread_id, event_id, staff_id, team_id, dept_id, topic_id, username, uid, uid_type, timestamp)
    VALUES (900000001, 11, 3, 2, 1, 1, 1, 'jane', 1, 'U', NOW());
UPDATE ost_ticket SET status_id = 1, closed = NULL, reopened = NOW(), lastupdate = NOW(), updated = NOW() WHERE ticket_id = 11;
INSERT INTO ost_ticket (ticket_id, number, user_id, status_id, dept_id, sla_id, topic_id, source, lastupdate, created, updated)
    VALUES (999999, '999999', 1, 1, 1, 1, 1, 'Web', NOW(), NOW(), NOW());
INSERT INTO ost_thread (id, object_id, object_type, created) VALUES (999999, 999999, 'T', NOW());
INSERT INTO ost_thread_event (id, thread_id, event_id, staff_id, team_id, dept_id, topic_id, username, uid, uid_type, timestamp)
    VALUES (900000002, 999999, 1, 0, 1, 1, 1, 'jane', 1, 'U', NOW());
SQL
echo "--- run 2 (after 5 notes, 1 reopen, 1 new ticket)"
run_timed --verbose
"$SLAREPORT" query --database "$work/desk.sqlite" "SELECT id, incremental, ticket_rows, history_rows,
    printf('%.3f', fetch_seconds) AS fetch_seconds, source_zone FROM osticket_pulls ORDER BY id"
ls "$work/www"

echo "--- a wrong password and a wrong table prefix: exit 2, the database unchanged"
# What the database holds (its file's bytes may change when SQLite checkpoints its write-ahead log).
fingerprint() {
    "$SLAREPORT" query --database "$work/desk.sqlite" --format csv "SELECT (SELECT COUNT(*) FROM tickets),
        (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM import_runs), (SELECT COUNT(*) FROM osticket_pulls),
        (SELECT group_concat(content_hash) FROM (SELECT content_hash FROM tickets ORDER BY id)),
        (SELECT group_concat(identity || occurred_at || kind) FROM (SELECT * FROM events ORDER BY id))" | sha256sum
}
before=$(fingerprint)
status=0
env -i PATH="$PATH" HOME="$work" SLAREPORT_DB_PASSWORD=wrong "$SLAREPORT" import --database "$work/desk.sqlite" \
    --osticket "mysql://slareport@localhost/osticket?socket=$work/mysql.sock" || status=$?
[ "$status" -eq 2 ] || { echo "expected exit 2 for a wrong password, got $status" >&2; exit 1; }
status=0
"$SLAREPORT" import --database "$work/desk.sqlite" --defaults-file "$work/etc/my.cnf" --table-prefix helpdesk_ \
    --osticket "mysql://slareport@localhost/osticket?socket=$work/mysql.sock" || status=$?
[ "$status" -eq 2 ] || { echo "expected exit 2 for a wrong prefix, got $status" >&2; exit 1; }
after=$(fingerprint)
[ "$before" = "$after" ] || { echo "the database changed after a failed pull" >&2; exit 1; }
echo "failed pulls: exit 2, database unchanged"
