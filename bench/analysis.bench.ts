/**
 * Analysis-chain benchmarks (issue 4): computeSessionStats on synthetic 1 Hz streams with every
 * channel (1 h, 5 h, 24 h), a critical-speed fit, and a 10-year history rebuild (2,000 sessions)
 * plus an incremental recompute. Run: node scripts/bench.mjs analysis
 */
import { assessDeviceAgreement, computeSessionStats } from '../src/core/metrics';
import { loadCorpusSessions } from '../test/unit/analysis/corpus-sessions';
import { hasCorpus } from '../test/unit/support/corpus';
import { fitCriticalSpeed } from '../src/core/critical-speed';
import { computeHistory, recomputeHistoryFrom } from '../src/core/history';
import type { HistorySession } from '../src/core/history';
import type { FitEvent, RecordColumns } from '../src/core/fit/types';

const T0 = Date.UTC(2024, 4, 5, 6, 0, 0);
const R = 6371008.8;

/** Deterministic pseudo-random numbers (bench only). */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

function synthetic(seconds: number): { records: RecordColumns; events: FitEvent[] } {
  const n = seconds + 1;
  const rnd = lcg(seconds);
  const ts = new Float64Array(n);
  const names = ['positionLat', 'positionLong', 'distance', 'speed', 'altitude', 'heartRate', 'cadence', 'power', 'temperature'] as const;
  const ch = Object.fromEntries(names.map((k) => [k, new Float64Array(n)])) as Record<(typeof names)[number], Float64Array>;
  let dist = 0;
  for (let i = 0; i < n; i++) {
    const v = 2.8 + 0.6 * Math.sin(i / 300) + (rnd() - 0.5) * 0.2;
    ts[i] = T0 + i * 1000;
    ch.speed[i] = v;
    ch.distance[i] = dist;
    const heading = i / 2000;
    ch.positionLat[i] = 47 + ((dist * Math.cos(heading)) / R) * (180 / Math.PI);
    ch.positionLong[i] = 8 + ((dist * Math.sin(heading)) / R) * (180 / Math.PI);
    ch.altitude[i] = 400 + 40 * Math.sin(dist / 1500) + (rnd() - 0.5);
    ch.heartRate[i] = Math.round(135 + 20 * Math.sin(i / 500) + rnd() * 3);
    ch.cadence[i] = 85 + (rnd() - 0.5) * 2;
    ch.power[i] = Math.round(230 + 40 * Math.sin(i / 120) + rnd() * 10);
    ch.temperature[i] = 18;
    dist += v;
  }
  // a 2-minute timer pause every hour
  const events: FitEvent[] = [{ timestamp: T0, event: 'timer', eventType: 'start' }];
  for (let h = 3600; h + 120 < seconds; h += 3600) {
    events.push({ timestamp: T0 + h * 1000, event: 'timer', eventType: 'stop_all' }, { timestamp: T0 + (h + 120) * 1000, event: 'timer', eventType: 'start' });
  }
  return { records: { length: n, timestamp: ts, channels: ch }, events };
}

function time<T>(runs: number, f: () => T): { ms: number; result: T } {
  let result = f(); // warm-up (3 runs, so each size is measured with optimised code)
  result = f();
  result = f();
  const t = performance.now();
  for (let k = 0; k < runs; k++) result = f();
  return { ms: (performance.now() - t) / runs, result };
}

