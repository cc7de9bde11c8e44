/**
 * D1 schema of a DATA SHARD (drizzle; migrations in migrations/data, bound as DB_0…DB_{N-1}).
 * Everything here belongs to one runner: every table has runner_id, every query is scoped by it,
 * and a runner's rows live in exactly one shard (the directory's runners.shard), reached only
 * through the ShardResolver (shards.ts). A new per-runner table goes HERE, with a runner_id
 * column (test/unit/d1/shard-schema.test.ts checks it: the move job copies tables by it).
 * Tables shared by all runners (accounts, tokens, web sessions, the shard map, the plan
 * catalogue) are in directory-schema.ts. No foreign keys to runners: they live in another database.
 * Times are integers: ms since the Unix epoch (UTC).
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const uploads = sqliteTable('uploads', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull(),
  jobId: text('job_id').notNull(),
  name: text('name').notNull(),
  contentType: text('content_type'),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  r2Key: text('r2_key').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('uploads_runner_job_idx').on(t.runnerId, t.jobId)]);

export const fitFiles = sqliteTable('fit_files', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull(),
  uploadId: text('upload_id').notNull(),
  jobId: text('job_id').notNull(),
  name: text('name').notNull(),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  r2Key: text('r2_key').notNull(),
  fitIdentity: text('fit_identity'),
  fileType: text('file_type'),
  manufacturer: text('manufacturer'),
  product: integer('product'),
  productName: text('product_name'),
  serialNumber: integer('serial_number'),
  timeCreated: integer('time_created'),
  /** 'fit', 'gpx' or 'tcx': the format the activity was decoded from */
  format: text('format', { enum: ['fit', 'gpx', 'tcx'] }).notNull().default('fit'),
  /** JSON ArchiveMemberRef: the original is read from its archive (no copy at r2_key); null: at r2_key */
  archiveMember: text('archive_member'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  // The unique constraints are the dedupe: two concurrent imports of the same bytes (or the same
  // device recording) race on the insert, and exactly one wins.
  uniqueIndex('fit_files_runner_sha_uq').on(t.runnerId, t.sha256),
  uniqueIndex('fit_files_runner_identity_uq').on(t.runnerId, t.fitIdentity).where(sql`fit_identity IS NOT NULL`),
]);

export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull(),
  fitFileId: text('fit_file_id').notNull().references(() => fitFiles.id, { onDelete: 'cascade' }),
  sessionIndex: integer('session_index').notNull(),
  /** the title: from the file (GPX <name>, TCX <Notes>), the export's activities.csv, or the runner */
  name: text('name'),
  sport: text('sport'),
  subSport: text('sub_sport'),
  startTime: integer('start_time'),
  distanceM: real('distance_m'),
  timerS: real('timer_s'),
  elapsedS: real('elapsed_s'),
  avgHr: real('avg_hr'),
  deviceJson: text('device_json').notNull(),
  /** the session's timer start/stop events (for pause detection), JSON [{ timestamp, event, eventType }] */
  eventsJson: text('events_json'),
  recordCount: integer('record_count').notNull(),
  recordsKey: text('records_key').notNull(),
  createdAt: integer('created_at').notNull(),
  /** the runner's say on records: null = by the rule (outdoor runs count), true = left out, false = counted */
  excludeFromRecords: integer('exclude_from_records', { mode: 'boolean' }),
  /** minutes from UTC of the clock where the activity happened (FIT activity.local_timestamp); null = unknown */
  utcOffsetMin: integer('utc_offset_min'),
}, (t) => [
  uniqueIndex('sessions_file_index_uq').on(t.fitFileId, t.sessionIndex),
  index('sessions_runner_start_idx').on(t.runnerId, t.startTime, t.id),
]);

// ── Analysis (statistics, best efforts, personal bests, critical speed, history) ─────────

export const sessionStats = sqliteTable('session_stats', {
  sessionId: text('session_id').primaryKey().references(() => sessions.id, { onDelete: 'cascade' }),
  runnerId: text('runner_id').notNull(),
  algorithmVersion: integer('algorithm_version').notNull(),
  sport: text('sport'),
  startTime: integer('start_time'),
  /** the day the session counts for, in the runner's time zone when analysed (YYYY-MM-DD) */
  localDate: text('local_date'),
  distanceM: real('distance_m'),
  movingS: real('moving_s'),
  timerS: real('timer_s'),
  load: real('load'),
  /** layout 1: the summary only (core/metrics/stats-layout.ts); legacy rows (detail null): the whole statistics */
  statsJson: text('stats_json').notNull(),
  computedAt: integer('computed_at').notNull(),
  /** where the rest is: null = nowhere (legacy, all in stats_json), 1 = gzip JSON in R2 at keys.ts statsDetailKey */
  detail: integer('detail'),
}, (t) => [index('session_stats_runner_date_idx').on(t.runnerId, t.localDate)]);

