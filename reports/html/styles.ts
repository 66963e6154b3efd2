// Inline stylesheet: system fonts only (no network), light and dark via prefers-color-scheme,
// single column that reflows on phones.
export const STYLES = `
:root{color-scheme:light dark;--bg:#fff;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--card:#f6f8fa;--track:#e6eaef;
--pass:#1a7f37;--fail:#cf222e;--warn:#9a6700;--error:#8250df;--regressed:#bc4c00;--skipped:#6e7781;--improved:#0969da;--same:#6e7781;--inconclusive:#6e7781;
--band:rgba(110,119,129,.18);--band2:rgba(110,119,129,.07);--s0:#4e79a7;--s1:#e8741a;--s2:#c8414b;--s3:#3b9c95;--s4:#4f9a45;--s5:#b8961a;--s6:#9c5f90;--s7:#e27585}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9198a1;--line:#3d444d;--card:#151b23;--track:#262c36;
--pass:#3fb950;--fail:#f85149;--warn:#d29922;--error:#a371f7;--regressed:#f0883e;--skipped:#9198a1;--improved:#58a6ff;--same:#9198a1;--inconclusive:#9198a1;
--band:rgba(145,152,161,.22);--band2:rgba(145,152,161,.09);--s0:#79a6dc;--s1:#f5a35c;--s2:#ff7b72;--s3:#76d7c4;--s4:#7ee07b;--s5:#e3c75a;--s6:#d2a8ff;--s7:#ffa6c1}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
main{max-width:1100px;margin:0 auto;padding:16px}
h1,h2,h3{line-height:1.25;margin:1.2em 0 .5em}h2{font-size:1.3em;border-bottom:1px solid var(--line);padding-bottom:.3em}h3{font-size:1.05em}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
pre{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px;overflow-x:auto;overflow-wrap:normal;max-width:100%}
.muted{color:var(--muted)}.nw{white-space:nowrap}
.banner{border-radius:10px;padding:18px 20px;color:#fff;margin-bottom:16px}
.banner.pass{background:var(--pass)}.banner.fail{background:var(--fail)}.banner.error{background:var(--error)}
@media (prefers-color-scheme:dark){.banner{color:#0d1117}}
.banner .status{font-size:2.4em;font-weight:800;letter-spacing:.04em;margin:0}
.banner .sub{margin:.2em 0 .6em;font-size:1.02em}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
.counts li{background:rgba(255,255,255,.18);border:1px solid rgba(255,255,255,.35);border-radius:999px;padding:1px 10px;font-size:.9em}
@media (prefers-color-scheme:dark){.counts li{background:rgba(0,0,0,.14);border-color:rgba(0,0,0,.3)}}
.counts li.zero{opacity:.65}
.note{border-left:4px solid var(--warn);background:var(--card);padding:8px 12px;border-radius:4px;margin:10px 0}
.note.err{border-color:var(--error)}
table{border-collapse:collapse;width:100%;font-size:.92em}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{color:var(--muted);font-weight:600}
.pill{display:inline-block;border-radius:4px;padding:0 6px;font-size:.78em;font-weight:700;letter-spacing:.03em;color:var(--bg);white-space:nowrap}
.o-pass{--c:var(--pass)}.o-fail{--c:var(--fail)}.o-warn{--c:var(--warn)}.o-error{--c:var(--error)}.o-regressed{--c:var(--regressed)}.o-skipped{--c:var(--skipped)}
.c-regressed{--c:var(--regressed)}.c-improved{--c:var(--improved)}.c-same{--c:var(--same)}.c-inconclusive{--c:var(--inconclusive)}
.pill{background:var(--c)}
section.check{border:1px solid var(--line);border-radius:10px;padding:4px 16px 14px;margin:18px 0}
section.check>h2{border:0;display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.chart{margin:0}.chart svg{width:100%;height:auto;display:block}.chart svg.narrow{display:none}
.grid{stroke:var(--line);stroke-width:1}.tick{fill:var(--muted);font-size:12px}.axis{fill:var(--muted);font-size:12px}
.line{fill:none;stroke-width:2.2;stroke-linejoin:round}.line.sparse{stroke-dasharray:5 4}
.dot{stroke:var(--bg);stroke-width:1.5}
.limit{stroke-width:3;stroke-dasharray:4 3}
.s0{stroke:var(--s0);fill:var(--s0);background:var(--s0)}.s1{stroke:var(--s1);fill:var(--s1);background:var(--s1)}.s2{stroke:var(--s2);fill:var(--s2);background:var(--s2)}.s3{stroke:var(--s3);fill:var(--s3);background:var(--s3)}
.s4{stroke:var(--s4);fill:var(--s4);background:var(--s4)}.s5{stroke:var(--s5);fill:var(--s5);background:var(--s5)}.s6{stroke:var(--s6);fill:var(--s6);background:var(--s6)}.s7{stroke:var(--s7);fill:var(--s7);background:var(--s7)}
path.line{fill:none}
.legend{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:.9em}
.swatch{display:inline-block;width:14px;height:4px;border-radius:2px;vertical-align:middle;margin-right:6px}
.swatch.limitkey{background:repeating-linear-gradient(90deg,var(--fg) 0 4px,transparent 4px 7px)}
.bullets{list-style:none;padding:0;margin:8px 0}
.brow,.crow{display:grid;grid-template-columns:minmax(0,2.2fr) minmax(0,1.6fr) minmax(0,3fr);gap:4px 12px;align-items:center;padding:6px 0;border-bottom:1px solid var(--line)}
.bmsg{grid-column:2 / 4}
.blabel .subject{font-weight:600}.blabel .metric{color:var(--muted)}
svg.bullet,svg.interval{width:100%;display:block;overflow:visible}
.track{fill:var(--track)}.bar{fill:var(--c)}
.limitmark{stroke:var(--fg);stroke-width:2.5}.basetick{stroke:var(--muted);stroke-width:2;stroke-dasharray:2 2}
.sample{fill:var(--fg);opacity:.6}
.band{fill:var(--band)}.zero{stroke:var(--muted);stroke-width:1}
.ci{stroke:var(--c);stroke-width:3}.delta{fill:var(--c);stroke:var(--bg);stroke-width:1.5}
.caxis{display:flex;justify-content:space-between;font-size:.82em;margin-left:calc((100% - 24px) * 3.8 / 6.8 + 24px)}
.key{font-size:.82em}.key span{display:inline-block;vertical-align:middle;margin:0 4px 0 10px}
.keybar{width:16px;height:8px;background:var(--pass)}.keylimit{width:2px;height:14px;background:var(--fg)}
.keybase{width:0;height:12px;border-left:2px dashed var(--muted)}.keydot{width:6px;height:6px;border-radius:50%;background:var(--fg);opacity:.55}
dl.kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 14px;margin:6px 0}
dl.kv dt{color:var(--muted)}dl.kv dd{margin:0}
ul.files{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:2px 14px;margin:6px 0;padding-left:18px}ul.files li{overflow-wrap:anywhere}
table.files{width:auto;margin:6px 0}table.files td,table.files th{padding:3px 18px 3px 0;text-align:left}
.twocol{display:grid;grid-template-columns:1fr 1fr;gap:0 24px}
footer{color:var(--muted);font-size:.85em;margin:24px 0 8px}
@media (max-width:720px){
 main{padding:10px}
 .banner .status{font-size:1.9em}
 .brow,.crow{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
 .blabel,.brow>svg,.crow>svg,.bmsg,.bvalue{grid-column:1 / 3}
 .caxis{margin-left:0}
 .chart svg.wide{display:none}.chart svg.narrow{display:block}
 .twocol{grid-template-columns:1fr}
 table.attention thead{display:none}
 table.attention tr{display:block;border-bottom:1px solid var(--line);padding:6px 0}
 table.attention td{display:inline-block;border:0;padding:0 12px 2px 0}
 table.attention td.empty{display:none}
 section.check{padding:2px 10px 10px}
}
@media (max-width:640px){dl.kv{grid-template-columns:minmax(0,1fr);gap:0}dl.kv dd{margin:0 0 6px;overflow-wrap:anywhere}}
.note.bound{border-color:var(--skipped)}.note.bound p{margin:0}.note.bound ul{margin:4px 0 0;padding-left:20px}
.brow.bound .bmsg{color:var(--muted)}
.stageband.even{fill:var(--band)}.stageband.odd{fill:var(--band2)}.stageedge{stroke:var(--muted);stroke-width:1;stroke-dasharray:2 3}
.stagename{fill:var(--fg);font-size:12px;font-weight:600}
.tl-line{fill:none;stroke-width:1.8;stroke-linejoin:round;stroke-linecap:round}.tl-rps{stroke:var(--s0)}.tl-area{fill:var(--s0);opacity:.14}
.tl-p50{stroke:var(--s3)}.tl-p95{stroke:var(--s1)}.tl-p99{stroke:var(--s6)}.tl-err{fill:var(--fail)}
.tl-offered{fill:none;stroke:var(--fg);stroke-width:1.4;stroke-dasharray:6 4;opacity:.75}
.tl-hit{fill:transparent}.tl-hit:hover{fill:var(--band2)}
.swatch.tl-rps{background:var(--s0)}.swatch.tl-p50{background:var(--s3)}.swatch.tl-p95{background:var(--s1)}.swatch.tl-p99{background:var(--s6)}.swatch.tl-err{background:var(--fail)}
.swatch.offeredkey{background:repeating-linear-gradient(90deg,var(--fg) 0 5px,transparent 5px 8px)}
.stagekey{display:inline-block;width:14px;height:10px;border:1px solid var(--line);vertical-align:middle;margin-right:6px}.stagekey.even{background:var(--band)}.stagekey.odd{background:var(--band2)}
details.timeline{margin:10px 0 16px}details.timeline>summary{cursor:pointer;padding:2px 0}.tl-subject{font-weight:600}
.stages{list-style:none;padding:0;margin:6px 0 0;display:flex;flex-wrap:wrap;gap:2px 18px;font-size:.88em}
.tl-bound{margin:0 0 6px;font-size:.9em}details.timeline>summary .pill{vertical-align:1px}
details.other > summary { cursor: pointer; list-style-position: inside; }
details.other > summary > h3 { display: inline; }
`;
