/// The report's inline stylesheet: light and dark colour schemes, and A4 print rules.
/// System fonts only (nothing is fetched).
enum HTMLStyles {
    static let lightPalette = """
    --bg:#ffffff;--fg:#1c2128;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--stripe:#fafbfc;\
    --accent:#0969da;--good:#1a7f37;--bad:#cf222e;--warn-bg:#fff8c5;--warn-fg:#5c4400;\
    --c0:#0072b2;--c1:#d55e00;--c2:#009e73;--c3:#cc79a7;--c4:#6a3d9a;--c5:#e69f00;--c6:#56b4e9;--c7:#7a7a7a;\
    --met:#4c9f70;--late:#d1495b;--other:#b8bec6;--fr:#e8a33d;\
    --a0:#f9d49a;--a1:#f3a552;--a2:#e5732d;--a3:#d2512a;--a4:#8f2a1c;
    """

    static let darkPalette = """
    --bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#30363d;--panel:#161b22;--stripe:#12161c;\
    --accent:#58a6ff;--good:#3fb950;--bad:#ff7b72;--warn-bg:#3a2f00;--warn-fg:#f2d479;\
    --c0:#58a6ff;--c1:#ff9b50;--c2:#3fd1a7;--c3:#f0a3cf;--c4:#c3a6ff;--c5:#f2c14e;--c6:#9fd8ff;--c7:#b8b8b8;\
    --met:#3fb970;--late:#ff6b7d;--other:#6e7681;--fr:#f2b84b;\
    --a0:#7d6b3a;--a1:#b27a24;--a2:#dd6a20;--a3:#f2553c;--a4:#ff9a85;
    """

