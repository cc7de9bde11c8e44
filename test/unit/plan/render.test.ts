import { describe, expect, it } from 'vitest';
import { bestOf, initDe, stepDe } from '../../../src/core/optimize';
import { buildPlanProblem, buildWorkout, DEFAULT_WORKOUT_LIBRARY, formatPace, parseIsoDay, renderPlan, segmentLoad, vo2RepSpeed, weekdayIndex } from '../../../src/core/plan';
import type { PlanInput } from '../../../src/core/plan';
import { REFERENCE_X, referenceInput } from './fixtures';

const PHASE_ORDER = ['base', 'build', 'specific', 'taper'];

function moderateInput(): PlanInput {
  return {
    request: { raceDistanceM: 10_000, today: '2025-03-05', raceDate: '2025-05-18', daysPerWeek: 5, restDays: ['mon', 'fri'], longRunDay: 'sat' },
    athlete: { ctl: 30, atl: 32, recentWeeklyLoads: [200, 210, 220] },
  };
}

function checkInvariants(input: PlanInput, x: number[]) {
  const plan = renderPlan(input, x);
  const raceInLastWeek = input.schema?.rules.raceInLastWeek !== false;
  const phases = plan.weeks.map((w) => PHASE_ORDER.indexOf(w.phase));
  expect(phases).toEqual([...phases].sort((a, b) => a - b));
  expect(plan.weeks.slice(-2).map((w) => w.phase)).toEqual(['taper', 'taper']);
  const race = parseIsoDay(input.request.raceDate) as number;
  const days = plan.weeks.flatMap((w) => w.days);
  expect(days.at(-1)?.type).toBe('race');
  expect(days.at(-1)?.date).toBe(input.request.raceDate);
  // Race in the last week: every week is 7 days, the race its last; §5.3 timeline: the race the morning after.
  plan.weeks.forEach((w, i) => expect(w.days.length).toBe(!raceInLastWeek && i === plan.weeks.length - 1 ? 8 : 7));
  const training = days.slice(0, -1);
  expect(training.length).toBe(plan.weeks.length * 7 - (raceInLastWeek ? 1 : 0));
  training.forEach((d, i) => expect(parseIsoDay(d.date)).toBe(race - training.length + i));
  const names = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const raceWeek = new Set(plan.weeks.at(-1)!.days.map((d) => d.date));
  for (const d of training) {
    const wd = names[weekdayIndex(parseIsoDay(d.date) as number)];
    if (input.request.restDays?.includes(wd as 'mon')) expect(d.type).toBe('rest');
    const daysToRace = race - (parseIsoDay(d.date) as number);
    if (raceInLastWeek && daysToRace <= 2) expect(['easy', 'recovery', 'rest']).toContain(d.role);
    else if (wd === (input.request.longRunDay ?? 'sun') && !(raceInLastWeek && raceWeek.has(d.date))) expect(d.role).toBe('long');
    else if (wd !== (input.request.longRunDay ?? 'sun')) expect(d.role).not.toBe('long');
    if (raceInLastWeek && d.role !== 'rest') expect(d.durationS).toBeGreaterThanOrEqual(600);
  }
  for (const w of plan.weeks) {
    const runs = w.days.filter((d) => d.role !== 'rest' && d.role !== 'race').length;
    if (w !== plan.weeks.at(-1)) expect(runs).toBe(input.request.daysPerWeek);
    else expect(runs).toBeLessThanOrEqual(input.request.daysPerWeek);
    const sum = w.days.reduce((s, d) => s + d.load, 0);
    expect(sum).toBeLessThanOrEqual(w.targetLoad * 1.001 + 0.5); // lighter than decoded, never heavier
  }
  expect(plan.projection.length).toBe(training.length + 1);
  expect(plan.projection.at(-1)?.date).toBe(input.request.raceDate);
  return plan;
}

