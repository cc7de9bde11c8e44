/**
 * Where a session's statistics are stored (issue 14 item 2: ≤ 3 KiB of D1 per session).
 *
 * D1 keeps, as columns of session_stats, what lists, filters, bests and history query (sport,
 * start, local date, distance, moving and timer time, load); its stats_json keeps only the
 * SUMMARY below — what decides how the session counts (flags, exclusions from bests and load).
 * Everything else (splits, mean-max curves, zones, best efforts, intervals, totals, load detail,
 * device check, the headline scalars) is the DETAIL: one gzip JSON object per session in R2
 * (keys.ts statsDetailKey), read once per session page or GET /sessions/{id}. A field added to
 * SessionStats later goes to the detail by default, so D1 rows do not grow with new metrics.
 *
 * Layouts (session_stats.detail): null = legacy, the whole statistics in stats_json (read as
 * they are); 1 = summary in stats_json + detail in R2. Joining is a spread, so a key is read the
 * same wherever it is stored.
 */

/** The current layout written by the analysis (session_stats.detail). */
export const STATS_DETAIL_LAYOUT = 1;

/** The top-level keys kept in D1: small, and what decides whether the session counts. */
export const STATS_SUMMARY_KEYS: readonly string[] = ['flags', 'excludedFromBests', 'excludedFromLoad'];

export interface SplitStats {
  summary: Record<string, unknown>;
  detail: Record<string, unknown>;
}

export function splitSessionStats(stats: Record<string, unknown>): SplitStats {
  const summary: Record<string, unknown> = {};
  const detail: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(stats)) {
    if (STATS_SUMMARY_KEYS.includes(key)) summary[key] = value;
    else detail[key] = value;
  }
  return { summary, detail };
}

/** The statistics as computed, from the summary and the detail (absent detail: the summary alone). */
export function joinSessionStats(summary: Record<string, unknown>, detail: Record<string, unknown> | null): Record<string, unknown> {
  return detail ? { ...detail, ...summary } : { ...summary };
}
