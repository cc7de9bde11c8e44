/**
 * Weekly volume per sport: kilometres of running, cycling and swimming do not add up, so the
 * chart shows one sport at a time — running by default — with a switch made of plain links
 * (`?volume=cycling`), so it works without JavaScript. Swims read in metres or yards.
 */
import type { HistoryRow } from '../../ports';
import { BarChart } from './charts/bar-chart';
import { formatDayMonth, sportLabel, type Units } from './format';
import { currentDateStyle } from './locale';
import { distanceMeasure } from './sport-format';

export const DEFAULT_VOLUME_SPORT = 'running';

export interface WeekVolume { week: string; distanceM: number; timeS: number; sessions: number }

/** The first day (0 = Sunday, 1 = Monday) of the week holding a YYYY-MM-DD day. */
const weekOf = (date: string, weekStart: number) => {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - ((at.getUTCDay() - weekStart + 7) % 7));
  return at.toISOString().slice(0, 10);
};

/** Days summed into weeks starting on the runner's first weekday (Monday by default; dates are the runner's local dates), for one sport or all of them. */
export function weeklyVolume(days: readonly HistoryRow[], sport?: string, weekStart = 1): WeekVolume[] {
  const weeks = new Map<string, WeekVolume>();
  for (const d of days) {
    const week = weekOf(d.date, weekStart);
    const w = weeks.get(week) ?? { week, distanceM: 0, timeS: 0, sessions: 0 };
    const v = sport === undefined ? d : d.bySport?.[sport];
    if (v) { w.distanceM += v.distanceM; w.timeS += v.timeS; w.sessions += v.sessions; }
    weeks.set(week, w);
  }
  return [...weeks.values()].sort((a, b) => a.week.localeCompare(b.week));
}

/** The sports the switch offers: running first, then the others by distance covered; transitions are part of a race, not a sport. */
export function volumeSports(days: readonly HistoryRow[]): string[] {
  const distance = new Map<string, number>();
  for (const d of days) for (const [sport, v] of Object.entries(d.bySport ?? {})) distance.set(sport, (distance.get(sport) ?? 0) + v.distanceM);
  distance.delete('transition');
  distance.delete(DEFAULT_VOLUME_SPORT);
  return [DEFAULT_VOLUME_SPORT, ...[...distance.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s]) => s)];
}

const shortDate = (date: string) => formatDayMonth(date);
// "Feb ’25": short enough for eight labels across a phone
const monthYear = (date: string) => `${new Intl.DateTimeFormat(currentDateStyle().locale, { timeZone: 'UTC', month: 'short' }).format(new Date(`${date}T00:00:00Z`))} ’${date.slice(2, 4)}`;
// swim metres: "1.5k" keeps the tick inside the chart's margin on a phone
const compact = (y: number, digits: number) => (y >= 1000 && digits === 0 ? `${+(y / 1000).toFixed(1)}k` : String(+y.toFixed(digits)));

export function WeeklyVolumeChart(props: { days: HistoryRow[]; units: Units; sport?: string; hrefFor: (sport: string) => string }) {
  if (props.days.length === 0) return <p class="empty">Weekly volume appears once your sessions have been analysed.</p>;
  if (!props.days.some((d) => d.sessions > 0)) return <p class="empty">No sessions in this period.</p>;
  const split = props.days.some((d) => d.bySport);
  const sports = volumeSports(props.days);
  const sport = props.sport && sports.includes(props.sport) ? props.sport : DEFAULT_VOLUME_SPORT;
  // History written before volumes were kept per sport: the total, said to be one.
  const weekStart = currentDateStyle().weekStart;
  const weeks = split ? weeklyVolume(props.days, sport, weekStart) : weeklyVolume(props.days, undefined, weekStart);
  const dist = distanceMeasure({ sport: split ? sport : 'running', units: props.units });
  const what = split ? sportLabel(sport).toLowerCase() : 'all sports';
  const digits = dist.unit === 'm' || dist.unit === 'yd' ? 0 : 1;
  // Over more than a year, a day and month alone would read as going backwards: say the year.
  const label = weeks.length > 52 ? monthYear : shortDate;
  const title = `Weekly ${what} distance (${dist.unit})`;
  return (
    <div class="weekly-volume">
      {split && sports.length > 1 ? (
        <nav class="volume-switch" aria-label="Weekly volume of">
          {sports.map((s) => (s === sport
            ? <a href={props.hrefFor(s)} aria-current="page">{sportLabel(s)}</a>
            : <a href={props.hrefFor(s)}>{sportLabel(s)}</a>))}
        </nav>
      ) : null}
      {weeks.every((w) => w.sessions === 0)
        ? <p class="empty">No {what} sessions in this period.</p>
        : <><p class="small muted chart-caption">{title}</p>
          <BarChart id="weekly" title={title} formatY={(y) => compact(y, digits)}
            bars={weeks.map((w) => ({ label: label(w.week), value: dist.value(w.distanceM), text: `Week of ${shortDate(w.week)}: ${dist.format(w.distanceM, 1)} of ${what}, ${w.sessions} session(s)` }))} /></>}
    </div>
  );
}
