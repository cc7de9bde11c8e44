/**
 * Encodes a session's record stream (RecordColumns) as one Parquet file: the runner's data,
 * downloadable and readable as-is by DuckDB, pandas (pyarrow) and Polars.
 *
 * Reference: Apache Parquet format, https://github.com/apache/parquet-format
 * (parquet.thrift: SchemaElement, LogicalType TIMESTAMP; LogicalTypes.md "Timestamp";
 * Encodings.md DELTA_BINARY_PACKED, RLE_DICTIONARY). The bytes are hyparquet-writer 0.17.0's
 * (data pages v2, SNAPPY, one page per column chunk), written by records-writer.ts straight from
 * the typed arrays: the library's generic path cost twice the CPU (issue 14 item 5), and a test
 * holds the two byte-equal.
 *
 * Choices, and why:
 * - timestamp: INT64 with both the logical type TIMESTAMP(MILLIS, isAdjustedToUTC=true) and
 *   the legacy converted type TIMESTAMP_MILLIS, so old and new readers agree it is a UTC
 *   instant (DuckDB: TIMESTAMP WITH TIME ZONE, pandas: datetime64[ms, UTC], Polars:
 *   Datetime("ms", "UTC")). DELTA_BINARY_PACKED: 1 Hz times compress to ~nothing (PLAIN +
 *   SNAPPY keeps ~3 bytes a row) and every target reader has decoded it for years.
 * - heart_rate and power: INT32. FIT records both as unsigned integers (uint8 bpm, uint16 W),
 *   so an integer column is exact, and dictionary/RLE pages make it small. Signed, unannotated
 *   INT32 (not UINT_8/UINT_16) so that `hr.diff()` in pandas/Polars cannot wrap around.
 *   A fractional input is rounded to the nearest whole unit.
 * - everything else: DOUBLE, PLAIN or dictionary (hyparquet-writer keeps a dictionary only when
 *   it halves the chunk; FIT's quantised values — 1/1000 m/s, 1/5 m — usually qualify).
 * - position_lat, position_long, distance: always PLAIN. Nearly every value is new (positions
 *   move, distance only grows), so the writer's dictionary trial builds a map of the whole
 *   chunk only to throw it away: on the running corpus it kept a dictionary for these in 11 of
 *   41 chunks, all tiny, and the files came out the same size (19.90 bytes a row either way)
 *   while encoding took ~25 % less CPU (issue 14 item 5; the import's largest CPU stage).
 *   BYTE_STREAM_SPLIT was measured larger on a FIT-like run (47.7 vs 28.0 bytes a row) because
 *   it rules the dictionary out, and Polars has only read it since mid-2024.
 * - SNAPPY: the writer's built-in codec, read by every Parquet implementation; ZSTD would need
 *   a WASM compressor in the Worker bundle for a few kB per session.
 * - No column statistics (min/max/null counts in the footer). They were ~30 % of the encoding's
 *   CPU (the writer counts nulls in BigInts; 8.1 → 5.7 ms of CPU per corpus run; issue 14 item
 *   5), the app never reads them (it reads whole columns), and a typical session is one row
 *   group, so a reader has nothing to skip inside a file; the session's time range and totals
 *   are in the API. Readers scan as before (DuckDB, pyarrow, Polars treat statistics as optional).
 * - Row groups of RECORDS_ROW_GROUP_SIZE rows: a typical run is one group, and a long one is
 *   streamed to CSV/JSON one group at a time with bounded memory.
 * - NaN / ±Infinity (a missing or invalid sample) → null; −0 → 0 (the dictionary keys values
 *   by SameValueZero, so −0 would otherwise survive or not depending on the data).
 * - created_by names the schema version, not the app version, so output bytes change only
 *   when the format does (the golden-file test relies on that).
 */
import type { KeyValue, SchemaElement } from 'hyparquet-writer';
import { DomainError } from '../errors.js';
import type { RecordColumns } from '../fit/types.js';
import { RECORDS_SCHEMA_VERSION, selectRecordColumns, type RecordColumnSpec } from './records-schema.js';
import { writeRecordsParquet, type RecordsWriterColumn } from './records-writer.js';

export const RECORDS_ROW_GROUP_SIZE = 10_000;
/** key-value metadata key of the session's laps JSON (RecordsParquetMeta.laps) */
export const RECORDS_LAPS_KEY = 'pacelab.laps';
/** Columns whose values are nearly all distinct: no dictionary trial (see the header). */
const ALWAYS_PLAIN = new Set(['position_lat', 'position_long', 'distance']);
export const RECORDS_CREATED_BY = `pacelab records schema ${RECORDS_SCHEMA_VERSION} (hyparquet-writer 0.17.0)`;

