/** The API's shapes: one zod schema each, used both to validate and to describe (OpenAPI). */
import { z } from '@hono/zod-openapi';
import { LOCALES, WEEK_STARTS } from './pages/locale';

export const ProblemSchema = z.object({
  type: z.string(), title: z.string(), status: z.number().int(), code: z.string(), detail: z.string(),
  instance: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
}).openapi('Problem');

export const RunnerSchema = z.object({
  id: z.string(), email: z.string(), name: z.string(),
  maxHr: z.number().int().optional(), restingHr: z.number().int().optional(), thresholdHr: z.number().int().optional(),
  zoneModel: z.enum(['hrmax', 'hrr', 'lthr']).optional(), units: z.enum(['metric', 'imperial']), timeZone: z.string(),
  locale: z.enum(LOCALES).openapi({ description: "the web app's date format (set from Accept-Language at sign-up)", example: 'en-GB' }),
  weekStart: z.enum(WEEK_STARTS).openapi({ description: 'the first day of the week in the plan calendar and history weeks (from the locale unless chosen)', example: 'monday' }),
  createdAt: z.string().openapi({ format: 'date-time' }),
}).openapi('Runner');

export const SignupBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()).openapi({ example: 'ana@example.com' }),
  password: z.string().min(10, 'Passwords need at least 10 characters.').max(256),
  name: z.string().trim().min(1).max(120),
  /** the runner's IANA time zone (the web form sends the browser's); UTC when absent */
  timeZone: z.string().refine(isTimeZone, 'Unknown IANA time zone.').optional().openapi({ example: 'Europe/Paris' }),
}).openapi('SignupRequest');

export const TokenBody = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  password: z.string().min(1).max(256),
  label: z.string().trim().max(120).optional(),
  scope: z.enum(['read', 'write']).optional().openapi({ description: "'write' (default): every route; 'read': GET only — any write answers 403 insufficient_scope" }),
  expiresInDays: z.number().int().min(1).max(365).optional().openapi({ description: 'the token answers 401 token_expired after this many days; none = no expiry' }),
}).openapi('TokenRequest');

export const ProfilePatch = z.object({
  name: z.string().trim().min(1).max(120),
  maxHr: z.number().int().min(100).max(250).nullable(),
  restingHr: z.number().int().min(25).max(120).nullable(),
  thresholdHr: z.number().int().min(80).max(240).nullable(),
  zoneModel: z.enum(['hrmax', 'hrr', 'lthr']).nullable(),
  units: z.enum(['metric', 'imperial']),
  timeZone: z.string().refine(isTimeZone, 'Unknown IANA time zone.'),
  locale: z.enum(LOCALES),
  weekStart: z.enum(WEEK_STARTS).nullable().openapi({ description: 'null follows the locale' }),
}).partial().strict().openapi('ProfilePatch');

export function isTimeZone(zone: string): boolean {
  try { new Intl.DateTimeFormat('en', { timeZone: zone }); return true; } catch { return false; }
}

export const CountsSchema = z.object({
  found: z.number().int(), imported: z.number().int(), duplicate: z.number().int(), rejected: z.number().int(),
  skipped: z.number().int(), failed: z.number().int(), analysed: z.number().int(),
  analysisFailed: z.number().int().optional().openapi({ description: 'sessions whose statistics could not be computed (see problems)' }),
  queued: z.number().int(), processing: z.number().int(),
  expanded: z.number().int().optional().openapi({ description: 'archives whose members were listed as files of their own' }),
  ignored: z.number().int().optional().openapi({ description: 'archive members that are not activities (activities.csv, JSON, …)' }),
});

export const JobFileSchema = z.object({
  id: z.string(), name: z.string(),
  status: z.enum(['queued', 'processing', 'imported', 'duplicate', 'rejected', 'skipped', 'failed', 'expanded', 'ignored']),
  code: z.string().optional(), message: z.string().optional(),
  sessionId: z.string().optional(), sessionIds: z.array(z.string()).optional(), duplicateOf: z.string().optional(),
});

