/**
 * computeSessionStats: every per-session metric of ALGORITHMS.md §1 from the record columns.
 * Pure and deterministic; a metric whose channel is missing is omitted (never 0).
 */
import { DomainError } from '../errors';
import type { SessionStats, SessionStatsInput } from './types';
import { ALGORITHM_VERSION, MILE_M, HUNDRED_YD_M, resolveStatsOptions, validateProfile } from './options';
import { channel, normaliseStreams } from './streams';
import { computeMovingMask, computeSessionDistance } from './distance';
import { buildSecondGrid, sampleOnGrid, type SecondGrid } from './grid';
import { computeMaxSpeed, computePace } from './speed';
import { computeElevation, smoothAltitude, type ElevationResult } from './elevation';
import { computeGap, computeGrades, type GapResult } from './grade';
import { resolveHrSettings, summariseHeartRate } from './heart-rate';
import { computeEdwardsTrimp, computeHrZones } from './zones';
import { resolveCadenceScale, summariseCadence } from './cadence';
import { summarisePower } from './power';
import { computeSessionLoad, computeTrimp } from './load';
import { computeDecoupling } from './efficiency';
import { computeSplits } from './splits';
import { computeBestEfforts, computeMeanMaxSpeed, splitAtLongGaps } from './best-efforts';
import { computeMeanMaxPower } from './mean-max';
import { compareWithDevice } from './device-check';
import { assessPlausibility, excludesFromBests, excludesFromLoad, maxSpeedForSport } from './plausibility';
import { resolveSessionTotals } from './session-totals';
import { detectIntervals, detectPowerIntervals } from './intervals';
import type { SessionFlag } from './types';
import { clipToWindow, computeTimerEdges, computeUnrecordedPauseS } from './session-window';
import { derivePoolDistance } from '../swim/pool-distance';
import { clockOffsetsOf, onDeviceClock } from './device-clock';
import { deviceSeconds } from '../fit/clock-correlation';

/** Swimming counts as moving from this speed (a pool rest between sets is below it). */
const SWIM_MOVING_SPEED_MPS = 0.1;

const CLOCK_JUMP_S = 6 * 3600;

