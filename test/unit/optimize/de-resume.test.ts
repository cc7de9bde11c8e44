import { describe, expect, it } from 'vitest';
import { bestOf, buildTestProblem, initDe, isDeDone, parseDeState, serializeDeState, stepDe } from '../../../src/core/optimize';
import type { DeProblem, DeState } from '../../../src/core/optimize';

function runChunked(problem: DeProblem, seed: number, chunk: (i: number) => number, options = {}): { state: DeState; calls: number } {
  let text = serializeDeState(initDe(problem, options, seed));
  let calls = 0;
  for (;;) {
    const state = parseDeState(text);
    if (isDeDone(state)) return { state, calls };
    text = serializeDeState(stepDe(problem, state, { maxGenerations: chunk(calls) }));
    calls++;
  }
}

describe('resumable DE: repeatability and chunking (§6.3)', () => {
  const rosen = buildTestProblem('rosenbrock', 5);

  it('same seed → identical final state; another seed → a different run', () => {
    const a = stepDe(rosen, initDe(rosen, {}, 5));
    const b = stepDe(rosen, initDe(rosen, {}, 5));
    expect(serializeDeState(a)).toBe(serializeDeState(b));
    const c = stepDe(rosen, initDe(rosen, {}, 6));
    expect(serializeDeState(c)).not.toBe(serializeDeState(a));
  });

  for (const [label, chunk] of [
    ['1 generation', () => 1],
    ['7 generations', () => 7],
    ['irregular chunks', (i: number) => 1 + ((i * 7919) % 13)],
  ] as const) {
    it(`chunked (${label}, JSON round trip between chunks) == unchunked, bit for bit`, () => {
      for (const seed of [1, 42]) {
        const whole = stepDe(rosen, initDe(rosen, {}, seed));
        const { state, calls } = runChunked(rosen, seed, chunk);
        expect(calls).toBeGreaterThan(1);
        expect(serializeDeState(state)).toBe(serializeDeState(whole));
        expect(state).toEqual(whole);
      }
    });
  }

  it('chunked == unchunked with x0 and with maxEvaluations/deadline budgets', () => {
    const opts = { x0: [0.5, 0.5, 0.5, 0.5, 0.5], maxiter: 60, mutation: 0.8 as const };
    const whole = stepDe(rosen, initDe(rosen, opts, 3));
    let s = initDe(rosen, opts, 3);
    let ticks = 0;
    while (!isDeDone(s)) {
      s = parseDeState(serializeDeState(stepDe(rosen, s, { maxEvaluations: 200, deadline: () => ++ticks % 3 === 0 })));
    }
    expect(s).toEqual(whole);
    expect(whole.generation).toBe(60);
    expect(whole.converged).toBe(false);
    expect(whole.message).toBe('Maximum number of iterations has been exceeded.');
  });

  it('stepDe is pure: the input state is not mutated', () => {
    const s0 = stepDe(rosen, initDe(rosen, {}, 8), { maxGenerations: 3 });
    const before = serializeDeState(s0);
    const s1 = stepDe(rosen, s0, { maxGenerations: 4 });
    expect(serializeDeState(s0)).toBe(before);
    expect(s1.generation).toBe(7);
    expect(stepDe(rosen, s0, { maxGenerations: 4 })).toEqual(s1);
  });

  it('budgets: whole generations only, at least one per call', () => {
    const s0 = initDe(rosen, {}, 2);
    const size = s0.header.populationSize;
    expect(stepDe(rosen, s0, { maxEvaluations: 1 }).generation).toBe(1);
    const s2 = stepDe(rosen, s0, { maxEvaluations: 3 * size + size - 1 });
    expect(s2.generation).toBe(3);
    expect(s2.evaluations).toBe(4 * size);
    expect(stepDe(rosen, s0, { deadline: () => true }).generation).toBe(1);
  });

  it('best energy never increases and member 0 stays the best', () => {
    const problem = buildTestProblem('rastrigin', 6);
    let s = initDe(problem, {}, 4);
    let last = bestOf(s).energy;
    while (!isDeDone(s)) {
      s = stepDe(problem, s, { maxGenerations: 1 });
      const e = bestOf(s).energy;
      expect(e).toBeLessThanOrEqual(last);
      expect(Math.min(...s.energies)).toBe(e);
      last = e;
    }
    for (const row of s.population) for (const u of row) expect(u >= 0 && u <= 1).toBe(true);
  });

  it('a done state is returned as is; mismatching problems refuse to resume', () => {
    const done = stepDe(rosen, initDe(rosen, {}, 1));
    expect(stepDe(rosen, done)).toBe(done);
    const s = initDe(rosen, {}, 1);
    const other = { ...rosen, fingerprint: 'something-else' };
    expect(() => stepDe(other, s)).toThrowError(/fingerprint differs/);
    const wider = { ...rosen, bounds: rosen.bounds.map(() => [-5, 11] as const) };
    expect(() => stepDe(wider, s)).toThrowError(/bounds\[0\] differs/);
  });

  it('handles +Infinity energies (never converged while any is infinite) and round-trips them', () => {
    const walled: DeProblem = { dimensions: 2, bounds: [[-1, 1], [-1, 1]], objective: (x) => (x[0] > 0.5 ? Infinity : x[0] * x[0] + x[1] * x[1]) };
    const s = initDe(walled, { maxiter: 5 }, 1);
    expect(s.energies.some((e) => e === Infinity)).toBe(true);
    expect(parseDeState(serializeDeState(s))).toEqual(s);
    const end = stepDe(walled, s);
    expect(end.done).toBe(true);
  });
});
