/** Critical speed and D′ (ALGORITHMS.md §3). */
export { fitCriticalSpeed } from './fit-critical-speed';
export { fitDistanceTime } from './fit-distance-time';
export {
  computeRiegelExponent, computeVdot, predictCameron, predictFromCsNorm, predictRaceTimes, predictRiegel, predictTimeFromVdot,
} from './predictions';
export { PREDICTION_DISTANCES_M } from './options';
export type * from './types';
