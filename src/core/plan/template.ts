/**
 * Weekly template (ALGORITHMS.md §5.4): day roles and load shares from the runner's availability.
 * Training days are spread as evenly as the rest days allow; quality days are never consecutive,
 * never the day after the long run, and preferably not the day before it.
 */
import { WEEKDAYS } from './dates';
import type { DayRole, PlanSchema, Weekday } from './types';

export interface WeekTemplate {
  /** Mon … Sun. */
  roles: DayRole[];
  shares: number[];
  /** Foster monotony of the shares (mean / population SD over 7 days). */
  monotony: number;
}

function combinations(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), k - 1)) out.push([item, ...rest]);
  });
  return out;
}

const cyclicGap = (a: number, b: number): number => Math.min((a - b + 7) % 7, (b - a + 7) % 7);

/** Sum of squared gaps between consecutive training days around the week: lower = more even. */
function spreadPenalty(days: number[]): number {
  const sorted = [...days].sort((a, b) => a - b);
  let p = 0;
  sorted.forEach((d, i) => {
    const next = i + 1 < sorted.length ? sorted[i + 1] : sorted[0] + 7;
    p += (next - d) ** 2;
  });
  return p;
}

export function foster(shares: readonly number[]): number {
  const mean = shares.reduce((s, v) => s + v, 0) / shares.length;
  const sd = Math.sqrt(shares.reduce((s, v) => s + (v - mean) ** 2, 0) / shares.length);
  return sd === 0 ? 10 : mean / sd; // Runalyze caps monotony at 10 when sd = 0
}

export function buildWeekTemplate(daysPerWeek: number, restDays: readonly Weekday[], longRunDay: Weekday, schema: PlanSchema): WeekTemplate {
  const long = WEEKDAYS.indexOf(longRunDay);
  const free = WEEKDAYS.map((_, i) => i).filter((i) => i !== long && !restDays.includes(WEEKDAYS[i]));
  let chosen: number[] = [];
  let best = Infinity;
  for (const c of combinations(free, daysPerWeek - 1)) {
    const p = spreadPenalty([long, ...c]);
    if (p < best) [best, chosen] = [p, c];
  }
  const roles: DayRole[] = WEEKDAYS.map(() => 'rest');
  roles[long] = 'long';
  for (const d of chosen) roles[d] = 'easy';

  const afterLong = (long + 1) % 7;
  const beforeLong = (long + 6) % 7;
  const candidates = chosen.filter((d) => d !== afterLong);
  const wanted = daysPerWeek >= 4 ? 2 : 1;
  let quality: number[] = [];
  let score = -Infinity;
  for (const c of combinations(candidates, Math.min(wanted, candidates.length))) {
    if (c.length === 2 && cyclicGap(c[0], c[1]) < 2) continue;
    const s = (c.length === 2 ? cyclicGap(c[0], c[1]) : 0) - 10 * c.filter((d) => d === beforeLong).length + 100 * c.length;
    if (s > score) [score, quality] = [s, c];
  }
  quality.forEach((d, i) => (roles[d] = i === 0 ? 'quality1' : 'quality2'));

  const shares = sharesForRoles(roles, schema);
  return { roles, shares, monotony: foster(shares) };
}

/** Load shares of a week's roles: the schema's role shares, normalised, the long run capped. */
export function sharesForRoles(roles: readonly DayRole[], schema: PlanSchema): number[] {
  let shares = roles.map((r) => (r === 'rest' ? 0 : schema.roleShares[r]));
  const sum = shares.reduce((s, v) => s + v, 0);
  if (sum <= 0) return shares;
  // Normalise only when needed: the §5.3 template (0.30/0.18/0.16/0.12×3) must stay bit-exact.
  if (Math.abs(sum - 1) > 1e-9) shares = shares.map((v) => v / sum);
  const long = roles.indexOf('long');
  const cap = schema.rules.longRunShareMax;
  if (long >= 0 && shares[long] > cap + 1e-12) {
    const others = 1 - shares[long];
    shares = shares.map((v, i) => (i === long ? cap : (v * (1 - cap)) / others));
  }
  return shares;
}

/**
 * The race week's roles in plan-day order (day 6 is race day): race day carries no training load,
 * and the two days before it are easy at most — no quality session or long run right before a race.
 */
export function raceWeekRoles(roles: readonly DayRole[]): DayRole[] {
  return roles.map((r, i) => (i === 6 ? 'rest' : i >= 4 && r !== 'rest' && r !== 'recovery' ? 'easy' : r));
}
