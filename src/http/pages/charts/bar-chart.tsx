/** Server-rendered SVG bars (weekly volume) and horizontal zone bars; classes only, no inline style. */
import { distinctLabels } from './line-chart';
import { niceTicks } from './lttb';

export interface Bar {
  label: string;
  value: number;
  /** the accessible text for this bar, e.g. "Week of 3 Mar: 42.1 km" */
  text: string;
}

const W = 640;
const H = 200;
const PAD = { left: 48, right: 8, top: 10, bottom: 26 };

export function BarChart(props: { id: string; title: string; bars: Bar[]; formatY: (y: number) => string }) {
  if (props.bars.length === 0) return <p class="empty">No data for {props.title.toLowerCase()} yet.</p>;
  const max = Math.max(...props.bars.map((b) => b.value), 1e-9);
  // fewer, wider steps until every tick reads differently (0.1 km weeks with whole-km labels)
  let ticks = niceTicks(0, max, 4);
  for (let count = 3; count >= 1 && !distinctLabels(ticks, props.formatY); count--) ticks = niceTicks(0, Math.max(max, ticks[ticks.length - 1] ?? max) * 2, count);
  const top = Math.max(max, ticks[ticks.length - 1] ?? max);
  const slot = (W - PAD.left - PAD.right) / props.bars.length;
  const y = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const every = Math.ceil(props.bars.length / 8);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-title`}>
        <title id={`${props.id}-title`}>{props.title}</title>
        {ticks.map((t) => (
          <g class="tick">
            <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} />
            <text x={PAD.left - 6} y={y(t)} text-anchor="end" dominant-baseline="middle">{props.formatY(t)}</text>
          </g>
        ))}
        {props.bars.map((b, i) => (
          <g>
            <rect class="bar" x={PAD.left + i * slot + slot * 0.15} width={slot * 0.7} y={y(b.value)} height={Math.max(0, H - PAD.bottom - y(b.value))}>
              <title>{b.text}</title>
            </rect>
            {i % every === 0 ? <text class="tick" x={PAD.left + i * slot + slot / 2} y={H - PAD.bottom + 4} text-anchor="middle" dominant-baseline="hanging">{b.label}</text> : null}
          </g>
        ))}
      </svg>
    </figure>
  );
}

export interface ZoneBar {
  name: string;
  range: string;
  timeS: number;
  timeText: string;
}

/** Time in each heart-rate zone as horizontal bars (SVG widths: no inline styles needed). */
export function ZoneBars(props: { zones: ZoneBar[] }) {
  const total = props.zones.reduce((a, z) => a + z.timeS, 0);
  if (total <= 0) return <p class="empty">No heart-rate data in this session.</p>;
  return (
    <ul class="zones">
      {props.zones.map((z, i) => {
        const pct = (z.timeS / total) * 100;
        return (
          <li>
            <span class="zone-name">{z.name} <small>{z.range}</small></span>
            <svg class="zone-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
              <rect class={`zone z${Math.min(i + 1, 5)}`} x="0" y="0" height="8" width={pct.toFixed(2)} />
            </svg>
            <span class="zone-time">{z.timeText} ({pct.toFixed(0)} %)</span>
          </li>
        );
      })}
    </ul>
  );
}
