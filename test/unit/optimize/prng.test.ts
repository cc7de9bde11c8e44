import { describe, expect, it } from 'vitest';
import { createRng, seedRng } from '../../../src/core/optimize/prng';

describe('portable PRNG (ALGORITHMS.md §6.4)', () => {
  it('reproduces the seed-42 test vector: outputs, state and first random()', () => {
    const rng = createRng(seedRng(42));
    expect([rng.next(), rng.next(), rng.next(), rng.next()]).toEqual([2837322924, 544945897, 479756282, 3500138142]);
    expect(rng.snapshot()).toEqual([2211311650, 1639752229, 3329302215, 2393945593]);
    expect(createRng(seedRng(42)).random()).toBe(0.6606157208001621);
  });

  it('never mutates the state it was created from, and resumes from a snapshot', () => {
    const state = seedRng(7);
    const copy = [...state];
    const a = createRng(state);
    a.next();
    a.random();
    expect(state).toEqual(copy);
    const snap = a.snapshot();
    const b = createRng(snap);
    expect([a.next(), a.random(), a.integer(17)]).toEqual([b.next(), b.random(), b.integer(17)]);
  });

  it('keeps every word a uint32 and random() in [0, 1)', () => {
    const rng = createRng(seedRng(0xffffffff));
    for (let i = 0; i < 10_000; i++) {
      const r = rng.random();
      expect(r >= 0 && r < 1).toBe(true);
    }
    for (const w of rng.snapshot()) expect(Number.isInteger(w) && w >= 0 && w <= 0xffffffff).toBe(true);
  });

  it('integer(n) is uniform enough and in range; shuffle is a permutation', () => {
    const rng = createRng(seedRng(3));
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.integer(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    const values = Array.from({ length: 50 }, (_, i) => i);
    rng.shuffle(values);
    expect([...values].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(values).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('integer(n) equals the spec formula r mod n, including draws ≥ 2³¹', () => {
    const a = createRng(seedRng(11));
    const b = createRng(seedRng(11));
    for (let i = 0; i < 2000; i++) {
      const n = 1 + (i % 300);
      const limit = Math.floor(4294967296 / n) * n;
      let r = b.next();
      while (r >= limit) r = b.next();
      expect(a.integer(n)).toBe(r % n);
    }
  });
});
