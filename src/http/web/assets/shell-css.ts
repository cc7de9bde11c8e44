/**
 * The phone-first shell, after the base stylesheet: a one-row header (inline navigation from
 * 761 px, a menu button below), touch targets of at least 44 px, the styled file picker and
 * drop zone, and tables that become lists on phones (the plan calendar as an agenda). Layout
 * only: pages keep their markup and content.
 */
export const SHELL_CSS = String.raw`
[hidden]{display:none!important}
header.top{background:#102a43;color:#fff;position:relative}header.top .bar{display:flex;align-items:center;gap:0 .75rem;max-width:1100px;margin:0 auto;padding:0 1rem;min-height:56px}
header.top a{color:#fff;text-decoration:none}header.top :focus-visible{outline-color:#f0b400}
header.top .brand{display:inline-flex;align-items:center;gap:.5rem;font-weight:700;font-size:1.15rem;margin-right:auto;min-height:44px}header.top .brand img{border-radius:6px}
nav.main ul{display:flex;gap:0 .15rem;list-style:none;margin:0;padding:0;align-items:center}
nav.main a,.linklike{display:inline-flex;align-items:center;min-height:44px;padding:0 .6rem;border-radius:6px}nav.main a:hover,.linklike:hover{background:#243b53}
nav.main a[aria-current=page]{box-shadow:inset 0 -3px 0 #f0b400}
form.inline{display:inline;margin:0}.linklike{background:none;border:0;color:inherit;font:inherit;cursor:pointer}
.narrow{display:none}
details.menu summary{list-style:none;display:inline-flex;align-items:center;gap:.6rem;min-height:44px;padding:0 .85rem;border:1px solid #9fb3c8;border-radius:6px;cursor:pointer}
details.menu summary::-webkit-details-marker{display:none}
.burger,.burger::before,.burger::after{display:block;width:18px;height:2px;background:#fff;position:relative}.burger::before,.burger::after{content:"";position:absolute;left:0}.burger::before{top:-6px}.burger::after{top:6px}
details.menu[open] nav{position:absolute;left:0;right:0;top:100%;background:#102a43;z-index:20;padding:.25rem 1rem 1rem;box-shadow:0 10px 20px rgba(0,0,0,.3)}
details.menu nav ul{flex-direction:column;align-items:stretch}details.menu nav li{border-top:1px solid #243b53}details.menu nav a,details.menu nav .linklike{display:flex;width:100%;font-size:1.05rem}
@media(max-width:760px){.wide{display:none}.narrow{display:block}}
summary{min-height:44px;padding:.6rem 0;cursor:pointer}.pager a,.pager span{display:inline-flex;align-items:center;min-height:44px}
label.radio{display:inline-flex;align-items:center;min-height:44px}input[type=radio],input[type=checkbox]{width:1.15rem;height:1.15rem;accent-color:var(--accent)}
label.check{display:inline-flex;align-items:center;gap:.35rem;min-height:44px}
.drop{display:grid;justify-items:center;gap:.5rem}.drop p{margin:0}
.file-pick{position:relative}.file-pick input[type=file]{position:absolute;width:1px;height:1px;opacity:0;overflow:hidden;clip-path:inset(50%)}
.file-pick label.button{display:inline-flex;align-items:center;justify-content:center;margin:0;min-height:48px;padding:0 1.4rem;font-weight:600}
.file-pick input:focus-visible+label{outline:3px solid var(--focus);outline-offset:2px}
.drop .chosen{color:var(--muted);font-size:.9rem}
main{overflow-wrap:anywhere}
svg .line.series-2{stroke-dasharray:7 4}svg .line.series-3{stroke-dasharray:2 3}svg .line.series-4{stroke-dasharray:9 3 2 3}svg .line.dotline{stroke-dasharray:none}
.legend .key::before{height:0;background:none;border-top:3px solid currentColor;width:1.4rem}.legend .key.series-2::before{border-top-style:dashed}.legend .key.series-3::before{border-top-style:dotted}
#jobs-done{background:#fff;border-bottom:1px solid var(--line)}#jobs-done li{padding:.35rem .6rem;margin:.25rem 0;border-radius:6px;border-left:5px solid}
.tone-ok{background:#e6f4ea;border-color:#137333;color:#0d4f22}.tone-warn{background:#fff4d6;border-color:#8a5a00;color:#5c3c00}.tone-bad{background:#fdecea;border-color:#b3261e;color:#7a1c16}.tone-info{color:var(--muted)}
.code{font-size:.78rem;font-family:ui-monospace,monospace;opacity:.85}
.outcome{display:block}.outcome .label{font-weight:700}.outcome.tone-ok,.outcome.tone-warn,.outcome.tone-bad{padding:.3rem .5rem;border-radius:6px;border-left:4px solid;background-clip:padding-box}
.files li .outcome{grid-column:1/-1;margin-top:.25rem}.files .state.sent{color:var(--muted)}img,svg{max-width:100%}
.plan-calendar td.out{background:transparent}
@media(max-width:600px){
.plan-calendar,.plan-calendar tbody,.plan-calendar tr,.plan-calendar th,.plan-calendar td{display:block;width:auto;min-width:0}.plan-calendar thead{display:none}
.plan-calendar tr{border:1px solid var(--line);border-radius:8px;margin:0 0 .75rem;overflow:hidden}.plan-calendar tr>th{background:var(--bg);color:var(--fg);border:0}
.plan-calendar td{border-bottom:1px solid var(--line);padding:.5rem .75rem}.plan-calendar td:last-child{border-bottom:0}.plan-calendar td.out{display:none}
.plan-calendar .date{font-weight:600;color:var(--fg)}.plan-calendar td a{display:inline-flex;align-items:center;min-height:44px;min-width:44px}
}
`;
