/**
 * What the coordinator answers about jobs: the job view (counts plus the first files), pages
 * of a job's files, the runner's job list, and the banner's bounded summary.
 */
import type { BannerJob } from '../../src/contracts/ws-frames';
import type { JobFilesPage, JobFilesQuery, JobView } from '../../src/ports';
import { JOB_FILES_IN_ANSWER, MAX_FILES_PAGE } from '../../src/ports/coordinator';
import { toJobFile, type JobRow, type Ledger } from '../coordinator-ledger';
import { readCounts } from './job-state';

export function viewJob(ledger: Ledger, row: JobRow, withFiles = true, options: JobFilesQuery = {}): JobView {
  // Bounded: a 3,000-member archive's job would otherwise answer every row on every read.
  const page = withFiles ? pageJobFiles(ledger, row.id, options) : { items: [], nextCursor: null };
  const files = page.items;
  const problems = ledger.failedSteps(row.id, 100)
    .filter((s) => s.code !== 'cancelled') // an undone step is the runner's choice, not a problem
    .map((s) => ({ stepId: s.step_id, kind: s.kind, code: s.code ?? undefined, message: s.message ?? undefined }));
  return {
    id: row.id, kind: row.kind, status: row.status, stage: row.stage, counts: readCounts(row), files, filesNextCursor: page.nextCursor,
    progress: row.progress ? (JSON.parse(row.progress) as Record<string, number | string>) : undefined,
    problems: problems.length > 0 ? problems : undefined, createdAt: row.created_at, finishedAt: row.finished_at ?? undefined,
  };
}

export function pageJobFiles(ledger: Ledger, jobId: string, options: JobFilesQuery & { cursor?: string }): JobFilesPage {
  const limit = Math.max(1, Math.min(options.limit ?? JOB_FILES_IN_ANSWER, MAX_FILES_PAGE));
  const after = options.cursor ? Number.parseInt(options.cursor, 36) : 0;
  const rows = ledger.filesPage(jobId, Number.isFinite(after) ? after : 0, limit + 1, options.statuses);
  const items = rows.slice(0, limit).map((r) => {
    const { fileId, name, status, code, message, sessionIds, duplicateOf } = toJobFile(r);
    return { fileId, name, status, code, message, sessionIds, duplicateOf };
  });
  return { items, nextCursor: rows.length > limit ? rows[limit - 1]!.r.toString(36) : null };
}

export function listJobPage(ledger: Ledger, options: { limit: number; cursor?: string }): { items: JobView[]; nextCursor: string | null } {
  const before = decodeJobCursor(options.cursor) ?? [Number.MAX_SAFE_INTEGER, ''];
  const rows = ledger.page([before[0], before[1] || '\uffff'], options.limit + 1);
  const items = rows.slice(0, options.limit).map((row) => viewJob(ledger, row, false));
  const last = rows.length > options.limit ? rows[options.limit - 1] : undefined;
  return { items, nextCursor: last ? btoa(JSON.stringify([last.created_at, last.id])) : null };
}

/** the banner's summary of a job: counts and at most 20 problems, never the file list */
export function bannerJob(ledger: Ledger, row: JobRow): BannerJob {
  const view = viewJob(ledger, row, false);
  const files = ledger.problemFiles(row.id, 20).map((f) => ({ name: f.name, code: f.code ?? undefined, message: f.message ?? undefined }));
  const steps = (view.problems ?? []).map((p) => ({ name: p.stepId, code: p.code, message: p.message }));
  return {
    id: view.id, kind: view.kind, status: view.status, stage: view.stage, counts: { ...view.counts },
    problems: [...files, ...steps].slice(0, 20), progress: view.progress, createdAt: view.createdAt, finishedAt: view.finishedAt,
  };
}

function decodeJobCursor(cursor: string | undefined): [number, string] | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(atob(cursor)) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch { /* unreadable: start from the top */ }
  return null;
}
