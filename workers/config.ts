/** Typed, validated configuration from the Worker's vars (wrangler.toml [vars]). */
export interface Config {
  maxUploadBytes: number;
  maxFitBytes: number;
  reconcileLeaseMs: number;
  reconcileIntervalMs: number;
}

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`Configuration ${name} must be a positive number, got "${raw}".`);
  return value;
}

export function readConfig(env: Env): Config {
  return {
    maxUploadBytes: positive('MAX_UPLOAD_BYTES', env.MAX_UPLOAD_BYTES, 99_614_720),
    maxFitBytes: positive('MAX_FIT_BYTES', env.MAX_FIT_BYTES, 16_777_216),
    reconcileLeaseMs: positive('RECONCILE_LEASE_MS', env.RECONCILE_LEASE_MS, 120_000),
    reconcileIntervalMs: positive('RECONCILE_INTERVAL_MS', env.RECONCILE_INTERVAL_MS, 30_000),
  };
}
