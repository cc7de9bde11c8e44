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
  analysed: number;
}

export function emptyCounts(): JobCounts {
  return { found: 0, queued: 0, processing: 0, imported: 0, duplicate: 0, rejected: 0, skipped: 0, failed: 0, analysed: 0 };
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
 * completed: every file terminal and none rejected or failed; completed_with_errors: some were;
 * failed: nothing could be done at all (every file failed after retries).
 * Skipped (non-activity) and duplicate files are not errors.
 */
export function deriveJobStatus(counts: JobCounts, started: boolean): JobStatus {
  if (!allFilesTerminal(counts)) return started || counts.processing > 0 ? 'running' : 'queued';
  if (counts.found > 0 && counts.failed === counts.found) return 'failed';
  return counts.rejected + counts.failed > 0 ? 'completed_with_errors' : 'completed';
}
