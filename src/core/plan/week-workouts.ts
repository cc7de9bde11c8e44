/**
 * One plan week's day loads → workouts (ALGORITHMS.md §5.5 algorithm steps 1–6): pick the type by
 * role and phase, build quality days and the long run, move what their bounds could not hold to
 * the easy days, then to the long run (≤ its share cap), and report what is still unplaced (the week
 * is then lighter than decoded — always the safe direction, since the decoder only imposes caps).
 * No training day is shorter than MIN_DAY_S: a shorter one is merged into the week's biggest easy
 * day when that day can hold it, else dropped (a rest day; the week gets lighter, never heavier).
 */
import type { PlanContext } from './context';
import { buildWorkout, type BuiltWorkout, type PaceContext } from './workouts';
import type { DayRole, PhaseName, TrainingRole, WorkoutType } from './types';

/** A run shorter than this is not worth lacing up for (issue 12: "0 min" days). */
export const MIN_DAY_S = 600;

export interface WeekWorkouts {
  /** Plan days 0 … 6 of the week: role and workout (undefined on rest days). */
  days: Array<{ role: DayRole; workout?: BuiltWorkout }>;
  unplaced: number;
  hardShare: number;
}

export function pickWorkoutType(c: PlanContext, phase: PhaseName, role: TrainingRole): WorkoutType {
  const rule = c.schema.phases.find((p) => p.phase === phase) ?? c.schema.phases[0];
  const longGoal = c.input.request.raceDistanceM > c.schema.rules.longGoalM;
  const id = (longGoal ? rule.longGoalWorkouts?.[role] : undefined) ?? rule.workouts[role];
  const type = c.library.types.find((t) => t.id === id);
  if (!type) throw new Error(`workout library has no type '${id}' (schema ${c.schema.id}, phase ${phase}, role ${role})`);
  return type;
}

/**
 * Workouts for one week. If the types' minimum durations would overshoot the week (taper, light
 * weeks), the minimums are relaxed step by step: a plan may be lighter than decoded, never heavier.
 */
export function buildWeekWorkouts(c: PlanContext, week: number, weekLoad: number, pace: PaceContext): WeekWorkouts {
  const phase = c.phases[week];
  let built = fillWeek(c, phase, week, weekLoad, pace, 1);
  for (const scale of [0.5, 0.25, 0]) {
    if (built.placed <= weekLoad * (1 + 1e-3) + 0.5) break;
    built = fillWeek(c, phase, week, weekLoad, pace, scale);
  }
  return dropShortDays(c, phase, built, weekLoad, pace);
}

/** Merge each run under MIN_DAY_S into the week's longest easy run if it stays in bounds; else drop it. */
function dropShortDays(c: PlanContext, phase: PhaseName, built: WeekWorkouts & { placed: number }, weekLoad: number, pace: PaceContext): WeekWorkouts {
  const days = built.days.map((d) => ({ ...d }));
  for (let i = 0; i < 7; i++) {
    const w = days[i].workout;
    if (!w || w.durationS >= MIN_DAY_S) continue;
    days[i] = { role: 'rest' };
    const host = days
      .map((d, j) => ({ d, j }))
      .filter(({ d }) => (d.role === 'easy' || d.role === 'recovery') && d.workout && d.workout.durationS >= MIN_DAY_S)
      .sort((a, b) => (b.d.workout?.load ?? 0) - (a.d.workout?.load ?? 0))[0];
    if (!host) continue;
    const type = pickWorkoutType(c, phase, host.d.role as TrainingRole);
    const merged = buildWorkout(type, (host.d.workout?.load ?? 0) + w.load, pace);
    if (merged.load <= (host.d.workout?.load ?? 0) + w.load + 1e-9) days[host.j] = { role: host.d.role, workout: merged };
  }
  const placed = days.reduce((s, d) => s + (d.workout?.load ?? 0), 0);
  const time = days.reduce((s, d) => s + (d.workout?.durationS ?? 0), 0);
  const hard = days.reduce((s, d) => s + (d.workout?.hardS ?? 0), 0);
  return { days, unplaced: Math.max(0, weekLoad - placed), hardShare: time > 0 ? hard / time : 0 };
}

function fillWeek(c: PlanContext, phase: PhaseName, week: number, weekLoad: number, pace: PaceContext, minScale: number): WeekWorkouts & { placed: number } {
  const roles = c.rolesByWeek[week];
  const targets = c.sharesByWeek[week].map((s) => weekLoad * s);
  const days: WeekWorkouts['days'] = roles.map((role) => ({ role }));
  let leftover = 0;
  roles.forEach((role, i) => {
    if (role === 'rest' || role === 'easy' || role === 'recovery') return;
    const w = buildWorkout(pickWorkoutType(c, phase, role), targets[i], pace, minScale);
    days[i].workout = w;
    leftover += targets[i] - w.load;
  });
  const easyDays = roles.map((r, i) => (r === 'easy' || r === 'recovery' ? i : -1)).filter((i) => i >= 0);
  const easyTarget = easyDays.reduce((s, i) => s + targets[i], 0);
  for (const i of easyDays) {
    const extra = easyTarget > 0 ? (leftover * targets[i]) / easyTarget : 0;
    days[i].workout = buildWorkout(pickWorkoutType(c, phase, roles[i] as TrainingRole), Math.max(0, targets[i] + extra), pace, minScale);
  }
  const placed = (): number => days.reduce((s, d) => s + (d.workout?.load ?? 0), 0);
  const longIdx = roles.indexOf('long');
  let missing = weekLoad - placed();
  if (missing > 1e-6 && longIdx >= 0) {
    const cur = days[longIdx].workout as BuiltWorkout;
    const capLoad = c.schema.rules.longRunShareMax * weekLoad;
    const want = Math.min(cur.load + missing, Math.max(cur.load, capLoad));
    days[longIdx].workout = buildWorkout(pickWorkoutType(c, phase, 'long'), want, pace, minScale);
    missing = weekLoad - placed();
  }
  const time = days.reduce((s, d) => s + (d.workout?.durationS ?? 0), 0);
  const hard = days.reduce((s, d) => s + (d.workout?.hardS ?? 0), 0);
  return { days, unplaced: Math.max(0, missing), hardShare: time > 0 ? hard / time : 0, placed: placed() };
}
