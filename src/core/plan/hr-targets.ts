/**
 * Heart-rate targets for plan workouts, from the runner's own zones (the same zones as their
 * sessions: metrics/zones.ts — %HRmax (Edwards 1993), %HRR (Karvonen), or %LTHR (Friel 2009)).
 *
 * A step's pace sets its intensity domain relative to critical speed, which marks the heavy/severe
 * boundary (Poole et al. 2016 MSSE 48:2320; Jones et al. 2019 Physiol Rep 7:e14098 for CS ≈ maximal
 * metabolic steady state): below 85 % of CS easy (zone 2), 85–95 % steady (zone 3), 95–102 % around
 * threshold (zone 4), faster severe (zone 5; Friel 5a–5b). These cut points are our convention,
 * matching where the plan's workout library puts easy runs (≈ 76 % CS), tempo runs and CS intervals.
 * Heart rate needs about 2–3 minutes to settle on a new effort (oxygen-uptake kinetics, Jones &
 * Poole 2005 "Oxygen Uptake Kinetics in Sport, Exercise and Medicine"), so steps shorter than
 * 2 minutes get no heart-rate target: pace guides them.
 */
import type { HrSettings } from '../metrics/heart-rate';
import { computeZoneBounds } from '../metrics/zones';
import type { PlanDay, PlanSegment } from './types';

export interface HrZoneTable {
  model: HrSettings['model'];
  names: string[];
  /** lower edges, bpm, ascending; the top zone ends at maxHr */
  lower: number[];
  maxHr: number;
  /** where HRmax came from: the runner's settings, their age, or the 185 bpm default */
  maxHrSource: string;
}

export interface HrTarget {
  /** zone name(s), e.g. "Z2" or "Z5a–Z5b" */
  zone: string;
  lowBpm: number;
  highBpm: number;
}

/** Shortest step that gets a heart-rate target. */
export const MIN_HR_STEP_S = 120;

export function buildHrZoneTable(settings: HrSettings): HrZoneTable {
  const b = computeZoneBounds(settings);
  return { model: settings.model, names: b.names, lower: b.lower, maxHr: settings.maxHr, maxHrSource: settings.sources.maxHr };
}

/** Zone indices [first, last] for a pace given as a fraction of CS. */
function zoneSpan(fractionOfCs: number, zones: HrZoneTable): [number, number] {
  const friel = zones.names.length === 7; // Z1 Z2 Z3 Z4 Z5a Z5b Z5c
  if (fractionOfCs < 0.85) return [1, 1];
  if (fractionOfCs < 0.95) return [2, 2];
  if (fractionOfCs <= 1.02) return [3, 3];
  return friel ? [4, 5] : [4, 4];
}

export function hrTargetForSpeed(speedMps: number, csMps: number, zones: HrZoneTable): HrTarget {
  const [a, b] = zoneSpan(speedMps / csMps, zones);
  const low = zones.lower[a];
  const high = b + 1 < zones.lower.length ? zones.lower[b + 1] : zones.maxHr;
  return { zone: a === b ? zones.names[a] : `${zones.names[a]}–${zones.names[b]}`, lowBpm: Math.round(low), highBpm: Math.round(Math.min(high, zones.maxHr)) };
}

/** The heart-rate target of one segment, or undefined when it is too short for heart rate to settle. */
export function hrTargetForSegment(g: Pick<PlanSegment, 'seconds' | 'speedMps'> & { label?: PlanSegment['label'] }, csMps: number, zones: HrZoneTable): HrTarget | undefined {
  // a strides segment is the sum of 20-second strides: each is far too short for heart rate
  if (g.label === 'strides' || g.seconds < MIN_HR_STEP_S || !(g.speedMps > 0)) return undefined;
  return hrTargetForSpeed(g.speedMps, csMps, zones);
}

const SEGMENT_WORDS: Record<PlanSegment['label'], string> = {
  'warm-up': 'warm-up', main: 'run', rep: 'reps', jog: 'jogs', finish: 'finish', strides: 'strides', 'cool-down': 'cool-down',
};

export const formatHrTarget = (t: HrTarget): string => `${t.lowBpm}–${t.highBpm} bpm (${t.zone})`;

/**
 * The day's heart-rate targets in words, one per distinct part in order ("Heart rate: warm-up
 * 111–130 bpm (Z2), reps by pace (too short for heart rate), cool-down 111–130 bpm (Z2).");
 * the page, the ICS description and the FIT steps all come from the same segments.
 */
export function describeHrTargets(day: PlanDay, csMps: number, zones: HrZoneTable): string | undefined {
  if (day.role === 'rest' || day.durationS <= 0) return undefined;
  const parts: string[] = [];
  const seen = new Set<string>();
  const segments = day.segments && day.segments.length > 0
    ? day.segments
    : [{ label: 'main' as const, seconds: day.durationS, speedMps: day.targetSpeedMps ?? 0 }];
  for (const g of segments) {
    if (seen.has(g.label)) continue;
    seen.add(g.label);
    const t = hrTargetForSegment(g, csMps, zones);
    parts.push(t ? `${SEGMENT_WORDS[g.label]} ${formatHrTarget(t)}` : `${SEGMENT_WORDS[g.label]} by pace (too short for heart rate)`);
  }
  if (day.role === 'race') return `Heart rate: ${formatHrTarget(hrTargetForSpeed(day.targetSpeedMps ?? csMps, csMps, zones))}, but race by pace and feel.`;
  return parts.some((p) => p.includes('bpm')) ? `Heart rate: ${parts.join(', ')}.` : undefined;
}

/** One line on where the zones come from, for the page. */
export function describeHrZones(zones: HrZoneTable): string {
  const model = zones.model === 'hrr' ? '% of heart-rate reserve' : zones.model === 'lthr' ? '% of threshold heart rate' : '% of maximum heart rate';
  const src = zones.maxHrSource === 'profile' ? `your maximum of ${Math.round(zones.maxHr)} bpm`
    : zones.maxHrSource === 'age' ? `a maximum of ${Math.round(zones.maxHr)} bpm from your age`
      : `a typical maximum of ${Math.round(zones.maxHr)} bpm — set yours in Settings`;
  return `Heart-rate targets use your zones (${model}, ${src}).`;
}
