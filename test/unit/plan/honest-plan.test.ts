/**
 * Issue 12 item 6, an honest plan: where the critical speed comes from, a predicted finish instead
 * of p(R), no training day under 10 minutes, a runner's words, the same durations in the text, the
 * calendar and the FIT workout, and a race week that ends with the race (no hard day right before).
 */
import { describe, expect, it } from 'vitest';
import { bestOf, createRng, initDe, seedRng, stepDe } from '../../../src/core/optimize';
import {
  buildPlanProblem, decodePlan, DEFAULT_WORKOUT_LIBRARY, formatSpan, parseIsoDay, renderPlan, renderPlanIcs, workoutSteps,
} from '../../../src/core/plan';
import type { PlanDay, PlanInput, RenderedPlan } from '../../../src/core/plan';
import { maxViolation } from './constraints';
import { fitCriticalSpeed, type CriticalSpeedFit } from '../../../src/core/critical-speed';

/** A new runner: no history beyond the job's defaults, no critical speed. */
function newRunner(patch: Partial<PlanInput['request']> = {}): PlanInput {
  return {
    request: { raceDistanceM: 10_000, today: '2026-12-02', raceDate: '2027-02-14', daysPerWeek: 4, restDays: ['fri'], longRunDay: 'sun', ...patch },
    athlete: { ctl: 150 / 7, atl: 150 / 7, recentWeeklyLoads: [150, 150, 150], csMps: null, dPrimeM: null },
  };
}

function optimised(input: PlanInput, seed = 5): RenderedPlan {
  const problem = buildPlanProblem(input);
  return renderPlan(input, bestOf(stepDe(problem, initDe(problem, { tol: 1e-3, maxiter: 150 }, seed))).x);
}

const training = (plan: RenderedPlan): PlanDay[] => plan.weeks.flatMap((w) => w.days).filter((d) => d.role !== 'rest' && d.role !== 'race');

