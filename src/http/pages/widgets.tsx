/** Pieces shared by the dashboard, sessions, records and history pages. */
import type { HistoryRow, SessionRow, StoredPersonalBest } from '../../ports';
import { LineChart } from './charts/line-chart';
import { formatDate, formatDayMonth, formatDuration, formatSessionDateTime, formatRaceDistance, sportLabel, type Units } from './format';
import { activityTotals, groupActivities, legName, multisportName } from './multisport';
import { formatAverage, formatRunPace, formatSportDistance, poolUnitsOf, type SportContext } from './sport-format';

// Short text badges rather than emoji: emoji fonts are missing on many systems (a box is worse than a word).
const BADGES: Record<string, string> = { running: 'RUN', cycling: 'BIKE', swimming: 'SWIM', walking: 'WALK', hiking: 'HIKE', training: 'GYM', transition: 'T', multisport: 'MULTI', rowing: 'ROW' };

export function SportIcon(props: { sport?: string; subSport?: string }) {
  const sport = props.sport ?? '';
  return <span class={`sport sport-${BADGES[sport] ? sport : 'other'}`} role="img" aria-label={sportLabel(props.sport, props.subSport)}>{BADGES[sport] ?? 'ACT'}</span>;
}

const sessionContext = (s: SessionRow, units: Units): SportContext => ({ sport: s.sport, units, poolUnits: poolUnitsOf(s.device) });

export function SessionsTable(props: { sessions: SessionRow[]; units: Units; timeZone: string }) {
  return (
    <div class="scroll" tabindex={0}>
      <table>
        <thead><tr><th scope="col">Session</th><th scope="col" class="num">Distance</th><th scope="col" class="num">Time</th><th scope="col" class="num hide-narrow">Pace or speed</th><th scope="col" class="num hide-narrow">Avg HR</th></tr></thead>
        <tbody>
          {groupActivities(props.sessions).map((a) => (a.kind === 'single' ? <SessionRowView s={a.session} units={props.units} timeZone={props.timeZone} />
            : <MultisportRow legs={a.legs} units={props.units} timeZone={props.timeZone} />))}
        </tbody>
      </table>
    </div>
  );
}

const hrText = (hr: number | undefined) => (hr === undefined ? '—' : `${Math.round(hr)} bpm`);

function SessionRowView(props: { s: SessionRow; units: Units; timeZone: string }) {
  const { s } = props;
  const ctx = sessionContext(s, props.units);
  return (
    <tr>
      <td><SportIcon sport={s.sport} subSport={s.subSport} />{s.name
        ? <><a href={`/sessions/${encodeURIComponent(s.id)}`} class="session-title">{s.name}</a> <span class="muted small">{formatSessionDateTime(s, props.timeZone)} · {sportLabel(s.sport, s.subSport)}</span></>
        : <><a href={`/sessions/${encodeURIComponent(s.id)}`}>{formatSessionDateTime(s, props.timeZone)}</a> <span class="muted small">{sportLabel(s.sport, s.subSport)}</span></>}</td>
      <td class="num">{formatSportDistance(s.distanceM, ctx)}</td>
      <td class="num">{formatDuration(s.timerS)}</td>
      <td class="num hide-narrow">{formatAverage(s.distanceM, s.timerS, ctx)}</td>
      <td class="num hide-narrow">{hrText(s.avgHr)}</td>
    </tr>
  );
}

/** One row for a multisport file: the whole activity's totals, its legs listed (each a link) underneath. */
function MultisportRow(props: { legs: SessionRow[]; units: Units; timeZone: string }) {
  const total = activityTotals(props.legs);
  return (
    <tr class="multisport" data-file={props.legs[0]!.fitFileId}>
      <td>
        <SportIcon sport="multisport" /><a href={`/sessions/${encodeURIComponent(props.legs[0]!.id)}`}>{formatSessionDateTime({ startTime: total.startTime, utcOffsetMin: props.legs[0]!.utcOffsetMin }, props.timeZone)}</a> <span class="muted small">{multisportName(props.legs)}</span>
        <ol class="leg-list small">
          {props.legs.map((l) => (
            <li><a href={`/sessions/${encodeURIComponent(l.id)}`}>{legName(l)}</a> <span class="muted">{formatSportDistance(l.distanceM, sessionContext(l, props.units))} · {formatDuration(l.timerS)}{l.sport === 'transition' ? '' : ` · ${formatAverage(l.distanceM, l.timerS, sessionContext(l, props.units))}`}</span></li>
          ))}
        </ol>
      </td>
      <td class="num">{formatSportDistance(total.distanceM, { sport: 'multisport', units: props.units })}</td>
      <td class="num">{formatDuration(total.timerS)}</td>
      <td class="num hide-narrow">—</td>
      <td class="num hide-narrow">{hrText(total.avgHr)}</td>
    </tr>
  );
}

