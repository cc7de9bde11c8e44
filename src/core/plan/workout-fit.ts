/**
 * One plan day → a FIT workout file (Garmin FIT SDK profile: file_id type 5 "workout", one
 * `workout` message, `workout_step` messages). Watches then guide the run step by step with a
 * speed range around each step's target.
 *
 * A plan day stores its segments (the same ones its text and calendar entry are written from), and
 * the steps are those segments, so the watch says what the page says. Days of plans made before
 * segments were stored are rebuilt from the day's totals and its workout type (the arithmetic of
 * workouts.ts). Pure: bytes out, no clock (the caller passes the creation time).
 */
import { FitBaseType, FitEncoder, type FitEncoderField } from 'fit-file-parser/encoder';
import { DomainError } from '../errors';
import { hrTargetForSegment, type HrZoneTable } from './hr-targets';
import type { PaceContext } from './workouts';
import type { PlanDay, PlanSegment, WorkoutType } from './types';

export type StepIntensity = 'active' | 'warmup' | 'cooldown' | 'recovery' | 'interval';

export interface WorkoutStep {
  name: string;
  intensity: StepIntensity;
  /** time in seconds, distance in metres, or open (ends with the lap button) */
  duration: { kind: 'time'; seconds: number } | { kind: 'distance'; metres: number } | { kind: 'open' };
  /** speed range in m/s; absent = no target */
  speed?: [number, number];
  /** heart-rate range in bpm from the runner's zones (hr-targets.ts); absent on short steps or without zones */
  hr?: [number, number];
}

export interface WorkoutFitOptions {
  /** the day's workout type from the plan's library (absent for race days and unknown types) */
  type?: WorkoutType;
  pace: PaceContext;
  /** the runner's heart-rate zones: steps ≥ 2 min get a heart-rate range as the secondary target */
  hrZones?: HrZoneTable;
  /** file_id.time_created */
  createdAt: Date;
  name?: string;
}

const EASY_CS = 0.76; // as workouts.ts
/** ±3 % around a target: about ±8 s/km at 4:30/km, tight enough to guide, loose enough for GPS. */
const BAND = 0.03;
const INTENSITY: Record<StepIntensity, number> = { active: 0, warmup: 2, cooldown: 3, recovery: 4, interval: 5 };
const band = (v: number): [number, number] => [v * (1 - BAND), v * (1 + BAND)];
const time = (seconds: number) => ({ kind: 'time' as const, seconds: Math.max(1, Math.round(seconds)) });

const SEGMENT_STEP: Record<PlanSegment['label'], { name: string; intensity: StepIntensity }> = {
  'warm-up': { name: 'Warm-up', intensity: 'warmup' },
  main: { name: 'Run', intensity: 'active' },
  rep: { name: 'Rep', intensity: 'interval' },
  jog: { name: 'Jog', intensity: 'recovery' },
  finish: { name: 'Finish', intensity: 'interval' },
  strides: { name: 'Stride', intensity: 'interval' },
  'cool-down': { name: 'Cool-down', intensity: 'cooldown' },
};

/** Stored segments → steps, one for one (strides: count × seconds with a walk back between). */
function stepsFromSegments(segments: PlanSegment[], type: WorkoutType | undefined, hasWarmup: boolean): WorkoutStep[] {
  const out: WorkoutStep[] = [];
  let rep = 0;
  for (const g of segments) {
    const base = SEGMENT_STEP[g.label];
    if (g.label === 'strides' && type?.strides) {
      const st = type.strides;
      for (let i = 0; i < st.count; i++) {
        out.push({ name: `Stride ${i + 1}`, intensity: 'interval', duration: time(st.seconds), speed: band(g.speedMps) });
        if (i < st.count - 1) out.push({ name: 'Walk back', intensity: 'recovery', duration: { kind: 'open' } });
      }
      continue;
    }
    const name = g.label === 'rep' ? `Rep ${++rep}` : g.label === 'main' && type ? type.name : base.name;
    const intensity = g.label === 'main' && hasWarmup ? 'interval' : base.intensity;
    out.push({ name, intensity, duration: time(g.seconds), speed: band(g.speedMps) });
  }
  return out;
}

