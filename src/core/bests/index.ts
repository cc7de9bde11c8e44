/** Personal bests across sessions (ALGORITHMS.md §2). */
export { computePersonalBests } from './compute-personal-bests';
export { diffPersonalBests } from './diff-personal-bests';
export type * from './types';
export { isIndoorRun, recordsChoiceFor, recordsEligibility, type RecordsEligibility, type RecordsReason, type RecordsSubject } from './records-eligibility';
