import { describe, expect, it } from 'vitest';
import { buildTestProblem, decodeDoubles, encodeDoubles, initDe, parseDeState, serializeDeState } from '../../../src/core/optimize';
import { isDomainError } from '../../../src/core/errors';

describe('exact DE checkpoints', () => {
  it('round-trips −0, ±Infinity, NaN, subnormals and extreme doubles bit for bit', () => {
    const values = [-0, 0, Infinity, -Infinity, NaN, 5e-324, -Number.MAX_VALUE, 0.1 + 0.2, 1 / 3];
    for (let len = 0; len <= values.length; len++) {
      const slice = values.slice(0, len);
      const back = decodeDoubles(encodeDoubles(slice), slice.length, 'test');
      back.forEach((v, i) => expect(Object.is(v, slice[i])).toBe(true));
    }
  });

  it('a state with special doubles survives serialise → parse exactly (where plain JSON would not)', () => {
    const problem = { ...buildTestProblem('sphere', 3), bounds: [[-0, 1], [-1, 1], [-1, 1]] as const };
    const s = initDe(problem, { tol: -0, x0: [-0, 0.25, -0.5] }, 12);
    s.energies[1] = Infinity;
    s.energies[2] = NaN;
    s.population[3][1] = -0;
    const back = parseDeState(serializeDeState(s));
    expect(Object.is(back.header.lower[0], -0)).toBe(true);
    expect(Object.is(back.population[3][1], -0)).toBe(true);
    expect(Object.is(back.header.options.tol, -0)).toBe(true);
    expect(back.energies[1]).toBe(Infinity);
    expect(Number.isNaN(back.energies[2])).toBe(true);
    expect(serializeDeState(back)).toBe(serializeDeState(s));
    expect(JSON.parse(JSON.stringify(s)).energies[1]).toBeNull(); // why the encoding exists
  });

  it('rejects damaged checkpoints with code invalid_de_state and a precise message', () => {
    const good = JSON.parse(serializeDeState(initDe(buildTestProblem('sphere', 2), {}, 1)));
    const cases: Array<[unknown, RegExp]> = [
      ['not json', /not valid JSON/],
      [{ ...good, format: 'x' }, /format must be/],
      [{ ...good, population: good.population.slice(4) }, /population must be base64 of 60 float64/],
      [{ ...good, index: good.index.map(() => 0) }, /index must be a permutation/],
      [{ ...good, rng: [1, 2, 3] }, /rng must hold 4 uint32/],
      [{ ...good, generation: -1 }, /generation must be an integer/],
    ];
    for (const [raw, message] of cases) {
      const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
      try {
        parseDeState(text);
        expect.unreachable();
      } catch (e) {
        expect(isDomainError(e) && e.code).toBe('invalid_de_state');
        expect((e as Error).message).toMatch(message);
      }
    }
  });
});
