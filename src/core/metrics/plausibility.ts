/**
 * Plausibility of a session's records (docs/session-totals.md §4): what the statistics should not
 * believe. Each finding is a flag with a stable code and a sentence a runner understands; a
 * session whose records are implausible is kept out of personal bests and training load.
 * - constant_samples: every recorded channel unchanged for an hour or more (a logger stuck on one
 *   record — the corpus Bryton file repeats one record 99 998 times over 28 h);
 * - gps_spikes: position fixes implying a speed above the sport's limit (dropped from distance);
 * - impossible_speed: the device's speed channel above the sport's limit.
 * Sport limits (m/s) are generous ceilings, not records: running 12 (43 km/h, faster than any
 * sprinter), cycling 30 (108 km/h), swimming 4, anything else 12.
 */
import type { SessionStreams } from './streams';
import { channel } from './streams';
import type { SessionFlag } from './types';

export const CONSTANT_SAMPLES_S = 3600;

export function maxSpeedForSport(sport: string | undefined): number {
  if (sport === 'cycling' || sport === 'e_biking') return 30;
  if (sport === 'swimming') return 4;
  return 12;
}

/** The longest stretch (s) over which every recorded channel keeps its value. */
export function findLongestConstantS(s: SessionStreams): number {
  const cols = Object.values(s.ch).filter((c): c is Float64Array => c !== undefined);
  if (s.n < 2 || cols.length === 0) return 0;
  let best = 0;
  let from = 0;
  const same = (i: number): boolean => cols.every((c) => c[i] === c[i - 1] || (Number.isNaN(c[i]) && Number.isNaN(c[i - 1])));
  for (let i = 1; i < s.n; i++) {
    if (!same(i)) from = i;
    else best = Math.max(best, s.t[i] - s.t[from]);
  }
  return best;
}

function formatHours(sec: number): string {
  const h = sec / 3600;
  return h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(sec / 60)} min`;
}

export interface PlausibilityInput {
  s: SessionStreams;
  sport?: string;
  gpsDroppedFixes: number;
  limitMps: number;
}

export function assessPlausibility({ s, sport, gpsDroppedFixes, limitMps }: PlausibilityInput): SessionFlag[] {
  const flags: SessionFlag[] = [];
  const constantS = findLongestConstantS(s);
  if (constantS >= CONSTANT_SAMPLES_S) {
    flags.push({
      code: 'constant_samples', severity: 'records_unusable',
      message: `Every sensor reading stays exactly the same for ${formatHours(constantS)}: the recording is stuck, so distance, pace, heart rate and load from its records are not used, and the session is left out of personal bests and training load.`,
    });
  }
  if (gpsDroppedFixes > 0) {
    flags.push({
      code: 'gps_spikes', severity: 'info',
      message: `${gpsDroppedFixes} GPS position${gpsDroppedFixes === 1 ? '' : 's'} jumped further than ${sport ?? 'this activity'} allows (over ${Math.round(limitMps * 3.6)} km/h) and ${gpsDroppedFixes === 1 ? 'was' : 'were'} left out of the distance.`,
    });
  }
  const speed = channel(s, 'speed');
  if (speed) {
    let over = 0;
    let max = 0;
    for (let i = 0; i < s.n; i++) if (speed[i] > limitMps) { over++; max = Math.max(max, speed[i]); }
    if (over > 0) {
      flags.push({
        code: 'impossible_speed', severity: 'excluded',
        message: `The device recorded speeds up to ${(max * 3.6).toFixed(0)} km/h (${over} sample${over === 1 ? '' : 's'}), impossible for ${sport ?? 'this activity'}; the session is left out of personal bests.`,
      });
    }
  }
  return flags;
}

/** A flag that keeps the session out of personal bests and critical speed. */
export function excludesFromBests(flags: readonly SessionFlag[]): boolean {
  return flags.some((f) => f.severity === 'records_unusable' || f.severity === 'excluded');
}

/** A flag that keeps the session's computed load out of the training history. */
export function excludesFromLoad(flags: readonly SessionFlag[]): boolean {
  return flags.some((f) => f.severity === 'records_unusable');
}
