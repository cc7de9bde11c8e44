/** One session: summary, charts, HR zones, splits, laps, best efforts, route, downloads, delete. */
import type { FitFileRow, SessionRow } from '../../ports';
import type { SessionStreams } from '../web/session-streams';
import { ZoneBars } from './charts/bar-chart';
import { RouteMap } from './charts/route-map';
import { DASH, formatDateTime, formatDuration, formatSessionDate, formatSessionDateTime, formatUtcOffset, zoneOffsetMin, type SessionClock, formatElevation, formatNumber, formatRaceDistance, sportLabel, type Units } from './format';
import { SessionCharts } from './session-charts';
import { SessionLegs } from './session-legs';
import { RecordsToggle } from './session-records';
import { cadenceMeasure, distanceMeasure, formatSpeed, formatSportDistance, hasGradeAdjustedPace, poolUnitsOf, speedMeasure, swimUnits, type SportContext } from './sport-format';
import { SportIcon } from './widgets';
import type { ActivityLap } from '../../core/laps/activity-lap';
import { IntervalTable, LapTable, SessionFlags } from './session-laps';
import { formatPoolLength, LengthTable, poolLengthOf } from './session-swim';
import type { SwimLength } from '../../core/swim/swim-length';

type Stats = Record<string, any>;

interface Props {
  session: SessionRow & { fitFile: FitFileRow };
  stats: Stats | null;
  streams: SessionStreams | null;
  /** every session of this session's FIT file (the legs of a multisport file), in file order */
  legs?: SessionRow[];
  /** undefined: could not be read */
  laps?: ActivityLap[];
  /** a pool swim's lengths (empty for anything else) */
  lengths?: SwimLength[];
  units: Units;
  timeZone: string;
  canDelete: boolean;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** How this session's figures read: its sport, the runner's units, the pool's if the file says yards. */
function sportContext(s: Props['session'], units: Units): SportContext {
  return { sport: s.sport, units, poolUnits: poolUnitsOf(s.device) };
}

const SENSOR_ITEMS = new Set(['Avg heart rate', 'Max heart rate', 'Ascent', 'Avg power', 'Avg cadence']);

/** Where the session's load came from, in a runner's words (the API keeps the codes). */
function loadSourceWords(source: unknown): string {
  return source === 'powerTss' ? 'from power' : source === 'rTss' ? 'from pace' : source === 'hrLoad' ? 'from heart rate' : '';
}

function Summary(props: { s: Props['session']; st: Stats | null; units: Units; lengths?: SwimLength[] }) {
  const { s, st, units } = props;
  const dev = s.device as Record<string, unknown>;
  const ctx = sportContext(s, units);
  const measure = speedMeasure(ctx);
  const cadence = cadenceMeasure(s.sport);
  // The session's totals by the one rule (docs/session-totals.md): the same numbers as the list and
  // the API; the session row holds them too, so they show before the analysis has run.
  const totals = (st?.totals ?? {}) as Record<string, number | undefined>;
  const distance = num(totals.distanceM) ?? s.distanceM;
  const timer = num(totals.timerS) ?? s.timerS;
  const speed = distance && timer ? distance / timer : num(dev.avgSpeed);
  const items: Array<[string, string]> = [
    ['Distance', formatSportDistance(distance, ctx)],
    ...swimItems(dev, props.lengths),
    ['Moving time', formatDuration(num(st?.movingS))],
    ['Timer time', formatDuration(timer)],
    ['Elapsed', formatDuration(num(totals.elapsedS) ?? s.elapsedS)],
    [`Avg ${measure.label.toLowerCase()}`, measure.format(speed)],
    ...(measure.style === 'speed' ? [['Max speed', measure.format(num(st?.maxSpeedMps) ?? num(dev.maxSpeed))] as [string, string]] : []),
    ...(hasGradeAdjustedPace(s.sport) ? [['Grade-adjusted pace', measure.format(num(st?.gapSpeedMps))] as [string, string]] : []),
    ['Avg heart rate', formatNumber(num(totals.avgHr) ?? s.avgHr, 'bpm')],
    ['Max heart rate', formatNumber(num(st?.maxHr) ?? num(dev.maxHeartRate), 'bpm')],
    ['Ascent', formatElevation(num(st?.ascentM) ?? num(dev.totalAscent), units)],
    ['Avg power', formatNumber(num(st?.avgPowerW) ?? num(dev.avgPower), 'W')],
    ['Avg cadence', formatNumber(num(st?.avgCadenceSpm) ?? num(st?.avgCadenceRpm), cadence.unit)],
    ['Training load', st?.excludedFromLoad ? 'not counted' : formatNumber(num(st?.load?.value))],
  ];
  const notes: Record<string, string> = { 'Training load': st?.excludedFromLoad ? '' : loadSourceWords(st?.load?.source) };
  // once analysed, a sensor the activity did not have (no power meter, no HR strap) is left out
  // rather than shown as a dash; before the analysis the dashes say "not yet"
  const shown = st ? items.filter(([k, v]) => !(SENSOR_ITEMS.has(k) && v === DASH)) : items;
  return <dl class="stats">{shown.map(([k, v]) => <div><dt>{k}</dt><dd>{v}{notes[k] && v !== DASH ? <small>{notes[k]}</small> : null}</dd></div>)}</dl>;
}

/** A pool swim's pool (in the unit it was set in) and lengths swum. */
function swimItems(dev: Record<string, unknown>, lengths: SwimLength[] | undefined): Array<[string, string]> {
  const pool = poolLengthOf(dev, lengths);
  if (pool === undefined) return [];
  const swum = lengths?.filter((l) => l.type === 'active').length;
  return [['Pool', formatPoolLength(pool, dev.poolLengthUnit as string | undefined)], ...(swum ? [['Lengths', String(swum)] as [string, string]] : [])];
}

type SplitRow = Record<string, any>;

/** Which splits a session shows: a swim per 100 m or 100 yd (as its pool), anything else per km or mile. */
function pickSplits(st: Stats | null, units: Units, ctx: SportContext): { rows?: SplitRow[]; head: string; label: (sp: SplitRow) => string } {
  const all = st?.splits as Record<string, SplitRow[] | undefined> | undefined;
  if (speedMeasure(ctx).style === 'swim' && (all?.hundredM || all?.hundredYd)) {
    const yards = swimUnits(ctx) === 'imperial';
    const unit = yards ? 'yd' : 'm';
    return {
      rows: yards ? all.hundredYd : all.hundredM,
      head: 'Distance',
      // cumulative distance at the split's end, as a swimmer counts: 100, 200, … and the last part
      label: (sp) => sp.partial ? `${(sp.index - 1) * 100}–${Math.round((sp.index - 1) * 100 + sp.distanceM / (yards ? 0.9144 : 1))} ${unit}` : `${sp.index * 100} ${unit}`,
    };
  }
  return {
    rows: all?.[units === 'imperial' ? 'mile' : 'km'],
    head: units === 'imperial' ? 'Mile' : 'Km',
    label: (sp) => `${sp.index}${sp.partial ? ` (${formatSportDistance(sp.distanceM, ctx)})` : ''}`,
  };
}

function Splits(props: { st: Stats | null; units: Units; ctx: SportContext }) {
  const measure = speedMeasure(props.ctx);
  const { rows: splits, head, label } = pickSplits(props.st, props.units, props.ctx);
  if (!splits || splits.length === 0) return <p class="empty">{props.st ? 'No splits: this session has no distance.' : 'Splits appear once the session has been analysed.'}</p>;
  // a pool swim or a treadmill run has no elevation: no column of dashes
  const elevation = splits.some((sp) => sp.ascentM !== undefined);
  return (
    <div class="scroll" tabindex={0}><table>
      <thead><tr><th scope="col">{head}</th><th scope="col" class="num">Time</th><th scope="col" class="num">{measure.label}</th><th scope="col" class="num">HR</th>{elevation && <th scope="col" class="num hide-narrow">Elev.</th>}</tr></thead>
      <tbody>{splits.map((sp) => (
        <tr><th scope="row" class="split">{label(sp)}</th><td class="num">{formatDuration(sp.elapsedS)}</td>
          <td class="num">{sp.elapsedS > 0 ? measure.format(sp.distanceM / sp.elapsedS) : '—'}</td><td class="num">{formatNumber(num(sp.avgHr))}</td>
          {elevation && <td class="num hide-narrow">{sp.ascentM === undefined ? '—' : `+${formatElevation(sp.ascentM, props.units)}`}</td>}</tr>
      ))}</tbody>
    </table></div>
  );
}

function BestEfforts(props: { st: Stats | null; ctx: SportContext }) {
  const efforts = props.st?.bestEfforts as Array<{ distanceM: number; timeS: number; startS: number }> | undefined;
  if (!efforts || efforts.length === 0) return <p class="empty">{props.st ? 'No best efforts in this session (too short, or no distance data).' : 'Best efforts appear once the session has been analysed.'}</p>;
  return (
    <div class="scroll" tabindex={0}><table>
      <thead><tr><th scope="col">Distance</th><th scope="col" class="num">Time</th><th scope="col" class="num">{speedMeasure(props.ctx).label}</th><th scope="col" class="num hide-narrow">Started at</th></tr></thead>
      <tbody>{efforts.map((e) => <tr><th scope="row">{formatRaceDistance(e.distanceM)}</th><td class="num">{formatDuration(e.timeS)}</td><td class="num">{formatSpeed(e.distanceM / e.timeS, props.ctx)}</td><td class="num hide-narrow">{formatDuration(e.startS)}</td></tr>)}</tbody>
    </table></div>
  );
}

/** Says whose clock the times are on when the activity's differs from the runner's zone (a run abroad). */
function LocalTimeNote(props: { s: SessionClock; timeZone: string }) {
  const { startTime, utcOffsetMin } = props.s;
  if (startTime === undefined || utcOffsetMin === undefined || utcOffsetMin === zoneOffsetMin(startTime, props.timeZone)) return null;
  return <p class="muted small" data-local-time>Local time where the activity happened ({formatUtcOffset(utcOffsetMin)}); in your time zone it started {formatDateTime(startTime, props.timeZone)}.</p>;
}

export function SessionPage(props: Props) {
  const { session: s, stats: st, units, timeZone } = props;
  const zones = st?.hrZones?.zones as Array<{ name: string; minBpm: number; maxBpm?: number; timeS: number }> | undefined;
  const api = `/api/v1/sessions/${encodeURIComponent(s.id)}`;
  const ctx = sportContext(s, units);
  return (
    <article id="session-live" data-live="reanalyse" data-chart-sync>
      {s.name
        ? <><h1><SportIcon sport={s.sport} subSport={s.subSport} />{s.name}</h1><p class="muted">{sportLabel(s.sport, s.subSport)} · {formatSessionDateTime(s, timeZone)}</p></>
        : <h1><SportIcon sport={s.sport} subSport={s.subSport} />{sportLabel(s.sport, s.subSport)} · {formatSessionDateTime(s, timeZone)}</h1>}
      <LocalTimeNote s={s} timeZone={timeZone} />
      <p class="muted small">From {s.fitFile.name}{s.fitFile.productName ? ` (${s.fitFile.productName})` : ''}. {st ? '' : 'Statistics are being computed; the device totals are shown meanwhile.'}</p>
      {props.legs ? <SessionLegs legs={props.legs} currentId={s.id} units={units} /> : null}
      <section class="card"><h2>Summary</h2><Summary s={s} st={st} units={units} lengths={props.lengths} /></section>
      <SessionFlags flags={st?.flags} />
      <section class="card"><h2>Charts</h2>
        {/* the route beside the charts on wide screens (sticky), so the crosshair's marker is in view */}
        <div class="charts-layout">
          <div><SessionCharts streams={props.streams} ctx={ctx} cadenceScale={st?.cadenceScale} laps={props.laps} /></div>
          <aside class="route-side" aria-labelledby="route-heading"><h3 id="route-heading">Route</h3>
            <RouteMap lat={props.streams?.values.position_lat ?? []} lon={props.streams?.values.position_long ?? []}
              t={props.streams?.t} d={props.streams?.d.map((m) => (m === null ? null : distanceMeasure(ctx).value(m)))} /></aside>
        </div>
      </section>
      <div class="grid2">
        <section class="card"><h2>Heart-rate zones</h2>
          {zones ? <ZoneBars zones={zones.map((z) => ({ name: z.name, range: z.maxBpm === undefined ? `≥ ${z.minBpm}` : `${z.minBpm}–${z.maxBpm - 1}`, timeS: z.timeS, timeText: formatDuration(z.timeS) }))} />
            : <p class="empty">{st ? 'No heart-rate data in this session.' : 'Zones appear once the session has been analysed.'}</p>}
          {st?.hrZones ? <p class="small muted">Model {st.hrZones.model}, max HR {st.hrZones.maxHr} bpm. Set your own in <a href="/settings">Settings</a>.</p> : null}
        </section>
        <section class="card"><h2>Splits</h2><Splits st={st} units={units} ctx={ctx} /></section>
      </div>
      <IntervalTable intervals={st?.intervals} ctx={ctx} />
      <LengthTable lengths={props.lengths} ctx={ctx} />
      {/* full width: nine lap columns squeezed into half a desktop page wrapped into rows 150 px tall */}
      <section class="card"><h2>Laps</h2><LapTable laps={props.laps} ctx={ctx} /></section>
      <section class="card"><h2>Best efforts</h2><BestEfforts st={st} ctx={ctx} /></section>
      <section class="card"><h2>Records</h2><RecordsToggle session={s} canEdit={props.canDelete} implausible={st?.excludedFromBests === true} /></section>
      <section class="card"><h2>Downloads and actions</h2>
        <div class="actions">
          <a class="button" href={`${api}/fit`} download>Original FIT</a>
          <a class="button" href={`${api}/records`} download>Records (Parquet)</a>
          <a class="button" href={`${api}/records?format=csv`} download>Records (CSV)</a>
          {props.canDelete ? (
            <a class="button danger" href={`/sessions/${encodeURIComponent(s.id)}/delete`} aria-describedby="delete-note">Delete this session…</a>
          ) : null}
        </div>
        {props.canDelete ? <p id="delete-note" class="small muted">Deleting removes the session and its files; bests, critical speed and history are recomputed.</p> : null}
      </section>
    </article>
  );
}

/** The page title names the session: "Run · 28 Feb 2025" (the layout adds "· Pacelab"). */
export function sessionTitle(s: { sport?: string; subSport?: string; startTime?: number; utcOffsetMin?: number }, timeZone: string, locale?: string): string {
  const sport = s.sport === 'running' ? 'Run' : s.sport === 'cycling' ? 'Ride' : s.sport === 'swimming' ? 'Swim' : sportLabel(s.sport, s.subSport);
  return `${sport} · ${formatSessionDate(s, timeZone, locale)}`;
}

/** Delete asks first (works without script); the server then holds the delete a few seconds with Undo on the sessions list. */
export function DeleteConfirmPage(props: { session: SessionRow; timeZone: string }) {
  const s = props.session;
  const href = `/sessions/${encodeURIComponent(s.id)}`;
  return (
    <section class="card">
      <h1>Delete {sessionTitle(s, props.timeZone)}?</h1>
      <p>The session, its original file and its records are removed. Personal bests, critical speed and history are recomputed without it.</p>
      <form method="post" action={`${href}/delete`} class="actions">
        <button type="submit" class="danger">Delete the session</button>
        <a class="button secondary" href={href}>Keep it</a>
      </form>
    </section>
  );
}