export interface RecordsParquetMeta {
  sessionId: string;
  sport?: string;
  /** version of the import/analysis code that produced the records, for provenance */
  algorithmVersion?: string;
  /**
   * The FIT file's clock is device-relative (FitSession.startTimeUnknown): the timestamps are
   * consistent within the file but are not real dates. Recorded as
   * `pacelab.timestamps = device-relative` so a reader is not misled by the 1970s dates.
   */
  startTimeUnknown?: boolean;
  /**
   * The session's laps as their stored JSON (core/laps/laps-json.ts), kept in the file as
   * `pacelab.laps`: they are fixed at import like the records, and one object per session less
   * to store is one R2 put less per imported activity (issue 14 item 5). Readers that do not know
   * the key ignore it; DuckDB shows it with parquet_kv_metadata().
   */
  laps?: string;
}

export function encodeRecordsParquet(records: RecordColumns, meta: RecordsParquetMeta): Uint8Array {
  checkRecords(records);
  if (typeof meta.sessionId !== 'string' || meta.sessionId === '') {
    throw new DomainError('records_invalid_meta', 'sessionId must be a non-empty string');
  }
  const columns = selectRecordColumns(records.channels);
  return writeRecordsParquet({
    columns: columns.map((spec) => toWriterColumn(records, spec)),
    rows: records.length,
    rowGroupSize: RECORDS_ROW_GROUP_SIZE,
    kvMetadata: buildKeyValueMetadata(columns, meta),
    createdBy: RECORDS_CREATED_BY,
  });
}

export function toSchemaElement(spec: RecordColumnSpec): SchemaElement {
  if (spec.type === 'timestamp') {
    return {
      name: spec.name,
      type: 'INT64',
      repetition_type: 'REQUIRED',
      converted_type: 'TIMESTAMP_MILLIS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    };
  }
  return { name: spec.name, type: spec.type === 'int32' ? 'INT32' : 'DOUBLE', repetition_type: 'OPTIONAL' };
}

function toWriterColumn(records: RecordColumns, spec: RecordColumnSpec): RecordsWriterColumn {
  const element = toSchemaElement(spec);
  if (spec.source === 'timestamp') return { kind: 'timestamp', element, values: records.timestamp };
  const source = records.channels[spec.source] as Float64Array;
  if (spec.type !== 'int32') return { kind: 'optional', element, values: source, plainOnly: ALWAYS_PLAIN.has(spec.name) };
  // a fractional input is rounded to the nearest whole unit; a missing one stays NaN (null)
  const rounded = new Float64Array(records.length);
  for (let i = 0; i < records.length; i++) rounded[i] = Math.round(source[i]!);
  return { kind: 'optional', element, values: rounded, plainOnly: false };
}

export function buildKeyValueMetadata(columns: RecordColumnSpec[], meta: RecordsParquetMeta): KeyValue[] {
  const units: Record<string, string> = {};
  for (const column of columns) if (column.unit) units[column.name] = column.unit;
  const kv: KeyValue[] = [
    { key: 'pacelab.schema_version', value: String(RECORDS_SCHEMA_VERSION) },
    { key: 'pacelab.session_id', value: meta.sessionId },
    { key: 'pacelab.units', value: JSON.stringify(units) },
  ];
  if (meta.sport !== undefined) kv.push({ key: 'pacelab.sport', value: meta.sport });
  if (meta.algorithmVersion !== undefined) kv.push({ key: 'pacelab.algorithm_version', value: meta.algorithmVersion });
  if (meta.startTimeUnknown) kv.push({ key: 'pacelab.timestamps', value: 'device-relative' });
  if (meta.laps !== undefined) kv.push({ key: RECORDS_LAPS_KEY, value: meta.laps });
  return kv;
}

/** Checked once, up front: a malformed stream is a decoder bug, not something to write. */
function checkRecords(records: RecordColumns): void {
  const { length, timestamp, channels } = records;
  if (!Number.isSafeInteger(length) || length < 0 || timestamp.length !== length) {
    throw new DomainError('records_invalid', `timestamp has ${timestamp.length} values for length ${length}`);
  }
  for (let i = 0; i < length; i++) {
    if (!Number.isSafeInteger(timestamp[i])) {
      throw new DomainError('records_invalid', `timestamp[${i}] is not a whole number of milliseconds`, { details: { index: i } });
    }
  }
  for (const [channel, values] of Object.entries(channels)) {
    if (values !== undefined && values.length !== length) {
      throw new DomainError('records_invalid', `channel ${channel} has ${values.length} values for length ${length}`);
    }
    if (channel === 'heartRate' || channel === 'power') checkInt32(channel, values);
  }
}

function checkInt32(channel: string, values: Float64Array | undefined): void {
  if (!values) return;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && Math.abs(v) > 2 ** 31 - 1) {
      throw new DomainError('records_invalid', `${channel}[${i}] = ${v} does not fit a 32-bit integer`, { details: { index: i } });
    }
  }
}
