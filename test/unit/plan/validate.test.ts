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
    [{ raceDistanceM: 400 }, 'raceDistanceM must be between 800 and 100000 metres, got 400'],
    [{ raceDate: '2025-02-30' }, 'raceDate must be a calendar date YYYY-MM-DD, got 2025-02-30'],
    [{ today: '6/1/2025' }, 'today must be a calendar date YYYY-MM-DD, got 6/1/2025'],
    [{ raceDate: '2025-01-30' }, 'raceDate must be at least 28 days after today (2025-01-06), got 24'],
    [{ raceDate: '2025-12-30' }, 'raceDate must be at most 216 days (30 weeks) after today (2025-01-06), got 358'],
    [{ daysPerWeek: 2 }, 'daysPerWeek must be an integer from 3 to 7, got 2'],
    [{ restDays: ['fri', 'sat'], daysPerWeek: 6 }, 'daysPerWeek (6) exceeds the 5 days left after restDays'],
    [{ restDays: ['fri', 'fri'], daysPerWeek: 4 }, 'restDays must not repeat a day'],
    [{ restDays: ['friday' as Weekday] }, 'restDays must contain weekdays mon … sun, got friday'],
    [{ longRunDay: 'fri' }, 'longRunDay (fri) is one of the restDays'],
    [{ minWeeklyLoad: 300, maxWeeklyLoad: 200 }, 'maxWeeklyLoad (200) must be greater than minWeeklyLoad (300)'],
    [{ maxSessionLoad: -1 }, 'maxSessionLoad must be a finite number > 0, got -1'],
    [{ seed: 1.5 }, 'seed must be an integer in [0, 4294967295], got 1.5'],
  ];
  for (const [patch, message] of cases) it(message, () => expect(messageOf(patch)).toBe(message));

  it('rejects a bad athlete state', () => {
    expect(messageOf({}, { ctl: -1 })).toBe('athlete.ctl must be a finite number ≥ 0, got -1');
    expect(messageOf({}, { recentWeeklyLoads: [1, 2] as unknown as [number, number, number] })).toBe('athlete.recentWeeklyLoads must be 3 finite weekly loads ≥ 0, oldest first');
    expect(messageOf({}, { csMps: 0 })).toBe('athlete.csMps must be a finite number > 0, got 0');
  });

  it('plan start makes the race the morning after the last plan day (R = 7W)', () => {
    const p = buildPlanProblem({ ...referenceInput(), request: { ...referenceInput().request, today: '2025-01-03' } });
    expect(p.context.request.weeks).toBe(16);
    expect(p.context.request.startDay).toBe(p.context.request.raceDay - 112);
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
