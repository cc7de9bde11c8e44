/** Synthetic record streams for the analysis tests (generated in code, no files). */
import type { FitEvent, RecordChannel, RecordColumns } from '../../../src/core/fit/types';

export const T0 = Date.UTC(2024, 4, 5, 7, 0, 0);

/** Builds RecordColumns from seconds-since-start and plain channel arrays. */
export function makeRecords(tS: readonly number[], channels: Partial<Record<RecordChannel, readonly number[]>>, t0 = T0): RecordColumns {
  const out: RecordColumns = { length: tS.length, timestamp: Float64Array.from(tS, (s) => t0 + s * 1000), channels: {} };
  for (const [k, v] of Object.entries(channels)) out.channels[k as RecordChannel] = Float64Array.from(v as number[]);
  return out;
}

export function range(n: number, f: (i: number) => number = (i) => i): number[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

/** Deterministic LCG in [0, 1) (tests only). */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

export function timerEvents(pairs: Array<[number, 'start' | 'stop_all']>, t0 = T0): FitEvent[] {
  return pairs.map(([s, type]) => ({ timestamp: t0 + s * 1000, event: 'timer', eventType: type }));
}

/** Latitude (deg) after running `m` metres due north from the equator (haversine on a meridian is exact). */
export function latForMetres(m: number): number {
  return (m / 6371008.8) * (180 / Math.PI);
}
