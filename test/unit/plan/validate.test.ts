import { describe, expect, it } from 'vitest';
import { buildPlanProblem, buildWeekTemplate, DEFAULT_PLAN_SCHEMA, decodePlan } from '../../../src/core/plan';
import type { PlanInput, PlanRequest, Weekday } from '../../../src/core/plan';
import { createRng, seedRng } from '../../../src/core/optimize';
import { DomainError } from '../../../src/core/errors';
import { maxViolation } from './constraints';
import { referenceInput } from './fixtures';

function messageOf(patch: Partial<PlanRequest>, athlete: Partial<PlanInput['athlete']> = {}): string {
  const base = referenceInput();
  try {
    buildPlanProblem({ ...base, request: { ...base.request, ...patch }, athlete: { ...base.athlete, ...athlete } });
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('invalid_plan_request');
    return (e as Error).message;
  }
  throw new Error('expected invalid_plan_request');
}

describe('plan request validation (precise messages)', () => {
  const cases: Array<[Partial<PlanRequest>, string]> = [
    [{ raceDistanceM: 400 }, 'Pick a race distance between 800 m and 100 km.'],
    [{ raceDate: '2025-02-30' }, 'Pick a race date that exists on the calendar (YYYY-MM-DD).'],
    [{ today: '6/1/2025' }, "Today's date is not a calendar date (6/1/2025)."],
    [{ raceDate: '2025-01-30' }, 'Pick a race date at least 4 weeks away.'],
    [{ raceDate: '2025-12-30' }, 'Pick a race date at most 30 weeks away.'],
    [{ daysPerWeek: 2 }, 'Choose 3 to 7 running days a week.'],
    [{ restDays: ['fri', 'sat'], daysPerWeek: 6 }, 'With 2 rest days there are only 5 days left to run: choose fewer running days or fewer rest days.'],
    [{ restDays: ['fri', 'fri'], daysPerWeek: 4 }, 'Each rest day can be picked only once.'],
    [{ restDays: ['friday' as Weekday] }, '"friday" is not a weekday: use mon, tue, wed, thu, fri, sat or sun.'],
    [{ longRunDay: 'fri' }, 'Friday is one of your rest days: pick another day for the long run.'],
    [{ minWeeklyLoad: 300, maxWeeklyLoad: 200 }, 'The maximum weekly load (200) must be above the minimum (300).'],
    [{ maxSessionLoad: -1 }, 'The largest session load must be a number above 0.'],
    [{ seed: 1.5 }, 'The seed must be a whole number from 0 to 4294967295.'],
  ];
  for (const [patch, message] of cases) it(message, () => expect(messageOf(patch)).toBe(message));

  it('says which field and value in details (for API clients)', () => {
    const base = referenceInput();
    try {
      buildPlanProblem({ ...base, request: { ...base.request, raceDate: '2025-01-30' } });
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as DomainError).details).toEqual({ field: 'raceDate', value: '2025-01-30' });
    }
  });

  it('rejects a bad athlete state', () => {
    expect(messageOf({}, { ctl: -1 })).toBe('athlete.ctl must be a finite number ≥ 0, got -1');
    expect(messageOf({}, { recentWeeklyLoads: [1, 2] as unknown as [number, number, number] })).toBe('athlete.recentWeeklyLoads must be 3 finite weekly loads ≥ 0, oldest first');
    expect(messageOf({}, { csMps: 0 })).toBe('athlete.csMps must be a number above 0.');
  });

  it('§5.3 timeline: plan start makes the race the morning after the last plan day (R = 7W)', () => {
    const p = buildPlanProblem({ ...referenceInput(), request: { ...referenceInput().request, today: '2025-01-03' } });
    expect(p.context.request.weeks).toBe(16);
    expect(p.context.request.startDay).toBe(p.context.request.raceDay - 112);
  });

  it('default: the race is the last day of the last week (R = 7W − 1), never more than 30 weeks', () => {
    const base = { ...referenceInput(), schema: undefined };
    const p = buildPlanProblem({ ...base, request: { ...base.request, today: '2025-01-03' } });
    expect(p.context.request.weeks).toBe(16);
    expect(p.context.request.startDay).toBe(p.context.request.raceDay - 111);
    const far = buildPlanProblem({ ...base, request: { ...base.request, today: '2024-09-24', raceDate: '2025-04-28' } });
    expect(far.context.request.weeks).toBe(30);
  });
});

describe('weekly template (§5.4)', () => {
  const all: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  it('for every availability: k running days, long on its day, quality days apart and not after the long run', () => {
    for (let k = 3; k <= 7; k++) {
      for (const longDay of all) {
        for (const rest of [[], ['fri'], ['mon', 'thu']] as Weekday[][]) {
          if (rest.includes(longDay) || 7 - rest.length < k) continue;
          const t = buildWeekTemplate(k, rest, longDay, DEFAULT_PLAN_SCHEMA);
          expect(t.roles.filter((r) => r !== 'rest').length).toBe(k);
          expect(t.roles[all.indexOf(longDay)]).toBe('long');
          for (const r of rest) expect(t.roles[all.indexOf(r)]).toBe('rest');
          const q = t.roles.map((r, i) => (r.startsWith('quality') ? i : -1)).filter((i) => i >= 0);
          if (q.length === 2) expect(Math.min((q[1] - q[0] + 7) % 7, (q[0] - q[1] + 7) % 7)).toBeGreaterThanOrEqual(2);
          expect(q.includes((all.indexOf(longDay) + 1) % 7)).toBe(false);
          expect(t.shares.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
          expect(t.shares[all.indexOf(longDay)]).toBeLessThanOrEqual(0.3 + 1e-12);
        }
      }
    }
  });

  it('default schema (workout-duration cap on): decoded plans stay feasible for random x', () => {
    const p = buildPlanProblem({ ...referenceInput(), schema: undefined });
    const rng = createRng(seedRng(99));
    for (let k = 0; k < 200; k++) {
      const x = p.bounds.map(([lo, hi]) => lo + (hi - lo) * rng.random());
      const d = decodePlan(p.context, x);
      expect(maxViolation(p.context, d)).toBeLessThanOrEqual(1e-9);
      d.loads.forEach((L, w) => expect(L).toBeLessThanOrEqual(p.context.capacity[w] * (1 + 1e-12)));
    }
  });
});