export const JobSchema = z.object({
  id: z.string(), kind: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'completed_with_errors', 'failed', 'cancelled']).openapi({ description: 'cancelled: undone before it ran (POST /jobs/{id}/cancel)' }),
  stage: z.string().openapi({ description: 'upload: import → analyse → bests → history → done; plan: optimise → done' }),
  counts: CountsSchema,
  files: z.array(JobFileSchema).openapi({ description: 'the first 100 files in the order found; counts cover all of them' }),
  filesNextCursor: z.string().nullable().openapi({ description: 'when more files follow: GET /jobs/{id}/files?cursor=…' }),
  problems: z.array(z.object({ stepId: z.string(), kind: z.string(), code: z.string().optional(), message: z.string().optional() })).optional(),
  progress: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  createdAt: z.string().openapi({ format: 'date-time' }), finishedAt: z.string().nullable(),
}).openapi('Job');

export const UploadSchema = z.object({
  id: z.string(), name: z.string(), size: z.number().int(), sha256: z.string(), contentType: z.string().optional(),
}).openapi('Upload');

const deviceFields = {
  distanceM: z.number().optional(), timerS: z.number().optional(), elapsedS: z.number().optional(),
  avgHr: z.number().optional(), maxHr: z.number().optional(), avgSpeedMps: z.number().optional(),
  maxSpeedMps: z.number().optional(), ascentM: z.number().optional(), descentM: z.number().optional(),
  avgCadence: z.number().optional(), maxCadence: z.number().optional(), avgPowerW: z.number().optional(),
  maxPowerW: z.number().optional(), normalizedPowerW: z.number().optional(), calories: z.number().optional(),
  avgTemperatureC: z.number().optional(),
  poolLengthM: z.number().optional().openapi({ description: 'pool swims: the pool length in metres' }),
  poolLengthUnit: z.string().optional().openapi({ description: "pool swims: the unit the pool was set in, 'metric' (m) or 'statute' (yd)" }),
};

export const SessionSummarySchema = z.object({
  id: z.string(),
  name: z.string().optional().openapi({ description: "the session's title: set by the runner, from the export's activities.csv, a GPX <name> or a TCX <Notes>" }),
  sport: z.string().optional(), subSport: z.string().optional(),
  startTime: z.string().optional().openapi({ description: 'ISO-8601 UTC; absent when the device clock was relative' }),
  utcOffsetMinutes: z.number().int().optional().openapi({ description: "minutes from UTC of the clock where the activity happened (the FIT file's activity local_timestamp); absent when the file does not say", example: 120 }),
  startLocal: z.string().optional().openapi({ description: 'the start on that local clock, ISO-8601 with its offset (2019-09-14T17:22:05+02:00); absent with utcOffsetMinutes', example: '2019-09-14T17:22:05+02:00' }),
  distanceM: z.number().optional(), timerS: z.number().optional(), elapsedS: z.number().optional(), avgHr: z.number().optional(),
  recordCount: z.number().int(),
  fileId: z.string().optional().openapi({ description: 'the FIT file the session came from: the legs of a multisport file share it' }),
  legIndex: z.number().int().optional().openapi({ description: "the session's place in its file, from 0 (a triathlon: swim 0, T1 1, bike 2, T2 3, run 4)" }),
  excludeFromRecords: z.boolean().nullable().optional().openapi({ description: "the runner's say on records: null = the rule decides (outdoor runs count), true = left out, false = counted" }),
  countsForRecords: z.boolean().optional().openapi({ description: 'whether this session feeds personal bests and critical speed now' }),
  recordsReason: z.enum(['outdoor_run', 'indoor_run', 'not_running', 'excluded_by_runner', 'included_by_runner']).optional()
    .openapi({ description: 'why it counts or not: treadmill, indoor and virtual runs are left out by default' }),
}).openapi('SessionSummary');

/** What PATCH /sessions/{id} may change: every field optional, null puts it back to its default. */
export const SessionPatchSchema = z.object({
  excludeFromRecords: z.boolean().nullable().openapi({ description: 'true leaves the session out of personal bests and critical speed, false counts it (a treadmill run too), null lets the rule decide' }),
  name: z.string().trim().min(1).max(200).nullable().openapi({ description: "the session's title (1–200 characters); null clears it" }),
}).partial().strict().openapi('SessionPatch');

