/**
 * Portable seeded PRNG: SplitMix32-style seeding + xoshiro128** (Blackman & Vigna,
 * prng.di.unimi.it; SplitMix constants from Steele, Lea & Flood 2014, fmix32 from MurmurHash3).
 * Spec: ALGORITHMS.md §6.4. Only 32-bit integer ops (Math.imul, >>> 0), so every JS engine and the
 * Python reference produce the same stream — the basis of resumable, bit-identical DE runs.
 * The state is four uint32 numbers so it can be checkpointed as plain JSON.
 */

export type RngState = [number, number, number, number];

export interface Rng {
  /** Next raw uint32 output. */
  next(): number;
  /** Uniform double in [0, 1) with 53 random bits. */
  random(): number;
  /** lo + (hi − lo)·random(), NumPy's `uniform(lo, hi)` formula. */
  uniform(lo: number, hi: number): number;
  /** Unbiased integer in [0, n) by rejection. */
  integer(n: number): number;
  /** In-place Fisher–Yates from the end (NumPy's order). */
  shuffle(values: number[]): void;
  /** Copy of the current state, to checkpoint. */
  snapshot(): RngState;
}

/** Seeds the generator from a uint32; four SplitMix32 outputs become the xoshiro state. */
export function seedRng(seed: number): RngState {
  let a = seed >>> 0;
  const s: number[] = [];
  for (let i = 0; i < 4; i++) {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    z = (z ^ (z >>> 16)) >>> 0;
    s.push(z);
  }
  // xoshiro must never be all zero (it would output zeros forever).
  if (s[0] === 0 && s[1] === 0 && s[2] === 0 && s[3] === 0) s[0] = 1;
  return [s[0], s[1], s[2], s[3]];
}

/** 32-bit rotate left on int32 words. */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A generator working on a private copy of `state` (the input is never mutated). */
export function createRng(state: RngState): Rng {
  // An Int32Array keeps the words unboxed: closure variables holding uint32 values above 2³⁰
  // would be heap numbers in V8, which made next() ~4× slower.
  const s = Int32Array.from(state, (v) => v | 0);

  function next(): number {
    const s1 = s[1];
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s[2] ^= s[0];
    s[3] ^= s1;
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return r >>> 0;
  }

  function random(): number {
    const a = next() >>> 5;
    const b = next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  function integer(n: number): number {
    // Rejection keeps the draw unbiased; limit is the largest multiple of n ≤ 2³².
    const limit = Math.floor(4294967296 / n) * n;
    let r = next();
    while (r >= limit) r = next();
    // Exact for r < 2³² and n < 2³²; avoids the slow double `%` (fmod) on uint32 values ≥ 2³¹.
    return r - n * Math.floor(r / n);
  }

  return {
    next,
    random,
    uniform: (lo, hi) => lo + (hi - lo) * random(),
    integer,
    shuffle(values) {
      // The hot loop of DE (S draws per candidate, SciPy's persistent-index shuffle): the
      // xoshiro step is inlined on locals; identical to calling integer(i + 1) each time.
      let s0 = s[0];
      let s1 = s[1];
      let s2 = s[2];
      let s3 = s[3];
      for (let i = values.length - 1; i >= 1; i--) {
        const n = i + 1;
        const limit = Math.floor(4294967296 / n) * n;
        let r: number;
        do {
          r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
          const t = s1 << 9;
          s2 ^= s0;
          s3 ^= s1;
          s1 ^= s2;
          s0 ^= s3;
          s2 ^= t;
          s3 = rotl(s3, 11);
        } while (r >= limit);
        const j = r - n * Math.floor(r / n);
        const tmp = values[i];
        values[i] = values[j];
        values[j] = tmp;
      }
      s[0] = s0;
      s[1] = s1;
      s[2] = s2;
      s[3] = s3;
    },
    snapshot: () => [s[0] >>> 0, s[1] >>> 0, s[2] >>> 0, s[3] >>> 0],
  };
}
