/**
 * The README's plan walk-through must work on any day it is run: the race date is computed, and the
 * workout day is read from the plan itself (it once asked for a fixed 2026-08-04 and saved a 404
 * problem as workout.fit). The README's own `node -pe` expression is run here against a real plan.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderPlan, buildPlanProblem } from '../../../src/core/plan';

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

describe('README plan walk-through', () => {
  it('computes the race date and takes the workout day from the plan', () => {
    expect(README).not.toMatch(/\/days\/\d{4}-\d{2}-\d{2}\/workout\.fit/);
    expect(README).toContain('/days/$DAY/workout.fit');
    const pick = /DAY=\$\(curl[^\n]*\n\s*\| node -pe '([^']+)'\)/.exec(README);
    expect(pick).not.toBeNull();
    const input = {
      request: { raceDistanceM: 21097.5, today: '2026-12-02', raceDate: '2027-03-24', daysPerWeek: 5, restDays: ['fri' as const], longRunDay: 'sun' as const },
      athlete: { ctl: 20, atl: 20, recentWeeklyLoads: [150, 150, 150] as [number, number, number] },
    };
    const problem = buildPlanProblem(input);
    const plan = renderPlan(input, problem.bounds.map(([lo, hi]) => (lo + hi) / 2));
    const json = JSON.stringify(plan);
    const day = runInNewContext(pick![1], { require: () => ({ readFileSync: () => json }), JSON });
    const first = plan.weeks.flatMap((w) => w.days).find((d) => d.role !== 'rest' && d.role !== 'race')!;
    expect(day).toBe(first.date);
    const race = /RACE=\$\(node -pe '([^']+)'\)/.exec(README);
    const raceDate = runInNewContext(race![1], { Date });
    expect(Date.parse(raceDate) - Date.now()).toBeGreaterThan(15 * 7 * 864e5);
  });
});
