/**
 * Reads a records Parquet file (written by encode-records.ts, or any file with the same column
 * names) back as plain rows: the timestamp as an ISO-8601 UTC string, numbers otherwise, null
 * for a missing sample. Row-group batches let a Worker stream a long session from R2 range
 * reads without decoding the whole file at once.
 *
 * hyparquet is pinned to 1.31.5, the exact version hyparquet-writer 0.17.0 depends on, so the
 * bundle holds one copy.
 */
import { parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { DomainError } from '../errors.js';

/** The minimal random-access file hyparquet needs (an R2 object with range GETs fits). */
export interface RecordsFile {
  byteLength: number;
  slice(start: number, end?: number): Promise<ArrayBuffer> | ArrayBuffer;
}

/** One record as exported: column name → ISO time string, number, or null (missing sample). */
export type RecordRow = Record<string, string | number | null>;

export interface ReadRecordsOptions {
  /** columns to return, in this order; default: every column of the file, in file order */
  columns?: string[];
  /** first row (inclusive), default 0 */
  rowStart?: number;
  /** last row (exclusive), default the end of the file */
  rowEnd?: number;
}

export interface RecordBatch {
  /** index of the batch's first row in the file */
  rowStart: number;
  rows: RecordRow[];
}

/** Wraps bytes in memory as a RecordsFile (tests, or a file already fetched whole). */
export function toRecordsFile(bytes: Uint8Array): RecordsFile {
  return {
    byteLength: bytes.byteLength,
    slice(start: number, end?: number): ArrayBuffer {
      // copy: the caller may hold a view into a larger buffer, and hyparquet keeps the slices
      return bytes.slice(start, end).buffer as ArrayBuffer;
    },
  };
}

/** An opened records file: the footer is read once, then any number of reads share it. */
export interface RecordsReader {
  /** column names in file order */
  columns: string[];
  numRows: number;
  /** key-value metadata (pacelab.schema_version, pacelab.units, …) */
  keyValueMetadata: Record<string, string>;
  /** the requested rows one row group at a time; options are checked on the first next() */
  batches(options?: ReadRecordsOptions): AsyncGenerator<RecordBatch>;
}

export async function openRecordsParquet(file: RecordsFile): Promise<RecordsReader> {
  const asyncFile = file as AsyncBuffer;
  const metadata = await readMetadata(asyncFile);
  const keyValueMetadata: Record<string, string> = {};
  for (const { key, value } of metadata.key_value_metadata ?? []) keyValueMetadata[key] = value ?? '';
  return {
    columns: parquetSchema(metadata).children.map((child) => child.element.name),
    numRows: Number(metadata.num_rows),
    keyValueMetadata,
    batches: (options = {}) => readBatches(asyncFile, metadata, options),
  };
}

/** Reads the requested rows at once; fine for a page of rows or a small session. */
export async function readRecordsParquet(file: RecordsFile, options: ReadRecordsOptions = {}): Promise<RecordRow[]> {
  const rows: RecordRow[] = [];
  for await (const batch of readRecordsParquetBatches(file, options)) {
    for (const row of batch.rows) rows.push(row);
  }
  return rows;
}

/**
 * Yields the requested rows one row group at a time (a whole group is the smallest unit
 * hyparquet decodes), so memory stays bounded by RECORDS_ROW_GROUP_SIZE rows.
 */
export async function* readRecordsParquetBatches(
  file: RecordsFile,
  options: ReadRecordsOptions = {},
): AsyncGenerator<RecordBatch> {
  const reader = await openRecordsParquet(file);
  yield* reader.batches(options);
}

async function* readBatches(file: AsyncBuffer, metadata: FileMetaData, options: ReadRecordsOptions): AsyncGenerator<RecordBatch> {
  const columns = resolveColumns(metadata, options.columns);
  const { rowStart, rowEnd } = resolveRange(options, Number(metadata.num_rows));
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const start = Math.max(groupStart, rowStart);
    const end = Math.min(groupEnd, rowEnd);
    if (start < end) {
      const objects = await parquetReadObjects({
        file,
        metadata,
        columns,
        rowStart: start,
        rowEnd: end,
        // ISO strings straight from the decoder: no Date per row to convert again
        parsers: { timestampFromMilliseconds: (millis: bigint) => new Date(Number(millis)).toISOString() },
      });
      yield { rowStart: start, rows: objects.map((object) => toRow(object, columns)) };
    }
    groupStart = groupEnd;
  }
}

async function readMetadata(file: AsyncBuffer): Promise<FileMetaData> {
  try {
    return await parquetMetadataAsync(file);
  } catch (cause) {
    // a stored object that is not Parquet (truncated upload, wrong key) is a named failure
    throw new DomainError('records_unreadable', 'the records file is not a readable Parquet file', { cause });
  }
}

function resolveColumns(metadata: FileMetaData, requested: string[] | undefined): string[] {
  const available = parquetSchema(metadata).children.map((child) => child.element.name);
  if (requested === undefined) return available;
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new DomainError('records_unknown_column', `no such column: ${unknown.join(', ')}`, {
      details: { unknown, available },
    });
  }
  return requested;
}

function resolveRange(options: ReadRecordsOptions, totalRows: number): { rowStart: number; rowEnd: number } {
  const rowStart = options.rowStart ?? 0;
  const rowEnd = options.rowEnd ?? Math.max(rowStart, totalRows);
  if (!Number.isSafeInteger(rowStart) || rowStart < 0 || !Number.isSafeInteger(rowEnd) || rowEnd < rowStart) {
    throw new DomainError('records_invalid_range', `invalid row range ${options.rowStart}..${options.rowEnd}`);
  }
  // a range past the end is empty, like Array.prototype.slice
  return { rowStart, rowEnd: Math.min(rowEnd, totalRows) };
}

function toRow(object: Record<string, unknown>, columns: string[]): RecordRow {
  const row: RecordRow = {};
  for (const name of columns) row[name] = toCell(object[name]);
  return row;
}

function toCell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  throw new DomainError('records_unsupported_value', `unexpected ${typeof value} in a records file`);
}