const shortDate = (date: string) => formatDayMonth(date);

export function FitnessChart(props: { days: HistoryRow[] }) {
  if (props.days.length < 2) return <p class="empty">Fitness, fatigue and form appear once your training history has been computed from at least two days.</p>;
  const x = (d: HistoryRow) => Date.parse(`${d.date}T00:00:00Z`);
  return (
    <LineChart id="pmc" title="Fitness (CTL), fatigue (ATL) and form (TSB)" zeroLine readX="date" readY="int"
      formatX={(v) => shortDate(new Date(v).toISOString().slice(0, 10))} formatY={(v) => String(Math.round(v))}
      series={[
        { name: 'Fitness (CTL)', className: 'series-1', points: props.days.map((d) => ({ x: x(d), y: d.ctl })) },
        { name: 'Fatigue (ATL)', className: 'series-2', points: props.days.map((d) => ({ x: x(d), y: d.atl })) },
        { name: 'Form (TSB)', className: 'series-3', points: props.days.map((d) => ({ x: x(d), y: d.tsb })) },
      ]} />
  );
}

export function BestsTable(props: { bests: StoredPersonalBest[]; units: Units; timeZone: string; withHistory?: boolean }) {
  if (props.bests.length === 0) return <p class="empty">No personal bests yet: they are computed from your analysed runs (400 m up to the marathon).</p>;
  return (
    <div class="scroll" tabindex={0}>
      <table>
        <thead><tr><th scope="col">Distance</th><th scope="col" class="num">Time</th><th scope="col" class="num">Pace</th><th scope="col">Date</th></tr></thead>
        <tbody>
          {props.bests.map((b) => (
            <tr>
              <th scope="row">{formatRaceDistance(b.distanceM)}</th>
              <td class="num">{formatDuration(b.timeS)}</td>
              <td class="num">{formatRunPace(b.distanceM / b.timeS, props.units)}</td>
              <td>
                <a href={`/sessions/${encodeURIComponent(b.sessionId)}`}>{formatDate(b.achievedAt, props.timeZone)}</a>
                {props.withHistory && b.history.length > 0 ? (
                  <details><summary>{b.history.length} earlier best(s)</summary>
                    <ul>{[...b.history].reverse().map((h) => <li>{formatDuration(h.timeS)} on <a href={`/sessions/${encodeURIComponent(h.sessionId)}`}>{formatDate(h.achievedAt, props.timeZone)}</a></li>)}</ul>
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface CsResult {
  status?: string;
  reason?: string;
  csMps?: number;
  dPrimeM?: number;
  r2?: number;
  efforts?: Array<{ distanceM: number; timeS: number; sessionId: string }>;
  predictions?: Array<{ distanceM: number; timeS: number; lowS?: number; highS?: number }>;
  backtest?: import('../../core/critical-speed').CsBacktest;
}

export function CsSummary(props: { cs: CsResult | null; units: Units }) {
  const cs = props.cs;
  if (!cs) return <p class="empty">Critical speed is estimated once you have hard efforts between 2 and 20 minutes in the last 90 days.</p>;
  if (cs.csMps === undefined) return <p class="empty">Not enough data for critical speed yet{cs.reason ? `: ${cs.reason}` : ''}.</p>;
  return (
    <dl class="stats">
      <div><dt>Critical speed</dt><dd>{formatRunPace(cs.csMps, props.units)}</dd></div>
      <div><dt>D′ (reserve above CS)</dt><dd>{cs.dPrimeM === undefined ? '—' : `${Math.round(cs.dPrimeM)} m`}</dd></div>
      <div><dt>Fit (R²)</dt><dd>{cs.r2 === undefined ? '—' : cs.r2.toFixed(3)}</dd></div>
    </dl>
  );
}
