/** Ports: The runner's coordinator (jobs, files, steps, the banner's socket). */
import type { TaskMessage } from '../contracts/queue-messages';
import type { JobCounts } from '../core/chain/job-counts';
import type { FileOutcome, FileStatus, JobFile } from '../core/chain/job-state';
import type { StepOutcome } from '../core/chain/steps';

export interface JobView {
  id: string;
  kind: string;
  status: string;
  stage: string;
  counts: JobCounts;
  /** the first files (at most JOB_FILES_IN_ANSWER unless asked otherwise), in the order found */
  files: JobFileView[];
  /** set when more files follow: the cursor for listJobFiles */
  filesNextCursor?: string | null;
  /** what a non-file job reports as it goes (plan: generation, best objective) */
  progress?: Record<string, number | string>;
  /** failed steps (a session's analysis, a plan chunk) with their reasons */
  problems?: Array<{ stepId: string; kind: string; code?: string; message?: string }>;
  createdAt: number;
  finishedAt?: number;
}

export type JobFileView = Pick<JobFile, 'fileId' | 'name' | 'status' | 'code' | 'message' | 'sessionIds' | 'duplicateOf'>;

/** files a job answer carries; the rest through listJobFiles (GET /jobs/{id}/files) */
export const JOB_FILES_IN_ANSWER = 100;
export const MAX_FILES_PAGE = 1000;

export interface JobFilesQuery {
  limit?: number;
  /** only files in these statuses */
  statuses?: FileStatus[];
}

export interface JobFilesPage {
  items: JobFileView[];
  nextCursor: string | null;
}

export interface FileRef {
  jobId: string;
  fileId: string;
}

export interface NewJobFile {
  fileId: string;
  name: string;
  status?: FileStatus;
  outcome?: FileOutcome;
  /** the task that processes the file (kept so the reconciler can re-enqueue it) */
  task?: TaskMessage;
}

export interface NewJobStep {
  stepId: string;
  kind: string;
  exclusive?: boolean;
  task: TaskMessage;
  /** held unsent this long (ms) after the job is created — an undo window; the ledger keeps the time, the alarm sends it */
  holdMs?: number;
}

export interface NewJob {
  jobId: string;
  /** the coordinator's runner (one coordinator per runner) */
  runnerId: string;
  /** 'upload' (files → analysis chain), 'recompute' (bests → history), 'plan', … */
  kind: string;
  files: NewJobFile[];
  /** first stage for jobs that are not imports (e.g. 'optimise' for a plan) */
  stage?: string;
  steps?: NewJobStep[];
}

export interface Coordinator {
  createJob(input: NewJob): Promise<JobView>;
  /** createJob unless `maxOpen` jobs of its kind are unfinished (then how many are) */
  createJobWithin(input: NewJob, maxOpen: number): Promise<{ job: JobView } | { busy: number }>;
  /** files found later (an archive's members); idempotent per file id */
  addFiles(jobId: string, files: NewJobFile[]): Promise<void>;
  markFileStarted(jobId: string, fileId: string): Promise<{ proceed: boolean }>;
  reportFileOutcome(jobId: string, fileId: string, outcome: FileOutcome): Promise<void>;
  /** a group of files at once (one round trip): returns the ids to process (not yet terminal) */
  markFilesStarted(files: FileRef[]): Promise<string[]>;
  reportFileOutcomes(reports: Array<FileRef & { outcome: FileOutcome }>): Promise<void>;
  markStepStarted(jobId: string, stepId: string): Promise<{ proceed: boolean }>;
  reportStepOutcome(jobId: string, stepId: string, outcome: StepOutcome): Promise<void>;
  getJob(jobId: string, files?: JobFilesQuery): Promise<JobView | null>;
  listJobFiles(jobId: string, query: JobFilesQuery & { cursor?: string }): Promise<JobFilesPage | null>;
  listJobs(options: { limit: number; cursor?: string }): Promise<{ items: JobView[]; nextCursor: string | null }>;
  /** undo: ends a job whose held step was not sent yet (`cancelled`); `too_late` once it was sent */
  cancelJob(jobId: string): Promise<{ job: JobView } | { refused: 'too_late' | 'not_cancellable' } | null>;
}

/** The runner's coordinator as a WebSocket endpoint (the banner's live feed). */
export interface CoordinatorSocket {
  /** forwards an Upgrade: websocket request to the coordinator; answers 101 with the socket */
  connect(request: Request): Promise<Response>;
}
