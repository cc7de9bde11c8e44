/**
 * Receding-horizon re-planning (ALGORITHMS.md §5.6; issue 17 item 2). After the runner's history
 * changes, the weeks not yet run are re-optimised from the actual state while the weeks already
 * started stay as they were (frozen). The new DE is warm-started from the previous solution shifted
 * by the frozen weeks (x0, §6.1). Each changed week gets a one-line reason.
 */
import { formatIsoDay, parseIsoDay } from './dates';
import { summariseWeek, type DayActual } from './compliance';
import type { RenderedPlan } from './types';

/** Weeks whose first day is before `today` are frozen (they have started: their days are history). */
export function countFrozenWeeks(plan: Pick<RenderedPlan, 'startDate' | 'weeks'>, today: string): number {
  const start = parseIsoDay(plan.startDate) as number;
  const now = parseIsoDay(today) as number;
  return Math.min(plan.weeks.length, Math.max(0, Math.ceil((now - start) / 7)));
}

/** Previous x = (z₀ … z_{W−3}, ρ, σ) → x0 for the last `weeks` weeks: drop the frozen z's, keep ρ and σ. */
export function shiftSolution(previous: readonly number[] | undefined, previousWeeks: number, weeks: number): number[] | undefined {
  if (!previous || previous.length !== previousWeeks || weeks > previousWeeks || weeks < 2) return undefined;
  const z = previous.slice(0, previousWeeks - 2);
  return [...z.slice(z.length - (weeks - 2)), previous[previousWeeks - 2], previous[previousWeeks - 1]];
}

/** Frozen weeks and projection from the previous plan, the rest from the re-optimised one. */
export function mergeRevision(previous: RenderedPlan, next: RenderedPlan, frozenWeeks: number): RenderedPlan {
  const boundary = formatIsoDay((parseIsoDay(previous.startDate) as number) + 7 * frozenWeeks);
  return {
    ...next,
    startDate: previous.startDate,
    weeks: [...previous.weeks.slice(0, frozenWeeks), ...next.weeks.map((w) => ({ ...w, index: w.index + frozenWeeks }))],
    projection: [...previous.projection.filter((p) => p.date < boundary), ...next.projection.filter((p) => p.date >= boundary)],
  };
}

const pct = (a: number, b: number): number => Math.round((Math.abs(a - b) / Math.max(1e-9, b)) * 100);

/** What the frozen weeks' runs were, in words ("2 missed sessions, 1 extra run"), or ''. */
function whatHappened(previous: RenderedPlan, frozenWeeks: number, actual: ReadonlyMap<string, DayActual>): string {
  const days = previous.weeks.slice(0, frozenWeeks).flatMap((w) => w.days);
  const c = summariseWeek(days, actual);
  const parts = [
    c.missed > 0 ? `${c.missed} missed session${c.missed > 1 ? 's' : ''}` : '',
    c.partial > 0 ? `${c.partial} shortened session${c.partial > 1 ? 's' : ''}` : '',
    c.extra > 0 ? `${c.extra} extra run${c.extra > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  return parts.join(', ');
}

/**
 * One line per week whose load changed by ≥ 3 %: "Week 6 lowered 12 % (410 → 360): 2 missed
 * sessions; at its ceiling, set by the acute:chronic workload ratio limit (1.3)."
 */
export function explainRevision(previous: RenderedPlan, merged: RenderedPlan, frozenWeeks: number, actual: ReadonlyMap<string, DayActual>): string[] {
  const happened = whatHappened(previous, frozenWeeks, actual);
  const fitness = (p: RenderedPlan, date: string) => p.projection.find((x) => x.date === date)?.ctl;
  const out: string[] = [];
  for (let w = frozenWeeks; w < merged.weeks.length; w++) {
    const before = previous.weeks[w]?.targetLoad;
    const after = merged.weeks[w].targetLoad;
    if (before === undefined || pct(after, before) < 3) continue;
    const start = merged.weeks[w].startDate;
    const ctlBefore = fitness(previous, start);
    const ctlAfter = fitness(merged, start);
    const cause = happened || (ctlBefore !== undefined && ctlAfter !== undefined && pct(ctlAfter, ctlBefore) >= 3
      ? `your fitness at its start is ${ctlAfter < ctlBefore ? 'lower' : 'higher'} than planned (${Math.round(ctlAfter)} vs ${Math.round(ctlBefore)})`
      : 'your latest runs and critical speed');
    const limit = merged.weeks[w].limitedBy.replace(/\.$/, '');
    out.push(`Week ${w + 1} ${after < before ? 'lowered' : 'raised'} ${pct(after, before)} % (${Math.round(before)} → ${Math.round(after)}): ${cause}; ${limit.charAt(0).toLowerCase()}${limit.slice(1)}.`);
  }
  return out;
}