export const bestEfforts = sqliteTable('best_efforts', {
  runnerId: text('runner_id').notNull(),
  sessionId: text('session_id').notNull().references(() => sessions.id, { onDelete: 'cascade' }),
  distanceM: real('distance_m').notNull(),
  timeS: real('time_s').notNull(),
  achievedAt: integer('achieved_at'),
  startOffsetS: real('start_offset_s'),
}, (t) => [
  primaryKey({ columns: [t.sessionId, t.distanceM] }),
  index('best_efforts_runner_distance_idx').on(t.runnerId, t.distanceM, t.timeS),
]);

export const personalBests = sqliteTable('personal_bests', {
  runnerId: text('runner_id').notNull(),
  distanceM: real('distance_m').notNull(),
  timeS: real('time_s').notNull(),
  sessionId: text('session_id').notNull(),
  achievedAt: integer('achieved_at'),
  historyJson: text('history_json').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.runnerId, t.distanceM] })]);

export const criticalSpeed = sqliteTable('critical_speed', {
  runnerId: text('runner_id').primaryKey(),
  status: text('status').notNull(),
  csMps: real('cs_mps'),
  dPrimeM: real('d_prime_m'),
  r2: real('r2'),
  resultJson: text('result_json').notNull(),
  computedAt: integer('computed_at').notNull(),
});

export const dailyHistory = sqliteTable('daily_history', {
  runnerId: text('runner_id').notNull(),
  date: text('date').notNull(),
  distanceM: real('distance_m').notNull(),
  timeS: real('time_s').notNull(),
  sessions: integer('sessions').notNull(),
  load: real('load').notNull(),
  ctl: real('ctl').notNull(),
  atl: real('atl').notNull(),
  tsb: real('tsb').notNull(),
  /** the day's volume per sport, JSON { [sport]: { distanceM, timeS, sessions } } (days with sessions only) */
  sportsJson: text('sports_json'),
}, (t) => [primaryKey({ columns: [t.runnerId, t.date] })]);

// ── Training plans (ALGORITHMS.md §5; PRODUCT.md flow 2) ────────────────────────────────
// A plan pins the (id, version) of the catalogue (directory-schema.ts) it was built with, so
// editing the catalogue never changes a running plan.

export const trainingPlans = sqliteTable('training_plans', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull(),
  jobId: text('job_id').notNull(),
  /** queued → running → completed | failed */
  status: text('status').notNull(),
  seed: integer('seed').notNull(),
  /** the PlanRequest as optimised (with `today` and `seed` resolved) */
  requestJson: text('request_json').notNull(),
  /** the AthleteState snapshot taken at request time: every chunk optimises the same problem */
  athleteJson: text('athlete_json').notNull(),
  /** why defaults were used (no history, no critical speed) */
  notesJson: text('notes_json').notNull(),
  schemaId: text('schema_id').notNull(),
  schemaVersion: integer('schema_version').notNull(),
  libraryId: text('library_id').notNull(),
  libraryVersion: integer('library_version').notNull(),
  /** best DE energy so far (−p(race day)); the final one once completed */
  objective: real('objective'),
  generation: integer('generation').notNull().default(0),
  evaluations: integer('evaluations').notNull().default(0),
  /** R2 key of the newest DE checkpoint, and its step number */
  checkpointKey: text('checkpoint_key'),
  checkpointStep: integer('checkpoint_step'),
  /** the rendered plan (weeks, projection, notes) once completed */
  resultJson: text('result_json'),
  errorCode: text('error_code'),
  errorMessage: text('error_message'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  finishedAt: integer('finished_at'),
  /** the revision the result holds: 0 = as first optimised, n = the n-th re-plan (plan_revisions) */
  revision: integer('revision').notNull().default(0),
}, (t) => [index('training_plans_runner_created_idx').on(t.runnerId, t.createdAt, t.id)]);

