/** Public surface of the training-plan model (ALGORITHMS.md §5). */
export { buildPlanProblem, hashText } from './problem';
export type { PlanProblem } from './problem';
export { buildPlanContext, assignPhases } from './context';
export type { PlanContext } from './context';
export { decodePlan } from './decoder';
export type { DecodedPlan, CapReason } from './decoder';
export { renderPlan } from './render';
export { renderPlanIcs, escapeIcsText, foldIcsLine } from './ics';
export type { IcsOptions } from './ics';
export { buildWeekTemplate, foster } from './template';
export type { WeekTemplate } from './template';
export { buildWorkout, durationForLoad, segmentLoad, vo2RepSpeed, formatPace } from './workouts';
export type { BuiltWorkout, Segment, PaceContext } from './workouts';
export { checkPlanRequest, checkAthleteState, MIN_PLAN_WEEKS, MAX_PLAN_WEEKS } from './validate';
export { DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY, DEFAULT_BANISTER, DEFAULT_CS_MPS, DEFAULT_D_PRIME_M } from './defaults';
export { parseIsoDay, formatIsoDay, weekdayIndex, WEEKDAYS } from './dates';
export type * from './types';
