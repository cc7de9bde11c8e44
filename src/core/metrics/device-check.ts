/**
 * Cross-check against the FIT session message (ALGORITHMS.md §0.1: the device's totals are used
 * only for cross-checks; every metric is recomputed from records). Feeds the corpus agreement
 * report (issue 12 goal: distance within max(0.5 %, 1 m), timer within max(1 s, 0.1 %), average
 * HR within 1 bpm, on ≥ 98 % of comparisons).
 */
import type { FitTotals } from '../fit/types';
import type { DeviceCheck, SessionStats } from './types';

/** A device average HR of 0 (Zwift writes it for "no HR") is not a heart rate: treat as absent. */
function deviceAvgHr(device: FitTotals): number | undefined {
  return device.avgHeartRate !== undefined && device.avgHeartRate > 0 ? device.avgHeartRate : undefined;
}

export function compareWithDevice(stats: SessionStats, device: FitTotals): DeviceCheck | undefined {
  const out: DeviceCheck = {};
  if (stats.distanceM !== undefined && device.totalDistance !== undefined && device.totalDistance > 0) {
    out.distanceDiffPct = ((stats.distanceM - device.totalDistance) / device.totalDistance) * 100;
  }
  if (device.totalTimerTime !== undefined) out.timerDiffS = stats.timerS - device.totalTimerTime;
  if (device.totalElapsedTime !== undefined) out.elapsedDiffS = stats.elapsedS - device.totalElapsedTime;
  const hr = deviceAvgHr(device);
  if (stats.avgHr !== undefined && hr !== undefined) out.avgHrDiffBpm = stats.avgHr - hr;
  return Object.keys(out).length > 0 ? out : undefined;
}

export type AgreementMetric = 'distance' | 'timer' | 'avgHr';

/**
 * Agreement goal of issue 12; inclusive bounds on |computed − device|: distance within
 * max(0.5 %, 1 m), timer within max(1 s, 0.1 %), average HR within 1 bpm.
 */
export interface AgreementTolerance {
  distancePct: number;
  distanceM: number;
  timerS: number;
  timerPct: number;
  avgHrBpm: number;
}

export const DEVICE_AGREEMENT_TOLERANCE: AgreementTolerance = { distancePct: 0.5, distanceM: 1, timerS: 1, timerPct: 0.1, avgHrBpm: 1 };

/** The allowed |difference| for one metric at one device value (in the metric's own unit: m, s, bpm). */
export function toleranceFor(metric: AgreementMetric, device: number, tol: AgreementTolerance = DEVICE_AGREEMENT_TOLERANCE): number {
  if (metric === 'distance') return Math.max((tol.distancePct / 100) * device, tol.distanceM);
  if (metric === 'timer') return Math.max(tol.timerS, (tol.timerPct / 100) * device);
  return tol.avgHrBpm;
}

export interface AgreementItem {
  metric: AgreementMetric;
  device: number;
  /** absent when the records do not yield the metric (counts as a disagreement) */
  computed?: number;
  /** computed − device, in % for distance, s for timer, bpm for HR */
  diff?: number;
  agrees: boolean;
}

/**
 * One comparison per metric the device reports (distance > 0, timer, avg HR > 0). A metric the
 * device has but the records cannot give is a disagreement, not a skipped row: silence would
 * flatter the rate.
 */
export function assessDeviceAgreement(stats: SessionStats, device: FitTotals, tol: AgreementTolerance = DEVICE_AGREEMENT_TOLERANCE): AgreementItem[] {
  const items: AgreementItem[] = [];
  const add = (metric: AgreementMetric, dev: number, computed: number | undefined, diff: (c: number) => number): void => {
    if (computed === undefined) {
      items.push({ metric, device: dev, agrees: false });
      return;
    }
    items.push({ metric, device: dev, computed, diff: diff(computed), agrees: Math.abs(computed - dev) <= toleranceFor(metric, dev, tol) + 1e-9 });
  };
  const dist = device.totalDistance;
  if (dist !== undefined && dist > 0) add('distance', dist, stats.distanceM, (c) => ((c - dist) / dist) * 100);
  const timer = device.totalTimerTime;
  if (timer !== undefined) add('timer', timer, stats.timerS, (c) => c - timer);
  const hr = deviceAvgHr(device);
  if (hr !== undefined) add('avgHr', hr, stats.avgHr, (c) => c - hr);
  return items;
}
