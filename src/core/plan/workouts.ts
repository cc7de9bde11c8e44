/**
 * Day load → workout (ALGORITHMS.md §5.5). Load is the PMC's pace load (rTSS-equivalent, §1.9):
 * a segment at speed v for t s costs 100·(t/3600)·(v/CS)², so a steady run's duration is the inverse
 * t = 36·load/(v/CS)², clamped to the type's bounds. VO₂ reps use v = CS + f·D′/t_rep (Jones &
 * Vanhatalo 2017); equal-time jogs at 0.65 CS. Durations the runner chooses (steady parts, the
 * progression split) are whole minutes, rounded down so a day is never heavier than its load;
 * reps, jogs and strides keep the library's seconds. The description is written from the same
 * segments the calendar and the FIT workout use (`formatSpan`), so all three say the same thing.
 */
import type { WorkoutType } from './types';

export interface Segment {
  seconds: number;
  speedMps: number;
  label: 'warm-up' | 'main' | 'rep' | 'jog' | 'finish' | 'strides' | 'cool-down';
}

export interface BuiltWorkout {
  type: string;
  /** the type's name, in a runner's words */
  label: string;
  segments: Segment[];
  durationS: number;
  distanceM: number;
  load: number;
  /** Speed of the defining part (the reps, the tempo, the steady run). */
  targetSpeedMps: number;
  /** Seconds at ≥ 0.88 CS (the intensity-distribution check, Seiler 2010). */
  hardS: number;
  description: string;
}

export interface PaceContext {
  csMps: number;
  dPrimeM: number;
  /** Goal race speed (for marathon-pace finishes). */
  raceSpeedMps: number;
}

const EASY_CS = 0.76;

export function segmentLoad(seconds: number, speedMps: number, csMps: number): number {
  const f = speedMps / csMps;
  return 100 * (seconds / 3600) * f * f;
}

/** §5.5 VO₂ rep speed: CS + f·D′/t_rep (f ∈ [0.3, 0.6]). */
export function vo2RepSpeed(csMps: number, dPrimeM: number, repS: number, fraction: number): number {
  return csMps + (fraction * dPrimeM) / repS;
}

/** Inverse of the pace load for a steady run: t = 36·load/(v/CS)², in seconds. */
export function durationForLoad(load: number, speedMps: number, csMps: number): number {
  const f = speedMps / csMps;
  return (36 * load) / (f * f);
}

export function formatPace(speedMps: number): string {
  const s = Math.round(1000 / speedMps);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}/km`;
}

/** "45 min", "1 min 30 s", "20 s", "1 h 05 min": exact, never rounded (90 s is not "2 min"). */
export function formatSpan(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const main = h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min`;
  return rest > 0 ? `${main} ${rest} s` : main;
}

const minutes = formatSpan;
/** Whole minutes, rounded down (a day is lighter than its load, never heavier). */
const wholeMinutes = (s: number): number => Math.floor(s / 60) * 60;
const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));

function finish(type: WorkoutType, segments: Segment[], p: PaceContext, targetSpeedMps: number, detail: string): BuiltWorkout {
  const kept = segments.filter((s) => s.seconds > 0);
  let load = 0;
  let durationS = 0;
  let distanceM = 0;
  let hardS = 0;
  for (const s of kept) {
    load += segmentLoad(s.seconds, s.speedMps, p.csMps);
    durationS += s.seconds;
    distanceM += s.seconds * s.speedMps;
    if (s.speedMps >= 0.88 * p.csMps) hardS += s.seconds;
  }
  return { type: type.id, label: type.name, segments: kept, durationS, distanceM, load, targetSpeedMps, hardS, description: `${type.description}: ${detail}.` };
}

/**
 * Builds the workout of `type` whose pace load is as close to `load` as the type's bounds allow.
 * `minScale` < 1 shortens the minimum duration / rep count (taper weeks: less volume, same intensity).
 */
