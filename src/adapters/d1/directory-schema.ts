/**
 * D1 schema of the DIRECTORY database (drizzle; migrations in migrations/directory, bound as
 * DIRECTORY): what is looked up before the runner is known or is shared by all runners —
 * accounts (with the runner → shard map), API tokens, browser sessions, the credential throttle,
 * the shards and runner moves, and the plan catalogue. Everything per runner is in a data shard
 * (schema.ts). Times are integers: ms since the Unix epoch (UTC).
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
  /** the date format's locale (en-GB, en-US, de-DE, …); null = en-GB */
  locale: text('locale'),
  /** 'monday' or 'sunday'; null = the locale's custom */
  weekStart: text('week_start'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  /** the data shard (DB_<shard>) holding every per-runner row; set at signup, changed only by a move */
  shard: integer('shard').notNull(),
}, (t) => [uniqueIndex('runners_email_uq').on(t.email), index('runners_shard_idx').on(t.shard)]);

export const apiTokens = sqliteTable('api_tokens', {
  id: text('id').primaryKey(),
  runnerId: text('runner_id').notNull().references(() => runners.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull(),
  prefix: text('prefix').notNull(),
  label: text('label'),
  createdAt: integer('created_at').notNull(),
  /** written at most once a minute per token (a write on every request would cost each call a D1 write) */
  lastUsedAt: integer('last_used_at'),
  revokedAt: integer('revoked_at'),
  /** 'write' (everything) or 'read' (safe methods only: 403 insufficient_scope on any write) */
  scope: text('scope').notNull().default('write'),
  /** after this instant the token answers 401 token_expired; null = no expiry */
  expiresAt: integer('expires_at'),
}, (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_runner_idx').on(t.runnerId)]);

// ── Web app: browser sessions and the credential throttle ──────────────────────────────────────

/** Browser sessions: only the SHA-256 of the cookie's random token is stored (a DB leak gives no cookie). */
export const webSessions = sqliteTable('web_sessions', {
  idHash: text('id_hash').primaryKey(),
  runnerId: text('runner_id').notNull().references(() => runners.id, { onDelete: 'cascade' }),
  createdAt: integer('created_at').notNull(),
  lastSeenAt: integer('last_seen_at').notNull(),
  /** sliding: pushed forward on use, never past createdAt + the absolute lifetime */
  expiresAt: integer('expires_at').notNull(),
  revokedAt: integer('revoked_at'),
  userAgent: text('user_agent'),
}, (t) => [index('web_sessions_runner_idx').on(t.runnerId)]);

/**
 * Password attempts per hashed key ("pair:…", "ip:…", "email:…", "signup:…"; never a raw IP or
 * email), counted BEFORE the password is checked: `attempts` since the last quiet spell, the
 * current progressive delay and the time before which this key is refused. "trusted:…" rows mark
 * an email+IP pair that signed in recently (blocked_until = when the mark lapses). Directory-level
 * data: not per runner.
 */
export const credentialThrottle = sqliteTable('credential_throttle', {
  key: text('key').primaryKey(),
  lastAttemptAt: integer('last_attempt_at').notNull(),
  attempts: integer('attempts').notNull(),
  delayMs: integer('delay_ms').notNull(),
  blockedUntil: integer('blocked_until').notNull(),
  /** 1 when the latest attempt was refused (read back through RETURNING) */
  refused: integer('refused').notNull().default(0),
});

// ── Plan catalogue ──────────────────────────────────────────────────────────────────────
// The plan schema (phases and rules) and the workout library are data shared by all runners,
// seeded by a migration from src/core/plan/defaults.ts (scripts/plan-seed.mjs) and read by the
// plan job.

export const planSchemas = sqliteTable('plan_schemas', {
  id: text('id').notNull(),
  version: integer('version').notNull(),
  /** PhaseRule[] in order base, build, specific, taper */
  phasesJson: text('phases_json').notNull(),
  /** PlanRules */
  rulesJson: text('rules_json').notNull(),
  /** relative load share per day role */
  roleSharesJson: text('role_shares_json').notNull(),
}, (t) => [primaryKey({ columns: [t.id, t.version] })]);

export const workoutTypes = sqliteTable('workout_types', {
  libraryId: text('library_id').notNull(),
  libraryVersion: integer('library_version').notNull(),
  typeId: text('type_id').notNull(),
  /** order in the library (the core picks types by id; the order keeps listings stable) */
  position: integer('position').notNull(),
  name: text('name').notNull(),
  structure: text('structure').notNull(),
  /** the whole WorkoutType (speeds, durations, reps, description) */
  typeJson: text('type_json').notNull(),
}, (t) => [primaryKey({ columns: [t.libraryId, t.libraryVersion, t.typeId] })]);

// ── Shards: the data databases and runner moves between them ─────────────────────────────

/**
 * One row per data shard (binding DB_<idx>). Only `open` shards take new runners (placement:
 * the open shard with the fewest runners); `closed` ones keep serving the runners they hold.
 * A bound shard without a row is never chosen: binding, migrating and opening are separate steps.
 */
export const shards = sqliteTable('shards', {
  idx: integer('idx').primaryKey(),
  /** open | closed */
  status: text('status').notNull(),
  /** runners placed here (a placement hint kept by signup and moves, not a constraint) */
  runners: integer('runners').notNull().default(0),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * A move of one runner's rows to another shard (copy, verify, switch, clean up; resumable from
 * `phase` + `tableIdx` + `afterRowid`). While phase is freeze/copy/verify the runner is frozen:
 * the resolver answers runner_moving (retryable) so nothing writes to the source mid-copy.
 */
export const runnerMoves = sqliteTable('runner_moves', {
  runnerId: text('runner_id').primaryKey().references(() => runners.id, { onDelete: 'cascade' }),
  fromShard: integer('from_shard').notNull(),
  toShard: integer('to_shard').notNull(),
  /** freeze → copy → verify → cleanup → done */
  phase: text('phase').notNull(),
  /** position: index into the data tables, and the last rowid copied (in cleanup: rows deleted so far) */
  tableIdx: integer('table_idx').notNull().default(0),
  afterRowid: integer('after_rowid').notNull().default(0),
  rowsCopied: integer('rows_copied').notNull().default(0),
  /** the copy starts only after this time: writes already in flight when frozen have landed */
  notBefore: integer('not_before').notNull(),
  error: text('error'),
  startedAt: integer('started_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