describe('an honest plan (issue 12 item 6)', () => {
  const plan = optimised(newRunner());

  it('a new runner: CS is a default, said so, with what to do to measure it', () => {
    expect(plan.csSource?.kind).toBe('default');
    if (plan.csSource?.kind !== 'default') return;
    expect(plan.csSource.howToMeasure).toMatch(/3-minute/);
    expect(plan.csSource.howToMeasure).toMatch(/12-minute/);
    expect(plan.csSource.howToMeasure).toMatch(/race/);
    expect(plan.notes.join(' ')).toMatch(/typical critical speed of 5:00\/km, not yours/);
  });

  it('measured CS: the source names the efforts used', () => {
    const input = newRunner();
    const efforts = [{ distanceM: 1000, timeS: 230, sessionId: 's1' }, { distanceM: 3000, timeS: 765, sessionId: 's2' }, { distanceM: 5000, timeS: 1305, sessionId: 's3' }];
    input.athlete = { ...input.athlete, csMps: 3.701, dPrimeM: 172.9, csEfforts: efforts };
    const p = optimised(input);
    expect(p.csSource).toEqual({ kind: 'measured', csMps: 3.701, dPrimeM: 172.9, efforts });
    // §3.4 synthetic example: 10 km 44:15 from CS 3.701, D′ 172.9
    expect(p.prediction).toMatchObject({ method: 'cs', fromDefault: false });
    expect(formatSpan(p.prediction!.finishS)).toBe('44 min 15 s');
    expect(p.notes.join(' ')).not.toMatch(/typical critical speed/);
    // no spread stored (an old fit): the two-effort ±3 %; a default CS gets no range at all
    expect(Math.abs(p.prediction!.lowS! - p.prediction!.finishS * 0.97)).toBeLessThanOrEqual(1);
    expect(Math.abs(p.prediction!.highS! - p.prediction!.finishS * 1.03)).toBeLessThanOrEqual(1);
    expect(plan.prediction!.lowS).toBeUndefined();
  });

  it('measured CS with its spread: the finish carries the fit\'s 80 % interval and the backtest sentence', () => {
    const input = newRunner();
    const fit = fitCriticalSpeed([
      { distanceM: 1000, timeS: 230, sessionId: 'a' }, { distanceM: 1609.344, timeS: 380, sessionId: 'b' },
      { distanceM: 3000, timeS: 765, sessionId: 'c' }, { distanceM: 5000, timeS: 1305, sessionId: 'd' },
    ], { maxDurationS: 1400 }) as CriticalSpeedFit;
    const sentence = 'Within 1.8 % on average on your last 4 races (at most 3.0 %; 2 of 4 inside the range), each predicted only from runs before it.';
    input.athlete = { ...input.athlete, csMps: fit.csMps, dPrimeM: fit.dPrimeM, csSpread: fit.spread, csBacktest: sentence };
    const p = optimised(input);
    const tenK = fit.predictions.find((x) => x.distanceM === 10000)!;
    expect(p.prediction).toMatchObject({ finishS: Math.round(tenK.timeS), lowS: Math.round(tenK.lowS!), highS: Math.round(tenK.highS!), backtest: sentence });
    expect(p.prediction!.lowS!).toBeLessThan(p.prediction!.finishS);
    expect(p.prediction!.highS!).toBeGreaterThan(p.prediction!.finishS);
  });

  it('predicts a finish time (a placeholder for a default CS) and keeps p(R) for the details only', () => {
    expect(plan.prediction).toMatchObject({ method: 'cs', fromDefault: true });
    expect(plan.prediction!.finishS).toBe(Math.round((10_000 - 200) / 3.33));
    expect(plan.prediction!.basis).toMatch(/placeholder/);
    expect(plan.notes.join(' ')).not.toMatch(/p\(R\)/);
    expect(plan.details?.join(' ')).toMatch(/p\(R\)/);
    const half = optimised(newRunner({ raceDistanceM: 21097.5 }));
    expect(half.prediction?.method).toBe('riegel-from-cs-10k');
  });

  it('no training day under 10 minutes, for many requests and random solutions (and the plan stays feasible)', () => {
    const rng = createRng(seedRng(99));
    const requests: Array<Partial<PlanInput['request']>> = [{}, { daysPerWeek: 3, restDays: [] }, { daysPerWeek: 7, restDays: [] }, { raceDistanceM: 42195, raceDate: '2027-05-02', daysPerWeek: 6 }, { raceDate: '2026-12-31' }];
    for (const patch of requests) {
      for (const athlete of [{}, { ctl: 3, atl: 5, recentWeeklyLoads: [20, 10, 15] as [number, number, number] }]) {
        const input = newRunner(patch);
        input.athlete = { ...input.athlete, ...athlete };
        const problem = buildPlanProblem(input);
        for (let k = 0; k < 8; k++) {
          const x = problem.bounds.map(([lo, hi]) => lo + (hi - lo) * rng.random());
          const p = renderPlan(input, x);
          for (const d of training(p)) expect(d.durationS, `${d.date} ${d.type}`).toBeGreaterThanOrEqual(600);
          expect(maxViolation(problem.context, decodePlan(problem.context, x))).toBeLessThanOrEqual(1e-9);
        }
      }
    }
  });

  it("speaks a runner's words: labels, notes; optimiser details only in `details`", () => {
    const labels = new Set(training(plan).map((d) => d.label));
    const marathon = optimised(newRunner({ raceDistanceM: 5000, raceDate: '2027-03-28' }));
    for (const d of training(marathon)) labels.add(d.label);
    expect([...labels]).toEqual(expect.arrayContaining(['Easy run', 'Long run', 'Tempo run', 'CS intervals', 'VO₂max intervals']));
    for (const d of training(plan)) {
      expect(d.label).not.toMatch(/_|Vo2|Cs /);
      expect(d.description).not.toMatch(/AU|CTL|TSB|domain/);
    }
    for (const n of plan.notes) expect(n).not.toMatch(/AU\b|CTL|ATL|TSB|differential|generations|m\/s|p\(R\)/);
    expect(plan.details?.some((d) => /Banister/.test(d))).toBe(true);
  });

  it('text, calendar and FIT workout say the same durations (a 90 s jog is "1 min 30 s" everywhere)', () => {
    const ics = renderPlanIcs(plan, { planId: 'p' }).replace(/\r\n /g, '');
    let sawJog = false;
    for (const d of training(plan)) {
      const type = DEFAULT_WORKOUT_LIBRARY.types.find((t) => t.id === d.type);
      const segs = d.segments!;
      expect(segs.reduce((s, g) => s + g.seconds, 0)).toBe(d.durationS);
      const steps = workoutSteps(d, { type, pace: { csMps: plan.csMps, dPrimeM: plan.dPrimeM, raceSpeedMps: 3 } });
      const timed = steps.reduce((s, st) => s + (st.duration.kind === 'time' ? st.duration.seconds : 0), 0);
      expect(timed).toBe(d.durationS);
      // every timed step's duration appears, exactly, in the text
      for (const st of steps) if (st.duration.kind === 'time' && !/Stride/.test(st.name)) expect(d.description).toContain(formatSpan(st.duration.seconds));
      expect(ics).toContain(`(${formatSpan(d.durationS)}`.replace(/,/g, '\\,'));
      if (d.type === 'cs_intervals') {
        sawJog = true;
        expect(d.description).toContain('with 1 min 30 s jog');
        expect(steps.filter((s) => s.name === 'Jog').every((s) => s.duration.kind === 'time' && s.duration.seconds === 90)).toBe(true);
      }
    }
    expect(sawJog).toBe(true);
  });

  it('the race week is 7 days ending with the race; the two days before it are easy or rest', () => {
    for (const p of [plan, optimised(newRunner({ raceDate: '2027-02-13', longRunDay: 'sat', restDays: ['mon'] }))]) {
      const last = p.weeks.at(-1)!;
      expect(last.days).toHaveLength(7);
      expect(last.days.at(-1)).toMatchObject({ role: 'race', date: p.raceDate, label: 'Race' });
      const race = parseIsoDay(p.raceDate)!;
      for (const d of last.days.slice(0, -1)) {
        if (race - parseIsoDay(d.date)! <= 2) expect(['easy', 'recovery', 'rest']).toContain(d.role);
      }
      for (const w of p.weeks) expect(w.days).toHaveLength(7);
    }
  });
});
