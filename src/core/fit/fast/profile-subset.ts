/**
 * The part of the FIT Profile this decoder maps, as data. Source: Garmin FIT SDK Profile.xlsx
 * (messages file_id 0, session 18, lap 19, record 20, event 21, length 101, hr 132,
 * timestamp_correlation 162; types file,
 * event, event_type, lap_trigger, intensity, length_type, swim_stroke, display_measure), exactly as fit-file-parser 6.1.2 carries it in `dist/profile.js` (test
 * profile-subset.test.ts checks every entry against that file). Scale/offset follow the
 * reference's formula `raw / scale + offset` (its offsets are stored negated: altitude -500).
 * Manufacturer, sport and sub_sport names come from `fit-file-parser/profile` (the same tables
 * its decoder uses); the three small enums below were generated from its profile.
 */
import { getFitManufacturerName, getFitSportName, getFitSubSportName } from 'fit-file-parser/profile';

export const FieldMode = {
  /** raw / scale + offset */
  Scale: 0,
  /** sint32 semicircles → degrees (raw × 180 / 2^31) */
  Semicircles: 1,
  /** FIT seconds → Unix ms */
  DateTime: 2,
  /** profile enum name, or the raw number when the profile has no name for it */
  Enum: 3,
  Text: 4,
  /** every element: raw / scale + offset, invalid elements → null */
  Array: 5,
} as const;
export type FieldMode = (typeof FieldMode)[keyof typeof FieldMode];

export interface FieldSpec {
  name: string;
  /** profile base type; the wire type must equal it (or both be enum/uint8/byte) */
  base: string;
  mode: FieldMode;
  scale: number;
  offset: number;
  names?: (value: number) => string | null;
  /** record scratch slot (record fields only) */
  slot?: number;
}

/** Scratch slots of one record message, before they are composed into channels. */
export const SLOT = {
  timestamp: 0,
  positionLat: 1,
  positionLong: 2,
  distance: 3,
  enhancedSpeed: 4,
  speed: 5,
  enhancedAltitude: 6,
  altitude: 7,
  heartRate: 8,
  cadence: 9,
  fractionalCadence: 10,
  power: 11,
  temperature: 12,
  verticalOscillation: 13,
  stanceTime: 14,
  stepLength: 15,
  verticalRatio: 16,
  /** the 3 bytes packed little-endian; NaN when absent, not 3 bytes, or all invalid */
  compressedSpeedDistance: 17,
} as const;
export const SLOT_COUNT = 18;

const FILE_TYPES: Record<number, string> = { 1: 'device', 2: 'settings', 3: 'sport', 4: 'activity', 5: 'workout', 6: 'course', 7: 'schedules', 9: 'weight', 10: 'totals', 11: 'goals', 14: 'blood_pressure', 15: 'monitoring_a', 20: 'activity_summary', 28: 'monitoring_daily', 32: 'monitoring_b', 34: 'segment', 35: 'segment_list', 40: 'exd_configuration', 247: 'mfg_range_min', 254: 'mfg_range_max' };
const EVENTS: Record<number, string> = { 0: 'timer', 3: 'workout', 4: 'workout_step', 5: 'power_down', 6: 'power_up', 7: 'off_course', 8: 'session', 9: 'lap', 10: 'course_point', 11: 'battery', 12: 'virtual_partner_pace', 13: 'hr_high_alert', 14: 'hr_low_alert', 15: 'speed_high_alert', 16: 'speed_low_alert', 17: 'cad_high_alert', 18: 'cad_low_alert', 19: 'power_high_alert', 20: 'power_low_alert', 21: 'recovery_hr', 22: 'battery_low', 23: 'time_duration_alert', 24: 'distance_duration_alert', 25: 'calorie_duration_alert', 26: 'activity', 27: 'fitness_equipment', 28: 'length', 32: 'user_marker', 33: 'sport_point', 36: 'calibration', 42: 'front_gear_change', 43: 'rear_gear_change', 44: 'rider_position_change', 45: 'elev_high_alert', 46: 'elev_low_alert', 47: 'comm_timeout', 54: 'auto_activity_detect', 56: 'dive_alert', 57: 'dive_gas_switched', 71: 'tank_pressure_reserve', 72: 'tank_pressure_critical', 73: 'tank_lost', 75: 'radar_threat_alert', 76: 'tank_battery_low', 81: 'tank_pod_connected', 82: 'tank_pod_disconnected' };
const LAP_TRIGGERS: Record<number, string> = { 0: 'manual', 1: 'time', 2: 'distance', 3: 'position_start', 4: 'position_lap', 5: 'position_waypoint', 6: 'position_marked', 7: 'session_end', 8: 'fitness_equipment' };
const INTENSITIES: Record<number, string> = { 0: 'active', 1: 'rest', 2: 'warmup', 3: 'cooldown', 4: 'recovery', 5: 'interval', 6: 'other' };
const LENGTH_TYPES: Record<number, string> = { 0: 'idle', 1: 'active' };
const SWIM_STROKES: Record<number, string> = { 0: 'freestyle', 1: 'backstroke', 2: 'breaststroke', 3: 'butterfly', 4: 'drill', 5: 'mixed', 6: 'im', 7: 'im_by_round', 8: 'rimo' };
const DISPLAY_MEASURES: Record<number, string> = { 0: 'metric', 1: 'statute', 2: 'nautical' };
const EVENT_TYPES: Record<number, string> = { 0: 'start', 1: 'stop', 2: 'consecutive_depreciated', 3: 'marker', 4: 'stop_all', 5: 'begin_depreciated', 6: 'end_depreciated', 7: 'end_all_depreciated', 8: 'stop_disable', 9: 'stop_disable_all' };

