#!/usr/bin/env bash
# Checks slareport against a real osTicket 1.18.1, not a mock: installs osTicket from
# ../shared/vendor/osticket-1.18.1.tar.gz (unpacked into a temporary folder, never into the
# project) on a private MariaDB, configures it (scripts/osticket/configure.php), drives a scripted
# scenario through osTicket's own classes and cron under one controlled clock
# (scripts/osticket/scenario*.php), pulls tickets and history the ways a desk can (osTicket's own
# queue CSV export code with the history SQL, both SQL files under `mysql --batch`, and
# `slareport import --osticket mysql://...`), imports and recomputes under
# scripts/osticket/policy.yaml, and compares with osTicket's own tables
# (scripts/osticket/compare.py); then runs a second week and pulls again (the direct reader
# incrementally) and compares again.
#
#   bash scripts/check-against-osticket.sh [--quick] [--enforce-all] [--keep]
#
#   --quick        CI's variant: the scenario without its twenty everyday tickets
#   --enforce-all  treat the accepted disagreements listed in compare.py (EXPECTED, now empty) as failures too
#   --keep         keep the temporary folder (database files, exports, slareport database)
#
# Needs php8.2-cli php8.2-mysql php8.2-mbstring php8.2-xml php8.2-intl php8.2-gd php-apcu
# mariadb-server faketime. Exit code 0 when every enforced check agrees; 1 on a disagreement;
# 3 when a required program is missing (the reason is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
quick=""; enforce=""; keep=""
for arg in "$@"; do
    case "$arg" in
        --quick) quick=--quick ;;
        --enforce-all) enforce=--enforce-all ;;
        --keep) keep=1 ;;
        *) echo "unknown option $arg" >&2; exit 2 ;;
    esac
done
started=$(date +%s)

# osTicket's source: beside the project (../shared, as in a worktree checkout) unless given.
tarball=${OSTICKET_TARBALL:-}
if [ -z "$tarball" ]; then
    for candidate in "$root/../shared/vendor" "$root/../../shared/vendor" /work/shared/vendor; do
        [ -f "$candidate/osticket-1.18.1.tar.gz" ] && { tarball="$candidate/osticket-1.18.1.tar.gz"; break; }
    done
    tarball=${tarball:-$root/../shared/vendor/osticket-1.18.1.tar.gz}
fi
server=$(command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null || true)
install_db=$(command -v mariadb-install-db || true)
faketime_lib=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -1 || true)
missing=()
[ -f "$tarball" ] || missing+=("osTicket tarball ($tarball)")
command -v php >/dev/null || missing+=(php8.2-cli)
[ -n "$server" ] && [ -n "$install_db" ] && command -v mysql >/dev/null || missing+=(mariadb-server)
[ -n "$faketime_lib" ] || missing+=(faketime)
command -v python3 >/dev/null || missing+=(python3)
if command -v php >/dev/null; then
    modules=$(php -m)
    for ext in mysqli mbstring xml intl gd apcu; do
        grep -qix "$ext" <<<"$modules" || missing+=("php extension $ext")
    done
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "check-against-osticket: skipped, missing: ${missing[*]}" >&2
    exit 3
fi

work=$(mktemp -d /tmp/slareport-osticket.XXXXXX)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid"
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ -n "$keep" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap "exit 130" INT TERM   # so the EXIT trap stops the server on Ctrl-C too
step() { printf '[%3ds] %s\n' $(( $(date +%s) - started )) "$*"; }

# One clock for PHP and the server, starting at the scenario's first instant (lib.php says how):
# PHP's libfaketime reads $FAKETIME_TIMESTAMP_FILE (frozen), mariadbd's reads $SERVER_CLOCK_FILE
# (an offset from the real clock; it keeps ticking, which the server needs). Only the real-time
# clock is faked for the server: its timed waits keep the monotonic one.
start_utc="2025-07-28 11:00:00"     # 07:00 at the desk, before the scenario's first step
export FAKETIME_TIMESTAMP_FILE="$work/clock" SERVER_CLOCK_FILE="$work/server-clock" FAKETIME_NO_CACHE=1
echo "$start_utc" > "$FAKETIME_TIMESTAMP_FILE"
echo "$(( $(date -u -d "$start_utc" +%s) - $(date +%s) ))s" > "$SERVER_CLOCK_FILE"

# The private MariaDB: a socket in the temporary folder, no network. Its zone is the desk's, so
# osTicket's DATETIMEs are New York wall clock (osTicket reads the server's system zone). Durability
# is off: the database lives for one run.
step "starting a private MariaDB"
user_flag=()
[ "$(id -u)" -eq 0 ] && user_flag=(--user=root)
"$install_db" --no-defaults --datadir="$work/data" "${user_flag[@]}" --auth-root-authentication-method=normal \
    --skip-test-db >"$work/install-db.log" 2>&1 || { cat "$work/install-db.log" >&2; exit 1; }
TZ=America/New_York LD_PRELOAD="$faketime_lib" FAKETIME_TIMESTAMP_FILE="$SERVER_CLOCK_FILE" DONT_FAKE_MONOTONIC=1 \
    "$server" --no-defaults --datadir="$work/data" --socket="$work/mysql.sock" --skip-networking \
    --pid-file="$work/mysqld.pid" --log-error="$work/server.log" "${user_flag[@]}" \
    --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-flush-method=nosync 2>"$work/server.stderr" &
