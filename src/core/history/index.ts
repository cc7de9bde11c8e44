/** Runner history: daily volume/load and the PMC (ALGORITHMS.md §4). */
export { computeHistory, recomputeHistoryFrom, volumeSportOf } from './compute-history';
export { aggregateMonths, aggregateWeeks } from './aggregate';
export { computeLocalDate } from './local-date';
export {
  computeAlpha, computeBanisterCrossoverDays, computeBanisterPeakDays, computeBanisterPerformance, skipEmptyDays, stepPmc,
} from './pmc';
export type * from './types';
export { extendHistoryTo, type StoredDay } from './extend-days';