// ── Archives and resumable uploads ──────────────────────────────────────────────────────

/** A resumable upload: an R2 multipart upload of `size` bytes in equal parts (the last smaller). */
export const multipartUploads = sqliteTable('multipart_uploads', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull(),
  name: text('name').notNull(),
  r2Key: text('r2_key').notNull(),
  r2UploadId: text('r2_upload_id').notNull(),
  size: integer('size').notNull(),
  partSize: integer('part_size').notNull(),
  /** open → completed | aborted */
  status: text('status').notNull(),
  jobId: text('job_id'),
  /** the assembled object's SHA-256, recorded once at its first inspection (a replayed completion compares, never re-reads) */
  sha256: text('sha256'),
  /** the assembled object's size and first bytes (base64, content sniffing), recorded with sha256 */
  assembledSize: integer('assembled_size'),
  assembledHead: text('assembled_head'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('multipart_uploads_runner_idx').on(t.runnerId, t.createdAt)]);

/** Parts received so far; a part sent again replaces its row (R2: the last upload of a part wins). */
export const multipartParts = sqliteTable('multipart_parts', {
  uploadId: text('upload_id').notNull().references(() => multipartUploads.id, { onDelete: 'cascade' }),
  runnerId: text('runner_id').notNull(),
  partNumber: integer('part_number').notNull(),
  etag: text('etag').notNull(),
  size: integer('size').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [primaryKey({ columns: [t.uploadId, t.partNumber] })]);

/**
 * The total output budget of one upload's archives: each archive (the upload, or a nested one)
 * takes one grant, once, so a redelivered inspection decides exactly as the first did.
 */
export const archiveBudgetGrants = sqliteTable('archive_budget_grants', {
  rootUploadId: text('root_upload_id').notNull(),
  archiveFileId: text('archive_file_id').notNull(),
  runnerId: text('runner_id').notNull(),
  grantedBytes: integer('granted_bytes').notNull(),
  limitBytes: integer('limit_bytes').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [primaryKey({ columns: [t.rootUploadId, t.archiveFileId] })]);

/**
 * Re-plans of a plan (issue 17): each one re-optimises the weeks not yet run from the runner's
 * actual state after a history-changing job, warm-started from the previous solution. The row holds
 * the problem (request and athlete snapshot, frozen weeks, x0) while it runs, then the one-line
 * reasons per changed week and the weekly loads; the plan row holds the current merged result.
 */
export const planRevisions = sqliteTable('plan_revisions', {
  planId: text('plan_id').notNull().references(() => trainingPlans.id, { onDelete: 'cascade' }),
  runnerId: text('runner_id').notNull(),
  revision: integer('revision').notNull(),
  /** running → completed | failed | superseded */
  status: text('status').notNull(),
  jobId: text('job_id').notNull(),
  /** the job whose history change triggered it */
  triggerJobId: text('trigger_job_id'),
  frozenWeeks: integer('frozen_weeks').notNull(),
  requestJson: text('request_json').notNull(),
  athleteJson: text('athlete_json').notNull(),
  x0Json: text('x0_json'),
  reasonsJson: text('reasons_json'),
  weeksJson: text('weeks_json'),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
}, (t) => [primaryKey({ columns: [t.planId, t.revision] }), index('plan_revisions_runner_idx').on(t.runnerId, t.planId)]);

/**
 * The storage ledger (issue 13 item 3): one row per R2 object a runner holds (uploads, nested
 * archives, extracted files, Parquet, per-session JSON, plan checkpoints — every key under
 * `runners/<id>/` except exports), with its size. A row is written BEFORE its object (the
 * reservation, refused atomically past the quota: storage-ledger.ts) and removed with it, so
 * the runner's usage is `sum(bytes)` and deleting frees exactly what was charged. A reservation
 * for bytes still arriving (a streamed upload, an open resumable upload) carries `expires_at`
 * and stops counting after it, so a crashed request leaks nothing for long.
 */
export const storedObjects = sqliteTable('stored_objects', {
  key: text('key').primaryKey(),
  runnerId: text('runner_id').notNull(),
  bytes: integer('bytes').notNull(),
  /** null once the object is stored; else when this reservation lapses (ms) */
  expiresAt: integer('expires_at'),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('stored_objects_runner_idx').on(t.runnerId, t.expiresAt, t.bytes)]);
