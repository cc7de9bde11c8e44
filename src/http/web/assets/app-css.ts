/** The one stylesheet, served from the Worker at a content-hashed URL (CSP: style-src 'self'). */
export const APP_CSS = String.raw`
:root{--bg:#f6f7f9;--fg:#17202a;--muted:#5b6675;--card:#fff;--line:#dde2e8;--accent:#0b63ce;--ok:#137333;--bad:#b3261e;--warn:#8a5a00;--focus:#9a3412;--border:#6b7785;
--s1:#0b63ce;--s2:#d2452b;--s3:#2e8540;--s4:#7b3fb5;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color-scheme:light}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);line-height:1.45;font-size:16px}
a{color:var(--accent)}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,summary:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:8px;z-index:10}
main{max-width:1100px;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:1.25rem 0 .5rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1rem;margin-bottom:1rem;min-width:0}
.grid2{display:grid;gap:1rem;grid-template-columns:1fr}@media(min-width:820px){.grid2{grid-template-columns:1fr 1fr}}
.empty{color:var(--muted);font-style:italic}.muted{color:var(--muted)}.small{font-size:.875rem}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}th{font-weight:600;color:var(--muted);font-size:.875rem}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th.split{white-space:nowrap}.scroll{overflow-x:auto}
dl.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.75rem;margin:0}dl.stats div{background:var(--bg);border-radius:8px;padding:.5rem .7rem}
dl.stats dt{color:var(--muted);font-size:.8rem}dl.stats dd{margin:0;font-size:1.15rem;font-weight:600;font-variant-numeric:tabular-nums}dl.stats dd.range{font-size:.8rem;font-weight:400;color:var(--muted)}
dl.stats dd small{display:block;font-size:.75rem;font-weight:400;color:var(--muted)}
label{display:block;font-weight:600;margin:.6rem 0 .2rem}input,select,button{font:inherit}input[type=text],input[type=email],input[type=password],input[type=number],input[type=date],select{width:100%;max-width:24rem;padding:.55rem;border:1px solid var(--border);border-radius:6px;background:#fff;min-height:44px}
button,.button{display:inline-block;background:var(--accent);color:#fff;border:0;border-radius:6px;padding:.6rem 1rem;cursor:pointer;text-decoration:none;min-height:44px}
button.secondary{background:#e4e7eb;color:var(--fg)}button.danger{background:var(--bad)}button:disabled{opacity:.5;cursor:default}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}.filters label{margin:0 0 .2rem}.filters div{min-width:9rem;flex:1}
.alert{border-radius:8px;padding:.75rem 1rem;margin:0 0 1rem;border:1px solid}.alert.error{background:#fdecea;border-color:#f3b8b3;color:#7a1c16}.alert.ok{background:#e6f4ea;border-color:#a8dab5;color:#0d4f22}.alert.warn{background:#fff6e0;border-color:#f0d48a;color:#5c4200}.compliance{display:block;font-size:.8rem;font-weight:600}.compliance-done{color:#0d4f22}.compliance-partial{color:#5c4200}.compliance-missed{color:#7a1c16}.compliance-extra{color:#1c3f7a}
.token{font-family:ui-monospace,monospace;word-break:break-all;background:#fff;padding:.5rem;border:1px dashed #888;border-radius:6px;display:block}
#jobs-banner{background:#fff8e1;border-bottom:1px solid #f0d58c}#jobs-banner[hidden]{display:none}#jobs-banner .wrap,#jobs-done .wrap{max-width:1100px;margin:0 auto;padding:.5rem 1rem}
#jobs-banner ul,#jobs-done ul{list-style:none;margin:0;padding:0}#jobs-banner li{padding:.25rem 0}#jobs-banner .problems{color:var(--bad);font-size:.875rem;margin:.2rem 0 0 1rem}
#jobs-done{background:#e6f4ea;border-bottom:1px solid #a8dab5}#jobs-done[hidden]{display:none}
.spinner{display:inline-block;width:.8em;height:.8em;border:2px solid #b58900;border-right-color:transparent;border-radius:50%;animation:spin 1s linear infinite;vertical-align:-1px;margin-right:.4rem}
@keyframes spin{to{transform:rotate(360deg)}}@media(prefers-reduced-motion:reduce){.spinner{animation:none}}
.drop{border:2px dashed var(--border);border-radius:10px;padding:1.5rem;text-align:center;background:#fff}.drop.over{border-color:var(--accent);background:#eef5ff}
.files{list-style:none;padding:0;margin:1rem 0}.files li{display:grid;grid-template-columns:1fr auto;gap:.2rem .75rem;padding:.5rem 0;border-bottom:1px solid var(--line)}
.files .name{word-break:break-all}.files progress{grid-column:1/-1;width:100%}progress{height:.9rem;accent-color:var(--accent)}#overall{width:100%}
.status-ok{color:var(--ok)}.status-bad{color:var(--bad)}.status-warn{color:var(--warn)}
#upload-message{font-weight:600;font-size:1.1rem}
figure.chart{margin:0}figure.chart svg{width:100%;height:auto;display:block;background:#fff}
svg .grid{stroke:#e6e9ed;stroke-width:1}svg text{font-size:11px;fill:#5b6675}svg .zero{stroke:#9aa5b1;stroke-dasharray:4 3}
svg .line{fill:none;stroke-width:1.6;stroke-linejoin:round}svg .series-1{stroke:var(--s1)}svg .series-2{stroke:var(--s2)}svg .series-3{stroke:var(--s3)}svg .series-4{stroke:var(--s4)}
svg .bar{fill:var(--s1)}svg .dot{fill:var(--s2)}svg .fit{stroke:var(--s1);stroke-width:1.5;fill:none}
svg .route-line{fill:none;stroke:var(--s2);stroke-width:2.5;stroke-linejoin:round;stroke-linecap:round}svg .route-start{fill:#2e8540}svg .route-end{fill:#b3261e}
figure.route svg{max-height:420px}.charts{display:grid;gap:0 1.5rem;grid-template-columns:1fr}@media(min-width:820px){.charts{grid-template-columns:1fr 1fr}}.chart-block h3{font-size:1rem;margin:.75rem 0 .25rem}
.legend{display:flex;gap:1rem;font-size:.85rem;margin-top:.25rem}.legend .key::before{content:"";display:inline-block;width:.9rem;height:.25rem;margin-right:.35rem;vertical-align:middle;background:currentColor}
.key.series-1{color:var(--s1)}.key.series-2{color:var(--s2)}.key.series-3{color:var(--s3)}.key.series-4{color:var(--s4)}
ul.zones{list-style:none;padding:0;margin:0}ul.zones li{display:grid;grid-template-columns:8.5rem 1fr 7.5rem;gap:.5rem;align-items:center;padding:.2rem 0}
.zone-bar{width:100%;height:.9rem;background:#eef0f3;border-radius:3px}.zone.z1{fill:#5f6b7a}.zone.z2{fill:#2e7d32}.zone.z3{fill:#9a6700}.zone.z4{fill:#c2410c}.zone.z5{fill:#b3261e}
.zone-time{font-variant-numeric:tabular-nums;font-size:.875rem;text-align:right}
label.radio{display:inline-block;font-weight:400;margin:.25rem 1.25rem .5rem .35rem}svg .line.dotline{stroke-width:7;stroke-linecap:round}
.by-distance{display:none}#x-distance:checked~.charts .by-distance{display:block}#x-distance:checked~.charts .by-time{display:none}
.sport{display:inline-block;min-width:2.6rem;text-align:center;font-size:.7rem;font-weight:700;letter-spacing:.03em;border-radius:999px;padding:.1rem .35rem;margin-right:.4rem;background:#e4e7eb;color:#243b53;vertical-align:middle}.sport-running{background:#dbeafe;color:#0b3d91}.sport-cycling{background:#fde2d8;color:#8a2c0d}.sport-swimming{background:#d5f5f0;color:#0b5e52}.pager{display:flex;justify-content:space-between;margin-top:1rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
.plan-calendar th,.plan-calendar td{min-width:7.5rem}.plan-calendar td.day span,.plan-calendar td.day a{display:block}.plan-calendar .date{color:var(--muted);font-size:.8rem}.plan-calendar .wtype{font-weight:600}
.plan-calendar td.rest{background:var(--bg);color:var(--muted)}.plan-calendar td.role-race{background:#e6f4ea}.plan-calendar td.role-quality1,.plan-calendar td.role-quality2{background:#fff8e1}.plan-calendar td.role-long{background:#eef5ff}
.phase{display:inline-block;font-size:.75rem;font-weight:700;border-radius:999px;padding:.05rem .5rem;background:#e4e7eb;text-transform:capitalize}.phase-base{background:#dbeafe}.phase-build{background:#fde2d8}.phase-specific{background:#fff1c2}.phase-taper{background:#d5f5f0}
ul.phases{list-style:none;padding:0;margin:0}ul.phases li{padding:.2rem 0}fieldset.days{border:1px solid var(--line);border-radius:6px;margin:.6rem 0;max-width:24rem}label.check{display:inline-block;font-weight:400;margin:.2rem 1rem .2rem 0}
.sport-multisport{background:#ede4fb;color:#4a1d96}.sport-transition{background:#f1f1f1;color:#52606d}
ol.leg-list{list-style:none;padding:0;margin:.35rem 0 0}ol.leg-list li{padding:.15rem 0}ol.leg-list li.current{font-weight:600}tr.multisport ol.leg-list{margin-left:3rem}
.records-toggle form{margin:.25rem 0}.volume-switch{display:flex;flex-wrap:wrap;gap:.25rem .75rem;margin:0 0 .5rem}.volume-switch a[aria-current]{font-weight:700;text-decoration:none;color:var(--fg,#102a43)}
@media(max-width:600px){svg text{font-size:19px}svg .line{stroke-width:2.6}ul.zones li{grid-template-columns:1fr 7rem}.zone-bar{grid-column:1/-1;grid-row:2}main{padding:.75rem}.hide-narrow{display:none}}
`;
