/** The runner's own fitness–fatigue model (ALGORITHMS.md §4.4). */
export { BANISTER_FIT_BOUNDS, fitBanister, performanceIndexOf } from './fit-banister';
export type { BanisterFit, BanisterFitBounds, BanisterFitInput, BanisterTest } from './fit-banister';
