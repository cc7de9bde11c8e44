/**
 * Which sessions feed personal bests and critical speed (ALGORITHMS.md §2): outdoor runs by
 * default. A treadmill's or a virtual run's distance is the belt's or the app's estimate, not
 * ground covered, so one calibration error would put every best on an indoor run; those are left
 * out unless the runner counts them. The runner can also leave any run out (a shared watch, a
 * GPS glitch the plausibility checks missed) — their choice wins over the rule.
 */

/** FIT sub_sport values of runs that cover no ground (FIT profile `sub_sport`). */
const INDOOR_RUN_SUB_SPORTS = new Set(['treadmill', 'indoor_running', 'virtual_activity']);

export type RecordsReason = 'outdoor_run' | 'indoor_run' | 'not_running' | 'excluded_by_runner' | 'included_by_runner';

export interface RecordsEligibility {
  counts: boolean;
  /** why, as a stable code */
  reason: RecordsReason;
}

export interface RecordsSubject {
  sport?: string;
  subSport?: string;
  /** the runner's choice: undefined/null = the rule decides, true = left out, false = counted */
  excludeFromRecords?: boolean | null;
}

export function isIndoorRun(subSport: string | undefined): boolean {
  return subSport !== undefined && INDOOR_RUN_SUB_SPORTS.has(subSport);
}

export function recordsEligibility(s: RecordsSubject): RecordsEligibility {
  if (s.sport !== 'running') return { counts: false, reason: 'not_running' };
  if (s.excludeFromRecords === true) return { counts: false, reason: 'excluded_by_runner' };
  if (s.excludeFromRecords === false) return { counts: true, reason: 'included_by_runner' };
  if (isIndoorRun(s.subSport)) return { counts: false, reason: 'indoor_run' };
  return { counts: true, reason: 'outdoor_run' };
}

/**
 * The stored choice that makes a session count (or not) as the runner wants: null when the rule
 * already gives that (so a later change of the rule still applies), else the explicit choice.
 */
export function recordsChoiceFor(s: RecordsSubject, wantCounts: boolean): boolean | null {
  const byRule = recordsEligibility({ sport: s.sport, subSport: s.subSport }).counts;
  return byRule === wantCounts ? null : !wantCounts;
}
