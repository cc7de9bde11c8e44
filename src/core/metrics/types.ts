/**
 * Public types of the per-session metrics (ALGORITHMS.md §1). Every field of `SessionStats` is a
 * plain number, string, array or object so a row can be stored as JSON; a metric whose inputs are
 * missing is absent (the key is omitted), never 0.
 */
import type { FitEvent, FitTotals, RecordColumns } from '../fit/types';
import type { SessionWindow } from '../fit/session-records';
import type { SessionInterval } from './intervals';
import type { LengthSpan } from '../swim/swim-length';

export type ZoneModel = 'hrmax' | 'hrr' | 'lthr';
export type Sex = 'male' | 'female';
export type DistanceSource = 'device' | 'gps' | 'speed';
export type GapModel = 'minetti' | 'strava';
export type AltitudeSmoothing = 'none' | 'median-mean-5';

/** Runner settings valid at the session date. Every field is optional: defaults are reported. */
export interface RunnerProfile {
  /** bpm. Default: Tanaka 208 − 0.7·age when age/birthYear is known, else 185 bpm (convention). */
  maxHr?: number;
  /** bpm. Default 60 bpm (convention), used by %HRR zones and TRIMP. */
  restingHr?: number;
  /** Lactate-threshold HR (LTHR), bpm. Default 0.9·maxHr (convention; Friel puts LTHR near 90 % of max). */
  thresholdHr?: number;
  /** Zone model (§1.6). Default 'hrmax'. */
  zoneModel?: ZoneModel;
  /** Selects the TRIMPexp coefficients (§1.9). Default 'male' (a 0.64, b 1.92). */
  sex?: Sex;
  /** Used only to default maxHr (age at the session's UTC year). */
  birthYear?: number;
  /** Age in years; wins over birthYear. */
  age?: number;
  /** Threshold speed for rTSS, m/s: the runner's current critical speed by default (§1.9). */
  thresholdSpeedMps?: number;
  /** Critical power / FTP in W for power TSS and IF (§1.8). */
  thresholdPowerW?: number;
}

/** Tunables of §0–§1; defaults are the spec's (§7 "Defaults chosen"). Checked once, up front. */
export interface StatsOptions {
  /** G_max: an in-timer interval longer than this is a `gap` (no HR/power/cadence data). Default 15 s. */
  gapThresholdS?: number;
  /** v_move: intervals at or above this speed count as moving. Default 0.5 m/s. */
  movingSpeedMps?: number;
  /** Speeds above this are rejected (GPS fixes, max speed). Default 12 m/s. */
  maxPlausibleSpeedMps?: number;
  /** Elevation hysteresis h. Default 3 m. */
  hysteresisM?: number;
  /** 'none' for barometric altitude (default), 'median-mean-5' for GPS altitude (§1.4). */
  altitudeSmoothing?: AltitudeSmoothing;
  /** Cost model for GAP. Default 'minetti'. */
  gapModel?: GapModel;
  /** Best-effort distances, m (§1.12). Default: 400 m … marathon. */
  bestEffortDistancesM?: readonly number[];
  /** Mean-maximal durations, s (§1.13). */
  meanMaxDurationsS?: readonly number[];
  /** In a GPS-only file, efforts may not span an in-timer gap longer than this. Default 60 s. */
  gpsGapExclusionS?: number;
}

export interface SessionStatsInput {
  records: RecordColumns;
  /** Timer start/stop events (§0.2 timer mask). Absent or empty ⇒ every record is in-timer. */
  events?: readonly FitEvent[];
  sport?: string;
  subSport?: string;
  profile?: RunnerProfile;
  /** The FIT session message's own totals: the cross-check and the session's totals (session-totals.ts). */
  device?: FitTotals;
  /** The session's window on the file's clock (fit/session-records.ts); absent ⇒ the records' own span. */
  window?: SessionWindow;
  /** The session's FIT laps: they account for pauses inside record gaps (session-window.ts). */
  laps?: readonly FitTotals[];
  /** Pool swims: the session's lengths (swim/swim-length.ts); they give the distance when the records carry none. */
  lengths?: readonly LengthSpan[];
  /** Detect work/rest intervals from speed (the session has no laps, or only automatic ones). */
  detectIntervals?: boolean;
  options?: StatsOptions;
}

export interface HrZone {
  name: string;
  minBpm: number;
  /** exclusive upper edge; absent for the open top zone */
  maxBpm?: number;
  timeS: number;
}

export interface HrZones {
  model: ZoneModel;
  maxHr: number;
  restingHr?: number;
  thresholdHr?: number;
  /** where each input came from: 'profile', 'age' (Tanaka), 'default', 'estimated' */
  sources: Record<string, string>;
  zones: HrZone[];
  /** time below the lowest zone (Z0); absent when the lowest zone starts at 0 bpm */
  belowS?: number;
  /** gap intervals and intervals without HR */
  noDataS: number;
}

export interface SessionLoad {
  trimp?: number;
  trimpCoefficients?: { a: number; b: number; sex: Sex };
  edwardsTrimp?: number;
  hrLoad?: number;
  rTss?: number;
  powerTss?: number;
  /** the single number for the PMC (§1.9 priority) and where it came from */
  value?: number;
  source?: 'powerTss' | 'rTss' | 'hrLoad';
}

