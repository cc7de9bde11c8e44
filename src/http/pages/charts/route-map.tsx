/**
 * The route as an SVG polyline: an equirectangular projection scaled by cos(latitude) around
 * the route's middle (accurate enough for a run's few kilometres), no map tiles, nothing
 * fetched from anywhere.
 */
import { downsampleLttb } from './lttb';

export function RouteMap(props: { lat: Array<number | null>; lon: Array<number | null> }) {
  const pts: Array<[number, number]> = [];
  for (let i = 0; i < props.lat.length; i++) {
    const la = props.lat[i];
    const lo = props.lon[i];
    if (la == null || lo == null || (la === 0 && lo === 0)) continue;
    pts.push([lo, la]);
  }
  if (pts.length < 2) return <p class="empty">This session has no GPS track (an indoor or treadmill run, or GPS was off).</p>;
  const midLat = (Math.min(...pts.map((p) => p[1])) + Math.max(...pts.map((p) => p[1]))) / 2;
  const k = Math.cos((midLat * Math.PI) / 180);
  // LTTB on a path would reorder nothing (x is the index), so downsample by index.
  const kept = downsampleLttb(pts.map((p, i) => ({ x: i, y: p[1] })), 800).map((p) => pts[p.x]!);
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
      <svg viewBox={`0 0 ${w.toFixed(0)} ${h.toFixed(0)}`} role="img" aria-labelledby="route-title">
        <title id="route-title">Route (north up; start green, finish red)</title>
        <polyline class="route-line" points={points.join(' ')} />
        <circle class="route-start" cx={sx} cy={sy} r="5" />
        <circle class="route-end" cx={ex} cy={ey} r="5" />
      </svg>
    </figure>
  );
}