export function buildWorkout(type: WorkoutType, load: number, p: PaceContext, minScale = 1): BuiltWorkout {
  const cs = p.csMps;
  const mid = ((type.speedCs[0] + type.speedCs[1]) / 2) * cs;
  const easy = EASY_CS * cs;
  const wu = type.warmupS ?? 0;
  const cd = type.cooldownS ?? 0;
  const fixed = segmentLoad(wu, easy, cs) + segmentLoad(cd, easy, cs);
  const minS = Math.ceil((type.durationS[0] * minScale) / 60) * 60;
  const maxS = type.durationS[1];
  const around = (main: Segment[]): Segment[] => [{ seconds: wu, speedMps: easy, label: 'warm-up' }, ...main, { seconds: cd, speedMps: easy, label: 'cool-down' }];

  if (type.structure === 'intervals' && type.reps) {
    const r = type.reps;
    const work = r.dPrimeFraction !== undefined ? vo2RepSpeed(cs, p.dPrimeM, r.workS, r.dPrimeFraction) : mid;
    const jog = r.jogSpeedCs * cs;
    const perRep = segmentLoad(r.workS, work, cs) + segmentLoad(r.jogS, jog, cs);
    const count = clamp(Math.round((load - fixed) / perRep), Math.max(1, Math.round(r.count[0] * minScale)), r.count[1]);
    const main: Segment[] = [];
    for (let i = 0; i < count; i++) main.push({ seconds: r.workS, speedMps: work, label: 'rep' }, { seconds: r.jogS, speedMps: jog, label: 'jog' });
    return finish(type, around(main), p, work, `${minutes(wu)} warm-up, ${count} × ${minutes(r.workS)} at ${formatPace(work)} with ${minutes(r.jogS)} jog, ${minutes(cd)} cool-down`);
  }
  if (type.structure === 'progression' && type.finish) {
    const fast = type.finish.speedCs === 'race' ? p.raceSpeedMps : type.finish.speedCs * cs;
    const share = type.finish.share;
    const f2 = (1 - share) * (mid / cs) ** 2 + share * (fast / cs) ** 2;
    const total = wholeMinutes(clamp((36 * load) / f2, minS, maxS));
    const last = wholeMinutes(total * share);
    const segs: Segment[] = [{ seconds: total - last, speedMps: mid, label: 'main' }, { seconds: last, speedMps: fast, label: 'finish' }];
    return finish(type, segs, p, mid, `${minutes(total)}, the last ${minutes(last)} at ${formatPace(fast)} (first part ${formatPace(mid)})`);
  }
  if (type.structure === 'strides' && type.strides) {
    const st = type.strides;
    const fast = 1500 / ((1500 - p.dPrimeM) / cs); // ≈ 1500 m race speed from the CS model (§3.4)
    const sLoad = st.count * segmentLoad(st.seconds, fast, cs);
    const main = wholeMinutes(clamp(durationForLoad(Math.max(0, load - sLoad), mid, cs), minS, maxS));
    const segs: Segment[] = [{ seconds: main, speedMps: mid, label: 'main' }, { seconds: st.count * st.seconds, speedMps: fast, label: 'strides' }];
    return finish(type, segs, p, mid, `${minutes(main)} at ${formatPace(mid)}, then ${st.count} × ${st.seconds} s strides at ${formatPace(fast)}`);
  }
  // Steady: easy, long, recovery (no warm-up) or tempo (warm-up + main + cool-down, main bounded).
  const main = wholeMinutes(clamp(durationForLoad(Math.max(0, load - fixed), mid, cs), minS, maxS));
  const detail = wu + cd > 0 ? `${minutes(wu)} warm-up, ${minutes(main)} at ${formatPace(mid)}, ${minutes(cd)} cool-down` : `${minutes(main)} at ${formatPace(mid)}`;
  return finish(type, around([{ seconds: main, speedMps: mid, label: 'main' }]), p, mid, detail);
}