/** Drops undefined keys so the row is JSON without `undefined` holes. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as Array<keyof T>) if (o[k] === undefined) delete o[k];
  return o;
}

function checkRecords(input: SessionStatsInput): void {
  const r = input?.records;
  if (!r || typeof r !== 'object' || !(r.timestamp instanceof Float64Array) || typeof r.channels !== 'object' || r.channels === null) {
    throw new DomainError('invalid_options', 'records must be RecordColumns { length, timestamp: Float64Array, channels }', { details: { field: 'records' } });
  }
}

export function computeSessionStats(input: SessionStatsInput): SessionStats {
  checkRecords(input);
  // sport-aware speed ceiling (plausibility.ts) unless the caller sets one
  const opts = resolveStatsOptions({ maxPlausibleSpeedMps: maxSpeedForSport(input.sport), ...input.options });
  const profile = validateProfile(input.profile ?? {});
  // a pool swim whose records carry no distance: its lengths give it (swim/pool-distance.ts)
  const pool = derivePoolDistance(input.records, input.lengths, input.window?.endMs);
  const window = pool && input.window ? { ...input.window, distanceAtStartM: pool.atStartM, distanceAtEndM: pool.atEndM } : input.window;
  const windowed = clipToWindow(pool?.records ?? input.records, window);
  const s = normaliseStreams(windowed.records, input.events, opts.gapThresholdS);
  const n = s.n;
  // timer, elapsed, moving time and HR run on the device's clock when the file says it lagged
  // (device-clock.ts); distance, speed and the charts stay on the records' clock
  const clock = clockOffsetsOf(input.device);
  const sd = clock ? onDeviceClock(s, clock) : s;
  const fileEdges = computeTimerEdges(windowed.records, window, input.events, opts.gapThresholdS);
  const edges = clock && n > 0 ? {
    leadS: deviceSeconds(clock, s.startMs - fileEdges.leadS * 1000, s.startMs),
    tailS: deviceSeconds(clock, s.startMs + s.t[n - 1] * 1000, s.startMs + (s.t[n - 1] + fileEdges.tailS) * 1000),
  } : fileEdges;
  const unrecordedPauseS = computeUnrecordedPauseS(s, input.laps);
  let timerS = edges.leadS + edges.tailS - unrecordedPauseS;
  let fileTimerS = fileEdges.leadS + fileEdges.tailS - unrecordedPauseS;
  for (let i = 0; i < n; i++) {
    timerS += sd.e[i];
    fileTimerS += s.e[i];
  }
  const stats: SessionStats = {
    algorithmVersion: ALGORITHM_VERSION,
    sport: input.sport,
    subSport: input.subSport,
    startTime: n > 0 ? new Date(s.startMs).toISOString() : undefined,
    recordCount: n,
    elapsedS: n > 0 ? (clock ? deviceSeconds(clock, s.startMs, s.startMs + s.t[n - 1] * 1000) : s.t[n - 1]) : 0,
    timerS,
    pausedS: s.pausedS,
    gapS: s.gapS,
  };
  if (windowed.outside > 0) stats.recordsOutsideWindow = windowed.outside;
  if (edges.leadS + edges.tailS > 0) stats.timerEdgesS = edges.leadS + edges.tailS;
  if (unrecordedPauseS > 0) stats.unrecordedPauseS = unrecordedPauseS;
  if (clock) stats.deviceClockLagS = fileTimerS - timerS;
  const warnings: string[] = [];
  if (s.maxDtS > CLOCK_JUMP_S) warnings.push('clock_jump: records more than 6 h apart; the file may hold two sessions');
  if (n === 0) return finish(stats, input, []);

  const w = window;
  const dist = computeSessionDistance(s, opts.maxPlausibleSpeedMps, w && w.distanceAtStartM !== undefined && w.distanceAtEndM !== undefined ? {
    start: { t: (w.startMs - s.startMs) / 1000, d: w.distanceAtStartM },
    end: { t: (w.endMs - s.startMs) / 1000, d: w.distanceAtEndM },
  } : undefined);
  const moving = dist ? computeMovingMask(s, dist.d, opts.movingSpeedMps) : undefined;
  const hr = channel(s, 'heartRate');
  const cadRaw = channel(s, 'cadence');
  const power = channel(s, 'power');
  const rawAlt = channel(s, 'altitude');
  const needGrid = n > 1 && (dist !== undefined || power !== undefined);
  const grid: SecondGrid | undefined = needGrid ? buildSecondGrid(s) : undefined;

  let movingS: number | undefined;
  if (dist && moving) {
    movingS = 0;
    for (let i = 0; i < n; i++) if (moving[i]) movingS += sd.e[i];
    movingS = Math.min(movingS, timerS); // a gap's unrecorded pause is not moving time either
    const D = dist.totalM;
    Object.assign(stats, {
      movingS,
      distanceM: D,
      distanceSource: dist.source,
      deviceDistanceM: dist.deviceM,
      gpsDistanceM: dist.gpsM,
      avgSpeedMps: movingS > 0 ? D / movingS : undefined,
      elapsedSpeedMps: stats.elapsedS > 0 ? D / stats.elapsedS : undefined,
      maxSpeedMps: grid ? computeMaxSpeed(grid, sampleOnGrid(grid, dist.d), opts.maxPlausibleSpeedMps) : undefined,
    });
    stats.avgPaceSPerKm = computePace(stats.avgSpeedMps);
  }

  let elevation: ElevationResult | undefined;
  let gap: GapResult | undefined;
  if (rawAlt) {
    const alt = opts.altitudeSmoothing === 'median-mean-5' ? smoothAltitude(rawAlt) : rawAlt;
    elevation = computeElevation(alt, opts.hysteresisM);
    Object.assign(stats, { ascentM: elevation.gainM, descentM: elevation.lossM, altitudeSmoothing: opts.altitudeSmoothing });
    const grades = dist ? computeGrades(dist.d, alt) : undefined;
    if (dist && grades) {
      gap = computeGap(dist.d, grades, opts.gapModel);
      if (movingS !== undefined && movingS > 0) {
        stats.gapSpeedMps = gap.equivalentM / movingS;
        stats.gapPaceSPerKm = computePace(stats.gapSpeedMps);
        stats.gapModel = opts.gapModel;
      }
    }
  }

  const hrSettings = hr ? resolveHrSettings(profile, s.startMs) : undefined;
  if (hr && hrSettings) {
    const swimMoving = input.subSport === 'lap_swimming' && dist ? computeMovingMask(s, dist.d, SWIM_MOVING_SPEED_MPS) : undefined;
    Object.assign(stats, summariseHeartRate(sd, hr, swimMoving, (input.device as { hrPerBeat?: unknown } | undefined)?.hrPerBeat === true));
    stats.hrZones = computeHrZones(sd, hr, hrSettings);
    // the timer's edges carry no record, hence no HR: zones + below + no-data add up to the timer
    stats.hrZones.noDataS += edges.leadS + edges.tailS - unrecordedPauseS;
  }

  let cadence: Float64Array | undefined;
  if (cadRaw) {
    const scale = resolveCadenceScale(s, cadRaw, dist?.d, input.sport);
    const c = summariseCadence(s, cadRaw, moving, scale);
    const k = scale === 'doubled' ? 2 : 1;
    cadence = cadRaw.map((v) => v * k);
    stats.cadenceScale = scale;
    if (scale === 'rpm') Object.assign(stats, { avgCadenceRpm: c.avg, maxCadenceRpm: c.max });
    else {
      Object.assign(stats, { avgCadenceSpm: c.avg, maxCadenceSpm: c.max });
      if (c.avg !== undefined && stats.avgSpeedMps !== undefined) stats.avgStepLengthM = stats.avgSpeedMps / (c.avg / 60);
    }
  }

  const gridPower = power && grid ? sampleOnGrid(grid, power) : undefined;
  if (power) {
    Object.assign(stats, summarisePower(s, power, gridPower ?? new Float64Array(0)));
    if (stats.normalizedPowerW !== undefined && profile.thresholdPowerW !== undefined) stats.intensityFactor = stats.normalizedPowerW / profile.thresholdPowerW;
    if (stats.normalizedPowerW !== undefined && stats.avgPowerW) stats.variabilityIndex = stats.normalizedPowerW / stats.avgPowerW;
  }

  const sex = profile.sex ?? 'male';
  stats.load = computeSessionLoad({
    trimp: hr && hrSettings ? computeTrimp(sd, hr, hrSettings, sex) : undefined,
    edwardsTrimp: hr && hrSettings ? computeEdwardsTrimp(sd, hr, hrSettings.maxHr) : undefined,
    settings: hrSettings,
    sex,
    thresholdSpeedMps: profile.thresholdSpeedMps,
    loadSpeedMps: stats.gapSpeedMps ?? stats.avgSpeedMps,
    movingS,
    thresholdPowerW: profile.thresholdPowerW,
    normalizedPowerW: stats.normalizedPowerW,
    timerS,
  });

  if (stats.avgHr !== undefined && stats.avgHr > 0) {
    const v = stats.gapSpeedMps ?? stats.avgSpeedMps;
    if (v !== undefined) stats.efficiencyFactor = (v * 60) / stats.avgHr;
    if (stats.normalizedPowerW !== undefined) stats.powerEfficiencyFactor = stats.normalizedPowerW / stats.avgHr;
  }
  if (dist && moving && hr) {
    const dec = computeDecoupling({ s, d: dist.d, moving, hr, ratio: gap?.ratio, power });
    Object.assign(stats, { decouplingPct: dec.paceHrPct, powerDecouplingPct: dec.powerHrPct });
  }

  if (dist && n > 1) {
    const channels = { hr, cadence, power, moving };
    stats.splits = {
      km: computeSplits(s, dist.d, 1000, elevation, channels, dist.totalM),
      mile: computeSplits(s, dist.d, MILE_M, elevation, channels, dist.totalM),
    };
    // swimmers read their splits per 100 (metres or yards, as the pool is measured)
    if (input.sport === 'swimming') {
      stats.splits.hundredM = computeSplits(s, dist.d, 100, elevation, channels, dist.totalM);
      stats.splits.hundredYd = computeSplits(s, dist.d, HUNDRED_YD_M, elevation, channels, dist.totalM);
    }
    const stream = { t: s.t, d: dist.d, segments: splitAtLongGaps(s.e, n, dist.source === 'gps' ? opts.gpsGapExclusionS : undefined) };
    stats.bestEfforts = computeBestEfforts(stream, opts.bestEffortDistancesM);
    stats.meanMaxSpeed = computeMeanMaxSpeed(stream, opts.meanMaxDurationsS);
  }
  if (gridPower) stats.meanMaxPower = computeMeanMaxPower(gridPower, opts.meanMaxDurationsS);
  // reps from speed on foot, from power on a bike (a ride's speed follows hills and wind); a swim's
  // lengths are not reps
  if (input.detectIntervals && n > 1) {
    const reps = input.sport === 'cycling' && power ? detectPowerIntervals(s.t, power, dist?.d, hr)
      : dist && (input.sport === undefined || input.sport === 'running') ? detectIntervals(s.t, dist.d, hr, opts.movingSpeedMps) : [];
    if (reps.length > 0) stats.intervals = reps;
  }
  if (input.device) stats.deviceCheck = compareWithDevice(stats, input.device);
  if (warnings.length > 0) stats.warnings = warnings;
  const flags = assessPlausibility({ s, sport: input.sport, gpsDroppedFixes: dist?.gpsDroppedFixes ?? 0, limitMps: opts.maxPlausibleSpeedMps });
  return finish(stats, input, flags);
}

/** The session's totals by the one rule, and its flags (docs/session-totals.md §1, §4). */
function finish(stats: SessionStats, input: SessionStatsInput, found: SessionFlag[]): SessionStats {
  const flags = [...found];
  if (stats.recordsOutsideWindow) {
    flags.push({
      code: 'records_outside_session', severity: 'info',
      message: `${stats.recordsOutsideWindow} recorded sample${stats.recordsOutsideWindow === 1 ? '' : 's'} lie outside the session's start and end as the watch reports them; they stay in the downloads but are not counted.`,
    });
  }
  const resolved = resolveSessionTotals(stats, input.device, flags);
  stats.totals = resolved.totals;
  if (resolved.flags.length > 0) stats.flags = resolved.flags;
  if (excludesFromBests(resolved.flags)) stats.excludedFromBests = true;
  if (excludesFromLoad(resolved.flags)) stats.excludedFromLoad = true;
  return compact(stats);
}
