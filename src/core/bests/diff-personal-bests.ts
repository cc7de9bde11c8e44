/**
 * Which distances' bests changed between two results (ALGORITHMS.md §2 insert/delete/re-process),
 * so the caller knows whether critical speed must be refitted: only bests inside the 2–20 min
 * window can feed the CS model (§3.2).
 */
import type { PersonalBestChanges, PersonalBests } from './types';

const CS_MIN_S = 120;
const CS_MAX_S = 1200;

function inCsWindow(timeS: number | undefined): boolean {
  return timeS !== undefined && timeS >= CS_MIN_S && timeS <= CS_MAX_S;
}

export function diffPersonalBests(before: PersonalBests, after: PersonalBests): PersonalBestChanges {
  const a = new Map(before.items.map((p) => [p.distanceM, p]));
  const b = new Map(after.items.map((p) => [p.distanceM, p]));
  const distances = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  const changed: number[] = [];
  let affectsCriticalSpeed = false;
  for (const d of distances) {
    const x = a.get(d);
    const y = b.get(d);
    const same = x && y && x.timeS === y.timeS && x.sessionId === y.sessionId && x.achievedAt === y.achievedAt;
    if (same) continue;
    changed.push(d);
    if (inCsWindow(x?.timeS) || inCsWindow(y?.timeS)) affectsCriticalSpeed = true;
  }
  return { changedDistancesM: changed, affectsCriticalSpeed };
}
