/**
 * Cross-check against the FIT session message (ALGORITHMS.md §0.1: the device's totals are used
 * only for cross-checks; every metric is recomputed from records). Feeds the corpus agreement
 * report of issue 4 (goal: distance within 0.5 %, timer within 1 s, average HR within 1 bpm).
 */
import type { FitTotals } from '../fit/types';
import type { DeviceCheck, SessionStats } from './types';

export function compareWithDevice(stats: SessionStats, device: FitTotals): DeviceCheck | undefined {
  const out: DeviceCheck = {};
  if (stats.distanceM !== undefined && device.totalDistance !== undefined && device.totalDistance > 0) {
    out.distanceDiffPct = ((stats.distanceM - device.totalDistance) / device.totalDistance) * 100;
  }
  if (device.totalTimerTime !== undefined) out.timerDiffS = stats.timerS - device.totalTimerTime;
  if (device.totalElapsedTime !== undefined) out.elapsedDiffS = stats.elapsedS - device.totalElapsedTime;
  if (stats.avgHr !== undefined && device.avgHeartRate !== undefined) out.avgHrDiffBpm = stats.avgHr - device.avgHeartRate;
  return Object.keys(out).length > 0 ? out : undefined;
}
