/**
 * One plan week's day loads → workouts (ALGORITHMS.md §5.5 algorithm steps 1–6): pick the type by
 * role and phase, build quality days and the long run, move what their bounds could not hold to
 * the easy days, then to the long run (≤ its share cap), and report what is still unplaced (the week
 * is then lighter than decoded — always the safe direction, since the decoder only imposes caps).
 */
import type { PlanContext } from './context';
import { buildWorkout, type BuiltWorkout, type PaceContext } from './workouts';
import type { DayRole, PhaseName, TrainingRole, WorkoutType } from './types';

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
export function buildWeekWorkouts(c: PlanContext, phase: PhaseName, weekLoad: number, weekdayOfDay0: number, pace: PaceContext): WeekWorkouts {
  let built = fillWeek(c, phase, weekLoad, weekdayOfDay0, pace, 1);
  for (const scale of [0.5, 0.25, 0]) {
    if (built.placed <= weekLoad * (1 + 1e-3) + 0.5) break;
    built = fillWeek(c, phase, weekLoad, weekdayOfDay0, pace, scale);
  }
  return built;
}

function fillWeek(c: PlanContext, phase: PhaseName, weekLoad: number, weekdayOfDay0: number, pace: PaceContext, minScale: number): WeekWorkouts & { placed: number } {
  const roles = Array.from({ length: 7 }, (_, i) => c.template.roles[(weekdayOfDay0 + i) % 7]);
  const targets = c.weekShares.map((s) => weekLoad * s);
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
