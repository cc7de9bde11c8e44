/**
 * A lap as Pacelab stores and serves it, whatever file it came from: FIT `lap` messages
 * (Garmin FIT Profile, message lap 19) today, TCX `<Lap>` elements through the same shape
 * (issue 15). Times are ms since the epoch on the file's clock; figures are SI; a value the file
 * does not carry is absent, never 0.
 */
import type { FitLap } from '../fit/types';

export interface ActivityLap {
  /** 0-based within its session */
  index: number;
  /** ms since the epoch (device-relative when the file's clock is) */
  startMs?: number;
  /** seconds from the session's start */
  startOffsetS?: number;
  timerS?: number;
  elapsedS?: number;
  distanceM?: number;
  avgHr?: number;
  maxHr?: number;
  avgSpeedMps?: number;
  maxSpeedMps?: number;
  avgPowerW?: number;
  maxPowerW?: number;
  /** as the file records it: rpm, or strides per minute (one leg) for foot sports */
  avgCadence?: number;
  ascentM?: number;
  descentM?: number;
  calories?: number;
  /** manual, time, distance, position_*, session_end, fitness_equipment */
  trigger?: string;
  /** active, rest, warmup, cooldown, recovery, interval, other */
  intensity?: string;
}

function prune<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** FIT laps of one session → ActivityLap, in time order, indexed from 0. */
export function toActivityLaps(laps: readonly FitLap[], sessionStartMs: number | undefined): ActivityLap[] {
  const startOf = (l: FitLap): number | undefined => l.startTime ?? l.relativeStartTime;
  return [...laps]
    .sort((a, b) => (startOf(a) ?? 0) - (startOf(b) ?? 0) || a.index - b.index)
    .map((l, index) => prune({
      index,
      startMs: startOf(l),
      startOffsetS: startOf(l) !== undefined && sessionStartMs !== undefined ? (startOf(l)! - sessionStartMs) / 1000 : undefined,
      timerS: l.totalTimerTime,
      elapsedS: l.totalElapsedTime,
      distanceM: l.totalDistance,
      avgHr: l.avgHeartRate,
      maxHr: l.maxHeartRate,
      avgSpeedMps: l.avgSpeed,
      maxSpeedMps: l.maxSpeed,
      avgPowerW: l.avgPower,
      maxPowerW: l.maxPower,
      avgCadence: l.avgCadence,
      ascentM: l.totalAscent,
      descentM: l.totalDescent,
      calories: l.totalCalories,
      trigger: l.trigger,
      intensity: l.intensity,
    }));
}

/** Laps as the analysis wants them (FitTotals-like: start, elapsed, timer). */
export function toLapTotals(laps: readonly ActivityLap[]): Array<{ startTime?: number; totalElapsedTime?: number; totalTimerTime?: number }> {
  return laps.map((l) => ({ startTime: l.startMs, totalElapsedTime: l.elapsedS, totalTimerTime: l.timerS }));
}

/** Only automatic distance laps (or none): the runner marked no reps, so intervals are detected. */
export function hasOnlyAutoLaps(laps: readonly ActivityLap[]): boolean {
  return laps.every((l) => l.trigger === 'distance' || l.trigger === 'time' || l.trigger === 'session_end' || l.trigger === 'position_lap');
}
