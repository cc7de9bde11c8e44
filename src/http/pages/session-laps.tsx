/**
 * The session page's laps and intervals (issue 12 item 4) and its flags (items 1, 5): separate
 * components so the page keeps one line per section while the charts are reworked (issue 16).
 * Lap bands are drawn inside the charts (session-charts.tsx, lapBands).
 */
import type { ActivityLap } from '../../core/laps/activity-lap';
import type { SessionInterval } from '../../core/metrics/intervals';
import { formatDuration, formatNumber } from './format';
import { formatSpeed, formatSportDistance, type SportContext } from './sport-format';

export interface PageFlag {
  code: string;
  severity?: string;
  message: string;
}

/** Flags the runner should see: why a figure is the device's, why a session is not in bests or load. */
export function SessionFlags(props: { flags: PageFlag[] | undefined }) {
  if (!props.flags || props.flags.length === 0) return null;
  return (
    <section class="card" aria-labelledby="flags-title"><h2 id="flags-title">About these numbers</h2>
      <ul>{props.flags.map((f) => <li data-flag={f.code}><strong>{FLAG_TITLES[f.code] ?? f.code}.</strong> {f.message}</li>)}</ul>
    </section>
  );
}

const FLAG_TITLES: Record<string, string> = {
  device_disagrees: 'Watch and samples differ',
  constant_samples: 'Stuck recording',
  gps_spikes: 'GPS spikes removed',
  impossible_speed: 'Impossible speed',
  records_outside_session: 'Samples after the session',
};

const TRIGGER: Record<string, string> = { manual: 'lap button', distance: 'auto (distance)', time: 'auto (time)', session_end: 'end', position_start: 'position', position_lap: 'position', position_waypoint: 'position', position_marked: 'position', fitness_equipment: 'machine' };

/**
 * The lap table's optional columns: only those some lap has a value for, so an activity without
 * a power meter, a strap or an altimeter shows no column of dashes (as the summary leaves out a
 * sensor the activity did not have). Time, distance and pace are always shown.
 */
export function lapColumns(laps: readonly ActivityLap[]): { hr: boolean; maxHr: boolean; power: boolean; ascent: boolean; trigger: boolean } {
  return {
    hr: laps.some((l) => l.avgHr !== undefined),
    maxHr: laps.some((l) => l.maxHr !== undefined),
    power: laps.some((l) => l.avgPowerW !== undefined),
    ascent: laps.some((l) => l.ascentM !== undefined),
    trigger: laps.some((l) => l.trigger !== undefined),
  };
}

export function LapTable(props: { laps: ActivityLap[] | undefined; ctx: SportContext }) {
  const laps = props.laps;
  if (!laps) return <p class="empty">The laps of this session could not be read.</p>;
  if (laps.length === 0) return <p class="empty">The watch recorded no laps for this session.</p>;
  const show = lapColumns(laps);
  return (
    <div class="scroll" tabindex={0}><table>
      <thead><tr><th scope="col">Lap</th><th scope="col" class="num">Time</th><th scope="col" class="num">Distance</th><th scope="col" class="num">Avg</th>
        {show.hr ? <th scope="col" class="num">HR</th> : null}{show.maxHr ? <th scope="col" class="num hide-narrow">Max HR</th> : null}
        {show.power ? <th scope="col" class="num hide-narrow">Power</th> : null}{show.ascent ? <th scope="col" class="num hide-narrow">Ascent</th> : null}
        {show.trigger ? <th scope="col" class="hide-narrow">Trigger</th> : null}</tr></thead>
      <tbody>{laps.map((l) => (
        <tr data-intensity={l.intensity}><th scope="row">{l.index + 1}{l.intensity && l.intensity !== 'active' ? ` (${l.intensity})` : ''}</th>
          <td class="num">{formatDuration(l.timerS ?? l.elapsedS)}</td><td class="num">{formatSportDistance(l.distanceM, props.ctx)}</td>
          <td class="num">{formatSpeed(l.avgSpeedMps ?? (l.distanceM !== undefined && l.timerS ? l.distanceM / l.timerS : undefined), props.ctx)}</td>
          {show.hr ? <td class="num">{formatNumber(l.avgHr)}</td> : null}{show.maxHr ? <td class="num hide-narrow">{formatNumber(l.maxHr)}</td> : null}
          {show.power ? <td class="num hide-narrow">{formatNumber(l.avgPowerW, 'W')}</td> : null}
          {show.ascent ? <td class="num hide-narrow">{l.ascentM === undefined ? '—' : `+${Math.round(l.ascentM)}`}</td> : null}
          {show.trigger ? <td class="hide-narrow">{l.trigger ? (TRIGGER[l.trigger] ?? l.trigger) : '—'}</td> : null}</tr>
      ))}</tbody>
    </table></div>
  );
}

export function IntervalTable(props: { intervals: SessionInterval[] | undefined; ctx: SportContext }) {
  const reps = props.intervals?.filter((i) => i.kind === 'work') ?? [];
  if (reps.length === 0) return null;
  const byPower = reps.some((r) => r.avgPowerW !== undefined);
  return (
    <section class="card"><h2>Intervals</h2>
      <p class="small muted">{reps.length} reps found from your {byPower ? 'power' : 'speed'} (the watch's laps did not mark them).</p>
      <div class="scroll" tabindex={0}><table>
        <thead><tr><th scope="col">Rep</th><th scope="col" class="num">Time</th>{byPower ? <th scope="col" class="num">Power</th> : null}<th scope="col" class="num">Distance</th><th scope="col" class="num">Avg</th><th scope="col" class="num">HR</th><th scope="col" class="num hide-narrow">Rest after</th></tr></thead>
        <tbody>{reps.map((r, k) => {
          const rest = props.intervals!.find((i) => i.kind === 'rest' && i.startS === r.endS);
          return <tr><th scope="row">{k + 1}</th><td class="num">{formatDuration(r.durationS)}</td>{byPower ? <td class="num">{formatNumber(r.avgPowerW, 'W')}</td> : null}<td class="num">{formatSportDistance(r.distanceM, props.ctx)}</td>
            <td class="num">{formatSpeed(r.avgSpeedMps, props.ctx)}</td><td class="num">{formatNumber(r.avgHr)}</td><td class="num hide-narrow">{rest && k < reps.length - 1 ? formatDuration(rest.durationS) : '—'}</td></tr>;
        })}</tbody>
      </table></div>
    </section>
  );
}
