/** Typed, validated configuration from the Worker's vars (wrangler.toml [vars]). */
import { resolveArchiveCaps, type ArchiveCaps } from '../src/core/archive';

export interface Config {
  maxUploadBytes: number;
  /** bytes one runner may hold (every object under their prefix but exports): the storage ledger refuses past it */
  storageQuotaBytes: number;
  maxFitBytes: number;
  /** largest GPX/TCX once unpacked (xml_too_large beyond); it is held in memory while decoded */
  maxXmlBytes: number;
  reconcileLeaseMs: number;
  reconcileIntervalMs: number;
  /** fan-out work a runner may have in the shared queue at once (tenant fairness) */
  dispatchWindow: number;
  /** plan chunks: CPU budget per step (70 % of it is used) and a cap on generations per step */
  planStepCpuMs: number;
  planStepMaxGenerations: number;
  /** limits for reading uploaded archives (validated by the archive core) */
  archiveCaps: ArchiveCaps;
  /** part size offered to resumable uploads (R2: 5 MiB–5 GiB; each part is one request) */
  multipartPartBytes: number;
  /** data rows one account-deletion step removes before it sends the next step */
  purgeStepRows: number;
  /** a session delete is held this long (ms) so the runner can undo it; 0 = at once */
  deleteUndoMs: number;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Configuration ${name} must be a positive number, got "${raw}".`);
  return value;
}

function nonNegative(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`Configuration ${name} must be zero or a positive number, got "${raw}".`);
  return value;
}

// Vars do not change within an isolate, and workerd hands every invocation the same env object:
// parsed once per env instead of three times per request (buildAppDeps and each blob store).
const parsed = new WeakMap<object, Config>();

export function readConfig(env: Env): Config {
  let config = parsed.get(env);
  if (!config) {
    config = parseConfig(env);
    parsed.set(env, config);
  }
  return config;
}

function parseConfig(env: Env): Config {
  return {
    maxUploadBytes: positive('MAX_UPLOAD_BYTES', env.MAX_UPLOAD_BYTES, 99_614_720),
    storageQuotaBytes: positive('STORAGE_QUOTA_BYTES', (env as unknown as Record<string, string | undefined>).STORAGE_QUOTA_BYTES, 21_474_836_480),
    maxFitBytes: positive('MAX_FIT_BYTES', env.MAX_FIT_BYTES, 16_777_216),
    maxXmlBytes: positive('MAX_XML_BYTES', (env as unknown as Record<string, string | undefined>).MAX_XML_BYTES, 33_554_432),
    reconcileLeaseMs: positive('RECONCILE_LEASE_MS', env.RECONCILE_LEASE_MS, 120_000),
    reconcileIntervalMs: positive('RECONCILE_INTERVAL_MS', env.RECONCILE_INTERVAL_MS, 30_000),
    purgeStepRows: Math.floor(positive('PURGE_STEP_ROWS', (env as unknown as Record<string, string | undefined>).PURGE_STEP_ROWS, 20_000)),
    deleteUndoMs: nonNegative('DELETE_UNDO_MS', (env as unknown as Record<string, string | undefined>).DELETE_UNDO_MS, 10_000),
    dispatchWindow: positive('DISPATCH_WINDOW', (env as unknown as Record<string, string | undefined>).DISPATCH_WINDOW, 16),
    ...readPlanConfig(env as Env & { PLAN_STEP_CPU_MS?: string; PLAN_STEP_MAX_GENERATIONS?: string }),
    ...readArchiveConfig(env as Env & ArchiveVars),
  };
}

type ArchiveVars = Partial<Record<
  'ARCHIVE_MAX_BYTES' | 'ARCHIVE_MAX_ENTRIES' | 'ARCHIVE_MAX_NESTING_DEPTH' | 'ARCHIVE_MAX_ENTRY_BYTES' | 'ARCHIVE_MAX_RATIO'
  | 'ARCHIVE_OUTPUT_BUDGET_FACTOR' | 'ARCHIVE_MAX_OUTPUT_BYTES' | 'MULTIPART_PART_BYTES', string>>;

const MiB = 1_048_576;

function readArchiveConfig(env: ArchiveVars) {
  const optional = (name: keyof ArchiveVars) => (env[name] === undefined || env[name] === '' ? undefined : Math.floor(positive(name, env[name], 1)));
  const overrides = Object.fromEntries(Object.entries({
    maxArchiveBytes: optional('ARCHIVE_MAX_BYTES'),
    maxEntries: optional('ARCHIVE_MAX_ENTRIES'),
    maxNestingDepth: optional('ARCHIVE_MAX_NESTING_DEPTH'),
    // nested archives are entries too (Garmin's UploadedFiles_*.zip): FIT members are capped by MAX_FIT_BYTES
    maxEntryBytes: optional('ARCHIVE_MAX_ENTRY_BYTES') ?? 2048 * MiB,
    maxRatio: optional('ARCHIVE_MAX_RATIO'),
    outputBudgetFactor: optional('ARCHIVE_OUTPUT_BUDGET_FACTOR'),
    maxOutputBudgetBytes: optional('ARCHIVE_MAX_OUTPUT_BYTES'),
  }).filter(([, value]) => value !== undefined));
  const multipartPartBytes = Math.floor(positive('MULTIPART_PART_BYTES', env.MULTIPART_PART_BYTES, 8 * MiB));
  if (multipartPartBytes < 5 * MiB) throw new Error(`Configuration MULTIPART_PART_BYTES must be at least 5 MiB (R2's smallest part), got ${multipartPartBytes}.`);
  return { archiveCaps: resolveArchiveCaps(overrides), multipartPartBytes };
}

// Optional vars (absent from the generated Env when a config leaves them out).
function readPlanConfig(env: { PLAN_STEP_CPU_MS?: string; PLAN_STEP_MAX_GENERATIONS?: string }) {
  return {
    planStepCpuMs: positive('PLAN_STEP_CPU_MS', env.PLAN_STEP_CPU_MS, 5_000),
    planStepMaxGenerations: Math.floor(positive('PLAN_STEP_MAX_GENERATIONS', env.PLAN_STEP_MAX_GENERATIONS, 250)),
  };
}
