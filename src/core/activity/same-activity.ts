/**
 * The same activity recorded twice (a watch's FIT and the phone's GPX, a Strava GPX of a Garmin
 * run): same sport family, starts within 60 s, elapsed times within 5 % of the longer. Distance
 * is not compared: a GPS track and a device's distance differ by several percent on real pairs
 * (the shared corpus holds one 4.9 % apart). When both files are decided together the richer
 * source wins, FIT > TCX > GPX (device totals, laps and sensors first), then the earlier file id;
 * otherwise the file already held wins, whichever format it is.
 */
import type { ActivityFormat } from './types.js';
import { sportFamily } from '../track/sport.js';

export const SAME_START_MS = 60_000;
export const SAME_ELAPSED_FRACTION = 0.05;

export interface ActivityKey {
  sport?: string;
  startTime?: number;
  elapsedS?: number;
}

export function isSameActivity(a: ActivityKey, b: ActivityKey): boolean {
  if (a.startTime === undefined || b.startTime === undefined || a.elapsedS === undefined || b.elapsedS === undefined) return false;
  if (Math.abs(a.startTime - b.startTime) > SAME_START_MS) return false;
  if (sportFamily(a.sport) !== sportFamily(b.sport)) return false;
  const longer = Math.max(a.elapsedS, b.elapsedS);
  return longer === 0 || Math.abs(a.elapsedS - b.elapsedS) <= SAME_ELAPSED_FRACTION * longer;
}

/**
 * A file is the same activity as another when each of its sessions matches one of the other's
 * (a GPX of a triathlon's run leg is that leg again; the triathlon is more than the run).
 */
export function isSameFile(mine: readonly ActivityKey[], theirs: readonly ActivityKey[]): boolean {
  return mine.length > 0 && mine.every((s) => theirs.some((t) => isSameActivity(s, t)));
}

export const FORMAT_RANK: Record<ActivityFormat, number> = { fit: 3, tcx: 2, gpx: 1 };

/** Orders files decided together: the winner first (richer format, then the smaller id). */
export function compareForKeeping(a: { format: ActivityFormat; id: string }, b: { format: ActivityFormat; id: string }): number {
  return FORMAT_RANK[b.format] - FORMAT_RANK[a.format] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