/** The steps of a plan day's workout (pure; also used to describe the file in tests). */
export function workoutSteps(day: PlanDay, options: Pick<WorkoutFitOptions, 'type' | 'pace' | 'hrZones'>): WorkoutStep[] {
  const steps = paceSteps(day, options);
  const zones = options.hrZones;
  if (!zones) return steps;
  return steps.map((step) => {
    if (!step.speed) return step;
    const speed = (step.speed[0] + step.speed[1]) / 2;
    const seconds = step.duration.kind === 'time' ? step.duration.seconds : step.duration.kind === 'distance' ? step.duration.metres / speed : 0;
    const t = hrTargetForSegment({ seconds, speedMps: speed }, options.pace.csMps, zones);
    return t ? { ...step, hr: [t.lowBpm, t.highBpm] as [number, number] } : step;
  });
}

function paceSteps(day: PlanDay, options: Pick<WorkoutFitOptions, 'type' | 'pace'>): WorkoutStep[] {
  if (day.role === 'rest' || day.durationS <= 0) throw new DomainError('no_workout', `${day.date} is a rest day: there is no workout to export.`);
  const { type, pace } = options;
  const target = day.targetSpeedMps ?? EASY_CS * pace.csMps;
  if (day.role === 'race') return [{ name: 'Race', intensity: 'active', duration: { kind: 'distance', metres: day.distanceM ?? target * day.durationS }, speed: band(target) }];
  if (day.segments && day.segments.length > 0) return stepsFromSegments(day.segments, type, day.segments.some((g) => g.label === 'warm-up'));
  if (!type) return [{ name: 'Run', intensity: 'active', duration: time(day.durationS), speed: band(target) }];
  const easy = EASY_CS * pace.csMps;
  const wu = type.warmupS ?? 0;
  const cd = type.cooldownS ?? 0;
  const main: WorkoutStep[] = [];
  if (type.structure === 'intervals' && type.reps) {
    const r = type.reps;
    const count = Math.max(1, Math.round((day.durationS - wu - cd) / (r.workS + r.jogS)));
    for (let i = 0; i < count; i++) {
      main.push({ name: `Rep ${i + 1}`, intensity: 'interval', duration: time(r.workS), speed: band(target) });
      main.push({ name: 'Jog', intensity: 'recovery', duration: time(r.jogS), speed: band(r.jogSpeedCs * pace.csMps) });
    }
  } else if (type.structure === 'progression' && type.finish) {
    const fast = type.finish.speedCs === 'race' ? pace.raceSpeedMps : type.finish.speedCs * pace.csMps;
    const last = Math.round(day.durationS * type.finish.share);
    main.push({ name: 'Steady', intensity: 'active', duration: time(day.durationS - last), speed: band(target) });
    main.push({ name: 'Finish', intensity: 'interval', duration: time(last), speed: band(fast) });
  } else if (type.structure === 'strides' && type.strides) {
    const st = type.strides;
    const fast = 1500 / ((1500 - pace.dPrimeM) / pace.csMps); // as workouts.ts
    main.push({ name: 'Easy', intensity: 'active', duration: time(day.durationS - st.count * st.seconds), speed: band(target) });
    for (let i = 0; i < st.count; i++) {
      main.push({ name: `Stride ${i + 1}`, intensity: 'interval', duration: time(st.seconds), speed: band(fast) });
      // "full recovery between": the runner ends it with the lap button
      if (i < st.count - 1) main.push({ name: 'Walk back', intensity: 'recovery', duration: { kind: 'open' } });
    }
  } else {
    main.push({ name: type.name, intensity: wu + cd > 0 ? 'interval' : 'active', duration: time(day.durationS - wu - cd), speed: band(target) });
  }
  return [
    ...(wu > 0 ? [{ name: 'Warm-up', intensity: 'warmup' as const, duration: time(wu), speed: band(easy) }] : []),
    ...main,
    ...(cd > 0 ? [{ name: 'Cool-down', intensity: 'cooldown' as const, duration: time(cd), speed: band(easy) }] : []),
  ];
}

