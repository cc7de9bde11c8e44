/**
 * The chart script (/assets/charts.<hash>.js), on every page with charts; every chart reads
 * without it. From the data-* attributes LineChart and RouteMap write (scales, plot box, the
 * route's per-point time and distance) and the points already in each path's `d`, it adds:
 * - one text size: chart text is 12 CSS px whatever the chart's width (SVG text otherwise
 *   scales with the viewBox: 8 px on a phone, 20 px on a wide screen); lap numbers that do not
 *   fit their band are hidden;
 * - a crosshair on hover, touch-drag or arrow keys, synced across the charts of one
 *   [data-chart-sync] region with the same x axis, with a readout per chart and a marker on
 *   the route at the hovered time or distance;
 * - light smoothing (a 5-point centred moving average of the drawn points) with a toggle
 *   remembered in localStorage.
 * No polling, no inline script or style attribute (CSSOM only), so the strict CSP holds.
 */
export const CHART_FONT_PX = 12;

export const CHARTS_JS = String.raw`(() => {
'use strict';
const FONT_PX = ${CHART_FONT_PX};
const NS = 'http://www.w3.org/2000/svg';
const lang = document.documentElement.lang || 'en-GB';
const nums = (s) => (s || '').split(' ').map((v) => (v === '' ? NaN : Number(v)));
const bound = new WeakSet();
const models = new Map();

function pad2(n) { return String(n).padStart(2, '0'); }
function format(spec, v) {
  const at = (spec || 'n1').indexOf(' ');
  const kind = at < 0 ? (spec || 'n1') : spec.slice(0, at);
  const suffix = at < 0 ? '' : spec.slice(at);
  let text;
  if (kind === 'dur') {
    const s = Math.max(0, Math.round(v));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    text = (h ? h + ':' + pad2(m) : String(m)) + ':' + pad2(s % 60);
  } else if (kind === 'int') text = String(Math.round(v));
  else if (kind === 'n2') text = v.toFixed(2);
  else if (kind === 'date') text = new Date(v).toLocaleDateString(lang, { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
  else text = v.toFixed(1);
  return text + suffix;
}

/** "M1 2L3 4…" → segments of [x, y] in user units. */
function parsePath(d) {
  const segments = [];
  const re = /([ML])(-?[\d.]+)[ ,](-?[\d.]+)/g;
  let m;
  while ((m = re.exec(d))) {
    if (m[1] === 'M' || segments.length === 0) segments.push([]);
    segments[segments.length - 1].push([Number(m[2]), Number(m[3])]);
  }
  return segments;
}
function toPath(segments) {
  let d = '';
  for (const seg of segments) seg.forEach((p, i) => { d += (i ? 'L' : 'M') + p[0].toFixed(1) + ' ' + p[1].toFixed(1); });
  return d;
}
/** Light smoothing: each drawn point's y becomes the mean of itself and two neighbours each side, within its segment. */
function smooth(segments) {
  return segments.map((seg) => seg.map((p, i) => {
    let sum = 0, n = 0;
    for (let k = Math.max(0, i - 2); k <= Math.min(seg.length - 1, i + 2); k++) { sum += seg[k][1]; n++; }
    return [p[0], sum / n];
  }));
}

function smoothingOn() {
  try { return localStorage.getItem('pacelab-smooth') !== 'off'; } catch { return true; }
}

function modelOf(svg) {
  const [x0, x1] = nums(svg.dataset.x);
  const [y0, y1] = nums(svg.dataset.y);
  const [L, R, T, B] = nums(svg.dataset.plot);
  const lines = Array.from(svg.querySelectorAll('path.line')).map((path) => {
    const raw = parsePath(path.getAttribute('d') || '');
    return { path, raw, soft: svg.dataset.smooth ? smooth(raw) : raw, name: path.dataset.name || '' };
  });
  const figure = svg.closest('figure');
  const readout = document.createElement('div');
  readout.className = 'readout';
  readout.hidden = true;
  figure.appendChild(readout);
  const layer = document.createElementNS(NS, 'g');
  layer.setAttribute('class', 'xhair-layer');
  layer.setAttribute('aria-hidden', 'true');
  svg.appendChild(layer);
  return { svg, x0, x1, y0, y1, L, R, T, B, inv: svg.dataset.inv === '1', readX: svg.dataset.readX, readY: svg.dataset.readY, lines, readout, layer };
}

function applySmoothing(m) {
  const on = smoothingOn();
  for (const line of m.lines) {
    if (!m.svg.dataset.smooth) continue;
    line.path.setAttribute('d', toPath(on ? line.soft : line.raw));
  }
}

function drawn(line, m) { return m.svg.dataset.smooth && smoothingOn() ? line.soft : line.raw; }
const xOfPx = (m, px) => m.x0 + ((px - m.L) / (m.R - m.L)) * (m.x1 - m.x0);
const pxOfX = (m, x) => m.L + ((x - m.x0) / (m.x1 - m.x0)) * (m.R - m.L);
const yOfPx = (m, py) => { const f = (py - m.T) / (m.B - m.T); return m.inv ? m.y0 + f * (m.y1 - m.y0) : m.y1 - f * (m.y1 - m.y0); };
/** user units per CSS px: keeps marks the same on-screen size at any width */
function unit(svg) {
  const w = svg.getBoundingClientRect().width;
  const vb = svg.viewBox.baseVal;
  return w > 0 && vb && vb.width ? vb.width / w : 1;
}
function el(name, attrs) {
  const node = document.createElementNS(NS, name);
  for (const k in attrs) node.setAttribute(k, attrs[k]);
  return node;
}

function nearest(points, px) {
  let best = null, dist = Infinity;
  for (const seg of points) for (const p of seg) { const d = Math.abs(p[0] - px); if (d < dist) { dist = d; best = p; } }
  return best;
}

function showAt(m, x) {
  m.layer.replaceChildren();
  if (!(x >= m.x0 && x <= m.x1) || m.svg.getBoundingClientRect().width === 0) { m.readout.hidden = true; return; }
  const u = unit(m.svg);
  const px = pxOfX(m, x);
  m.layer.appendChild(el('line', { class: 'xhair', x1: px, x2: px, y1: m.T, y2: m.B }));
  const parts = [];
  for (const line of m.lines) {
    const p = nearest(drawn(line, m), px);
    if (!p || Math.abs(p[0] - px) > (m.R - m.L) / 40) continue;
    m.layer.appendChild(el('circle', { class: 'xdot ' + (line.path.getAttribute('class') || ''), cx: p[0], cy: p[1], r: (4 * u).toFixed(2) }));
    parts.push((line.name ? line.name + ' ' : '') + format(m.readY, yOfPx(m, p[1])));
  }
  m.readout.textContent = format(m.readX, x) + (parts.length ? ' · ' + parts.join(' · ') : ' · no data');
  m.readout.hidden = false;
}
function hide(m) { m.layer.replaceChildren(); m.readout.hidden = true; }

function routeMarker(route, key, x) {
  let layer = route.querySelector('.route-marker');
  const values = route._values || (route._values = { t: nums(route.dataset.t), d: nums(route.dataset.d) });
  const pts = route._pts || (route._pts = (route.querySelector('polyline').getAttribute('points') || '').trim().split(' ').map((p) => p.split(',').map(Number)));
  const list = values[key];
  if (x === null || !list || list.length !== pts.length) { if (layer) layer.remove(); return; }
  let best = -1, dist = Infinity;
  for (let i = 0; i < list.length; i++) { const d = Math.abs(list[i] - x); if (d < dist) { dist = d; best = i; } }
  if (best < 0) { if (layer) layer.remove(); return; }
  if (!layer) { layer = el('circle', { class: 'route-marker', 'aria-hidden': 'true' }); route.appendChild(layer); }
  layer.setAttribute('cx', pts[best][0]); layer.setAttribute('cy', pts[best][1]); layer.setAttribute('r', (7 * unit(route)).toFixed(2));
}

function group(svg) { return svg.closest('[data-chart-sync]'); }
function peers(m) {
  const g = group(m.svg);
  if (!g) return [m];
  return Array.from(g.querySelectorAll('svg[data-x]')).map((s) => models.get(s)).filter((o) => o && o.readX === m.readX);
}
function sync(m, x) {
  for (const o of peers(m)) showAt(o, x);
  const g = group(m.svg);
  const route = g && g.querySelector('svg[data-route]');
  if (route) routeMarker(route, m.readX === 'dur' ? 't' : 'd', x);
}
function clear(m) {
  for (const o of peers(m)) hide(o);
  const g = group(m.svg);
  const route = g && g.querySelector('svg[data-route]');
  if (route) routeMarker(route, 't', null);
}

function userX(svg, e) {
  const ctm = svg.getScreenCTM();
  if (!ctm) return NaN;
  return new DOMPoint(e.clientX, e.clientY).matrixTransform(ctm.inverse()).x;
}

function bind(svg) {
  if (bound.has(svg)) return;
  bound.add(svg);
  const m = modelOf(svg);
  models.set(svg, m);
  applySmoothing(m);
  svg.setAttribute('tabindex', '0');
  let focusX = null;
  const move = (e) => { const px = userX(svg, e); if (px >= m.L && px <= m.R) { focusX = xOfPx(m, px); sync(m, focusX); } };
  svg.addEventListener('pointermove', move);
  svg.addEventListener('pointerdown', move);
  svg.addEventListener('pointerleave', (e) => { if (e.pointerType === 'mouse') clear(m); });
  svg.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Escape') return;
    e.preventDefault();
    if (e.key === 'Escape') { focusX = null; clear(m); return; }
    const step = (m.x1 - m.x0) / 50;
    focusX = Math.min(m.x1, Math.max(m.x0, (focusX === null ? m.x0 - step : focusX) + (e.key === 'ArrowRight' ? step : -step)));
    sync(m, focusX);
  });
  svg.addEventListener('blur', () => { focusX = null; clear(m); });
}

/**
 * Text 12 CSS px in every chart: the font in user units is 12 × (viewBox width / drawn width).
 * Labels that then reach past the viewBox (a "20:00" pace tick on a phone) widen the viewBox to
 * hold them, and the font is worked out again for the new width.
 */
function scaleText() {
  for (const svg of document.querySelectorAll('figure.chart svg')) {
    const w = svg.getBoundingClientRect().width;
    if (!w || !svg.viewBox.baseVal || !svg.viewBox.baseVal.width) continue;
    if (!svg.dataset.vb) svg.dataset.vb = svg.getAttribute('viewBox');
    const [vx, vy, vw, vh] = nums(svg.dataset.vb);
    svg.setAttribute('viewBox', svg.dataset.vb);
    let size = (FONT_PX * vw) / w;
    svg.style.setProperty('--chart-font', size.toFixed(2) + 'px');
    if (svg.querySelector('text')) {
      const box = svg.getBBox();
      const left = Math.min(vx, box.x - 2), right = Math.max(vx + vw, box.x + box.width + 2);
      if (left < vx || right > vx + vw) {
        svg.setAttribute('viewBox', left.toFixed(1) + ' ' + vy + ' ' + (right - left).toFixed(1) + ' ' + vh);
        size = (FONT_PX * (right - left)) / w;
        svg.style.setProperty('--chart-font', size.toFixed(2) + 'px');
      }
    }
    for (const label of svg.querySelectorAll('.band-label')) {
      const rect = label.parentNode.querySelector('rect');
      label.style.display = '';
      if (rect && label.getComputedTextLength() + size * 0.4 > Number(rect.getAttribute('width'))) label.style.display = 'none';
    }
  }
}

function init() {
  for (const svg of Array.from(models.keys())) if (!svg.isConnected) models.delete(svg);
  for (const svg of document.querySelectorAll('figure.chart svg[data-x]')) bind(svg);
  for (const toggle of document.querySelectorAll('input[data-smooth-toggle]')) {
    if (bound.has(toggle)) continue;
    bound.add(toggle);
    toggle.checked = smoothingOn();
    toggle.closest('label').hidden = false;
    toggle.addEventListener('change', () => {
      try { localStorage.setItem('pacelab-smooth', toggle.checked ? 'on' : 'off'); } catch { /* private mode: this page only */ }
      for (const m of models.values()) { applySmoothing(m); hide(m); }
    });
  }
  scaleText();
}

init();
if ('ResizeObserver' in window) {
  let queued = 0;
  const ro = new ResizeObserver(() => { cancelAnimationFrame(queued); queued = requestAnimationFrame(scaleText); });
  const observe = () => { for (const svg of document.querySelectorAll('figure.chart svg')) ro.observe(svg); };
  observe();
  document.addEventListener('pacelab:refreshed', () => { init(); observe(); });
} else {
  addEventListener('resize', scaleText);
  document.addEventListener('pacelab:refreshed', init);
}
})();
`;