server_pid=$!
for _ in $(seq 1 150); do
    [ -S "$work/mysql.sock" ] && mysql --no-defaults --socket="$work/mysql.sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break
    sleep 0.2
done
[ -S "$work/mysql.sock" ] || { echo "MariaDB did not start:" >&2; cat "$work/server.log" "$work/server.stderr" >&2; exit 1; }
sql() { mysql --no-defaults --socket="$work/mysql.sock" -uroot "$@"; }
# The installer needs an existing database (PHP 8.2's mysqli throws on an unknown one) and a
# password-protected account.
sql -e "CREATE DATABASE osticket; CREATE USER osticket@localhost IDENTIFIED BY 'osticket';
        GRANT ALL ON osticket.* TO osticket@localhost;"

step "unpacking $(basename "$tarball") and running osTicket's installer"
tar xzf "$tarball" -C "$work"
export OST_ROOT="$work/osTicket-1.18.1"
php=(php -d apc.enable_cli=1 -d sendmail_path=/bin/true -d memory_limit=512M)
fphp() { TZ=UTC LD_PRELOAD="$faketime_lib" "${php[@]}" "$@"; }
fphp scripts/osticket/install.php "$OST_ROOT" "$work/mysql.sock" osticket osticket osticket
step "configuring plans, schedules, agents and teams"
fphp scripts/osticket/configure.php
step "driving the scenario"
mkdir -p "$work/out"
fphp scripts/osticket/scenario.php "$work/out" $quick

step "pulling the data"
fphp scripts/osticket/export-queue.php "$work/out/tickets.csv"
sql --batch -e "$(cat sample-data/osticket/export-history.sql)" osticket > "$work/out/history.tsv"
sources=("$work/out/tickets.csv" "$work/out/history.tsv")
if [ -f sample-data/osticket/export-tickets.sql ]; then
    sql --batch -e "$(cat sample-data/osticket/export-tickets.sql)" osticket > "$work/out/tickets.tsv"
fi

# The project's slareport (built now, so it is never stale), unless SLAREPORT names one.
if [ -z "${SLAREPORT:-}" ]; then
    step "building slareport"
    swift build >/dev/null
    SLAREPORT="$(swift build --show-bin-path)/slareport"
fi
end=$(sed -n "s/^\$END = '\(.*\)';.*/\1/p" scripts/osticket/scenario-tickets.php)
as_of=$(TZ=America/New_York date -d "$end" +%Y-%m-%dT%H:%M:%S%:z)
policy=scripts/osticket/policy.yaml

# Each pull path into its own slareport database, each compared with osTicket.
pulls=("queue-csv")
[ -f "$work/out/tickets.tsv" ] && pulls+=("tickets-sql")
import_help=$("$SLAREPORT" import --help 2>&1 || true)
direct=""; grep -q -- '--osticket' <<<"$import_help" && { direct=1; pulls+=("direct"); }
status=0
# pull_and_compare NAME AS_OF: imports through one path, recomputes, compares.
pull_and_compare() {
    local pull=$1 as_of=$2 db="$work/${1%-incremental}.sqlite"
    step "import ($pull) and recompute as of $as_of"
    case "$pull" in
        queue-csv)   "$SLAREPORT" import --database "$db" --source-zone America/New_York "${sources[@]}" ;;
        tickets-sql) "$SLAREPORT" import --database "$db" --source-zone America/New_York "$work/out/tickets.tsv" "$work/out/history.tsv" ;;
        # No --source-zone: the server's system zone (TZ=America/New_York) is named EST/EDT, and the
        # reader finds the IANA zone from the offsets the server reports.
        direct*)     SLAREPORT_DB_PASSWORD=osticket "$SLAREPORT" import --database "$db" \
                         --osticket "mysql://osticket@localhost/osticket?socket=$work/mysql.sock" ;;
    esac
    "$SLAREPORT" recompute --database "$db" --policy "$policy" --as-of "$as_of"
    step "comparing ($pull) with osTicket's tables"
    python3 scripts/osticket/compare.py --slareport "$SLAREPORT" --database "$db" \
        --mysql-socket "$work/mysql.sock" --out "$work/out" --pull "$pull" $enforce || status=1
}
for pull in "${pulls[@]}"; do pull_and_compare "$pull" "$as_of"; done

# A week later: the scenario's phase 2, then the direct reader's incremental pull into the same
# database (only what changed since its watermark) and the SQL files' full pull, compared again.
end2=$(sed -n "s/^\$END2 = '\(.*\)';.*/\1/p" scripts/osticket/scenario-tickets.php)
as_of2=$(TZ=America/New_York date -d "$end2" +%Y-%m-%dT%H:%M:%S%:z)
step "driving the scenario's second week"
fphp scripts/osticket/scenario.php "$work/out" $quick --phase 2
sql --batch -e "$(cat sample-data/osticket/export-history.sql)" osticket > "$work/out/history.tsv"
rm -f "$work/tickets-sql.sqlite"*
sql --batch -e "$(cat sample-data/osticket/export-tickets.sql)" osticket > "$work/out/tickets.tsv"
pull_and_compare tickets-sql "$as_of2"
[ -n "$direct" ] && pull_and_compare direct-incremental "$as_of2"
step "done"
exit $status
