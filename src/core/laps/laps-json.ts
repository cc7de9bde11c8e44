/**
 * The stored form of a session's laps: one small JSON document per session
 * (`{ "version": 1, "laps": ActivityLap[] }`), written at import into the key-value metadata of
 * the session's records Parquet (`pacelab.laps`; before issue 14 item 5, and for laps rebuilt
 * for older sessions, its own object in R2 at keys.ts lapsKey), read by the laps API and the
 * analysis. Why R2, not D1 rows: a pool swim has ~100 laps (≈ 15 KB), far over the ≤ 3 KiB of D1
 * a session may use (issue 14); laps are read one session at a time, never queried across
 * sessions, so a key per session is all the access they need.
 */
import type { ActivityLap } from './activity-lap';

export const LAPS_JSON_VERSION = 1;

export function encodeLapsJson(laps: readonly ActivityLap[]): Uint8Array {
  return new TextEncoder().encode(lapsJsonText(laps));
}

/** The same JSON as text: since issue 14 item 5 it rides in the session's records Parquet (`pacelab.laps`). */
export function lapsJsonText(laps: readonly ActivityLap[]): string {
  return JSON.stringify({ version: LAPS_JSON_VERSION, laps });
}

/** Unknown or damaged content reads as "no laps stored" (the caller may rebuild them from the FIT file). */
export function decodeLapsJson(text: string): ActivityLap[] | undefined {
  try {
    const v = JSON.parse(text) as { version?: unknown; laps?: unknown };
    return v.version === LAPS_JSON_VERSION && Array.isArray(v.laps) ? (v.laps as ActivityLap[]) : undefined;
  } catch {
    return undefined;
  }
}
