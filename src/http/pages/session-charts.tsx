/**
 * A session's stream charts (pace or speed as the sport reads it, heart rate, power, elevation,
 * cadence), each drawn twice —
 * against time and against distance — and switched by two radio buttons and CSS (:checked),
 * so the switch works without JavaScript.
 */
import type { SessionStreams } from '../web/session-streams';
import { seriesAgainst } from '../web/session-streams';
import { LineChart } from './charts/line-chart';
import { durationTicks } from './charts/lttb';
import { formatDuration, toElevationUnit } from './format';
import { cadenceMeasure, distanceMeasure, speedMeasure, type SportContext } from './sport-format';

interface Metric {
  key: string;
  title: string;
  ys: Array<number | null> | undefined;
  map: (y: number) => number | null;
  formatY: (y: number) => string;
  invertY?: boolean;
  /** y axis from the 1st to the 99th percentile: GPS spikes would flatten the rest */
  robust?: boolean;
  missing: string;
}

export function SessionCharts(props: { streams: SessionStreams | null; ctx: SportContext; cadenceScale?: 'doubled' | 'spm' | 'rpm' }) {
  const s = props.streams;
  if (!s || s.t.length < 2) return <p class="empty">The record stream of this session could not be read, so there are no charts.</p>;
  const u = props.ctx.units;
  const speed = speedMeasure(props.ctx);
  const dist = distanceMeasure(props.ctx);
  const cadence = cadenceMeasure(props.ctx.sport);
  // The analysis knows whether this file's cadence is per leg (doubled) or already per minute.
  const cadenceFactor = props.cadenceScale === undefined ? cadence.factor : props.cadenceScale === 'doubled' ? 2 : 1;
  const metrics: Metric[] = [
    { key: speed.label.toLowerCase(), title: `${speed.label} (${speed.unit})`, ys: s.values.speed, invertY: speed.inverted, robust: true, missing: 'No speed data in this session.',
      map: (v) => speed.value(v), formatY: (y) => speed.formatValue(y) },
    { key: 'hr', title: 'Heart rate (bpm)', ys: s.values.heart_rate, missing: 'No heart-rate data in this session.', map: (v) => (v > 0 ? v : null), formatY: (y) => String(Math.round(y)) },
    { key: 'power', title: 'Power (W)', ys: s.values.power, missing: 'No power data in this session.', map: (v) => v, formatY: (y) => String(Math.round(y)) },
    { key: 'elevation', title: `Elevation (${u === 'imperial' ? 'ft' : 'm'})`, ys: s.values.altitude, missing: 'No elevation data in this session.', map: (v) => toElevationUnit(v, u), formatY: (y) => String(Math.round(y)) },
    { key: 'cadence', title: `Cadence (${cadence.unit})`, ys: s.values.cadence, missing: 'No cadence data in this session.', map: (v) => (v > 0 ? v * cadenceFactor : null), formatY: (y) => String(Math.round(y)) },
  ];
  const distX = s.d.map((d) => (d === null ? null : dist.value(d)));
  const hasDistance = distX.some((d) => d !== null && d > 0);
  return (
    <div>
      <input type="radio" name="x-axis" id="x-time" checked />
      <label for="x-time" class="radio">Against time</label>
      {hasDistance ? <><input type="radio" name="x-axis" id="x-distance" /><label for="x-distance" class="radio">Against distance</label></> : null}
      <div class="charts">
        {metrics.map((m) => {
          const byTime = m.ys ? seriesAgainst(s.t, m.ys, 500, m.map) : [];
          if (byTime.length < 2) return <section class="chart-block"><h3>{m.title}</h3><p class="empty">{m.missing}</p></section>;
          const byDist = hasDistance && m.ys ? seriesAgainst(distX, m.ys, 500, m.map) : [];
          return (
            <section class="chart-block" data-chart={m.key}>
              <h3>{m.title}</h3>
              <div class="by-time">
                <LineChart id={`${m.key}-t`} title={`${m.title} against time`} invertY={m.invertY} gapX={60} formatY={m.formatY}
                  robustY={m.robust} yTicks={m.invertY ? durationTicks : undefined} xTicks={(a, b) => durationTicks(a, b, 5)}
                  formatX={(x) => formatDuration(x)} series={[{ name: m.title, className: 'series-1', points: byTime }]} />
              </div>
              {byDist.length >= 2 ? (
                <div class="by-distance">
                  <LineChart id={`${m.key}-d`} title={`${m.title} against distance`} invertY={m.invertY} formatY={m.formatY}
                    robustY={m.robust} yTicks={m.invertY ? durationTicks : undefined}
                    formatX={(x) => dist.formatValue(x)} series={[{ name: m.title, className: 'series-1', points: byDist }]} />
                </div>
              ) : null}
            </section>
          );
        })}
      </div>
    </div>
  );
}
