/**
 * Chart styles beyond the basics in app-css: lap bands, the crosshair and its readout, the route
 * marker, the smoothing toggle. Chart text takes --chart-font, which charts.js sets per chart so
 * every chart's text is the same CSS size; the fallbacks keep charts readable without script.
 */
export const CHARTS_CSS = String.raw`
figure.chart{position:relative}figure.chart svg text{font-size:var(--chart-font,11px)}
figure.chart svg[data-x]{touch-action:pan-y;cursor:crosshair}figure.chart svg[data-x]:focus{outline:none}figure.chart svg[data-x]:focus-visible{outline:3px solid #9a3412;outline-offset:2px}
svg .band rect{fill:#eef3fa}svg .band.odd rect{fill:#dde7f4}svg .band.rest rect{fill:#f6f7f9}svg .band-label{fill:#3e4c59}
svg .xhair{stroke:#1f2933;stroke-width:1;vector-effect:non-scaling-stroke;stroke-dasharray:3 3}
svg .xdot{fill:#fff;stroke-width:2;vector-effect:non-scaling-stroke}svg .xdot.series-1{stroke:var(--s1)}svg .xdot.series-2{stroke:var(--s2)}svg .xdot.series-3{stroke:var(--s3)}svg .xdot.series-4{stroke:var(--s4)}
svg .route-marker{fill:#fff;stroke:#1f2933;stroke-width:3;vector-effect:non-scaling-stroke}
.readout{position:absolute;top:0;right:0;max-width:100%;font-size:12px;line-height:1.3;background:rgba(255,255,255,.94);border:1px solid #d3d9e0;border-radius:4px;padding:1px 6px;color:#1f2933;pointer-events:none;font-variant-numeric:tabular-nums}
label.smooth-toggle{display:flex;width:max-content;align-items:center;gap:.4rem;font-weight:400;margin:.25rem 0 .5rem;min-height:44px}label.smooth-toggle[hidden]{display:none}
.lap-note{margin:.25rem 0}.scroll th[scope=col]{white-space:nowrap}
.charts-layout{display:grid;gap:0 1.5rem}.route-side h3{font-size:1rem;margin:.75rem 0 .25rem}
@media(min-width:1100px){.charts-layout{grid-template-columns:minmax(0,1fr) 340px}.charts-layout .charts{grid-template-columns:1fr}.route-side{position:sticky;top:1rem;align-self:start}}
@media(max-width:600px){figure.chart svg{--chart-font:19px}label.radio{margin-right:.5rem}}
`;
