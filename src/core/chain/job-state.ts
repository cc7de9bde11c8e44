/**
 * Job-chain rules as a pure reducer: the coordinator Durable Object persists what these
 * functions return and broadcasts it; the rules themselves are tested in plain Node.
 *
 * A file moves queued → processing → one terminal state (imported, duplicate, rejected,
 * skipped, failed). Terminal states are final: a late or repeated report (queues deliver at
 * least once, unordered) never changes a terminal file, never double counts.
 */
// expanded: an archive whose members were added as files of their own; ignored: an archive
// member that is not an activity (activities.csv, JSON, pictures), listed so nothing is lost.
export const FILE_STATUSES = ['queued', 'processing', 'imported', 'duplicate', 'rejected', 'skipped', 'failed', 'expanded', 'ignored'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];
export type TerminalStatus = 'imported' | 'duplicate' | 'rejected' | 'skipped' | 'failed' | 'expanded' | 'ignored';

export const JOB_STATUSES = ['queued', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export function isTerminal(status: FileStatus): status is TerminalStatus {
  return status !== 'queued' && status !== 'processing';
}

export interface FileOutcome {
  status: TerminalStatus;
  code?: string;
  message?: string;
  sessionIds?: string[];
  /** for duplicates: the FIT file id already held */
  duplicateOf?: string;
  /** imported sessions whose statistics the importer already stored (their analyse step is done) */
  analysedSessionIds?: string[];
}

export interface JobFile {
  fileId: string;
  name: string;
  status: FileStatus;
  code?: string;
  message?: string;
  sessionIds?: string[];
  duplicateOf?: string;
  attempts: number;
  leaseUntil?: number;
  updatedAt: number;
}

export type FileEvent =
  | { type: 'started'; at: number; leaseUntil: number }
  | { type: 'requeued'; at: number }
  | { type: 'outcome'; at: number; outcome: FileOutcome };

export type FileTransition = { changed: true; file: JobFile } | { changed: false; reason: string };

export function transitionFile(file: JobFile, event: FileEvent): FileTransition {
  if (isTerminal(file.status)) return { changed: false, reason: `file is already ${file.status}` };
  switch (event.type) {
    case 'started':
      return { changed: true, file: { ...file, status: 'processing', attempts: file.attempts + 1, leaseUntil: event.leaseUntil, updatedAt: event.at } };
    case 'requeued':
      return { changed: true, file: { ...file, status: 'queued', leaseUntil: undefined, updatedAt: event.at } };
    case 'outcome': {
      const { outcome } = event;
      return {
        changed: true,
        file: {
          ...file,
          status: outcome.status,
          code: outcome.code,
          message: outcome.message,
          sessionIds: outcome.sessionIds,
          duplicateOf: outcome.duplicateOf,
          leaseUntil: undefined,
          updatedAt: event.at,
        },
      };
    }
  }
}

/** A file the reconciler should re-enqueue: not terminal and its lease (or queue wait) expired. */
export function isStale(file: JobFile, now: number, leaseMs: number): boolean {
  if (isTerminal(file.status)) return false;
  if (file.status === 'processing') return (file.leaseUntil ?? file.updatedAt + leaseMs) <= now;
  return file.updatedAt + leaseMs <= now;
}
