#!/usr/bin/env bash
# Checks sample-data/osticket/export-history.sql against a real MariaDB (or MySQL) server:
# starts a private server in a temporary folder, creates the osTicket 1.14-1.18 tables the query
# reads (only the columns it touches, as in reference/osticket.md section 2) with two tickets whose
# history has an annulled close, a claim, a team assignment, a transfer, an SLA edit, two priority
# edits (two `fields` shapes), a status edit, an overdue event, an auto-claim by replying, a
# release, a topic edit, M/R/N entries, a hidden entry and a task thread, plus a ticket an agent
# opened by phone (held by nobody until assigned although osTicket's snapshots name the agent);
# runs the query under
# `mysql --batch`; compares its output with the expected TSV; imports it with slareport and
# compares the stored events with the expected ones.
#
#   bash scripts/check-history-sql.sh            # needs mariadb-server (apt-get install mariadb-server mariadb-client)
#
# Exit code 0 when both comparisons match. Leaves nothing behind.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

source "$root/scripts/lib/private-mariadb.sh"
private_mariadb_require

work=$(mktemp -d /tmp/slareport-history-sql.XXXXXX)
cleanup() {
    private_mariadb_stop
    rm -rf "$work"
}
trap cleanup EXIT

private_mariadb_start "$work"
sql -e "SELECT VERSION()" --batch --skip-column-names | sed 's/^/server: /'

sql -e "CREATE DATABASE osticket CHARACTER SET utf8mb4"
sql osticket <<'SQL'
-- The osTicket tables export-history.sql reads, with the columns it touches (install-mysql.sql).
CREATE TABLE ost_ticket (ticket_id int unsigned PRIMARY KEY, number varchar(20), status_id int, staff_id int, team_id int,
    dept_id int, sla_id int, created datetime NOT NULL, lastupdate datetime, updated datetime);
CREATE TABLE ost_thread (id int unsigned PRIMARY KEY, object_id int unsigned NOT NULL, object_type char(1) NOT NULL);
CREATE TABLE ost_event (id int unsigned PRIMARY KEY, name varchar(60) NOT NULL UNIQUE);
CREATE TABLE ost_thread_event (id int unsigned PRIMARY KEY, thread_id int unsigned NOT NULL DEFAULT 0,
    thread_type char(1) NOT NULL DEFAULT 'T', event_id int unsigned, staff_id int unsigned NOT NULL DEFAULT 0,
    team_id int unsigned NOT NULL DEFAULT 0, dept_id int unsigned NOT NULL DEFAULT 0, topic_id int unsigned NOT NULL DEFAULT 0,
    data varchar(1024), username varchar(128) NOT NULL DEFAULT 'SYSTEM', uid int unsigned, uid_type char(1) NOT NULL DEFAULT 'S',
    annulled tinyint unsigned NOT NULL DEFAULT 0, timestamp datetime NOT NULL,
    KEY ticket_state (thread_id, event_id, timestamp));
CREATE TABLE ost_thread_entry (id int unsigned PRIMARY KEY, pid int unsigned NOT NULL DEFAULT 0, thread_id int unsigned NOT NULL,
    staff_id int unsigned NOT NULL DEFAULT 0, user_id int unsigned NOT NULL DEFAULT 0, type char(1) NOT NULL DEFAULT '',
    flags int unsigned NOT NULL DEFAULT 0, poster varchar(128) NOT NULL DEFAULT '', body text, created datetime NOT NULL);
CREATE TABLE ost_staff (staff_id int unsigned PRIMARY KEY, username varchar(32), firstname varchar(32), lastname varchar(32));
CREATE TABLE ost_user (id int unsigned PRIMARY KEY, name varchar(128) NOT NULL);
CREATE TABLE ost_team (team_id int unsigned PRIMARY KEY, name varchar(125) NOT NULL);
CREATE TABLE ost_department (id int unsigned PRIMARY KEY, name varchar(128) NOT NULL);
CREATE TABLE ost_ticket_status (id int PRIMARY KEY, name varchar(60) NOT NULL, state varchar(16));
CREATE TABLE ost_sla (id int unsigned PRIMARY KEY, name varchar(64) NOT NULL, grace_period int unsigned NOT NULL DEFAULT 0);
CREATE TABLE ost_ticket_priority (priority_id tinyint PRIMARY KEY, priority varchar(60), priority_desc varchar(30));
CREATE TABLE ost_form_field (id int unsigned PRIMARY KEY, form_id int unsigned, name varchar(64), label varchar(255));

