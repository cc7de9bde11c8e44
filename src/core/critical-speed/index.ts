/** Critical speed and D′ (ALGORITHMS.md §3). */
export { fitCriticalSpeed } from './fit-critical-speed';
export { fitDistanceTime } from './fit-distance-time';
export {
  computeRiegelExponent, computeVdot, predictCameron, predictFromCsNorm, predictRaceTimes, predictRiegel, predictTimeFromVdot,
} from './predictions';
export { PREDICTION_DISTANCES_M } from './options';
export { addPredictionIntervals, computeCsHalfWidth, computeCsSpread, INTERVAL_LEVEL, RIEGEL_EXPONENT_RANGE, studentT90 } from './prediction-interval';
export { backtestRacePredictions, describeBacktest, findRaces, predictRaceFromBefore, RACE_DISTANCES_M, type SessionTotals } from './backtest';
export type * from './types';
