/** Personal-best types (ALGORITHMS.md §2; PRODUCT.md `GET /api/v1/personal-bests`). */

/** One best effort of one session (§1.12 output joined with its session). */
export interface EffortRecord {
  sessionId: string;
  distanceM: number;
  timeS: number;
  /** session start (or effort start): ISO-8601 or ms since epoch */
  achievedAt: string | number;
}

export interface PersonalBestEntry {
  distanceM: number;
  timeS: number;
  sessionId: string;
  /** ISO-8601 UTC */
  achievedAt: string;
}

export interface PersonalBest extends PersonalBestEntry {
  /** earlier bests for this distance, oldest first (the progression without the current best) */
  history: PersonalBestEntry[];
}

export interface PersonalBests {
  /** ascending distance; distances without any effort are omitted */
  items: PersonalBest[];
}

export interface PersonalBestOptions {
  /** standard distances, m; efforts at other distances are ignored. Default: §1.12 list. */
  distancesM?: readonly number[];
}

export interface PersonalBestChanges {
  /** distances whose current best differs (time, session or date), ascending */
  changedDistancesM: number[];
  /** true when a changed best (before or after) lies in the critical-speed window (120–1200 s) */
  affectsCriticalSpeed: boolean;
}
