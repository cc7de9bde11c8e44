/**
 * One source of truth for a session's totals (docs/session-totals.md §1): the distance, timer,
 * elapsed time and average HR shown everywhere — sessions list, session page, API, and the pace
 * derived from them — are the device's session totals when present and plausible, the ones
 * computed from the records otherwise. Where both exist and differ beyond the agreement
 * tolerance (device-check.ts), the session carries a `device_disagrees` flag naming the figure.
 * A device total is plausible when it is finite and positive, a timer does not exceed the elapsed
 * time, an average HR lies in 20–250 bpm, and distance over timer is a speed the sport allows.
 */
import type { FitTotals } from '../fit/types';
import { toleranceFor, type AgreementMetric } from './device-check';
import { excludesFromLoad, maxSpeedForSport } from './plausibility';
import type { SessionFlag, SessionStats, SessionTotals, TotalsSource } from './types';

function finitePositive(v: number | undefined): v is number {
  return v !== undefined && Number.isFinite(v) && v > 0;
}

function deviceValues(device: FitTotals | undefined, sport: string | undefined): { distanceM?: number; timerS?: number; elapsedS?: number; avgHr?: number } {
  if (!device) return {};
  const timerS = finitePositive(device.totalTimerTime) ? device.totalTimerTime : undefined;
  const elapsedS = finitePositive(device.totalElapsedTime) && (timerS === undefined || device.totalElapsedTime + 1 >= timerS) ? device.totalElapsedTime : undefined;
  const speedOk = (d: number): boolean => timerS === undefined || d / timerS <= maxSpeedForSport(sport);
  const distanceM = finitePositive(device.totalDistance) && speedOk(device.totalDistance) ? device.totalDistance : undefined;
  const hr = device.avgHeartRate;
  const avgHr = hr !== undefined && hr >= 20 && hr <= 250 ? hr : undefined;
  return { distanceM, timerS: elapsedS === undefined && device.totalElapsedTime !== undefined ? undefined : timerS, elapsedS, avgHr };
}

const LABEL: Record<AgreementMetric | 'elapsed', string> = { distance: 'distance', timer: 'moving (timer) time', elapsed: 'elapsed time', avgHr: 'average heart rate' };

function describe(metric: AgreementMetric, v: number): string {
  if (metric === 'distance') return `${(v / 1000).toFixed(2)} km`;
  if (metric === 'timer') return `${Math.round(v)} s`;
  return `${Math.round(v)} bpm`;
}

export function resolveSessionTotals(stats: SessionStats, device: FitTotals | undefined, flags: readonly SessionFlag[]): { totals: SessionTotals; flags: SessionFlag[] } {
  const dev = deviceValues(device, stats.sport);
  const recordsOk = !excludesFromLoad(flags);
  const computed = recordsOk ? { distanceM: stats.distanceM, timerS: stats.recordCount > 0 ? stats.timerS : undefined, elapsedS: stats.recordCount > 0 ? stats.elapsedS : undefined, avgHr: stats.avgHr } : {};
  const sources: SessionTotals['sources'] = {};
  const pick = (key: 'distanceM' | 'timerS' | 'elapsedS' | 'avgHr', name: keyof SessionTotals['sources']): number | undefined => {
    const d = dev[key];
    const c = computed[key];
    const source: TotalsSource | undefined = d !== undefined ? 'device' : c !== undefined ? 'computed' : undefined;
    if (source) sources[name] = source;
    return d ?? c;
  };
  const totals: SessionTotals = {
    distanceM: pick('distanceM', 'distance'),
    timerS: pick('timerS', 'timer'),
    elapsedS: pick('elapsedS', 'elapsed'),
    avgHr: pick('avgHr', 'avgHr'),
    sources,
  };
  if (totals.distanceM !== undefined && totals.timerS !== undefined && totals.timerS > 0 && totals.distanceM > 0) {
    totals.avgSpeedMps = totals.distanceM / totals.timerS;
    totals.avgPaceSPerKm = 1000 / totals.avgSpeedMps;
  }
  const out: SessionFlag[] = [...flags];
  const disagree: string[] = [];
  const check = (metric: AgreementMetric, d: number | undefined, c: number | undefined): void => {
    if (d === undefined || c === undefined) return;
    if (Math.abs(c - d) > toleranceFor(metric, d) + 1e-9) disagree.push(`${LABEL[metric]}: device ${describe(metric, d)}, records ${describe(metric, c)}`);
  };
  check('distance', dev.distanceM, computed.distanceM);
  check('timer', dev.timerS, computed.timerS);
  check('avgHr', dev.avgHr, computed.avgHr);
  if (disagree.length > 0) {
    out.push({
      code: 'device_disagrees', severity: 'info',
      message: `The watch's own totals and its recorded samples differ (${disagree.join('; ')}). The watch's totals are shown; charts, splits and zones come from the samples.`,
    });
  }
  return { totals, flags: out };
}
