/**
 * Every queue message is one member of this discriminated union, validated at the consumer's
 * boundary. Messages carry ids and R2 keys, never file bytes (a message is ≤ 128 KB).
 */
import { z } from 'zod';

const id = z.string().min(1).max(128);

/**
 * An archive member, described by the central-directory fields the extractor checks again
 * (local header, sizes, CRC-32): the import inflates it by range, never re-listing the archive.
 * `gzip`: the member is itself a .gz to unwrap (Strava's activities/*.fit.gz).
 */
export const zipEntrySource = z.object({
  kind: z.literal('zip-entry'),
  archiveKey: z.string().min(1).max(1024),
  index: z.number().int().nonnegative(),
  method: z.number().int().nonnegative(),
  flags: z.number().int().nonnegative(),
  crc32: z.number().int().nonnegative(),
  compressedSize: z.number().int().nonnegative(),
  uncompressedSize: z.number().int().nonnegative(),
  localHeaderOffset: z.number().int().nonnegative(),
  spanEnd: z.number().int().nonnegative(),
  /** raw name bytes, base64 (checked against the local header) */
  rawName: z.string().max(1400),
  gzip: z.boolean().optional(),
});
/** A whole object that is a single-member gzip of a FIT file (an uploaded run.fit.gz). */
export const gzipSource = z.object({ kind: z.literal('gzip'), key: z.string().min(1).max(1024) });
const fitSource = z.discriminatedUnion('kind', [zipEntrySource, gzipSource]);

/** Tasks about one ledger file (an uploaded file or an archive member). */
const fileBase = {
  runnerId: id,
  jobId: id,
  /** the job-file id: also the fit_files id when it imports */
  fileId: id,
  uploadId: id,
  /** R2 key of the raw bytes */
  key: z.string().min(1).max(1024),
  /** display name (user-given; never used in a key) */
  name: z.string().max(2048),
  size: z.number().int().nonnegative(),
};

export const importFileMessage = z.object({
  type: z.literal('import-file'),
  ...fileBase,
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  /** where the FIT bytes are when they are not the object at `key` itself (archive members) */
  source: fitSource.optional(),
  /** the activity's name from its export's list (Strava's activities.csv): the session title */
  title: z.string().max(400).optional(),
});

/**
 * Lists an archive (the upload, or a nested archive written to R2) and fans out one task per
 * member. `fileId` is the archive's own ledger file; `depth` 1 is the upload itself.
 */
export const inspectArchiveMessage = z.object({
  type: z.literal('inspect-archive'),
  ...fileBase,
  depth: z.number().int().min(1).max(16),
  /** the top-level upload's size: the total output budget is a multiple of it */
  rootSize: z.number().int().nonnegative(),
});

/** Steps that are not file imports carry the step id the coordinator tracks them by. */
const stepBase = { runnerId: id, jobId: id, stepId: z.string().min(1).max(256) };

export const analyseSessionMessage = z.object({ type: z.literal('analyse-session'), ...stepBase, sessionId: id });
export const refreshBestsMessage = z.object({ type: z.literal('refresh-bests'), ...stepBase });
export const updateHistoryMessage = z.object({ type: z.literal('update-history'), ...stepBase });
/** a session delete held for its undo window: sent only once nobody undid it (then a recompute follows) */
export const deleteSessionMessage = z.object({ type: z.literal('delete-session'), ...stepBase, sessionId: id });

/**
 * One chunk of a plan optimisation: resume the DE from `checkpointKey` (R2; null = start), run at
 * most `generations` generations, checkpoint, and register the next chunk. Keys, never the state.
 */
export const planStepMessage = z.object({
  type: z.literal('plan-step'), ...stepBase, planId: id,
  step: z.number().int().min(0).max(1_000_000),
  checkpointKey: z.string().min(1).max(1024).nullable(),
  generations: z.number().int().min(1).max(100_000),
  /** a re-plan of a completed plan (plan_revisions); absent for the first optimisation */
  revision: z.number().int().min(1).max(1_000_000).optional(),
});

/** Builds the runner's data export (one ZIP in R2, keyed by the job id): a step of an 'export' job. */
export const buildExportMessage = z.object({ type: z.literal('build-export'), ...stepBase });

/**
 * Deleting an account, one bounded piece per message (R2 pages, then data rows, then the
 * directory row); the step sends itself again until nothing is left. Not a coordinator job: the
 * runner's coordinator is closed first.
 */
export const purgeAccountMessage = z.object({ type: z.literal('purge-account'), runnerId: id });

// Add new task types here (one member each); the consumer's switch must handle every member.
export const taskMessage = z.discriminatedUnion('type', [
  importFileMessage,
  inspectArchiveMessage,
  analyseSessionMessage,
  refreshBestsMessage,
  updateHistoryMessage,
  deleteSessionMessage,
  planStepMessage,
  purgeAccountMessage,
  buildExportMessage,
]);

export type ImportFileMessage = z.infer<typeof importFileMessage>;
export type AnalyseSessionMessage = z.infer<typeof analyseSessionMessage>;
export type RefreshBestsMessage = z.infer<typeof refreshBestsMessage>;
export type UpdateHistoryMessage = z.infer<typeof updateHistoryMessage>;
export type DeleteSessionMessage = z.infer<typeof deleteSessionMessage>;
export type PlanStepMessage = z.infer<typeof planStepMessage>;
export type PurgeAccountMessage = z.infer<typeof purgeAccountMessage>;
export type BuildExportMessage = z.infer<typeof buildExportMessage>;
export type InspectArchiveMessage = z.infer<typeof inspectArchiveMessage>;
export type ZipEntrySource = z.infer<typeof zipEntrySource>;
export type FitSource = z.infer<typeof fitSource>;
/** tasks tracked as ledger files (they carry a fileId); every other task is a step */
export type FileTaskMessage = ImportFileMessage | InspectArchiveMessage;
export type StepTaskMessage = Exclude<TaskMessage, FileTaskMessage | PurgeAccountMessage>;
export type TaskMessage = z.infer<typeof taskMessage>;

export function parseTaskMessage(body: unknown): TaskMessage {
  return taskMessage.parse(body);
}
