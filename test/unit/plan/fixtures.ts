import { DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY, renderPlan } from '../../../src/core/plan';
import type { PlanDay, PlanInput, RenderedPlan } from '../../../src/core/plan';

/** The exact §5.3 decoder: without the (default-on) workout-duration cap, the race the morning after 7·W plan days. */
export const SECTION_5_3_SCHEMA = { ...DEFAULT_PLAN_SCHEMA, rules: { ...DEFAULT_PLAN_SCHEMA.rules, capByWorkoutDurations: false, raceInLastWeek: false } };

/** ALGORITHMS.md §5.3 reference scenario: W = 16 (Monday start), CTL = ATL = 40, Fri rest, Sun long. */
export function referenceInput(overrides: Partial<PlanInput['athlete']> = {}): PlanInput {
  return {
    request: {
      raceDistanceM: 42195, today: '2025-01-06', raceDate: '2025-04-28', daysPerWeek: 6, restDays: ['fri'], longRunDay: 'sun',
      minWeeklyLoad: 100, maxWeeklyLoad: 700, maxSessionLoad: 200,
    },
    athlete: { ctl: 40, atl: 40, recentWeeklyLoads: [280, 280, 280], csMps: 3.701, dPrimeM: 172.9, ...overrides },
    schema: SECTION_5_3_SCHEMA,
  };
}

export const REFERENCE_X = [...Array(14).fill(1), 0.6, 0.866];

/** The reference plan rendered, its days, race-day pace and lookups — what the workout tests share. */
export function referencePlanDays() {
  const plan: RenderedPlan = renderPlan(referenceInput(), REFERENCE_X);
  const days = plan.weeks.flatMap((w) => w.days);
  const race = days.find((d) => d.role === 'race')!;
  const pace = { csMps: plan.csMps, dPrimeM: plan.dPrimeM, raceSpeedMps: race.targetSpeedMps! };
  const typeOf = (d: PlanDay) => DEFAULT_WORKOUT_LIBRARY.types.find((t) => t.id === d.type);
  const dayOf = (type: string) => days.find((d) => d.type === type)!;
  return { plan, days, race, pace, typeOf, dayOf };
}