INSERT INTO ost_event VALUES (1,'created'),(2,'closed'),(3,'reopened'),(4,'assigned'),(5,'released'),(6,'transferred'),
    (7,'referred'),(8,'overdue'),(9,'edited'),(10,'viewed'),(11,'error'),(12,'collab'),(13,'resent'),(14,'deleted'),
    (15,'merged'),(16,'unlinked'),(17,'linked'),(18,'login'),(19,'logout'),(20,'message'),(21,'note');
INSERT INTO ost_staff VALUES (1,'agent1','Agent','One'),(2,'agent2','Agent','Two');
INSERT INTO ost_user VALUES (1,'Jane Doe'),(2,'Sam Poe');
INSERT INTO ost_team VALUES (1,'Level I Support'),(2,'Online Banking');
INSERT INTO ost_department VALUES (1,'Support'),(2,'Sales');
INSERT INTO ost_ticket_status VALUES (1,'Open','open'),(2,'Resolved','closed'),(3,'Closed','closed'),(6,'On Hold','open');
INSERT INTO ost_sla VALUES (1,'Default SLA',18),(2,'Severity A',1);
INSERT INTO ost_ticket_priority VALUES (1,'low','Low'),(2,'normal','Normal'),(3,'high','High'),(4,'emergency','Emergency');
INSERT INTO ost_form_field VALUES (20,2,'subject','Issue Summary'),(22,2,'priority','Priority Level');
INSERT INTO ost_ticket (ticket_id, number, status_id, staff_id, team_id, dept_id, sla_id, created) VALUES (1,'482913',3,1,2,2,2,'2025-08-04 09:00:00'),(2,'711980',6,0,1,1,1,'2025-08-04 09:30:00'),
    (3,'711981',1,2,0,1,2,'2025-08-04 11:00:00');
-- Thread 10: ticket 482913; 11: ticket 711980; 12: a task's thread (not a ticket's history); 13: ticket 711981.
INSERT INTO ost_thread VALUES (10,1,'T'),(11,2,'T'),(12,1,'A'),(13,3,'T');