export interface Split {
  index: number;
  distanceM: number;
  elapsedS: number;
  movingS: number;
  /** elapsed time normalised to the split unit (s per km or s per mile) */
  paceS: number;
  endS: number;
  partial?: true;
  avgHr?: number;
  avgCadenceSpm?: number;
  avgPowerW?: number;
  ascentM?: number;
  descentM?: number;
}

export interface BestEffort {
  distanceM: number;
  timeS: number;
  /** seconds since the session's first record (elapsed time base) */
  startS: number;
  endS: number;
  startDistanceM: number;
  endDistanceM: number;
}

export interface SpeedCurvePoint {
  durationS: number;
  distanceM: number;
  speedMps: number;
  startS: number;
}

export interface PowerCurvePoint {
  durationS: number;
  powerW: number;
}

export interface DeviceCheck {
  distanceDiffPct?: number;
  timerDiffS?: number;
  elapsedDiffS?: number;
  avgHrDiffBpm?: number;
}

export type TotalsSource = 'device' | 'computed';

/** The session's totals by the one rule (session-totals.ts): what every view shows. */
export interface SessionTotals {
  distanceM?: number;
  timerS?: number;
  elapsedS?: number;
  avgHr?: number;
  /** distanceM / timerS */
  avgSpeedMps?: number;
  avgPaceSPerKm?: number;
  sources: Partial<Record<'distance' | 'timer' | 'elapsed' | 'avgHr', TotalsSource>>;
}

/**
 * Something a runner should know about the session's numbers, with a stable code.
 * severity: 'info' (shown), 'excluded' (kept out of personal bests), 'records_unusable'
 * (the records are not used for any figure; out of bests and load).
 */
export interface SessionFlag {
  code: 'constant_samples' | 'gps_spikes' | 'impossible_speed' | 'device_disagrees' | 'records_outside_session';
  severity: 'info' | 'excluded' | 'records_unusable';
  message: string;
}

export interface SessionStats {
  algorithmVersion: number;
  sport?: string;
  subSport?: string;
  /** ISO-8601 UTC of the first record */
  startTime?: string;
  recordCount: number;
  elapsedS: number;
  timerS: number;
  movingS?: number;
  pausedS: number;
  /** in-timer time inside `gap` intervals */
  gapS: number;
  /** records of the session's stream outside its window, left out of every figure */
  recordsOutsideWindow?: number;
  /** timer seconds between the window's edges and the first/last record (no record covers them) */
  timerEdgesS?: number;
  /** timer stopped inside record gaps, known only from the lap around them (a watch reboot) */
  unrecordedPauseS?: number;
  /**
   * Timer seconds by which the device's system clock lagged the records' clock (FIT
   * timestamp_correlation): the timer, elapsed and moving time are on the device's clock.
   */
  deviceClockLagS?: number;
  distanceM?: number;
  distanceSource?: DistanceSource;
  deviceDistanceM?: number;
  gpsDistanceM?: number;
  avgSpeedMps?: number;
  avgPaceSPerKm?: number;
  elapsedSpeedMps?: number;
  maxSpeedMps?: number;
  gapSpeedMps?: number;
  gapPaceSPerKm?: number;
  gapModel?: GapModel;
  ascentM?: number;
  descentM?: number;
  altitudeSmoothing?: AltitudeSmoothing;
  avgHr?: number;
  maxHr?: number;
  hrZones?: HrZones;
  avgCadenceSpm?: number;
  maxCadenceSpm?: number;
  avgCadenceRpm?: number;
  maxCadenceRpm?: number;
  /** 'doubled' (FIT per-leg ×2), 'spm' (file already in steps/min), 'rpm' (not a foot sport) */
  cadenceScale?: 'doubled' | 'spm' | 'rpm';
  avgStepLengthM?: number;
  avgPowerW?: number;
  maxPowerW?: number;
  normalizedPowerW?: number;
  intensityFactor?: number;
  variabilityIndex?: number;
  load?: SessionLoad;
  efficiencyFactor?: number;
  powerEfficiencyFactor?: number;
  decouplingPct?: number;
  powerDecouplingPct?: number;
  /** per km and per mile; a swim also per 100 m and per 100 yd (a swimmer's unit) */
  splits?: { km: Split[]; mile: Split[]; hundredM?: Split[]; hundredYd?: Split[] };
  bestEfforts?: BestEffort[];
  meanMaxSpeed?: SpeedCurvePoint[];
  meanMaxPower?: PowerCurvePoint[];
  deviceCheck?: DeviceCheck;
  /** work/rest reps detected from speed (intervals.ts); absent when none were asked for or found */
  intervals?: SessionInterval[];
  /** the session's totals by the one rule: what the list, the page and the API show */
  totals?: SessionTotals;
  flags?: SessionFlag[];
  /** true when a flag keeps this session out of personal bests / training load */
  excludedFromBests?: boolean;
  excludedFromLoad?: boolean;
  warnings?: string[];
}
