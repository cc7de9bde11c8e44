import { describe, expect, it } from 'vitest';
import { deriveAthleteState } from '../../../src/jobs/plan-athlete';
import { formatIsoDay } from '../../../src/core/plan';
import type { PlanHistoryFacts } from '../../../src/ports';

/** A year of daily loads and one hard 10-minute effort a week whose CS-equivalent follows a known model. */
function facts(truth: { p0: number; k1: number; k2: number; tau1: number; tau2: number }, withEfforts: boolean): { facts: PlanHistoryFacts; today: string } {
  const first = 20_000;
  const days = 300;
  const loads = Array.from({ length: days }, (_, d) => (d % 7 === 4 ? 0 : 40 + 25 * Math.sin(d / 9) + (Math.floor(d / 7) % 4 === 3 ? -20 : 0)));
  const efforts = [];
  for (let d = 30; d < days; d += 7) {
    let p = truth.p0;
    for (let i = 0; i < d; i++) p += loads[i] * (truth.k1 * Math.exp(-(d - i) / truth.tau1) - truth.k2 * Math.exp(-(d - i) / truth.tau2));
    efforts.push({ distanceM: p * 600 + 200, timeS: 600, date: formatIsoDay(first + d) });
  }
  return {
    today: formatIsoDay(first + days),
    facts: {
      days: [], dPrimeM: 200, csMps: 3.5,
      loadsYear: loads.map((load, d) => ({ date: formatIsoDay(first + d), load })),
      effortsYear: withEfforts ? efforts : efforts.slice(0, 3),
    },
  };
}

describe("plans use the runner's own Banister model when their history supports it", () => {
  const truth = { p0: 3.3, k1: 0.0009, k2: 0.0022, tau1: 38, tau2: 9 };

  it('fits k₁, k₂, τ₁, τ₂ from weekly best efforts and stores them with the fit quality', () => {
    const { facts: f, today } = facts(truth, true);
    const { athlete } = deriveAthleteState(f, today);
    expect(athlete.modelFit?.status).toBe('fitted');
    expect(athlete.model!.tau1).toBeCloseTo(truth.tau1, 0);
    expect(Math.abs(athlete.model!.k2 / truth.k2 - 1)).toBeLessThan(0.1);
    expect(athlete.modelFit!.r2).toBeGreaterThan(0.99);
  });

  it('falls back to the defaults with a reason when there are too few efforts', () => {
    const { facts: f, today } = facts(truth, false);
    const { athlete } = deriveAthleteState(f, today);
    expect(athlete.model).toBeUndefined();
    expect(athlete.modelFit).toMatchObject({ status: 'insufficient', tests: 3 });
    expect(athlete.modelFit!.reason).toMatch(/Too few hard efforts/);
  });
});
