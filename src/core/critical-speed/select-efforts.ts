/**
 * Effort selection for the CS fit (ALGORITHMS.md §3.2): best efforts (not whole sessions) inside
 * the lookback window and the 2–20 min duration window (GoldenCheetah `PDModel.cpp`
 * `deriveCPParameters` uses 120–1200 s), one per target distance — the fastest, ties to the
 * earlier date then the smaller session id.
 */
import { DomainError } from '../errors';
import type { CsEffortInput } from './types';
import { toEpochMs, type ResolvedCsOptions } from './options';

const DAY_MS = 86_400_000;
/** ALGORITHMS.md §3.2: candidate targets are 800 m … 5000 m (and duration bests), never 400 m. */
export const MIN_DISTANCE_M = 800;

export interface SelectedEffort {
  distanceM: number;
  timeS: number;
  sessionId: string;
  ms?: number;
  isTest: boolean;
}

function invalid(field: string, message: string): never {
  throw new DomainError('invalid_options', `${field} ${message}`, { details: { field } });
}

function better(a: SelectedEffort, b: SelectedEffort): boolean {
  if (a.timeS !== b.timeS) return a.timeS < b.timeS;
  const am = a.ms ?? Infinity;
  const bm = b.ms ?? Infinity;
  if (am !== bm) return am < bm;
  return a.sessionId < b.sessionId;
}

export function selectEfforts(efforts: readonly CsEffortInput[], o: ResolvedCsOptions): SelectedEffort[] {
  if (!Array.isArray(efforts)) invalid('efforts', 'must be an array');
  const all: SelectedEffort[] = efforts.map((e, k) => {
    if (typeof e.sessionId !== 'string' || e.sessionId === '') invalid(`efforts[${k}].sessionId`, 'must be a non-empty string');
    if (typeof e.distanceM !== 'number' || !(e.distanceM > 0) || !Number.isFinite(e.distanceM)) invalid(`efforts[${k}].distanceM`, `must be a finite number > 0, got ${String(e.distanceM)}`);
    if (typeof e.timeS !== 'number' || !(e.timeS > 0) || !Number.isFinite(e.timeS)) invalid(`efforts[${k}].timeS`, `must be a finite number > 0, got ${String(e.timeS)}`);
    const ms = e.achievedAt === undefined ? undefined : toEpochMs(e.achievedAt, `efforts[${k}].achievedAt`);
    return { distanceM: e.distanceM, timeS: e.timeS, sessionId: e.sessionId, ms, isTest: e.isTest === true };
  });
  const dated = all.filter((e) => e.ms !== undefined).map((e) => e.ms as number);
  const asOf = o.asOfMs ?? (dated.length > 0 ? Math.max(...dated) : undefined);
  const from = asOf === undefined ? -Infinity : asOf - o.lookbackDays * DAY_MS;
  const best = new Map<number, SelectedEffort>();
  for (const e of all) {
    if (e.ms !== undefined && asOf !== undefined && (e.ms < from || e.ms > asOf)) continue;
    if (e.timeS < o.minDurationS || e.timeS > o.maxDurationS) continue;
    // §3.2's candidate targets start at 800 m: a shorter "best" lasting over 2 min is a jog, not an effort
    if (e.distanceM < MIN_DISTANCE_M) continue;
    const key = Math.round(e.distanceM * 1000);
    const cur = best.get(key);
    if (!cur || better(e, cur)) best.set(key, e);
  }
  return [...best.values()].sort((a, b) => a.timeS - b.timeS || a.distanceM - b.distanceM);
}
