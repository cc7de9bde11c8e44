/**
 * Fault injection plan for test and drill configurations only (the production config never sets
 * FAULTS). Which key fails at which step boundary is decided by a seeded hash of the key, so a
 * run repeats exactly: there is no randomness here, only the key, the seed and the hit count.
 */
import { DomainError } from './errors';

export const FAULT_POINTS = ['inflate', 'decode', 'parquet', 'commit', 'analyse', 'bests', 'history'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export interface FaultPlan {
  seed: number;
  /** share (0–1) of keys that fail transiently at a point */
  failRate: Partial<Record<FaultPoint, number>>;
  /** how many hits of a chosen key fail before it passes (below max_retries + 1 keeps it alive) */
  failTimes: number;
  /**
   * At most this many transient failures per key over all points (0: no cap). A file passes
   * several points in one attempt (inflate, decode, parquet, commit); chosen at four of them at
   * 20 % each it failed four attempts and was dead-lettered by chance (≈ 0.2 % of files): a plan
   * whose transient failures must all be absorbed sets this to max_retries.
   */
  maxFailsPerKey: number;
  /** file names that fail at `decode` on every attempt: they must end in the dead-letter queue */
  poison: string[];
  /** crash (a plain Error, as a runtime would) at these points; with several, each key picks one by hash */
  crashAt: FaultPoint[];
  /** how many hits of a key crash before it passes */
  crashTimes: number;
  /** added latency per point, awaited before the step runs */
  latencyMs: Partial<Record<FaultPoint, number>>;
}

export type FaultDecision =
  | { kind: 'pass'; delayMs: number }
  | { kind: 'fail'; delayMs: number; reason: 'transient' | 'poison' }
  | { kind: 'crash'; delayMs: number };

/** The error a crash throws: not a DomainError, so the consumer treats it like a runtime fault. */
export class InjectedCrash extends Error {
  constructor(point: FaultPoint, key: string) {
    super(`injected crash at ${point} (${key})`);
    this.name = 'InjectedCrash';
  }
}

export function injectedFailure(point: FaultPoint, key: string, reason: string): DomainError {
  return new DomainError('fault_injected', `Injected ${reason} failure at ${point} (${key}).`, { retryable: true });
}

function isPoint(value: unknown): value is FaultPoint {
  return typeof value === 'string' && (FAULT_POINTS as readonly string[]).includes(value);
}

function perPoint(raw: unknown, what: string, max: number): Partial<Record<FaultPoint, number>> {
  if (raw === undefined) return {};
  if (typeof raw === 'number') return Object.fromEntries(FAULT_POINTS.map((p) => [p, check(raw, what, max)]));
  if (typeof raw !== 'object' || raw === null) throw new Error(`FAULTS.${what} must be a number or an object of points`);
  const out: Partial<Record<FaultPoint, number>> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!isPoint(key)) throw new Error(`FAULTS.${what}: unknown point "${key}" (one of ${FAULT_POINTS.join(', ')})`);
    out[key] = check(value, what, max);
  }
  return out;
}

function check(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) throw new Error(`FAULTS.${what} values must be numbers in [0, ${max}]`);
  return value;
}

/** Parses the FAULTS var (JSON); a bad plan is a configuration error, reported loudly. */
export function parseFaultPlan(json: string): FaultPlan {
  const raw = JSON.parse(json) as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error('FAULTS must be a JSON object');
  const crash = raw.crashAt === undefined ? [] : Array.isArray(raw.crashAt) ? raw.crashAt : [raw.crashAt];
  for (const p of crash) if (!isPoint(p)) throw new Error(`FAULTS.crashAt: unknown point "${String(p)}"`);
  const poison = raw.poison ?? [];
  if (!Array.isArray(poison) || !poison.every((n) => typeof n === 'string')) throw new Error('FAULTS.poison must be a list of file names');
  return {
    seed: Math.floor(check(raw.seed ?? 1, 'seed', 0xffffffff)),
    failRate: perPoint(raw.failRate, 'failRate', 1),
    failTimes: Math.floor(check(raw.failTimes ?? 1, 'failTimes', 100)),
    maxFailsPerKey: Math.floor(check(raw.maxFailsPerKey ?? 0, 'maxFailsPerKey', 100)),
    poison: poison as string[],
    crashAt: crash as FaultPoint[],
    crashTimes: Math.floor(check(raw.crashTimes ?? 1, 'crashTimes', 100)),
    latencyMs: perPoint(raw.latencyMs, 'latencyMs', 600_000),
  };
}

/** FNV-1a (32 bit) of seed and text, as a fraction in [0, 1). */
export function hashFraction(seed: number, text: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h / 0x1_0000_0000;
}

/**
 * What happens at `point` for `key` on its `hit`-th arrival (1-based, counted by the caller).
 * `name` is the file's display name (poison matching); keys are ledger ids. `failedBefore`: the
 * key's transient failures so far at any point (counted by the caller), for maxFailsPerKey.
 */
export function decideFault(plan: FaultPlan, point: FaultPoint, key: string, hit: number, name?: string, failedBefore = 0): FaultDecision {
  const delayMs = plan.latencyMs[point] ?? 0;
  if (point === 'decode' && name !== undefined && plan.poison.includes(name)) return { kind: 'fail', delayMs, reason: 'poison' };
  if (plan.crashAt.length > 0 && hit <= plan.crashTimes) {
    const chosen = plan.crashAt.length === 1 ? plan.crashAt[0] : plan.crashAt[Math.floor(hashFraction(plan.seed, `crash:${key}`) * plan.crashAt.length)];
    if (chosen === point) return { kind: 'crash', delayMs };
  }
  const rate = plan.failRate[point] ?? 0;
  const capped = plan.maxFailsPerKey > 0 && failedBefore >= plan.maxFailsPerKey;
  if (rate > 0 && !capped && hit <= plan.failTimes && hashFraction(plan.seed, `${point}:${key}`) < rate) return { kind: 'fail', delayMs, reason: 'transient' };
  return { kind: 'pass', delayMs };
}