INSERT INTO ost_thread_event (id,thread_id,event_id,staff_id,team_id,dept_id,data,username,uid,uid_type,annulled,timestamp) VALUES
 -- 482913: created by Jane; Agent Two (not holding it: osTicket stores the acting agent) moves it to
 -- Severity A and Emergency and hands it to Online Banking; Agent One claims it; cron logs overdue;
 -- a close to Resolved that the reopen annulled; a transfer to Sales; the final close.
 (101,10,1,0,1,1,NULL,'jane',1,'U',0,'2025-08-04 09:00:00'),
 (102,10,9,2,1,1,'{"sla_id":[1,2]}','agent2',2,'S',0,'2025-08-04 09:02:00'),
 (103,10,9,2,1,1,'{"fields":{"priority":["Normal","Emergency"]}}','agent2',2,'S',0,'2025-08-04 09:02:30'),
 (104,10,4,2,2,1,'{"team":2}','agent2',2,'S',0,'2025-08-04 09:03:00'),
 (105,10,4,1,2,1,'{"claim":true}','agent1',1,'S',0,'2025-08-04 09:10:00'),
 (106,10,8,1,2,1,NULL,'SYSTEM',NULL,'S',0,'2025-08-04 10:00:01'),
 (107,10,2,1,2,1,'{"status":[2,"Resolved"]}','agent1',1,'S',1,'2025-08-04 10:26:00'),
 (108,10,3,1,2,1,NULL,'jane',1,'U',0,'2025-08-04 10:40:00'),
 (109,10,6,1,2,2,'{"dept":"Sales"}','agent1',1,'S',0,'2025-08-04 10:45:00'),
 (110,10,2,1,2,2,'{"status":[3,"Closed"]}','agent1',1,'S',0,'2025-08-04 11:00:00'),
 -- 711980: created by Sam; Agent Two replies (auto-claim: no assigned event, later snapshots hold
 -- Agent Two); puts it On Hold (a status edit); raises the priority (fields keyed by the field's
 -- id, values [name, id]); changes the topic (no lifecycle event); releases it (logged after the
 -- release, so osTicket's snapshot is the releasing agent).
 -- 711981: Agent One opens it by phone (osTicket's snapshots name him although nobody holds it),
 -- raises it to Severity A, assigns it to Agent Two.
 (111,11,1,0,1,1,NULL,'sam',2,'U',0,'2025-08-04 09:30:00'),
 (112,11,9,2,1,1,'{"status":6}','agent2',2,'S',0,'2025-08-04 09:50:00'),
 (113,11,9,2,1,1,'{"fields":{"22":[["Normal",2],["High",3]]}}','agent2',2,'S',0,'2025-08-04 09:55:00'),
 (114,11,9,2,1,1,'{"topic_id":[1,2]}','agent2',2,'S',0,'2025-08-04 09:56:00'),
 (115,11,5,2,1,1,'{"staff":[2,"Agent Two"]}','agent2',2,'S',0,'2025-08-04 10:00:00'),
 (117,13,1,1,0,1,NULL,'agent1',1,'S',0,'2025-08-04 11:00:00'),
 (118,13,9,1,0,1,'{"sla_id":[1,2]}','agent1',1,'S',0,'2025-08-04 11:05:00'),
 (119,13,4,2,0,1,'{"staff":[2,"Agent Two"]}','agent1',1,'S',0,'2025-08-04 11:10:00'),
 -- The task's thread.
 (116,12,1,1,0,1,NULL,'agent1',1,'S',0,'2025-08-04 09:05:00');

INSERT INTO ost_thread_entry (id,thread_id,staff_id,user_id,type,flags,poster,body,created) VALUES
 (201,10,0,1,'M',1,'Jane Doe','Online banking is down','2025-08-04 09:00:00'),
 (202,10,1,0,'R',0,'Agent One','We are rolling back','2025-08-04 09:12:00'),
 (203,10,1,0,'N',0,'Agent One','Rollback started','2025-08-04 09:13:00'),
 (204,10,0,1,'M',0,'Jane Doe','Still broken','2025-08-04 10:40:00'),
 (205,10,1,0,'N',4,'Agent One','hidden','2025-08-04 10:50:00'),
 (206,11,0,2,'M',1,'Sam Poe','Cannot log in','2025-08-04 09:30:00'),
 (207,11,2,0,'R',0,'Agent Two','Please try again','2025-08-04 09:40:00'),
 (208,12,1,0,'N',0,'Agent One','task note','2025-08-04 09:06:00'),
 (209,13,0,1,'M',1,'Jane Doe','Phoned in','2025-08-04 11:00:00'),
 (210,13,0,1,'M',0,'Jane Doe','Any news?','2025-08-04 11:20:00'),
 (211,11,1,0,'N',0,'Agent One','Checking the login logs','2025-08-04 09:45:00'),
 (212,11,0,2,'M',0,'Sam Poe','Hello?','2025-08-04 10:05:00');
SQL

sql --batch -e "$(cat sample-data/osticket/export-history.sql)" osticket > "$work/history.tsv"

tab=$'\t'
cat > "$work/expected.tsv" <<EOF
ticket_number${tab}source${tab}source_id${tab}timestamp${tab}event${tab}annulled${tab}username${tab}agent${tab}team${tab}department${tab}status${tab}sla_plan${tab}priority${tab}data
482913${tab}event${tab}101${tab}2025-08-04 09:00:00${tab}created${tab}0${tab}Jane Doe${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
482913${tab}entry${tab}201${tab}2025-08-04 09:00:00${tab}M${tab}0${tab}Jane Doe${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
482913${tab}event${tab}102${tab}2025-08-04 09:02:00${tab}edited${tab}0${tab}Agent Two${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}Severity A${tab}NULL${tab}{"sla_id":[1,2]}
482913${tab}event${tab}103${tab}2025-08-04 09:02:30${tab}edited${tab}0${tab}Agent Two${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}Emergency${tab}{"fields":{"priority":["Normal","Emergency"]}}
482913${tab}event${tab}104${tab}2025-08-04 09:03:00${tab}assigned${tab}0${tab}Agent Two${tab}NULL${tab}Online Banking${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}{"team":2}
482913${tab}event${tab}105${tab}2025-08-04 09:10:00${tab}assigned${tab}0${tab}Agent One${tab}Agent One${tab}Online Banking${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}{"claim":true}
482913${tab}entry${tab}202${tab}2025-08-04 09:12:00${tab}R${tab}0${tab}Agent One${tab}Agent One${tab}Online Banking${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
482913${tab}entry${tab}203${tab}2025-08-04 09:13:00${tab}N${tab}0${tab}Agent One${tab}Agent One${tab}Online Banking${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
482913${tab}event${tab}106${tab}2025-08-04 10:00:01${tab}overdue${tab}0${tab}SYSTEM${tab}Agent One${tab}Online Banking${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
482913${tab}event${tab}107${tab}2025-08-04 10:26:00${tab}closed${tab}1${tab}Agent One${tab}Agent One${tab}Online Banking${tab}Support${tab}Resolved${tab}NULL${tab}NULL${tab}{"status":[2,"Resolved"]}
482913${tab}event${tab}108${tab}2025-08-04 10:40:00${tab}reopened${tab}0${tab}Jane Doe${tab}Agent One${tab}Online Banking${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
482913${tab}entry${tab}204${tab}2025-08-04 10:40:00${tab}M${tab}0${tab}Jane Doe${tab}Agent One${tab}Online Banking${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
482913${tab}event${tab}109${tab}2025-08-04 10:45:00${tab}transferred${tab}0${tab}Agent One${tab}Agent One${tab}Online Banking${tab}Sales${tab}NULL${tab}NULL${tab}NULL${tab}{"dept":"Sales"}
482913${tab}event${tab}110${tab}2025-08-04 11:00:00${tab}closed${tab}0${tab}Agent One${tab}Agent One${tab}Online Banking${tab}Sales${tab}Closed${tab}NULL${tab}NULL${tab}{"status":[3,"Closed"]}
711980${tab}event${tab}111${tab}2025-08-04 09:30:00${tab}created${tab}0${tab}Sam Poe${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
711980${tab}entry${tab}206${tab}2025-08-04 09:30:00${tab}M${tab}0${tab}Sam Poe${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
711980${tab}entry${tab}207${tab}2025-08-04 09:40:00${tab}R${tab}0${tab}Agent Two${tab}Agent Two${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
711980${tab}entry${tab}211${tab}2025-08-04 09:45:00${tab}N${tab}0${tab}Agent One${tab}Agent Two${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
711980${tab}event${tab}112${tab}2025-08-04 09:50:00${tab}edited${tab}0${tab}Agent Two${tab}Agent Two${tab}Level I Support${tab}Support${tab}On Hold${tab}NULL${tab}NULL${tab}{"status":6}
711980${tab}event${tab}113${tab}2025-08-04 09:55:00${tab}edited${tab}0${tab}Agent Two${tab}Agent Two${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}High${tab}{"fields":{"22":[["Normal",2],["High",3]]}}
711980${tab}event${tab}114${tab}2025-08-04 09:56:00${tab}edited${tab}0${tab}Agent Two${tab}Agent Two${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}{"topic_id":[1,2]}
711980${tab}event${tab}115${tab}2025-08-04 10:00:00${tab}released${tab}0${tab}Agent Two${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}{"staff":[2,"Agent Two"]}
711980${tab}entry${tab}212${tab}2025-08-04 10:05:00${tab}M${tab}0${tab}Sam Poe${tab}NULL${tab}Level I Support${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
711981${tab}event${tab}117${tab}2025-08-04 11:00:00${tab}created${tab}0${tab}Agent One${tab}NULL${tab}NULL${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
711981${tab}entry${tab}209${tab}2025-08-04 11:00:00${tab}M${tab}0${tab}Jane Doe${tab}NULL${tab}NULL${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
711981${tab}event${tab}118${tab}2025-08-04 11:05:00${tab}edited${tab}0${tab}Agent One${tab}NULL${tab}NULL${tab}Support${tab}NULL${tab}Severity A${tab}NULL${tab}{"sla_id":[1,2]}
711981${tab}event${tab}119${tab}2025-08-04 11:10:00${tab}assigned${tab}0${tab}Agent One${tab}Agent Two${tab}NULL${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}{"staff":[2,"Agent Two"]}
711981${tab}entry${tab}210${tab}2025-08-04 11:20:00${tab}M${tab}0${tab}Jane Doe${tab}Agent Two${tab}NULL${tab}Support${tab}NULL${tab}NULL${tab}NULL${tab}NULL
EOF
if diff -u "$work/expected.tsv" "$work/history.tsv"; then
    echo "query output: as expected ($(($(wc -l < "$work/history.tsv") - 1)) rows)"
else
    echo "query output differs from the expected TSV (above)" >&2; exit 1
fi

# Import the output with slareport's history reader and compare the stored events.
if [ -z "${SLAREPORT:-}" ]; then
    swift build --scratch-path .build-import >/dev/null
    SLAREPORT=$(swift build --scratch-path .build-import --show-bin-path)/slareport
fi
"$SLAREPORT" import --database "$work/check.sqlite" --source-zone America/New_York "$work/history.tsv"
"$SLAREPORT" query --database "$work/check.sqlite" --format csv "
    SELECT t.number, e.identity, e.kind, e.agent, e.team, e.department, e.status, e.value, e.previous_value, e.annulled
    FROM events e JOIN tickets t ON t.id = e.ticket_id ORDER BY t.number, e.occurred_at, e.id" | tr -d '\r' > "$work/events.csv"
cat > "$work/expected-events.csv" <<'EOF'
number,identity,kind,agent,team,department,status,value,previous_value,annulled
482913,event:101,created,,Level I Support,Support,,,,0
482913,entry:201,message,,Level I Support,Support,,,,0
482913,event:102/sla,sla_changed,,Level I Support,Support,,Severity A,,0
482913,event:103/priority,priority_changed,,Level I Support,Support,,Emergency,Normal,0
482913,event:104,assigned,,Online Banking,Support,,,,0
482913,event:105,claimed,Agent One,Online Banking,Support,,,,0
482913,entry:202,response,Agent One,Online Banking,Support,,,,0
482913,entry:203,note,Agent One,Online Banking,Support,,,,0
482913,event:106,overdue,Agent One,Online Banking,Support,,,,0
482913,event:107,resolved,Agent One,Online Banking,Support,Resolved,,,1
482913,event:108,reopened,Agent One,Online Banking,Support,,,,0
482913,entry:204,message,Agent One,Online Banking,Support,,,,0
482913,event:109,transferred,Agent One,Online Banking,Sales,,,,0
482913,event:110,closed,Agent One,Online Banking,Sales,Closed,,,0
711980,event:111,created,,Level I Support,Support,,,,0
711980,entry:206,message,,Level I Support,Support,,,,0
711980,entry:207,response,Agent Two,Level I Support,Support,,,,0
711980,entry:211,note,Agent Two,Level I Support,Support,,,,0
711980,event:112/status,status_changed,Agent Two,Level I Support,Support,On Hold,,,0
711980,event:113/priority,priority_changed,Agent Two,Level I Support,Support,,High,Normal,0
711980,event:115,released,,Level I Support,Support,,,,0
711980,entry:212,message,,Level I Support,Support,,,,0
711981,event:117,created,,,Support,,,,0
711981,entry:209,message,,,Support,,,,0
711981,event:118/sla,sla_changed,,,Support,,Severity A,,0
711981,event:119,assigned,Agent Two,,Support,,,,0
711981,entry:210,message,Agent Two,,Support,,,,0
EOF
if diff -u "$work/expected-events.csv" "$work/events.csv"; then
    echo "imported events: as expected ($(($(wc -l < "$work/events.csv") - 1)) events from 3 tickets)"
else
    echo "imported events differ from the expected ones (above)" >&2; exit 1
fi
