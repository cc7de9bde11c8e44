/**
 * fit-file-parser `file_id`, `session`, `lap` and `event` rows → DecodedFit shapes (Garmin FIT
 * Profile, messages file_id/session/lap/event: https://developer.garmin.com/fit/protocol/).
 * Units are already SI (parser options lengthUnit 'm', speedUnit 'm/s', temperature °C).
 */
import { getFitGarminProductName } from 'fit-file-parser/profile';
import type { DecodedFit, FitEvent, FitFileId, FitLap, FitLength, FitSession, FitTotals } from './types.js';
import { absoluteTimeMs, firstNum, isDeviceRelative, num, type ParsedRow, text, timeMs, withFraction } from './values.js';

/** Manufacturers whose `product` is a Garmin product number. */
const GARMIN_PRODUCT_SPACE = new Set(['garmin', 'dynastream', 'dynastream_oem', 'tacx']);

export function mapFileId(row: ParsedRow | undefined): FitFileId {
  if (!row) return {};
  const manufacturer = text(row, 'manufacturer');
  const product = num(row, 'product');
  const productName =
    text(row, 'product_name') ??
    (product !== undefined && manufacturer && GARMIN_PRODUCT_SPACE.has(manufacturer) ? (getFitGarminProductName(product) ?? undefined) : undefined);
  return prune({
    type: text(row, 'type'),
    manufacturer,
    product,
    productName,
    serialNumber: num(row, 'serial_number'),
    timeCreated: absoluteTimeMs(row, 'time_created'),
  });
}

/** UTC offsets exist from −12:00 to +14:00, in quarter hours (+05:45, +12:45). */
const MAX_OFFSET_MIN = 14 * 60;

/**
 * activity.local_timestamp − activity.timestamp, rounded to a quarter hour: the local clock the
 * activity happened on. Undefined when either is missing, the timestamp is device-relative, or
 * the difference is no real offset (Zwift writes the FIT epoch as local time).
 */
export function mapUtcOffset(row: ParsedRow | undefined): number | undefined {
  if (!row) return undefined;
  const utc = absoluteTimeMs(row, 'timestamp');
  const local = timeMs(row, 'local_timestamp');
  if (utc === undefined || local === undefined) return undefined;
  const minutes = Math.round((local - utc) / 900_000) * 15;
  return Math.abs(minutes) <= MAX_OFFSET_MIN ? minutes : undefined;
}

export function mapTotals(row: ParsedRow): FitTotals {
  return prune({
    startTime: absoluteTimeMs(row, 'start_time'),
    endTime: absoluteTimeMs(row, 'timestamp'),
    totalElapsedTime: num(row, 'total_elapsed_time'),
    totalTimerTime: num(row, 'total_timer_time'),
    totalDistance: num(row, 'total_distance'),
    avgSpeed: firstNum(row, ['enhanced_avg_speed', 'avg_speed']),
    maxSpeed: firstNum(row, ['enhanced_max_speed', 'max_speed']),
    avgHeartRate: num(row, 'avg_heart_rate'),
    maxHeartRate: num(row, 'max_heart_rate'),
    avgCadence: withFraction(row, 'avg_cadence', 'avg_fractional_cadence'),
    maxCadence: withFraction(row, 'max_cadence', 'max_fractional_cadence'),
    avgPower: num(row, 'avg_power'),
    maxPower: num(row, 'max_power'),
    normalizedPower: num(row, 'normalized_power'),
    totalAscent: num(row, 'total_ascent'),
    totalDescent: num(row, 'total_descent'),
    totalCalories: num(row, 'total_calories'),
    avgTemperature: num(row, 'avg_temperature'),
  });
}

