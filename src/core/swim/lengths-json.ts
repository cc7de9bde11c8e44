/**
 * The stored form of a pool swim's lengths: one small JSON object in R2 per session
 * (`{ "version": 1, "lengths": SwimLength[] }`), like the laps (laps/laps-json.ts). Why R2: a
 * one-hour swim in a 25 m pool has ~150 lengths (≈ 20 KB), far over the ≤ 3 KiB of D1 a session
 * may use (issue 14); lengths are read one session at a time, never queried across sessions.
 */
import type { SwimLength } from './swim-length';

export const LENGTHS_JSON_VERSION = 1;

export function encodeLengthsJson(lengths: readonly SwimLength[]): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ version: LENGTHS_JSON_VERSION, lengths }));
}

/** Unknown or damaged content reads as "none stored" (the caller may rebuild them from the FIT file). */
export function decodeLengthsJson(text: string): SwimLength[] | undefined {
  try {
    const v = JSON.parse(text) as { version?: unknown; lengths?: unknown };
    return v.version === LENGTHS_JSON_VERSION && Array.isArray(v.lengths) ? (v.lengths as SwimLength[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Pool swims are the sessions with lengths: a lap-swimming sub-sport or a pool length in the session message. */
export function isPoolSwim(session: { subSport?: string; device?: unknown }): boolean {
  const pool = (session.device as { poolLengthM?: unknown } | undefined)?.poolLengthM;
  return session.subSport === 'lap_swimming' || (typeof pool === 'number' && pool > 0);
}