/** The enum tables above, by profile type name (exported for the profile check). */
export const SMALL_ENUMS: Readonly<Record<string, Record<number, string>>> = { file: FILE_TYPES, event: EVENTS, event_type: EVENT_TYPES, lap_trigger: LAP_TRIGGERS, intensity: INTENSITIES, length_type: LENGTH_TYPES, swim_stroke: SWIM_STROKES, display_measure: DISPLAY_MEASURES };

const lookup = (table: Record<number, string>) => (value: number) => table[value] ?? null;

function scaled(name: string, base: string, scale = 1, offset = 0, slot?: number): FieldSpec {
  return { name, base, mode: FieldMode.Scale, scale, offset, ...(slot === undefined ? {} : { slot }) };
}
function special(name: string, base: string, mode: FieldMode, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, base, mode, scale: 1, offset: 0, ...extra };
}
const dateTime = (name: string, slot?: number): FieldSpec => special(name, 'uint32', FieldMode.DateTime, slot === undefined ? {} : { slot });
const enumOf = (name: string, base: string, names: (value: number) => string | null): FieldSpec => special(name, base, FieldMode.Enum, { names });

/** Totals shared by session and lap, by field number (the numbers differ between the two). */
function totals(n: Record<string, number>): Record<number, FieldSpec> {
  const out: Record<number, FieldSpec> = {};
  const add = (key: string, spec: FieldSpec): void => void (out[n[key]!] = spec);
  add('start_time', dateTime('start_time'));
  add('total_elapsed_time', scaled('total_elapsed_time', 'uint32', 1000));
  add('total_timer_time', scaled('total_timer_time', 'uint32', 1000));
  add('total_distance', scaled('total_distance', 'uint32', 100));
  add('total_calories', scaled('total_calories', 'uint16'));
  add('avg_speed', scaled('avg_speed', 'uint16', 1000));
  add('max_speed', scaled('max_speed', 'uint16', 1000));
  for (const key of ['avg_heart_rate', 'max_heart_rate', 'avg_cadence', 'max_cadence']) add(key, scaled(key, 'uint8'));
  for (const key of ['avg_power', 'max_power', 'total_ascent', 'total_descent', 'normalized_power']) add(key, scaled(key, 'uint16'));
  add('avg_temperature', scaled('avg_temperature', 'sint8'));
  add('avg_fractional_cadence', scaled('avg_fractional_cadence', 'uint8', 128));
  add('max_fractional_cadence', scaled('max_fractional_cadence', 'uint8', 128));
  add('enhanced_avg_speed', scaled('enhanced_avg_speed', 'uint32', 1000));
  add('enhanced_max_speed', scaled('enhanced_max_speed', 'uint32', 1000));
  // the message's own timestamp: when the session or lap ended
  out[253] = dateTime('timestamp');
  return out;
}

