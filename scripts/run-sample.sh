#!/usr/bin/env bash
# The main job on the sample data, on a fresh machine: install the C libraries if missing,
# build, import the sample exports, recompute under the sample policy, write every week's
# report into reports/. Period and as-of follow the data (`--as-of data`), not today's date.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
for package in libxlsxwriter-dev libsqlite3-dev zlib1g-dev libssl-dev libmariadb-dev; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

swift build 2>&1 | grep -Ev '^\[[0-9]+/[0-9]+\]' || true
slareport=$(swift build --show-bin-path)/slareport
[ -x "$slareport" ] || { echo "build failed" >&2; exit 1; }

database=reports/sample.sqlite
mkdir -p reports
rm -f "$database" "$database-wal" "$database-shm"
"$slareport" import --database "$database" --source-zone America/New_York \
    sample-data/osticket/seed-tickets.csv sample-data/osticket/seed-history.tsv \
    sample-data/osticket/generated-tickets.csv sample-data/osticket/generated-history.tsv
"$slareport" recompute --database "$database" --policy sample-data/policy.yaml --as-of data
"$slareport" report --database "$database" --all-weeks --zone America/New_York --output reports
echo "reports written to reports/ (open reports/sla-report-2025-W32.html for the seed's week)"