// Profile numbers (FIT SDK Profile.xlsx): messages, fields and enum values used below.
const MESG = { fileId: 0, workout: 26, workoutStep: 27 } as const;
const FILE_WORKOUT = 5;
const MANUFACTURER_DEVELOPMENT = 255;
const SPORT_RUNNING = 1;
const DURATION = { time: 0, distance: 1, open: 5 } as const;
const TARGET = { speed: 0, heartRate: 1, open: 2 } as const;
const ENUM_INVALID = 0xff;
/** custom heart-rate targets: 0–100 are % of HRmax, so absolute bpm are written as bpm + 100 (FIT profile) */
const HR_BPM_OFFSET = 100;

const u8 = (number: number, value: number): FitEncoderField => ({ number, size: 1, baseType: FitBaseType.Enum, value });
const u16 = (number: number, value: number): FitEncoderField => ({ number, size: 2, baseType: FitBaseType.Uint16, value });
const u32 = (number: number, value: number): FitEncoderField => ({ number, size: 4, baseType: FitBaseType.Uint32, value });

/** A string field of fixed size (so every step shares one definition): UTF-8, cut on a character, NUL-padded. */
function text(number: number, value: string, size: number): FitEncoderField {
  const bytes = new Uint8Array(size);
  let used = 0;
  for (const ch of value) {
    const enc = new TextEncoder().encode(ch);
    if (used + enc.length > size - 1) break;
    bytes.set(enc, used);
    used += enc.length;
  }
  return { number, size, baseType: FitBaseType.String, value: bytes };
}

function stepFields(step: WorkoutStep, index: number): FitEncoderField[] {
  const d = step.duration;
  // duration_time is ms (scale 1000), duration_distance cm (scale 100); custom speed mm/s (scale 1000).
  const durationValue = d.kind === 'time' ? d.seconds * 1000 : d.kind === 'distance' ? Math.round(d.metres * 100) : 0;
  const [lo, hi] = step.speed ?? [0, 0];
  return [
    u16(254, index), text(0, step.name, 16), u8(1, DURATION[d.kind]), u32(2, durationValue),
    u8(3, step.speed ? TARGET.speed : TARGET.open), u32(4, 0),
    u32(5, Math.round(lo * 1000)), u32(6, Math.round(hi * 1000)), u8(7, INTENSITY[step.intensity]),
    // The heart-rate range rides as the secondary target (fields 19–22), so watches that know it show
    // both and older ones still guide by pace. Every step carries the fields (one shared definition).
    u8(19, step.hr ? TARGET.heartRate : ENUM_INVALID), u32(20, 0),
    u32(21, step.hr ? step.hr[0] + HR_BPM_OFFSET : 0), u32(22, step.hr ? step.hr[1] + HR_BPM_OFFSET : 0),
  ];
}

/** The FIT workout file of one plan day. Throws DomainError('no_workout') on rest days. */
export function buildWorkoutFit(day: PlanDay, options: WorkoutFitOptions): Uint8Array {
  const steps = workoutSteps(day, options);
  const enc = new FitEncoder();
  enc.writeMessage(MESG.fileId, [
    u8(0, FILE_WORKOUT), u16(1, MANUFACTURER_DEVELOPMENT), u16(2, 0),
    { number: 3, size: 4, baseType: FitBaseType.Uint32z, value: 1 },
    u32(4, FitEncoder.toFitTimestamp(options.createdAt)),
  ], 0);
  enc.writeMessage(MESG.workout, [u8(4, SPORT_RUNNING), u16(6, steps.length), text(8, options.name ?? `${day.date} ${day.label ?? day.type}`, 32)], 1);
  steps.forEach((step, i) => enc.writeMessage(MESG.workoutStep, stepFields(step, i), 2));
  return enc.close();
}
