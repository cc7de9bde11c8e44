/**
 * D1 schema (drizzle). Every table carries runner_id and every query in the repositories is
 * scoped by it, so runners can later be sharded across databases by the resolver alone.
 * Times are integers: ms since the Unix epoch (UTC).
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const runners = sqliteTable('runners', {
  id: text('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  maxHr: integer('max_hr'),
  restingHr: integer('resting_hr'),
  thresholdHr: integer('threshold_hr'),
  zoneModel: text('zone_model'),
  units: text('units').notNull().default('metric'),
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [uniqueIndex('runners_email_uq').on(t.email)]);

export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull().references(() => runners.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull(),
  prefix: text('prefix').notNull(),
  label: text('label'),
  createdAt: integer('created_at').notNull(),
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
}, (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_runner_idx').on(t.runnerId)]);

export const uploads = sqliteTable('uploads', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull().references(() => runners.id, { onDelete: 'cascade' }),
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
  runnerId: text('runner_id').notNull().references(() => runners.id, { onDelete: 'cascade' }),
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
  createdAt: integer('created_at').notNull(),
}, (t) => [
  // The unique constraints are the dedupe: two concurrent imports of the same bytes (or the same
  // device recording) race on the insert, and exactly one wins.
  uniqueIndex('fit_files_runner_sha_uq').on(t.runnerId, t.sha256),
  uniqueIndex('fit_files_runner_identity_uq').on(t.runnerId, t.fitIdentity).where(sql`fit_identity IS NOT NULL`),
]);

export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull().references(() => runners.id, { onDelete: 'cascade' }),
  fitFileId: text('fit_file_id').notNull().references(() => fitFiles.id, { onDelete: 'cascade' }),
  sessionIndex: integer('session_index').notNull(),
  sport: text('sport'),
  subSport: text('sub_sport'),
  startTime: integer('start_time'),
  distanceM: real('distance_m'),
  timerS: real('timer_s'),
  elapsedS: real('elapsed_s'),
  avgHr: real('avg_hr'),
  deviceJson: text('device_json').notNull(),
  recordCount: integer('record_count').notNull(),
  recordsKey: text('records_key').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  uniqueIndex('sessions_file_index_uq').on(t.fitFileId, t.sessionIndex),
  index('sessions_runner_start_idx').on(t.runnerId, t.startTime, t.id),
]);
