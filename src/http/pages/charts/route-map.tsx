/**
 * The route as an SVG polyline: an equirectangular projection scaled by cos(latitude) around
 * the route's middle (accurate enough for a run's few kilometres), no map tiles, nothing
 * fetched from anywhere. Each kept point's time (s from the start) and distance (display units)
 * ride along as data-t / data-d, so the chart script can put a marker where the runner was at
 * the moment under the charts' crosshair.
 */
import { downsampleLttb } from './lttb';

export function RouteMap(props: { lat: Array<number | null>; lon: Array<number | null>; t?: number[]; d?: Array<number | null> }) {
  const pts: Array<[number, number]> = [];
  const at: number[] = [];
  for (let i = 0; i < props.lat.length; i++) {
    const la = props.lat[i];
    const lo = props.lon[i];
    if (la == null || lo == null || (la === 0 && lo === 0)) continue;
    pts.push([lo, la]);
    at.push(i);
  }
  if (pts.length < 2) return <p class="empty">This session has no GPS track (an indoor or treadmill run, or GPS was off).</p>;
  const midLat = (Math.min(...pts.map((p) => p[1])) + Math.max(...pts.map((p) => p[1]))) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  // LTTB on a path would reorder nothing (x is the index), so downsample by index.
  const keptIdx = downsampleLttb(pts.map((p, i) => ({ x: i, y: p[1] })), 800).map((p) => p.x);
  const kept = keptIdx.map((i) => pts[i]!);
  const times = props.t ? keptIdx.map((i) => Math.round(props.t![at[i]!] ?? 0)).join(' ') : undefined;
  const dists = props.d && props.d.some((v) => v !== null) ? keptIdx.map((i) => { const v = props.d![at[i]!]; return v == null ? '' : +v.toFixed(3); }).join(' ') : undefined;
  const xs = kept.map((p) => p[0] * k);
  const ys = kept.map((p) => -p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const span = Math.max(maxX - minX, maxY - minY, 1e-6);
  const S = 400;
  const pad = 12;
  const scale = (S - 2 * pad) / span;
  const w = (maxX - minX) * scale + 2 * pad;
  const h = (maxY - minY) * scale + 2 * pad;
  const points = kept.map((_, i) => `${((xs[i]! - minX) * scale + pad).toFixed(1)},${((ys[i]! - minY) * scale + pad).toFixed(1)}`);
  const [sx, sy] = points[0]!.split(',');
  const [ex, ey] = points[points.length - 1]!.split(',');
  return (
    <figure class="chart route">
      <svg viewBox={`0 0 ${w.toFixed(0)} ${h.toFixed(0)}`} role="img" aria-labelledby="route-title" data-route data-t={times} data-d={dists}>
        <title id="route-title">Route (north up; start: green circle, finish: red square)</title>
        <polyline class="route-line" points={points.join(' ')} />
        <circle class="route-start" cx={sx} cy={sy} r="5" />
        <rect class="route-end" x={(Number(ex) - 5).toFixed(1)} y={(Number(ey) - 5).toFixed(1)} width="10" height="10" />
      </svg>
    </figure>
  );
}
