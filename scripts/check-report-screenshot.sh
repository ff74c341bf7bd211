#!/bin/sh
# Checks that an HTML report renders in headless Chromium, shows its charts, and shows a
# hostile ticket subject as text:
#   scripts/check-report-screenshot.sh [REPORT.html [OUT_DIR]]
# Without REPORT.html it makes one end to end: two tickets in the normalized CSV format
# (one with the subject <script>alert(1)</script>, escalated from Level 1 to Online
# Banking and late), `slareport import`, `recompute --as-of 2025-08-13T12:00:00-04:00`,
# `report --week 2025-W32`. The binary is $SLAREPORT, else `swift build --show-bin-path`.
# Checks, each a line of output; exit 1 on the first failure:
#   - the HTML holds &lt;script&gt;alert(1)&lt;/script&gt; and no "<script" at all;
#   - it has SVG charts with text alternatives (role="img" and a <desc>);
#   - Chromium's screenshot exists, is a PNG of the window's size and is not blank
#     (over 40 kB: an empty page of that size compresses to a few kB);
#   - the DOM Chromium built holds the subject as text and no <script> element.
# Needs Chromium (Debian: apt-get install -y chromium).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${2:-$(mktemp -d "${TMPDIR:-/tmp}/slareport-screenshot.XXXXXX")}
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || fail "Chromium not found; install it (apt-get install -y chromium)"

if [ -n "${1:-}" ]; then
    html=$1
else
    slareport=${SLAREPORT:-}
    if [ -z "$slareport" ]; then
        (cd "$root" && swift build >/dev/null 2>&1) || fail "swift build failed"
        slareport="$(cd "$root" && swift build --show-bin-path)/slareport"
    fi
    [ -x "$slareport" ] || fail "no slareport binary at $slareport"
    data="$out/data"
    mkdir -p "$data"
    cat > "$data/tickets.csv" <<'CSV'
number,created_at,subject,priority,department,status,sla_plan,team,agent,closed_at
900001,2025-08-04T09:00:00-04:00,<script>alert(1)</script>,High,Support,Closed,Default SLA,Online Banking,Agent One,2025-08-07T11:00:00-04:00
900002,2025-08-05T10:00:00-04:00,"Card declined, ""twice""",Normal,Support,Closed,Default SLA,Level 1 Support,Agent Two,2025-08-05T15:00:00-04:00
CSV
    cat > "$data/events.csv" <<'CSV'
ticket_number,time,kind,team,agent,status,event_id
900001,2025-08-04T09:00:00-04:00,created,Level 1 Support,Agent Two,Open,e1
900001,2025-08-04T09:30:00-04:00,response,Level 1 Support,Agent Two,Open,e2
900001,2025-08-05T16:00:00-04:00,transferred,Online Banking,Agent One,Open,e3
900001,2025-08-07T11:00:00-04:00,closed,Online Banking,Agent One,Closed,e4
900002,2025-08-05T10:00:00-04:00,created,Level 1 Support,Agent Two,Open,e5
900002,2025-08-05T10:20:00-04:00,response,Level 1 Support,Agent Two,Open,e6
900002,2025-08-05T15:00:00-04:00,closed,Level 1 Support,Agent Two,Closed,e7
CSV
    db="$out/check.sqlite"
    rm -f "$db" "$db-wal" "$db-shm"
    "$slareport" import --database "$db" --source-zone America/New_York "$data/tickets.csv" "$data/events.csv" >/dev/null \
        || fail "import failed"
    "$slareport" recompute --database "$db" --policy "$root/sample-data/policy.yaml" \
        --as-of 2025-08-13T12:00:00-04:00 >/dev/null || fail "recompute failed"
    "$slareport" report --database "$db" --week 2025-W32 --output "$out" --quiet || fail "report failed"
    html="$out/sla-report-2025-W32.html"
fi
[ -s "$html" ] || fail "no report at $html"
echo "report: $html"

grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$html" || fail "the escaped subject is not in the HTML"
if grep -qi '<script' "$html"; then fail "the HTML contains <script"; fi
echo "ok: subject escaped, no <script in the HTML"

charts=$(grep -c '<svg class="chart"[^>]*role="img"' "$html" || true)
[ "$charts" -ge 1 ] || fail "no SVG chart with role=img"
grep -q '<desc id=' "$html" || fail "charts have no <desc> text alternative"
echo "ok: $charts charts with text alternatives"

case $html in /*) url="file://$html" ;; *) url="file://$(pwd)/$html" ;; esac
png="$out/report.png"
rm -f "$png"
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --blink-settings=preferredColorScheme=1 \
    --screenshot="$png" --window-size=1200,3000 "$url" >/dev/null 2>&1 || true
[ -s "$png" ] || fail "Chromium wrote no screenshot"
signature=$(od -An -tx1 -N8 "$png" | tr -d ' \n')
[ "$signature" = "89504e470d0a1a0a" ] || fail "the screenshot is not a PNG ($signature)"
width=$(od -An -tu1 -j16 -N4 "$png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
height=$(od -An -tu1 -j20 -N4 "$png" | awk '{print $1*16777216 + $2*65536 + $3*256 + $4}')
[ "$width" -eq 1200 ] && [ "$height" -eq 3000 ] || fail "screenshot is ${width}x${height}, expected 1200x3000"
bytes=$(wc -c < "$png" | tr -d ' ')
[ "$bytes" -gt 40000 ] || fail "screenshot is only $bytes bytes: the page looks blank"
echo "ok: screenshot $png ${width}x${height}, $bytes bytes"

dom="$out/report.dom.html"
"$browser" --headless --no-sandbox --disable-gpu --dump-dom "$url" > "$dom" 2>/dev/null || true
[ -s "$dom" ] || fail "Chromium dumped no DOM"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$dom" || fail "the rendered DOM does not show the subject as text"
if grep -qi '<script' "$dom"; then fail "the rendered DOM has a <script> element"; fi
echo "ok: the rendered DOM shows the subject as text and runs no script"
echo "PASS"