    static let css = """
    :root{color-scheme:light dark;\(lightPalette)}
    @media (prefers-color-scheme:dark){:root{\(darkPalette)}}
    *{box-sizing:border-box}
    html{background:var(--bg);color:var(--fg)}
    a{color:var(--accent)}
    body{margin:0 auto;max-width:1180px;padding:28px 32px 48px;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-variant-numeric:tabular-nums}
    h1{font-size:26px;margin:2px 0 2px;line-height:1.25}
    h2{font-size:17px;margin:34px 0 12px;padding-bottom:6px;border-bottom:1px solid var(--line)}
    h3{font-size:14px;margin:18px 0 8px}
    .eyebrow{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted);font-weight:600}
    .muted{color:var(--muted);font-weight:400}
    .range{margin:0 0 14px;font-size:15px}
    .meta{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:8px 24px;margin:0;padding:12px 16px;background:var(--panel);border:1px solid var(--line);border-radius:8px}
    .meta div{min-width:0}
    .meta dt{font-size:12px;color:var(--muted)}
    .meta dd{margin:0;overflow-wrap:anywhere}
    code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
    .notice{padding:10px 14px;border-radius:8px;margin:16px 0;border:1px solid var(--line);background:var(--panel)}
    .notice.warn{background:var(--warn-bg);color:var(--warn-fg);border-color:transparent}
    .notice.empty{font-size:16px;font-weight:600;text-align:center;padding:18px}
    .tiles{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));gap:12px;margin-top:20px}
    @media (max-width:760px){.tiles{grid-template-columns:repeat(2,minmax(0,1fr))}}
    @media (max-width:640px){body{padding:16px 12px 32px}figure{overflow-x:auto}.chart{min-width:600px}}
    .tile-value.below,.pct.below,.bad{color:var(--bad)}
    .zero{color:var(--muted)}
    .note,.stats{font-size:13px;color:var(--muted);margin:8px 0}
    .stats strong{color:var(--fg)}
    .cohorts{font-size:13px;color:var(--muted);margin:12px 0 0}
    .cohorts strong{color:var(--fg)}
    nav ul{list-style:none;display:flex;flex-wrap:wrap;gap:4px 14px;padding:0;margin:16px 0 0;font-size:13px}
    .split{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:20px;align-items:start}
    @media (max-width:900px){.split{grid-template-columns:1fr}}
    .box{display:inline-block;width:12px;height:12px;border-radius:2px}
    .fill-met{fill:var(--met);background:var(--met)}.fill-late{fill:var(--late);background:var(--late)}
    .fill-other{fill:var(--other);background:var(--other)}.fill-fr{fill:var(--fr);background:var(--fr)}
    .age-0{fill:var(--a0);background:var(--a0)}.age-1{fill:var(--a1);background:var(--a1)}.age-2{fill:var(--a2);background:var(--a2)}
    .age-3{fill:var(--a3);background:var(--a3)}.age-4{fill:var(--a4);background:var(--a4)}
    .chart text.value{fill:var(--fg);font-size:11px}
    .chart text.strong{fill:var(--fg);font-weight:700}
    .chart .target,.swatch line.target{stroke:var(--bad);stroke-width:1.5;stroke-dasharray:5 4}
    .chart .flow{stroke:none;fill-opacity:.45}
    .chart .node{fill:var(--fg)}
    .chart text{font-size:11px}
    details{margin:10px 0}
    summary{cursor:pointer;color:var(--accent);font-size:13px}
    caption{text-align:left;font-weight:600;font-size:13px;padding:4px 0}
    table.compact{width:auto;min-width:50%}
    .path{overflow-wrap:anywhere;font-size:12px}
    .times td,.times th{padding:5px 5px}
    .tile{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:var(--panel)}
    .tile-label{font-size:12.5px;color:var(--muted);font-weight:600}
    .tile-value{font-size:28px;font-weight:700;line-height:1.25;margin:4px 0 2px}
    .tile-sub,.change{font-size:12.5px;color:var(--muted)}
    .change.good,.delta.good{color:var(--good)}
    .change.bad,.delta.bad{color:var(--bad)}
    .table-wrap{overflow-x:auto}
    table{border-collapse:collapse;width:100%;font-size:13px}
    th,td{padding:6px 7px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
    thead th{font-size:12px;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);vertical-align:bottom}
    thead th.group{text-align:center;border-bottom:1px solid var(--line);vertical-align:bottom}
    th.num,td.num{text-align:right;white-space:nowrap}
    tbody tr:nth-child(even){background:var(--stripe)}
    tbody th,tfoot th{white-space:nowrap}
    tbody th{white-space:normal;min-width:8em;max-width:22em;overflow-wrap:anywhere}
    tfoot th,tfoot td{font-weight:700;border-top:2px solid var(--line);border-bottom:none}
    .delta{display:block;font-size:11.5px;font-weight:400;color:var(--muted)}
    .subject{min-width:200px;max-width:380px;overflow-wrap:anywhere}
    .nowrap{white-space:nowrap}
    tbody th.wraps{white-space:normal}
    figure{margin:0}
    .chart{width:100%;height:auto;display:block}
    .chart text{font-size:11px;fill:var(--muted)}
    .chart .grid{stroke:var(--line);stroke-width:1}
    .chart .axis{stroke:var(--muted);stroke-width:1}
    .chart .line{fill:none;stroke-width:2.2;stroke-linejoin:round;stroke-linecap:round}
    .chart .dot{stroke:var(--bg);stroke-width:1.5}
    .series-0{stroke:var(--c0);fill:var(--c0)}.series-1{stroke:var(--c1);fill:var(--c1)}
    .series-2{stroke:var(--c2);fill:var(--c2)}.series-3{stroke:var(--c3);fill:var(--c3)}
    .series-4{stroke:var(--c4);fill:var(--c4)}.series-5{stroke:var(--c5);fill:var(--c5)}
    .series-6{stroke:var(--c6);fill:var(--c6)}.series-7{stroke:var(--c7);fill:var(--c7)}
    .series-total{stroke:var(--fg);fill:var(--fg)}
    .chart .line.series-total,.swatch line.series-total{stroke-width:3;stroke-dasharray:7 4}
    .chart .line.dash-1,.swatch line.dash-1{stroke-dasharray:2 4}
    .chart .line.dash-2,.swatch line.dash-2{stroke-dasharray:9 3 2 3}
    .legend{list-style:none;display:flex;flex-wrap:wrap;gap:6px 18px;padding:0;margin:10px 0 0;font-size:13px}
    .legend li{display:flex;align-items:center;gap:6px}
    .swatch{width:28px;height:10px;flex:none}
    .swatch line{stroke-width:3}
    .trend-table th,.trend-table td{padding:4px 6px;font-size:12px}
    dl.definitions{display:grid;grid-template-columns:minmax(120px,max-content) 1fr;gap:8px 20px;margin:0}
    dl.definitions dt{font-weight:600}
    dl.definitions dd{margin:0}
    footer{margin-top:36px;font-size:12px;color:var(--muted);border-top:1px solid var(--line);padding-top:10px}
    .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
    @page{size:A4;margin:14mm 12mm}
    @media print{
    :root{\(lightPalette)}
    nav,details{display:none}
    .tiles{grid-template-columns:repeat(4,1fr)}
    .split{grid-template-columns:1fr 1fr}
    section{break-inside:auto}
    h2,h3{break-after:avoid}
    .chart{max-height:150mm}
    html,body{background:#fff;color:#000}
    body{max-width:none;padding:0;font-size:9pt}
    h1{font-size:17pt}h2{font-size:12pt;margin-top:16pt;break-after:avoid}
    .tiles{gap:6px}
    .tile{padding:6px 8px}.tile-value{font-size:15pt}
    table{font-size:8pt}th,td{padding:3px 4px}
    tr,.tile,figure,.meta,.notice,.trend-table{break-inside:avoid}
    thead{display:table-header-group}
    tfoot{display:table-row-group}
    .table-wrap{overflow:visible}
    .subject{min-width:0;max-width:none}
    .path{font-size:inherit}
    *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
    }
    """
}