const gc = (globalThis as { gc?: () => void }).gc;
console.log('computeSessionStats (all channels, 1 Hz, hourly pauses)');
for (const [label, secs, runs] of [['1 h', 3600, 20], ['5 h', 18000, 5], ['24 h', 86400, 3]] as const) {
  const input = synthetic(secs);
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const { ms, result } = time(runs, () => computeSessionStats({ ...input, sport: 'running', profile: { maxHr: 190, restingHr: 50, thresholdSpeedMps: 3.6 } }));
  const heap = (process.memoryUsage().heapUsed - before) / 1e6;
  const n = input.records.length;
  console.log(`  ${label.padEnd(5)} ${String(n).padStart(6)} records: ${ms.toFixed(1).padStart(7)} ms  ${(n / (ms / 1000) / 1e6).toFixed(2)} M samples/s  ${((ms / n) * 1000).toFixed(3)} ms per 1,000 records  (heap Δ ${heap.toFixed(0)} MB, ${result.bestEfforts?.length} efforts, ${result.meanMaxSpeed?.length} MMS points)`);
}

// 400 sessions × 5 standard targets = 2,000 candidate best efforts, sub-maximal scatter
const rnd = lcg(42);
const targets = [800, 1000, 1500, 1609.344, 2000, 3000, 5000];
const efforts = Array.from({ length: 2000 }, (_, k) => {
  const distanceM = targets[k % targets.length];
  return { distanceM, timeS: ((distanceM - 190) / 3.9) * (1 + rnd() * 0.15), sessionId: `s${k % 400}`, achievedAt: T0 - Math.floor(rnd() * 120) * 86_400_000 };
});
const cs = time(200, () => fitCriticalSpeed(efforts));
const csInfo = cs.result.status === 'insufficient_data' ? cs.result.code : `CS ${cs.result.csMps.toFixed(3)} m/s`;
console.log(`fitCriticalSpeed, 2,000 candidate efforts: ${(cs.ms * 1000).toFixed(0)} µs (${cs.result.status}, ${csInfo})`);

const sessions: HistorySession[] = Array.from({ length: 2000 }, (_, k) => ({
  sessionId: `h${k}`,
  startTime: T0 - 3650 * 86_400_000 + Math.floor((k * 3650) / 2000) * 86_400_000 + 7 * 3600_000,
  distanceM: 10000,
  timeS: 3000,
  load: 40 + (k % 7) * 15,
}));
const opts = { timeZone: 'Europe/Zurich', today: T0 };
const full = time(20, () => computeHistory(sessions, opts));
console.log(`computeHistory, 10 years / 2,000 sessions, local dates via Intl: ${full.ms.toFixed(1)} ms (${full.result.days.length} days, ${full.result.weeks.length} weeks)`);
// the designed path: the local date is fixed at import (§4.3), so a rebuild needs no zone lookups
const stored = sessions.map((s) => ({ ...s, localDate: new Date((s.startTime as number) + 7200_000).toISOString().slice(0, 10) }));
const withDates = time(20, () => computeHistory(stored, opts));
console.log(`computeHistory, same with stored localDate: ${withDates.ms.toFixed(1)} ms`);
const edited = sessions.slice(0, -10);
const fromDate = full.result.days[full.result.days.length - 60].date;
const inc = time(20, () => recomputeHistoryFrom(full.result, edited, fromDate, opts));
console.log(`recomputeHistoryFrom (last 60 days): ${inc.ms.toFixed(1)} ms`);

// Issue 12: computed totals vs the device's session totals over the valid corpus (the figure the
// corpus-agreement test asserts; docs/corpus-agreement.md explains every disagreement).
if (hasCorpus()) {
  const t0 = performance.now();
  const items = (await loadCorpusSessions()).flatMap((s) => assessDeviceAgreement(computeSessionStats({
    records: s.records, window: s.window, laps: s.laps, lengths: s.lengths, events: s.events, sport: s.session.sport, subSport: s.session.subSport, device: s.session,
  }), s.session));
  const ok = items.filter((i) => i.agrees).length;
  console.log(`corpus agreement (distance ±max(0.5 %, 1 m), timer ±max(1 s, 0.1 %), avg HR ±1 bpm): ${ok}/${items.length} = ${((ok / items.length) * 100).toFixed(1)} % (${(performance.now() - t0).toFixed(0)} ms incl. decoding)`);
}
