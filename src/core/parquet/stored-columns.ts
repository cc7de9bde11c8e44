/**
 * The record columns exactly as a session's Parquet gives them back (readRecordColumns of
 * encodeRecordsParquet), computed without the round trip: the importer analyses a session from
 * these, so its statistics equal what the analyse step computes from the stored file. The rules
 * mirror encode-records.ts: only the schema's columns, missing/invalid → NaN, INT32 columns
 * rounded, −0 → 0. A unit test holds the two equal on every corpus session.
 */
import type { RecordChannel, RecordColumns } from '../fit/types.js';
import { selectRecordColumns } from './records-schema.js';

export function toStoredRecordColumns(records: RecordColumns): RecordColumns {
  const length = records.length;
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  for (const spec of selectRecordColumns(records.channels)) {
    if (spec.source === 'timestamp') continue;
    const source = records.channels[spec.source] as Float64Array;
    const column = new Float64Array(length);
    for (let i = 0; i < length; i++) {
      const v = source[i];
      column[i] = !Number.isFinite(v) ? Number.NaN : spec.type === 'int32' ? Math.round(v) + 0 : v + 0;
    }
    channels[spec.source] = column;
  }
  return { length, timestamp: Float64Array.from(records.timestamp.subarray(0, length)), channels };
}
