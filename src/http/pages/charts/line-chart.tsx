/**
 * A server-rendered SVG line chart: no external library, styled by the served stylesheet
 * (classes, not inline styles, so the CSP needs no 'unsafe-inline'). Gaps in the data (null y,
 * or x jumps wider than `gapX`) break the line instead of bridging it. The chart reads without
 * script; /assets/charts.<hash>.js adds the crosshair, smoothing and one text size from the
 * data-* attributes below (the scales and the plot box), reading values back from the paths, so
 * interactivity costs no extra bytes per point.
 */
import { niceTicks, quantile } from './lttb';

export interface Series {
  name: string;
  /** CSS class choosing the colour (series-1 … series-4) */
  className: string;
  points: Array<{ x: number; y: number | null }>;
}

export interface LineChartProps {
  id: string;
  title: string;
  series: Series[];
  formatX: (x: number) => string;
  formatY: (y: number) => string;
  /** draw larger values lower (pace: faster is up) */
  invertY?: boolean;
  gapX?: number;
  height?: number;
  /** a horizontal reference line (e.g. 0 for form) */
  zeroLine?: boolean;
  /** y axis from the 1st to the 99th percentile (GPS pace spikes would flatten the rest); outliers sit on the edge */
  robustY?: boolean;
  xTicks?: (min: number, max: number) => number[];
  yTicks?: (min: number, max: number) => number[];
  /** lap bands behind the lines, in x units */
  bands?: ChartBand[];
  /** how the crosshair readout prints x and y: "<kind>[ suffix]", kind dur | int | n1 | n2 | date */
  readX?: string;
  readY?: string;
  /** the chart script may smooth these lines (the runner's toggle) */
  smoothable?: boolean;
}

export interface ChartBand {
  x0: number;
  x1: number;
  /** shown inside the band's top when it fits (the lap number) */
  label: string;
  /** rest or recovery: a lighter band */
  rest?: boolean;
  /** the accessible text, e.g. "Lap 3: 4:12" */
  text: string;
}

const W = 640;
const PAD = { left: 66, right: 12, top: 10, bottom: 26 };

/** At least two ticks, and no two with the same label. */
export function distinctLabels(ticks: number[], format: (y: number) => string): boolean {
  const labels = ticks.map(format);
  return labels.length >= 2 && new Set(labels).size === labels.length;
}

export function LineChart(props: LineChartProps) {
  const H = props.height ?? 200;
  const all = props.series.flatMap((s) => s.points.filter((p) => p.y !== null)) as Array<{ x: number; y: number }>;
  if (all.length < 2) return <p class="empty">Not enough data to draw {props.title.toLowerCase()}.</p>;
  let [minX, maxX] = [Math.min(...all.map((p) => p.x)), Math.max(...all.map((p) => p.x))];
  const ys = all.map((p) => p.y);
  let [minY, maxY] = props.robustY ? [quantile(ys, 0.01), quantile(ys, 0.99)] : [Math.min(...ys), Math.max(...ys)];
  if (props.zeroLine) { minY = Math.min(minY, 0); maxY = Math.max(maxY, 0); }
  if (maxX === minX) maxX = minX + 1;
  if (maxY === minY) { maxY += 1; minY -= 1; }
  const padY = (maxY - minY) * 0.05;
  minY -= padY; maxY += padY;
  // Sane ticks: a range too small for the label format (three "0" ticks for values near zero)
  // is widened around its middle until every tick reads differently.
  const tickFn = props.yTicks ?? niceTicks;
  let yTicks = tickFn(minY, maxY);
  for (let i = 0; i < 12 && !distinctLabels(yTicks, props.formatY); i++) {
    const mid = (minY + maxY) / 2;
    const half = (maxY - minY);
    [minY, maxY] = [mid - half, mid + half];
    if (props.zeroLine && minY > 0) minY = 0;
    yTicks = tickFn(minY, maxY);
  }
  const sx = (x: number) => PAD.left + ((x - minX) / (maxX - minX)) * (W - PAD.left - PAD.right);
  const syRaw = (y: number) => (y - minY) / (maxY - minY);
  const clampY = (y: number) => Math.min(maxY, Math.max(minY, y));
  const sy = (y: number) => PAD.top + (props.invertY ? syRaw(y) : 1 - syRaw(y)) * (H - PAD.top - PAD.bottom);
  const path = (points: Series['points']) => {
    let d = '';
    let prevX: number | null = null;
    for (const p of points) {
      if (p.y === null) { prevX = null; continue; }
      const jump = prevX === null || (props.gapX !== undefined && p.x - prevX > props.gapX);
      d += `${jump ? 'M' : 'L'}${sx(p.x).toFixed(1)} ${sy(clampY(p.y)).toFixed(1)}`;
      prevX = p.x;
    }
    return d;
  };
  const titleId = `${props.id}-title`;
  const [top, bottom] = [PAD.top, H - PAD.bottom];
  const bands = (props.bands ?? []).filter((b) => b.x1 > minX && b.x0 < maxX);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} data-points={String(all.length)}
        data-x={`${minX} ${maxX}`} data-y={`${+minY.toPrecision(6)} ${+maxY.toPrecision(6)}`} data-plot={`${PAD.left} ${W - PAD.right} ${top} ${bottom}`}
        data-inv={props.invertY ? '1' : undefined} data-read-x={props.readX} data-read-y={props.readY} data-smooth={props.smoothable ? '1' : undefined}>
        <title id={titleId}>{props.title}</title>
        {bands.length > 0 ? (
          <g class="bands">{bands.map((b, k) => {
            const x0 = sx(Math.max(minX, b.x0));
            const x1 = sx(Math.min(maxX, b.x1));
            return (
              <g class={`band ${b.rest ? 'rest' : k % 2 === 0 ? 'even' : 'odd'}`}>
                <rect x={x0.toFixed(1)} y={top} width={Math.max(0.5, x1 - x0).toFixed(1)} height={bottom - top}><title>{b.text}</title></rect>
                <text class="band-label" x={((x0 + x1) / 2).toFixed(1)} y={top + 2} text-anchor="middle" dominant-baseline="hanging">{b.label}</text>
              </g>
            );
          })}</g>
        ) : null}
        {yTicks.map((t) => (
          <g class="tick">
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} class="grid" />
            <text x={PAD.left - 6} y={sy(t)} text-anchor="end" dominant-baseline="middle">{props.formatY(t)}</text>
          </g>
        ))}
        {(props.xTicks ?? ((a: number, b: number) => niceTicks(a, b, 5)))(minX, maxX).map((t) => (
          <text class="tick" x={sx(t)} y={H - PAD.bottom + 4} text-anchor="middle" dominant-baseline="hanging">{props.formatX(t)}</text>
        ))}
        {props.zeroLine ? <line class="zero" x1={PAD.left} x2={W - PAD.right} y1={sy(0)} y2={sy(0)} /> : null}
        {props.series.map((s) => <path class={`line ${s.className}`} d={path(s.points)} data-name={props.series.length > 1 ? s.name : undefined} />)}
      </svg>
      {props.series.length > 1 ? (
        <figcaption class="legend">{props.series.map((s) => <span class={`key ${s.className}`}>{s.name}</span>)}</figcaption>
      ) : null}
    </figure>
  );
}
