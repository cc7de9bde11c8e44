/**
 * The plan's days laid out by calendar week, starting on the runner's first weekday (Monday
 * unless the runner chose otherwise): a 7-column calendar on wide screens, and the same markup
 * read as an agenda on phones (the stylesheet turns each week row into a list of its days).
 * Plan weeks (phase, load) label the calendar week holding their first day.
 */
import { currentDateStyle } from './locale';
import { ComplianceBadge } from './plan-compliance';
import type { PlanView } from './plan-detail-page';
import { formatDuration, type Units } from './format';
import { formatRunPace, formatSportDistance } from './sport-format';

type Week = PlanView['weeks'][number];
type Day = Week['days'][number];

const DAY_MS = 86_400_000;
const WEEKDAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short' });
const DAY_LABEL = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
const utc = (date: string) => new Date(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface CalendarWeek {
  /** the first date of the row (the runner's first weekday) */
  start: string;
  /** seven dates, each with the plan's day when the plan has one */
  cells: Array<{ date: string; day?: Day }>;
  /** the plan week that starts in this row, if any */
  planWeek?: Week;
}

/** Plan days regrouped into calendar weeks starting on `weekStart` (0 = Sunday … 6 = Saturday; 1 = Monday). */
export function calendarWeeks(weeks: Week[], weekStart: number): CalendarWeek[] {
  const days = new Map<string, Day>();
  for (const w of weeks) for (const d of w.days) days.set(d.date, d);
  const weekOfDay = new Map<string, Week>();
  for (const w of weeks) if (w.days[0]) weekOfDay.set(w.days[0].date, w);
  const dates = [...days.keys()].sort();
  if (dates.length === 0) return [];
  const first = utc(dates[0]!).getTime();
  const start = first - (((utc(dates[0]!).getUTCDay() - weekStart) % 7 + 7) % 7) * DAY_MS;
  const last = utc(dates.at(-1)!).getTime();
  const rows: CalendarWeek[] = [];
  for (let at = start; at <= last; at += 7 * DAY_MS) {
    const cells = Array.from({ length: 7 }, (_, i) => { const date = iso(at + i * DAY_MS); return { date, day: days.get(date) }; });
    rows.push({ start: iso(at), cells, planWeek: cells.map((c) => weekOfDay.get(c.date)).find((w) => w) });
  }
  return rows;
}

export function PlanCalendar(props: { weeks: Week[]; units: Units; api: string; weekStart?: number }) {
  // the runner's first weekday (Settings) unless the caller says otherwise
  const rows = calendarWeeks(props.weeks, props.weekStart ?? currentDateStyle().weekStart);
  return (
    <>
    <p class="small muted" id="load-explained">Each week's <strong>load</strong> is how hard its runs are in total: one hour at your critical speed counts 100, an easy hour about 60. Rest days and easy weeks keep it from rising too fast.</p>
    <div class="scroll" tabindex={0}><table class="plan-calendar">
      <thead><tr><th scope="col">Week</th>{(rows[0]?.cells ?? []).map((c) => <th scope="col">{WEEKDAY.format(utc(c.date))}</th>)}</tr></thead>
      <tbody>
        {rows.map((r) => (
          <tr data-week={r.planWeek ? String(r.planWeek.index + 1) : ''} data-start={r.start}>
            <th scope="row">{r.planWeek ? <>Week {r.planWeek.index + 1} <span class={`phase phase-${r.planWeek.phase}`}>{r.planWeek.phase}</span> <span class="small muted">load {Math.round(r.planWeek.targetLoad)}</span></> : <span class="muted">Week of {DAY_LABEL.format(utc(r.start))}</span>}</th>
            {r.cells.map((c) => (c.day ? <DayCell day={c.day} units={props.units} api={props.api} /> : <td class="day out"><span class="date">{DAY_LABEL.format(utc(c.date))}</span></td>))}
          </tr>
        ))}
      </tbody>
    </table></div>
    </>
  );
}

function DayCell(props: { day: Day; units: Units; api: string }) {
  const d = props.day;
  const date = <span class="date">{DAY_LABEL.format(utc(d.date))}</span>;
  if (d.type === 'rest') return <td class="day rest" data-day={d.date}>{date}<span class="wtype">Rest</span><ComplianceBadge actual={d.actual} /></td>;
  return (
    <td class={`day role-${d.role}`} data-day={d.date}>
      {date}
      <span class="wtype">{d.label}</span>
      <span>{formatDuration(d.durationS)} · {formatSportDistance(d.distanceM, { sport: 'running', units: props.units }, 1)}</span>
      <span>{formatRunPace(d.targetSpeedMps, props.units)}</span>
      {d.heartRate ? <span class="small hr-target" title={d.heartRate.text} data-hr={d.heartRate.parts.map((x) => `${x.lowBpm}-${x.highBpm}`).join(' ')}>{compactHr(d.heartRate)}</span> : null}
      <span class="small muted">{d.description}</span>
      <ComplianceBadge actual={d.actual} />
      <a class="small" href={`${props.api}/days/${d.date}/workout.fit`} download aria-label={`FIT workout for ${DAY_LABEL.format(utc(d.date))}`}>FIT</a>
    </td>
  );
}

/** "HR 111–130 bpm (Z2)" or "HR Z2 111–130 · Z3 130–148 bpm": one range per zone in order (the full sentence is the title, the ICS and the API). */
function compactHr(hr: NonNullable<Day['heartRate']>): string {
  const zones: Array<{ zone: string; lowBpm: number; highBpm: number }> = [];
  for (const p of hr.parts) if (!zones.some((z) => z.zone === p.zone)) zones.push(p);
  if (zones.length === 0) return hr.text;
  if (zones.length === 1) return `HR ${zones[0].lowBpm}–${zones[0].highBpm} bpm (${zones[0].zone})`;
  return `HR ${zones.map((z) => `${z.zone} ${z.lowBpm}–${z.highBpm}`).join(' · ')} bpm`;
}
