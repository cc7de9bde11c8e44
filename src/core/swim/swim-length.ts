/**
 * A pool length as Pacelab stores and serves it (Garmin FIT Profile, message `length` 101; the
 * session's `pool_length` 44 and `pool_length_unit` 46). A watch counts a pool swim's distance as
 * its active lengths × the pool's length: the records of many watches carry heart rate only.
 * Times are ms since the epoch on the file's clock; a value the file does not carry is absent.
 */
import type { FitLength } from '../fit/types';

export interface SwimLength {
  /** 0-based within its session, in time order */
  index: number;
  /** 'active' (a length swum) or 'idle' (a rest at the wall) */
  type: 'active' | 'idle';
  /** ms since the epoch (device-relative when the file's clock is) */
  startMs?: number;
  /** seconds from the session's start */
  startOffsetS?: number;
  elapsedS?: number;
  timerS?: number;
  /** the pool's length for an active length; absent for a rest */
  distanceM?: number;
  /** m/s as the watch measured it */
  avgSpeedMps?: number;
  strokes?: number;
  /** freestyle, backstroke, breaststroke, butterfly, drill, mixed, im… */
  stroke?: string;
  /** strokes per minute */
  cadenceSpm?: number;
}

function prune<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/**
 * FIT lengths of one session → SwimLength in time order. A length without a type counts as active
 * when the watch measured strokes or speed for it (older files leave length_type out).
 */
export function toSwimLengths(lengths: readonly FitLength[], poolLengthM: number | undefined, sessionStartMs: number | undefined): SwimLength[] {
  const startOf = (l: FitLength): number | undefined => l.startTime ?? l.relativeStartTime;
  return [...lengths]
    .sort((a, b) => (startOf(a) ?? 0) - (startOf(b) ?? 0) || a.index - b.index)
    .map((l, index) => {
      const active = l.lengthType ? l.lengthType === 'active' : (l.totalStrokes ?? 0) > 0 || (l.avgSpeed ?? 0) > 0;
      const start = startOf(l);
      return prune({
        index,
        type: active ? 'active' : 'idle',
        startMs: start,
        startOffsetS: start !== undefined && sessionStartMs !== undefined ? (start - sessionStartMs) / 1000 : undefined,
        elapsedS: l.totalElapsedTime,
        timerS: l.totalTimerTime,
        distanceM: active && poolLengthM !== undefined && poolLengthM > 0 ? poolLengthM : undefined,
        avgSpeedMps: active ? l.avgSpeed : undefined,
        strokes: active ? l.totalStrokes : undefined,
        stroke: active ? l.swimStroke : undefined,
        cadenceSpm: active ? l.avgSwimmingCadence : undefined,
      } satisfies SwimLength);
    });
}

/** The part of a length the distance rule needs (stats input; SwimLength satisfies it). */
export interface LengthSpan {
  type: 'active' | 'idle';
  startMs?: number;
  elapsedS?: number;
  timerS?: number;
  distanceM?: number;
}

/** A pool swim's distance as the watch counts it: the sum of its active lengths. */
export function sumActiveDistanceM(lengths: readonly LengthSpan[]): number {
  let total = 0;
  for (const l of lengths) if (l.type === 'active' && l.distanceM !== undefined) total += l.distanceM;
  return total;
}
