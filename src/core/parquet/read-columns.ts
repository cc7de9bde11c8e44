/**
 * Reads a session's records Parquet back into RecordColumns (the shape the metrics consume):
 * the inverse of encodeRecordsParquet, null → NaN, columns → channels by the schema table.
 */
import type { RecordChannel, RecordColumns } from '../fit/types';
import { openRecordsParquet, type RecordsFile } from './read-records';
import { findRecordColumn } from './records-schema';

export async function readRecordColumns(file: RecordsFile): Promise<RecordColumns> {
  const reader = await openRecordsParquet(file);
  const length = reader.numRows;
  const timestamp = new Float64Array(length);
  const channels: Partial<Record<RecordChannel, Float64Array>> = {};
  const mapped = reader.columns.flatMap((name) => {
    const spec = findRecordColumn(name);
    if (!spec || spec.source === 'timestamp') return [];
    const column = new Float64Array(length);
    channels[spec.source] = column;
    return [[name, column] as const];
  });
  for await (const batch of reader.batches()) {
    batch.rows.forEach((row, i) => {
      const at = batch.rowStart + i;
      timestamp[at] = Date.parse(row.timestamp as string);
      for (const [name, column] of mapped) {
        const value = row[name];
        column[at] = typeof value === 'number' ? value : Number.NaN;
      }
    });
  }
  return { length, timestamp, channels };
}
