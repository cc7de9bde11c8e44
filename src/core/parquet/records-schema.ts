/**
 * The column schema of a session's records Parquet file, as data: the encoder builds the
 * Parquet schema from it, the readers validate column names against it, and the API/OpenAPI
 * docs list it. Names are snake_case, units SI (as in src/core/fit/types.ts).
 *
 * Changing a name, type or unit here changes the files runners download: bump
 * RECORDS_SCHEMA_VERSION and regenerate the golden file (UPDATE_GOLDEN=1).
 */
import type { RecordChannel } from '../fit/types.js';

/** Written to the file's key-value metadata as `pacelab.schema_version`. */
export const RECORDS_SCHEMA_VERSION = 1;

/**
 * How a column is stored:
 * - `timestamp`: INT64, logical TIMESTAMP(MILLIS, isAdjustedToUTC) — readers show a UTC timestamp.
 * - `int32`: INT32 (no annotation, so readers get a plain signed 32-bit integer).
 * - `double`: DOUBLE (IEEE 754 binary64).
 */
export type RecordColumnType = 'timestamp' | 'int32' | 'double';

export interface RecordColumnSpec {
  /** Parquet column name (snake_case); also the CSV header and JSON key. */
  name: string;
  /** The RecordColumns field it comes from. */
  source: 'timestamp' | RecordChannel;
  type: RecordColumnType;
  /** The Parquet physical/logical type, as docs should show it. */
  parquetType: string;
  /** Unit symbol ('' for the timestamp, whose unit is in its Parquet type). */
  unit: string;
  /** The timestamp is REQUIRED; every channel is OPTIONAL (null = missing sample). */
  nullable: boolean;
  description: string;
}

/** File order. The timestamp is always present; a channel only when the session recorded it. */
export const RECORD_COLUMNS: readonly RecordColumnSpec[] = [
  { name: 'timestamp', source: 'timestamp', type: 'timestamp', parquetType: 'INT64 TIMESTAMP(MILLIS, UTC)', unit: '', nullable: false, description: 'Time of the record, UTC, millisecond precision.' },
  { name: 'position_lat', source: 'positionLat', type: 'double', parquetType: 'DOUBLE', unit: 'deg', nullable: true, description: 'Latitude, WGS 84 degrees.' },
  { name: 'position_long', source: 'positionLong', type: 'double', parquetType: 'DOUBLE', unit: 'deg', nullable: true, description: 'Longitude, WGS 84 degrees.' },
  { name: 'distance', source: 'distance', type: 'double', parquetType: 'DOUBLE', unit: 'm', nullable: true, description: 'Cumulative distance from the start.' },
  { name: 'speed', source: 'speed', type: 'double', parquetType: 'DOUBLE', unit: 'm/s', nullable: true, description: 'Instantaneous speed as recorded by the device.' },
  { name: 'altitude', source: 'altitude', type: 'double', parquetType: 'DOUBLE', unit: 'm', nullable: true, description: 'Altitude above mean sea level (may be negative).' },
  { name: 'heart_rate', source: 'heartRate', type: 'int32', parquetType: 'INT32', unit: 'bpm', nullable: true, description: 'Heart rate, beats per minute.' },
  { name: 'cadence', source: 'cadence', type: 'double', parquetType: 'DOUBLE', unit: 'rpm', nullable: true, description: 'Cadence as recorded, with its fractional part (running: strides per minute, one leg).' },
  { name: 'power', source: 'power', type: 'int32', parquetType: 'INT32', unit: 'W', nullable: true, description: 'Power, whole watts as FIT records them.' },
  { name: 'temperature', source: 'temperature', type: 'double', parquetType: 'DOUBLE', unit: '°C', nullable: true, description: 'Device temperature.' },
  { name: 'vertical_oscillation', source: 'verticalOscillation', type: 'double', parquetType: 'DOUBLE', unit: 'm', nullable: true, description: 'Vertical oscillation of the torso per step.' },
  { name: 'stance_time', source: 'stanceTime', type: 'double', parquetType: 'DOUBLE', unit: 's', nullable: true, description: 'Ground contact time per step.' },
  { name: 'step_length', source: 'stepLength', type: 'double', parquetType: 'DOUBLE', unit: 'm', nullable: true, description: 'Step length.' },
  { name: 'vertical_ratio', source: 'verticalRatio', type: 'double', parquetType: 'DOUBLE', unit: '%', nullable: true, description: 'Vertical oscillation divided by step length, percent.' },
];

const BY_NAME = new Map(RECORD_COLUMNS.map((column) => [column.name, column]));

export function findRecordColumn(name: string): RecordColumnSpec | undefined {
  return BY_NAME.get(name);
}

/** The columns a given record stream produces, in file order. */
export function selectRecordColumns(channels: Partial<Record<RecordChannel, unknown>>): RecordColumnSpec[] {
  return RECORD_COLUMNS.filter((column) => column.source === 'timestamp' || channels[column.source] !== undefined);
}