export const SessionFlagSchema = z.object({
  code: z.enum(['constant_samples', 'gps_spikes', 'impossible_speed', 'device_disagrees', 'records_outside_session']),
  severity: z.enum(['info', 'excluded', 'records_unusable']).openapi({ description: "'excluded': kept out of personal bests; 'records_unusable': the records are not used for any figure, and the session is out of bests and load" }),
  message: z.string(),
}).openapi('SessionFlag');

export const LapSchema = z.object({
  index: z.number().int().openapi({ description: '0-based within the session' }),
  startTime: z.string().optional().openapi({ description: 'ISO-8601 UTC; absent when the device clock was relative' }),
  startOffsetS: z.number().optional().openapi({ description: 'seconds from the session start' }),
  timerS: z.number().optional(), elapsedS: z.number().optional(), distanceM: z.number().optional(),
  avgHr: z.number().optional(), maxHr: z.number().optional(), avgSpeedMps: z.number().optional(), maxSpeedMps: z.number().optional(),
  avgPowerW: z.number().optional(), maxPowerW: z.number().optional(),
  avgCadence: z.number().optional().openapi({ description: 'as recorded: rpm, or strides per minute (one leg) for foot sports' }),
  ascentM: z.number().optional(), descentM: z.number().optional(), calories: z.number().optional(),
  trigger: z.string().optional().openapi({ description: 'manual, distance, time, position_*, session_end, fitness_equipment' }),
  intensity: z.string().optional().openapi({ description: 'active, rest, warmup, cooldown, recovery, interval, other' }),
}).openapi('Lap');

export const LengthSchema = z.object({
  index: z.number().int().openapi({ description: '0-based within the session, in time order' }),
  type: z.enum(['active', 'idle']).openapi({ description: "'active': a length swum; 'idle': a rest at the wall" }),
  startTime: z.string().optional().openapi({ description: 'ISO-8601 UTC; absent when the device clock was relative' }),
  startOffsetS: z.number().optional().openapi({ description: 'seconds from the session start' }),
  elapsedS: z.number().optional(), timerS: z.number().optional(),
  distanceM: z.number().optional().openapi({ description: 'the pool length (active lengths only)' }),
  avgSpeedMps: z.number().optional(), strokes: z.number().optional(),
  stroke: z.string().optional().openapi({ description: 'freestyle, backstroke, breaststroke, butterfly, drill, mixed, im…' }),
  cadenceSpm: z.number().optional().openapi({ description: 'strokes per minute' }),
}).openapi('Length');

export const IntervalSchema = z.object({
  index: z.number().int(), kind: z.enum(['work', 'rest']), startS: z.number(), endS: z.number(), durationS: z.number(),
  distanceM: z.number(), avgSpeedMps: z.number(), avgHr: z.number().optional(),
  avgPowerW: z.number().optional().openapi({ description: 'rides with power: reps are detected from power, and this is their average (W)' }),
}).openapi('Interval');

export const SessionDetailSchema = SessionSummarySchema.extend({
  flags: z.array(SessionFlagSchema).openapi({ description: 'What the runner should know about these numbers (empty when nothing)' }),
  device: z.object({
    manufacturer: z.string().optional(), product: z.number().optional(), productName: z.string().optional(),
    serialNumber: z.number().optional(), ...deviceFields,
  }),
  stats: z.record(z.string(), z.unknown()),
  fitFile: z.object({
    id: z.string(), name: z.string(), size: z.number().int(), sha256: z.string(),
    format: z.enum(['fit', 'gpx', 'tcx']).openapi({ description: 'the format of the original file (GET /sessions/{id}/fit serves it)' }),
  }),
  legs: z.array(z.object({
    id: z.string(), legIndex: z.number().int(), sport: z.string().optional(), subSport: z.string().optional(),
    startTime: z.string().optional(), distanceM: z.number().optional(), timerS: z.number().optional(),
  })).optional().openapi({ description: 'every session of a multisport file (this one included), in file order; absent for a single-session file' }),
}).openapi('SessionDetail');

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
