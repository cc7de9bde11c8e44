/**
 * Job counts and status derived from the files' states. Counts move by deltas on each
 * transition (the coordinator never rescans a big archive's files to count them).
 */
import type { FileStatus, JobStatus } from './job-state';

export interface JobCounts {
  found: number;
  queued: number;
  processing: number;
  imported: number;
  duplicate: number;
  rejected: number;
  skipped: number;
  failed: number;
  /** archives whose members were listed as files of their own */
  expanded: number;
  /** archive members that are not activities (activities.csv, JSON, …) */
  ignored: number;
  /** sessions analysed (statistics stored) */
  analysed: number;
  /** sessions whose analysis failed (the session stays; its statistics are missing) */
  analysisFailed: number;
}

export function emptyCounts(): JobCounts {
  return { found: 0, queued: 0, processing: 0, imported: 0, duplicate: 0, rejected: 0, skipped: 0, failed: 0, expanded: 0, ignored: 0, analysed: 0, analysisFailed: 0 };
}

export function addFileToCounts(counts: JobCounts, status: FileStatus): JobCounts {
  return { ...counts, found: counts.found + 1, [status]: counts[status] + 1 };
}

export function moveInCounts(counts: JobCounts, from: FileStatus, to: FileStatus): JobCounts {
  if (from === to) return counts;
  return { ...counts, [from]: counts[from] - 1, [to]: counts[to] + 1 };
}

export function allFilesTerminal(counts: JobCounts): boolean {
  return counts.queued === 0 && counts.processing === 0;
}

/**
 * `finished` is the chain's last stage being reached (for a plain import: every file terminal).
 * completed: nothing rejected or failed; completed_with_errors: some file was rejected or
 * failed, or some step (a session's analysis) failed; failed: nothing could be done at all
 * (every file failed after retries). Skipped (non-activity) and duplicate files are not errors.
 */
export function deriveJobStatus(counts: JobCounts, started: boolean, finished = allFilesTerminal(counts), stepsFailed = 0): JobStatus {
  if (!finished) return started || counts.processing > 0 || counts.found > counts.queued ? 'running' : 'queued';
  if (counts.found > 0 && counts.failed === counts.found) return 'failed';
  return counts.rejected + counts.failed + counts.analysisFailed + stepsFailed > 0 ? 'completed_with_errors' : 'completed';
}
