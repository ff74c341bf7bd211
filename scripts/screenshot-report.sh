#!/bin/sh
# Screenshot an HTML report with headless Chromium, to look at what the renderer produced.
#   scripts/screenshot-report.sh REPORT.html OUT.png [WIDTHxHEIGHT] [light|dark|print]
# light/dark: the page in that colour scheme (default light, 1200x2400).
# print: prints to A4 PDF (the @media print rules) and renders page 1 to OUT.png
#        (needs pdftoppm: apt-get install -y poppler-utils); the PDF is kept as OUT.pdf.
# Needs Chromium (Debian: apt-get install -y chromium).
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 REPORT.html OUT.png [WIDTHxHEIGHT] [light|dark|print]" >&2
    exit 2
fi
html=$1
png=$2
size=${3:-1200x2400}
mode=${4:-light}
[ -f "$html" ] || { echo "$0: no such file: $html" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "$0: Chromium not found; install it (apt-get install -y chromium)" >&2; exit 1; }
case $html in /*) url="file://$html" ;; *) url="file://$(pwd)/$html" ;; esac
width=${size%x*}
height=${size#*x}
extra=""
case $mode in
    dark) extra="--force-dark-mode --blink-settings=preferredColorScheme=0" ;;
    light) extra="--blink-settings=preferredColorScheme=1" ;;
    print)
        command -v pdftoppm >/dev/null || { echo "$0: pdftoppm not found (apt-get install -y poppler-utils)" >&2; exit 1; }
        pdf="${png%.png}.pdf"
        "$browser" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
            --print-to-pdf="$pdf" "$url" >/dev/null 2>&1
        [ -s "$pdf" ] || { echo "$0: Chromium wrote no PDF to $pdf" >&2; exit 1; }
        pdftoppm -png -r 96 -f 1 -l 1 -singlefile "$pdf" "${png%.png}"
        echo "$png"
        exit 0 ;;
    *) echo "$0: mode must be light, dark or print" >&2; exit 2 ;;
esac
# shellcheck disable=SC2086
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars $extra \
    --screenshot="$png" --window-size="$width,$height" "$url" >/dev/null 2>&1
[ -s "$png" ] || { echo "$0: Chromium wrote no screenshot to $png" >&2; exit 1; }
echo "$png"
