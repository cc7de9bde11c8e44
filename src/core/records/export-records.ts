/**
 * One entry point for the records route: a stored Parquet file in, the requested format out as
 * text chunks (the HTTP layer encodes them into a ReadableStream). Parquet itself is served as
 * the stored bytes, untouched, so it is not handled here.
 */
import { openRecordsParquet } from '../parquet/read-records.js';
import type { ReadRecordsOptions, RecordsFile } from '../parquet/read-records.js';
import { CSV_CONTENT_TYPE, recordsToCsvChunks } from './records-csv.js';
import { JSON_CONTENT_TYPE, recordsToJsonChunks } from './records-json.js';

export type RecordsTextFormat = 'csv' | 'json';

export interface RecordsTextExport {
  contentType: string;
  /** the body, one row group at a time */
  chunks: AsyncGenerator<string>;
  /** the file's clock is device-relative: its dates are not real (Parquet `pacelab.timestamps`) */
  deviceRelative: boolean;
}

/**
 * Reads the footer once and checks the columns and range before returning (a DomainError such
 * as `records_unknown_column` is thrown here, before the response starts), then streams lazily.
 * For an R2-backed file, wrap it in hyparquet's cachedAsyncBuffer to share range reads.
 */
export async function exportRecordsText(
  file: RecordsFile,
  format: RecordsTextFormat,
  options: ReadRecordsOptions = {},
): Promise<RecordsTextExport> {
  const reader = await openRecordsParquet(file);
  const columns = options.columns ?? reader.columns;
  const batches = reader.batches({ ...options, columns });
  const first = await batches.next(); // validates options, reads the first row group
  const all = prepend(first, batches);
  const deviceRelative = reader.keyValueMetadata['pacelab.timestamps'] === 'device-relative';
  return format === 'csv'
    ? { contentType: CSV_CONTENT_TYPE, chunks: recordsToCsvChunks(columns, all), deviceRelative }
    : { contentType: JSON_CONTENT_TYPE, chunks: recordsToJsonChunks(columns, all, deviceRelative), deviceRelative };
}

async function* prepend<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}
