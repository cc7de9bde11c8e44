/**
 * Display formatting in the runner's units and time zone. The API is SI and UTC; the pages
 * convert here and nowhere else. A missing value renders as "—" (never 0). Pace, speed and
 * distance depend on the sport: they are in sport-format.ts.
 */
import { currentDateStyle } from './locale';
export type Units = 'metric' | 'imperial';

const M_PER_FT = 0.3048;
export const DASH = '—';


/** A standard race distance by its name (400 m, 5 km, half marathon…), whatever the units. */
export function formatRaceDistance(m: number): string {
  const named: Record<number, string> = { 1609.344: '1 mile', 21097.5: 'Half marathon', 42195: 'Marathon' };
  for (const [d, name] of Object.entries(named)) if (Math.abs(Number(d) - m) < 1) return name;
  return m < 1000 ? `${Math.round(m)} m` : `${+(m / 1000).toFixed(2)} km`;
}

export function formatDuration(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return DASH;
  const total = Math.round(s);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`;
}






export function formatElevation(m: number | undefined, units: Units): string {
  if (m === undefined || !Number.isFinite(m)) return DASH;
  return units === 'imperial' ? `${Math.round(m / M_PER_FT)} ft` : `${Math.round(m)} m`;
}

export function toElevationUnit(m: number, units: Units): number {
  return units === 'imperial' ? m / M_PER_FT : m;
}

export function formatNumber(value: number | undefined, unit = '', digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return DASH;
  return `${value.toFixed(digits)}${unit ? ` ${unit}` : ''}`;
}

/** In the runner's locale (the page's date style) unless one is given (a title made before rendering). */
export function formatDateTime(ms: number | string | undefined, timeZone: string, locale?: string): string {
  if (ms === undefined) return 'unknown time';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'unknown time';
  return new Intl.DateTimeFormat(locale ?? currentDateStyle().locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(ms: number | string | undefined, timeZone: string, locale?: string): string {
  if (ms === undefined) return 'unknown date';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return 'unknown date';
  return new Intl.DateTimeFormat(locale ?? currentDateStyle().locale, { timeZone, dateStyle: 'medium' }).format(d);
}

/** "3 Mar" / "Mar 3" / "3. März" for a YYYY-MM-DD day, in the page's locale (chart axes, week labels). */
export function formatDayMonth(date: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale ?? currentDateStyle().locale, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(new Date(`${date}T00:00:00Z`));
}

/** A session's start and, when the file gave it, the UTC offset of the clock where it happened. */
export interface SessionClock {
  startTime?: number;
  utcOffsetMin?: number;
}

/**
 * The instant and zone a session's time reads in: its own local clock when known (a run in
 * Denver shows 7:00, not the 15:00 of a runner whose account says Berlin), else the runner's zone.
 */
function sessionInstant(s: SessionClock, timeZone: string): [ms: number | undefined, zone: string] {
  if (s.startTime === undefined || s.utcOffsetMin === undefined) return [s.startTime, timeZone];
  return [s.startTime + s.utcOffsetMin * 60_000, 'UTC'];
}

export function formatSessionDateTime(s: SessionClock, timeZone: string, locale?: string): string {
  return formatDateTime(...sessionInstant(s, timeZone), locale);
}

export function formatSessionDate(s: SessionClock, timeZone: string, locale?: string): string {
  return formatDate(...sessionInstant(s, timeZone), locale);
}

/** "UTC+02:00", "UTC−05:30", "UTC" */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const a = Math.abs(minutes);
  return `UTC${minutes < 0 ? '−' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Minutes from UTC of a time zone at an instant. */
export function zoneOffsetMin(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' }).formatToParts(new Date(ms));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return Math.round((Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** YYYY-MM-DD of an instant in a time zone (en-CA formats dates that way). */
export function localDate(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
}

/** The UTC instant of local midnight starting a YYYY-MM-DD day in a time zone. */
export function startOfLocalDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y!, m! - 1, d!);
  // The zone's offset at that instant, applied once and re-checked (DST edges move it by an hour).
  const offset = (at: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(at));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - at;
  };
  const first = guess - offset(guess);
  return guess - offset(first);
}

export function sportLabel(sport: string | undefined, subSport?: string): string {
  if (!sport) return 'Activity';
  const name = sport.replace(/_/g, ' ');
  const sub = subSport && subSport !== 'generic' ? ` (${subSport.replace(/_/g, ' ')})` : '';
  return `${name[0]!.toUpperCase()}${name.slice(1)}${sub}`;
}
