/**
 * Default plan schema and workout library (ALGORITHMS.md §§5.4–5.6): the rows a migration seeds into
 * D1. Every number is a convention from §5.6 unless the spec cites a source (taper: Bosquet 2007;
 * intensity share: Seiler 2010; monotony: Foster 1998).
 */
import type { BanisterParams, PlanSchema, WorkoutLibrary } from './types';

export const DEFAULT_BANISTER: BanisterParams = { k1: 1, k2: 2, tau1: 42, tau2: 7 };

/** Used when the runner has no CS fit yet (≈ 5:00/km threshold); the plan says so. */
export const DEFAULT_CS_MPS = 3.33;
export const DEFAULT_D_PRIME_M = 200;

export const DEFAULT_PLAN_SCHEMA: PlanSchema = {
  id: 'default',
  version: 1,
  phases: [
    { phase: 'base', weekFraction: 0.4, workouts: { easy: 'easy', recovery: 'recovery', long: 'long', quality1: 'tempo', quality2: 'easy_strides' } },
    { phase: 'build', weekFraction: 0.4, workouts: { easy: 'easy', recovery: 'recovery', long: 'long', quality1: 'cs_intervals', quality2: 'tempo' } },
    {
      phase: 'specific',
      weekFraction: 0.2,
      workouts: { easy: 'easy', recovery: 'recovery', long: 'long', quality1: 'vo2_intervals', quality2: 'tempo' },
      longGoalWorkouts: { quality1: 'cs_intervals', long: 'long_mp' },
    },
    {
      phase: 'taper',
      weekFraction: 0,
      workouts: { easy: 'easy', recovery: 'recovery', long: 'long', quality1: 'vo2_intervals', quality2: 'tempo' },
      longGoalWorkouts: { quality1: 'cs_intervals', long: 'long_mp' },
    },
  ],
  rules: {
    ctlRampPerWeek: 5,
    acwrMax: 1.3,
    tsbFloor: -30,
    recoveryEvery: 4,
    recoveryFactor: 0.8,
    taperDepth: [0.4, 0.6],
    taperSplit: [0.5, 1],
    sessionCapFactor: 1.2,
    minWeeklyLoadFactor: 0.5,
    maxWeeklyLoadFactor: 2.5,
    longRunShareMax: 0.3,
    intensityShareMax: 0.2,
    monotonyMax: 2.0,
    longGoalM: 15_000,
    capByWorkoutDurations: true,
  },
  roleShares: { long: 0.3, quality1: 0.18, quality2: 0.16, easy: 0.12, recovery: 0.08 },
};

/**
 * Version 2: names and descriptions in a runner's words ("VO₂max intervals", no "heavy domain").
 * Version 1 stays in D1 (migration 0005) for the plans made with it.
 */
export const DEFAULT_WORKOUT_LIBRARY: WorkoutLibrary = {
  id: 'default',
  version: 2,
  types: [
    { id: 'recovery', name: 'Recovery run', structure: 'steady', speedCs: [0.65, 0.72], durationS: [1200, 2400], description: 'Very relaxed, slower than an easy run' },
    { id: 'easy', name: 'Easy run', structure: 'steady', speedCs: [0.72, 0.8], durationS: [1800, 4500], description: 'Easy, at a pace you could chat at' },
    {
      id: 'easy_strides', name: 'Easy run + strides', structure: 'strides', speedCs: [0.72, 0.8], durationS: [1800, 4500],
      strides: { count: 8, seconds: 20 }, description: 'Easy run, then short fast strides (walk back between them)',
    },
    { id: 'long', name: 'Long run', structure: 'steady', speedCs: [0.72, 0.8], durationS: [3600, 9000], description: 'Steady and easy' },
    {
      id: 'long_mp', name: 'Long run, race-pace finish', structure: 'progression', speedCs: [0.72, 0.8], durationS: [3600, 9000],
      finish: { share: 0.3, speedCs: 'race' }, description: 'Easy, the last part at your goal race pace',
    },
    {
      id: 'tempo', name: 'Tempo run', structure: 'steady', speedCs: [0.88, 0.95], durationS: [1200, 2400], warmupS: 900, cooldownS: 600,
      description: 'Comfortably hard, a little slower than your critical speed',
    },
    {
      id: 'cs_intervals', name: 'CS intervals', structure: 'intervals', speedCs: [0.97, 1.02], durationS: [2400, 5400], warmupS: 900, cooldownS: 600,
      reps: { workS: 360, jogS: 90, jogSpeedCs: 0.65, count: [4, 6] }, description: 'Repeats at your critical speed (about 10K race effort)',
    },
    {
      id: 'vo2_intervals', name: 'VO₂max intervals', structure: 'intervals', speedCs: [1, 1], durationS: [2400, 5400], warmupS: 900, cooldownS: 600,
      reps: { workS: 180, jogS: 180, jogSpeedCs: 0.65, count: [4, 8], dPrimeFraction: 0.45 }, description: 'Hard repeats faster than your critical speed (about 3K–5K race effort), jogging as long as each rep',
    },
  ],
};
