/**
 * The decoded shape of a FIT file, independent of the parser behind it (so the decoder can be
 * replaced without touching callers). All values are SI: metres, seconds, m/s, watts, bpm,
 * degrees for positions, °C; times are milliseconds since the Unix epoch (UTC).
 * A value that the file does not carry (or carries as the FIT "invalid" value) is absent
 * (undefined / NaN in a column), never 0.
 */

/** Channels a record stream may carry. Column absent = never recorded; NaN = missing sample. */
export const RECORD_CHANNELS = [
  'positionLat', // degrees
  'positionLong', // degrees
  'distance', // m (cumulative)
  'speed', // m/s (enhanced_speed preferred)
  'altitude', // m (enhanced_altitude preferred)
  'heartRate', // bpm
  'cadence', // rpm as recorded (running: strides per minute per leg; + fractional_cadence)
  'power', // W
  'temperature', // °C
  'verticalOscillation', // m
  'stanceTime', // s
  'stepLength', // m
  'verticalRatio', // %
] as const;

export type RecordChannel = (typeof RECORD_CHANNELS)[number];

export interface RecordColumns {
  length: number;
  /**
   * ms since Unix epoch (UTC); strictly the record's own timestamp. Device-relative (pre-1998)
   * when the sessions say startTimeUnknown: still consistent within the file.
   */
  timestamp: Float64Array;
  channels: Partial<Record<RecordChannel, Float64Array>>;
}

export interface FitFileId {
  /** file_id.type: 'activity', 'course', 'settings', 'workout', 'monitoring_b', … */
  type?: string;
  manufacturer?: string;
  product?: number;
  productName?: string;
  serialNumber?: number;
  /** ms since epoch; undefined when absent or device-relative (< 0x10000000 FIT seconds). */
  timeCreated?: number;
}

export interface FitTotals {
  startTime?: number;
  /** the message's timestamp: when the session or lap ended (ms; absent when device-relative) */
  endTime?: number;
  totalElapsedTime?: number;
  totalTimerTime?: number;
  totalDistance?: number;
  avgSpeed?: number;
  maxSpeed?: number;
  avgHeartRate?: number;
  maxHeartRate?: number;
  avgCadence?: number;
  maxCadence?: number;
  avgPower?: number;
  maxPower?: number;
  normalizedPower?: number;
  totalAscent?: number;
  totalDescent?: number;
  totalCalories?: number;
  avgTemperature?: number;
}

export interface FitSession extends FitTotals {
  /** position of this session in the file (0-based) */
  index: number;
  sport?: string;
  subSport?: string;
  /** true when the file's timestamps are device-relative (start time unknown) */
  startTimeUnknown?: boolean;
  /**
   * Only with startTimeUnknown: the device-relative start, on the same clock as
   * records.timestamp (so records can still be sliced per session). Not a real date.
   */
  relativeStartTime?: number;
  /** number of sessions in the file (set by the decoder; a lone session owns every record) */
  sessionCount?: number;
  /**
   * Heart rate came from a chained strap (HRM-Swim/Tri) that stores one sample per beat: the watch
   * averages those samples, a per-beat mean (metrics/heart-rate.ts).
   */
  hrPerBeat?: boolean;
  /** pool swims: the pool's length in metres (FIT session pool_length), as the runner set it */
  poolLengthM?: number;
  /** pool swims: the unit the pool was set in — 'metric' (m) or 'statute' (yd) */
  poolLengthUnit?: string;
  /**
   * Where the device's system clock — the one its timer and elapsed time run on — drifted from the
   * records' clock over this session (set by the decoder, only when the offset changes): the
   * offsets at the session's start and end (clock-correlation.ts). Absent for nearly every file.
   */
  clockOffsets?: FitClockOffset[];
  /**
   * Where the session ended (degrees): the end position of its lap that ends with it (set by the
   * decoder). A leg's distance ends there when that point is on the recorded track (session-records.ts).
   * Not stored with the session: it only places the window's end at import.
   */
  endPosition?: { lat: number; lon: number };
}

/**
 * The device's system clock read `offsetS` seconds less than the file's clock at `atMs` (FIT
 * timestamp_correlation: timestamp − system_timestamp). See clock-correlation.ts.
 */
export interface FitClockOffset {
  atMs: number;
  offsetS: number;
}

export interface FitLap extends FitTotals {
  index: number;
  /** where the lap ended (degrees), as the device says */
  endPositionLat?: number;
  endPositionLong?: number;
  /** Only on a device-relative clock: the lap's start on the records' clock (not a real date). */
  relativeStartTime?: number;
  /** FIT lap_trigger: manual, time, distance, position_*, session_end, fitness_equipment */
  trigger?: string;
  /** FIT intensity: active, rest, warmup, cooldown, recovery, interval, other */
  intensity?: string;
}

/**
 * One FIT `length` message (global 101): a pool length swum ('active') or a rest at the wall
 * ('idle'). Pool swims carry their distance here (active lengths × pool length), not always in
 * their records.
 */
export interface FitLength {
  index: number;
  startTime?: number;
  /** Only on a device-relative clock: the length's start on the records' clock. */
  relativeStartTime?: number;
  totalElapsedTime?: number;
  totalTimerTime?: number;
  totalStrokes?: number;
  /** m/s */
  avgSpeed?: number;
  /** freestyle, backstroke, breaststroke, butterfly, drill, mixed, im… */
  swimStroke?: string;
  /** strokes per minute */
  avgSwimmingCadence?: number;
  /** 'active' (a length swum) or 'idle' (a rest) */
  lengthType?: string;
}

export interface FitEvent {
  timestamp: number;
  event?: string;
  eventType?: string;
}

export interface FitIssue {
  code: string;
  message: string;
  /** byte offset in the file when known */
  offset?: number;
}

export interface DecodedFit {
  fileId: FitFileId;
  sessions: FitSession[];
  laps: FitLap[];
  /** pool lengths (FIT `length` messages); absent or empty for everything but pool swims */
  lengths?: FitLength[];
  records: RecordColumns;
  events: FitEvent[];
  /** number of chained FIT segments found */
  segments: number;
  /**
   * The activity's offset from UTC in minutes (activity.local_timestamp − activity.timestamp,
   * FIT Profile message 34), when the file carries a plausible one: how the runner's watch read
   * the clock where the activity happened. Absent for device-relative clocks and nonsense.
   */
  utcOffsetMin?: number;
  /** non-fatal findings (fatal ones throw a DomainError with a stable code) */
  errors: FitIssue[];
}
