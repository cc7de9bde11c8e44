/** Per-session metrics (ALGORITHMS.md §1): the public surface. */
export { computeSessionStats } from './compute-session-stats';
export { ALGORITHM_VERSION, BEST_EFFORT_DISTANCES_M, MEAN_MAX_DURATIONS_S, MILE_M, resolveStatsOptions, validateProfile } from './options';
export { computeBestTimeForDistance, computeBestDistanceForDuration, computeBestEfforts, computeMeanMaxSpeed } from './best-efforts';
export { computeElevation, computeElevationGainGcRule, smoothAltitude } from './elevation';
export { computeCostRatio, computeMinettiCost } from './grade';
export { computeNormalizedPower } from './power';
export { computeConstantTrimp, TRIMP_COEFFICIENTS } from './load';
export { computeHaversineM } from './distance';
export { resolveSessionTotals } from './session-totals';
export { assessPlausibility, maxSpeedForSport } from './plausibility';
export { assessDeviceAgreement, compareWithDevice, toleranceFor, DEVICE_AGREEMENT_TOLERANCE, type AgreementItem, type AgreementMetric, type AgreementTolerance } from './device-check';
export type * from './types';
export { detectIntervals, detectPowerIntervals, intervalsFromLaps, type SessionInterval } from './intervals';
export { joinSessionStats, splitSessionStats, STATS_DETAIL_LAYOUT, STATS_SUMMARY_KEYS, type SplitStats } from './stats-layout';
