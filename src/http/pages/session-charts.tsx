/**
 * A session's stream charts (pace or speed as the sport reads it, heart rate, power, elevation,
 * cadence), each drawn twice —
 * against time and against distance — and switched by two radio buttons and CSS (:checked),
 * so the switch works without JavaScript. Laps are bands inside every chart (numbered, so they
 * read without colour); the chart script adds the crosshair synced with the route and the
 * smoothing toggle (hidden until the script runs, since without it there is nothing to toggle).
 */
import type { ActivityLap } from '../../core/laps/activity-lap';
import type { ChartBand } from './charts/line-chart';
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
  /** the crosshair readout's format (see LineChart.readY) */
  readY: string;
  invertY?: boolean;
  /** y axis from the 1st to the 99th percentile: GPS spikes would flatten the rest */
  robust?: boolean;
  missing: string;
}

/** Lap bands along time (seconds from the start) and, when every lap has a distance, along distance (display units). */
export function lapBands(laps: ActivityLap[] | undefined, toDistance: (m: number) => number): { byTime: ChartBand[]; byDistance: ChartBand[] } {
  const usable = (laps ?? []).filter((l) => l.startOffsetS !== undefined && (l.elapsedS ?? l.timerS) !== undefined);
  if (usable.length < 2) return { byTime: [], byDistance: [] };
  const band = (l: ActivityLap, x0: number, x1: number): ChartBand => ({
    x0, x1, label: String(l.index + 1), rest: l.intensity === 'rest' || l.intensity === 'recovery',
    text: `Lap ${l.index + 1}${l.intensity && l.intensity !== 'active' ? ` (${l.intensity})` : ''}: ${formatDuration(l.timerS ?? l.elapsedS)}`,
  });
  const byTime = usable.map((l) => band(l, l.startOffsetS!, l.startOffsetS! + (l.elapsedS ?? l.timerS)!));
  let at = 0;
  const byDistance = usable.every((l) => l.distanceM !== undefined) && usable.length === (laps ?? []).length
    ? usable.map((l) => { const b = band(l, toDistance(at), toDistance(at + l.distanceM!)); at += l.distanceM!; return b; })
    : [];
  return { byTime, byDistance };
}

export function SessionCharts(props: { streams: SessionStreams | null; ctx: SportContext; cadenceScale?: 'doubled' | 'spm' | 'rpm'; laps?: ActivityLap[] }) {
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
      readY: `${speed.inverted ? 'dur' : 'n1'} ${speed.unit}`,
      map: (v) => speed.value(v), formatY: (y) => speed.formatValue(y) },
    { key: 'hr', title: 'Heart rate (bpm)', ys: s.values.heart_rate, missing: 'No heart-rate data in this session.', readY: 'int bpm', map: (v) => (v > 0 ? v : null), formatY: (y) => String(Math.round(y)) },
    { key: 'power', title: 'Power (W)', ys: s.values.power, missing: 'No power data in this session.', readY: 'int W', map: (v) => v, formatY: (y) => String(Math.round(y)) },
    { key: 'elevation', title: `Elevation (${u === 'imperial' ? 'ft' : 'm'})`, ys: s.values.altitude, missing: 'No elevation data in this session.', readY: `int ${u === 'imperial' ? 'ft' : 'm'}`, map: (v) => toElevationUnit(v, u), formatY: (y) => String(Math.round(y)) },
    { key: 'cadence', title: `Cadence (${cadence.unit})`, ys: s.values.cadence, missing: 'No cadence data in this session.', readY: `int ${cadence.unit}`, map: (v) => (v > 0 ? v * cadenceFactor : null), formatY: (y) => String(Math.round(y)) },
  ];
  const distX = s.d.map((d) => (d === null ? null : dist.value(d)));
  const hasDistance = distX.some((d) => d !== null && d > 0);
  const bands = lapBands(props.laps, (m) => dist.value(m));
  return (
    <div>
      <input type="radio" name="x-axis" id="x-time" checked />
      <label for="x-time" class="radio">Against time</label>
      {hasDistance ? <><input type="radio" name="x-axis" id="x-distance" /><label for="x-distance" class="radio">Against distance</label></> : null}
      <label class="smooth-toggle" hidden><input type="checkbox" id="smooth-lines" data-smooth-toggle checked /> Smooth lines</label>
      {bands.byTime.length > 0 ? <p class="small muted lap-note">Numbered bands are laps ({bands.byTime.length}); rest laps are pale. Hover or touch a chart to read every chart and see the spot on the route.</p>
        : <p class="small muted lap-note">Hover or touch a chart to read every chart at that moment and see the spot on the route.</p>}
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
                  bands={bands.byTime} readX="dur" readY={m.readY} smoothable
                  formatX={(x) => formatDuration(x)} series={[{ name: m.title, className: 'series-1', points: byTime }]} />
              </div>
              {byDist.length >= 2 ? (
                <div class="by-distance">
                  <LineChart id={`${m.key}-d`} title={`${m.title} against distance`} invertY={m.invertY} formatY={m.formatY}
                    robustY={m.robust} yTicks={m.invertY ? durationTicks : undefined}
                    bands={bands.byDistance} readX={`n2 ${dist.unit}`} readY={m.readY} smoothable
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