/** global message number → field number → spec. Fields not listed are skipped by size. */
export const PROFILE_SUBSET: Readonly<Record<number, Readonly<Record<number, FieldSpec>>>> = {
  0: {
    0: enumOf('type', 'enum', lookup(FILE_TYPES)),
    1: enumOf('manufacturer', 'uint16', getFitManufacturerName),
    2: scaled('product', 'uint16'),
    3: scaled('serial_number', 'uint32z'),
    4: dateTime('time_created'),
    8: special('product_name', 'string', FieldMode.Text),
  },
  18: {
    ...totals({ start_time: 2, total_elapsed_time: 7, total_timer_time: 8, total_distance: 9, total_calories: 11, avg_speed: 14, max_speed: 15, avg_heart_rate: 16, max_heart_rate: 17, avg_cadence: 18, max_cadence: 19, avg_power: 20, max_power: 21, total_ascent: 22, total_descent: 23, normalized_power: 34, avg_temperature: 57, avg_fractional_cadence: 92, max_fractional_cadence: 93, enhanced_avg_speed: 124, enhanced_max_speed: 125 }),
    5: enumOf('sport', 'enum', getFitSportName),
    6: enumOf('sub_sport', 'enum', getFitSubSportName),
    // a pool swim's distance is its active lengths × this (records may carry none)
    44: scaled('pool_length', 'uint16', 100),
    46: enumOf('pool_length_unit', 'enum', lookup(DISPLAY_MEASURES)),
  },
  19: {
    ...totals({ start_time: 2, total_elapsed_time: 7, total_timer_time: 8, total_distance: 9, total_calories: 11, avg_speed: 13, max_speed: 14, avg_heart_rate: 15, max_heart_rate: 16, avg_cadence: 17, max_cadence: 18, avg_power: 19, max_power: 20, total_ascent: 21, total_descent: 22, normalized_power: 33, avg_temperature: 50, avg_fractional_cadence: 80, max_fractional_cadence: 81, enhanced_avg_speed: 110, enhanced_max_speed: 111 }),
    // where the lap ended: a multisport leg's distance ends there (session-records.ts)
    5: special('end_position_lat', 'sint32', FieldMode.Semicircles),
    6: special('end_position_long', 'sint32', FieldMode.Semicircles),
    23: enumOf('intensity', 'enum', lookup(INTENSITIES)),
    24: enumOf('lap_trigger', 'enum', lookup(LAP_TRIGGERS)),
  },
  20: {
    0: special('position_lat', 'sint32', FieldMode.Semicircles, { slot: SLOT.positionLat }),
    1: special('position_long', 'sint32', FieldMode.Semicircles, { slot: SLOT.positionLong }),
    2: scaled('altitude', 'uint16', 5, -500, SLOT.altitude),
    3: scaled('heart_rate', 'uint8', 1, 0, SLOT.heartRate),
    4: scaled('cadence', 'uint8', 1, 0, SLOT.cadence),
    5: scaled('distance', 'uint32', 100, 0, SLOT.distance),
    6: scaled('speed', 'uint16', 1000, 0, SLOT.speed),
    7: scaled('power', 'uint16', 1, 0, SLOT.power),
    // packed bytes, not scaled (the reference leaves byte arrays raw)
    8: special('compressed_speed_distance', 'byte', FieldMode.Array, { slot: SLOT.compressedSpeedDistance }),
    13: scaled('temperature', 'sint8', 1, 0, SLOT.temperature),
    39: scaled('vertical_oscillation', 'uint16', 10, 0, SLOT.verticalOscillation),
    41: scaled('stance_time', 'uint16', 10, 0, SLOT.stanceTime),
    53: scaled('fractional_cadence', 'uint8', 128, 0, SLOT.fractionalCadence),
    73: scaled('enhanced_speed', 'uint32', 1000, 0, SLOT.enhancedSpeed),
    78: scaled('enhanced_altitude', 'uint32', 5, -500, SLOT.enhancedAltitude),
    83: scaled('vertical_ratio', 'uint16', 100, 0, SLOT.verticalRatio),
    85: scaled('step_length', 'uint16', 10, 0, SLOT.stepLength),
    253: dateTime('timestamp', SLOT.timestamp),
  },
  // activity: only the clocks, for the activity's UTC offset
  34: {
    5: dateTime('local_timestamp'),
    253: dateTime('timestamp'),
  },
  21: {
    0: enumOf('event', 'enum', lookup(EVENTS)),
    1: enumOf('event_type', 'enum', lookup(EVENT_TYPES)),
    253: dateTime('timestamp'),
  },
  // length: one pool length (active) or a rest at the wall (idle)
  101: {
    2: dateTime('start_time'),
    3: scaled('total_elapsed_time', 'uint32', 1000),
    4: scaled('total_timer_time', 'uint32', 1000),
    5: scaled('total_strokes', 'uint16'),
    6: scaled('avg_speed', 'uint16', 1000),
    7: enumOf('swim_stroke', 'enum', lookup(SWIM_STROKES)),
    9: scaled('avg_swimming_cadence', 'uint8'),
    12: enumOf('length_type', 'enum', lookup(LENGTH_TYPES)),
    253: dateTime('timestamp'),
  },
  // timestamp_correlation: the device's system clock against the file's clock (UTC)
  162: {
    0: scaled('fractional_timestamp', 'uint16', 32768),
    1: dateTime('system_timestamp'),
    2: scaled('fractional_system_timestamp', 'uint16', 32768),
    253: dateTime('timestamp'),
  },
  132: {
    0: scaled('fractional_timestamp', 'uint16', 32768),
    6: special('filtered_bpm', 'uint8', FieldMode.Array),
    9: special('event_timestamp', 'uint32', FieldMode.Array, { scale: 1024 }),
    10: special('event_timestamp12', 'byte', FieldMode.Array),
    253: dateTime('timestamp'),
  },
};

export const GLOBAL = { fileId: 0, session: 18, lap: 19, record: 20, event: 21, activity: 34, length: 101, hr: 132, timestampCorrelation: 162 } as const;
