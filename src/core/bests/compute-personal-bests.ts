/**
 * Personal bests as a derived view (ALGORITHMS.md §2): recomputed from all best efforts every
 * time, never patched, so a deleted or re-analysed session cannot leave a stale best.
 * Order: chronological by achievedAt, ties by smaller sessionId; a later effort becomes the new
 * best only if strictly faster, so an equal time keeps the earlier holder (deterministic).
 * The caller passes running sessions only, current algorithm version only, exclusions removed —
 * this function does not know sports.
 */
import { DomainError } from '../errors';
import { BEST_EFFORT_DISTANCES_M } from '../metrics/options';
import type { EffortRecord, PersonalBest, PersonalBestEntry, PersonalBestOptions, PersonalBests } from './types';

const DISTANCE_TOLERANCE_M = 1e-6;

function invalid(field: string, message: string): never {
  throw new DomainError('invalid_options', `${field} ${message}`, { details: { field } });
}

function toMs(v: string | number, field: string): number {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms)) invalid(field, `must be an ISO-8601 date or ms since epoch, got ${String(v)}`);
  return ms;
}

function resolveDistances(options: PersonalBestOptions): readonly number[] {
  const list = options.distancesM ?? BEST_EFFORT_DISTANCES_M;
  if (!Array.isArray(list) || list.some((x) => typeof x !== 'number' || !(x > 0))) invalid('distancesM', 'must be an array of positive numbers');
  return [...list].sort((a, b) => a - b);
}

interface Row {
  distanceM: number;
  timeS: number;
  sessionId: string;
  ms: number;
}

/** Chronological, then by session id (code-unit order, locale-independent). */
function compareRows(a: Row, b: Row): number {
  if (a.ms !== b.ms) return a.ms - b.ms;
  return a.sessionId < b.sessionId ? -1 : a.sessionId > b.sessionId ? 1 : 0;
}

function entry(r: Row): PersonalBestEntry {
  return { distanceM: r.distanceM, timeS: r.timeS, sessionId: r.sessionId, achievedAt: new Date(r.ms).toISOString() };
}

export function computePersonalBests(efforts: readonly EffortRecord[], options: PersonalBestOptions = {}): PersonalBests {
  if (!Array.isArray(efforts)) invalid('efforts', 'must be an array');
  const distances = resolveDistances(options);
  const byDistance = new Map<number, Row[]>(distances.map((d) => [d, []]));
  efforts.forEach((e, k) => {
    if (typeof e.sessionId !== 'string' || e.sessionId === '') invalid(`efforts[${k}].sessionId`, 'must be a non-empty string');
    if (typeof e.timeS !== 'number' || !(e.timeS > 0) || !Number.isFinite(e.timeS)) invalid(`efforts[${k}].timeS`, `must be a finite number > 0, got ${String(e.timeS)}`);
    const target = distances.find((d) => Math.abs(d - e.distanceM) <= DISTANCE_TOLERANCE_M);
    if (target === undefined) return;
    byDistance.get(target)!.push({ distanceM: target, timeS: e.timeS, sessionId: e.sessionId, ms: toMs(e.achievedAt, `efforts[${k}].achievedAt`) });
  });
  const items: PersonalBest[] = [];
  for (const d of distances) {
    const rows = byDistance.get(d)!.sort(compareRows);
    const progression: Row[] = [];
    for (const r of rows) if (progression.length === 0 || r.timeS < progression[progression.length - 1].timeS) progression.push(r);
    if (progression.length === 0) continue;
    const current = progression[progression.length - 1];
    items.push({ ...entry(current), history: progression.slice(0, -1).map(entry) });
  }
  return { items };
}