export function mapSession(row: ParsedRow, index: number, sessionCount: number): FitSession {
  const session: FitSession = { index, sessionCount, ...mapTotals(row) };
  const sport = text(row, 'sport');
  const subSport = text(row, 'sub_sport');
  if (sport !== undefined) session.sport = sport;
  if (subSport !== undefined) session.subSport = subSport;
  const poolLength = num(row, 'pool_length');
  const poolUnit = text(row, 'pool_length_unit');
  if (poolLength !== undefined && poolLength > 0) session.poolLengthM = poolLength;
  if (poolUnit !== undefined && session.poolLengthM !== undefined) session.poolLengthUnit = poolUnit;
  const rawStart = timeMs(row, 'start_time');
  if (rawStart !== undefined && isDeviceRelative(rawStart)) {
    session.startTimeUnknown = true;
    session.relativeStartTime = rawStart;
  }
  return session;
}

export function mapLap(row: ParsedRow, index: number): FitLap {
  const rawStart = timeMs(row, 'start_time');
  const relativeStartTime = rawStart !== undefined && isDeviceRelative(rawStart) ? rawStart : undefined;
  return prune({
    index, ...mapTotals(row), relativeStartTime, trigger: text(row, 'lap_trigger'), intensity: text(row, 'intensity'),
    endPositionLat: num(row, 'end_position_lat'), endPositionLong: num(row, 'end_position_long'),
  });
}

/** A session's last lap ends this close to it (a fenix 5X's bike leg, after a reboot: 5.3 s). */
const LAST_LAP_END_MS = 15_000;
/** A lap may be stamped a moment before its session starts (as in assignSessionLaps). */
const LAP_START_SLACK_MS = 1000;

/**
 * Each session's end position: the end position of its last lap (a FIT session message has none
 * in older profiles — the FR920XT writes none — and the fenix 5X's session fields 38/39 lie km
 * off its legs' ends; every corpus watch's lap end_position_lat/long is where the leg ended).
 * The last lap: the latest-starting lap that starts within the session, if it ends near it.
 */
export function attachEndPositions(decoded: DecodedFit): void {
  const starts = decoded.sessions.map((s) => s.startTime).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  for (const session of decoded.sessions) {
    const start = session.startTime;
    if (start === undefined || session.totalElapsedTime === undefined) continue;
    const end = start + session.totalElapsedTime * 1000;
    const next = starts.find((t) => t > start) ?? Infinity;
    let last: FitLap | undefined;
    for (const lap of decoded.laps) {
      const ls = lap.startTime;
      if (ls === undefined || ls < start - LAP_START_SLACK_MS || ls >= next - LAP_START_SLACK_MS) continue;
      if (!last || ls >= last.startTime!) last = lap;
    }
    if (!last || last.totalElapsedTime === undefined || last.endPositionLat === undefined || last.endPositionLong === undefined) continue;
    if (Math.abs(last.startTime! + last.totalElapsedTime * 1000 - end) > LAST_LAP_END_MS) continue;
    if (Math.abs(last.endPositionLat) <= 90 && Math.abs(last.endPositionLong) <= 180) session.endPosition = { lat: last.endPositionLat, lon: last.endPositionLong };
  }
}

export function mapLength(row: ParsedRow, index: number): FitLength {
  const rawStart = timeMs(row, 'start_time');
  const relative = rawStart !== undefined && isDeviceRelative(rawStart);
  return prune({
    index,
    startTime: relative ? undefined : rawStart,
    relativeStartTime: relative ? rawStart : undefined,
    totalElapsedTime: num(row, 'total_elapsed_time'),
    totalTimerTime: num(row, 'total_timer_time'),
    totalStrokes: num(row, 'total_strokes'),
    avgSpeed: num(row, 'avg_speed'),
    swimStroke: text(row, 'swim_stroke'),
    avgSwimmingCadence: num(row, 'avg_swimming_cadence'),
    lengthType: text(row, 'length_type'),
  });
}

/** Events without a timestamp carry no usable information here and are dropped. */
export function mapEvents(rows: readonly ParsedRow[]): FitEvent[] {
  const events: FitEvent[] = [];
  for (const row of rows) {
    const timestamp = timeMs(row, 'timestamp');
    if (timestamp === undefined) continue;
    events.push(prune({ timestamp, event: text(row, 'event'), eventType: text(row, 'event_type') }));
  }
  return events;
}

/** Drops undefined keys so "absent" really is absent (toEqual/JSON/`in` all agree). */
function prune<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