describe('plan rendering (§5.4–5.6)', () => {
  it('reference scenario: invariants hold and every week explains its ceiling', () => {
    const plan = checkInvariants(referenceInput(), REFERENCE_X);
    expect(plan.performance).toBe(2502.85901921875);
    expect(plan.weeks[0].limitedBy).toMatch(/acute:chronic/);
    expect(plan.weeks[2].limitedBy).toMatch(/ramp/);
    expect(plan.weeks[3].limitedBy).toMatch(/recovery week/);
    expect(plan.weeks[8].limitedBy).toMatch(/session cap/);
    expect(plan.csDefaulted).toBe(false);
    const taperRatio = (plan.weeks[14].targetLoad + plan.weeks[15].targetLoad) / 2 / ((plan.weeks[11].targetLoad + plan.weeks[12].targetLoad + plan.weeks[13].targetLoad) / 3);
    expect(taperRatio).toBeCloseTo(0.6, 6);
  });

  it('default schema: the workout-duration cap keeps the reference plan fully placeable', () => {
    const input = { ...referenceInput(), schema: undefined };
    const problem = buildPlanProblem(input);
    const best = bestOf(stepDe(problem, initDe(problem, { tol: 1e-4 }, 2)));
    const plan = checkInvariants(input, best.x);
    expect(plan.details?.some((n) => /did not fit/.test(n))).toBe(false);
    expect(plan.weeks.some((w) => /longest workouts/.test(w.limitedBy))).toBe(true);
  });

  it('moderate plan from a DE run: workouts sum to the day loads within rounding; CS defaults are announced', () => {
    const input = moderateInput();
    const problem = buildPlanProblem(input);
    const best = bestOf(stepDe(problem, initDe(problem, { tol: 1e-4 }, 3)));
    const plan = checkInvariants(input, best.x);
    expect(plan.csDefaulted).toBe(true);
    expect(plan.notes.some((n) => /typical critical speed/.test(n))).toBe(true);
    for (const w of plan.weeks.slice(0, -2)) {
      // Steady parts are whole minutes rounded down: at most a minute lighter per run.
      const sum = w.days.reduce((s, d) => s + d.load, 0);
      expect(sum).toBeLessThanOrEqual(w.targetLoad + 1e-6);
      expect(Math.abs(sum - w.targetLoad)).toBeLessThan(0.02 * w.targetLoad);
    }
  });

  it('inverse load formula and §5.5 paces for CS 3.701 m/s, D′ 172.9 m', () => {
    expect(vo2RepSpeed(3.701, 172.9, 180, 0.3)).toBeCloseTo(3.989, 3);
    expect(formatPace(vo2RepSpeed(3.701, 172.9, 180, 0.3))).toBe('4:11/km');
    expect(vo2RepSpeed(3.701, 172.9, 180, 0.6)).toBeCloseTo(4.277, 3);
    expect(formatPace(vo2RepSpeed(3.701, 172.9, 180, 0.6))).toBe('3:54/km');
    expect(vo2RepSpeed(3.701, 172.9, 300, 0.4)).toBeCloseTo(3.932, 3);
    expect(formatPace(vo2RepSpeed(3.701, 172.9, 300, 0.4))).toBe('4:14/km');
    const easy = DEFAULT_WORKOUT_LIBRARY.types.find((t) => t.id === 'easy')!;
    const w = buildWorkout(easy, 50, { csMps: 3.701, dPrimeM: 172.9, raceSpeedMps: 3.3 });
    expect(w.durationS).toBe(Math.floor((36 * 50) / 0.76 ** 2 / 60) * 60); // whole minutes, rounded down
    expect(w.load).toBeLessThanOrEqual(50);
    expect(w.load).toBeGreaterThan(50 - segmentLoad(60, 0.76 * 3.701, 3.701));
    expect(w.targetSpeedMps).toBeCloseTo(0.76 * 3.701, 9);
  });
});
