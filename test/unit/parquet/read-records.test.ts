import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { encodeRecordsParquet } from '../../../src/core/parquet/encode-records.js';
import {
  openRecordsParquet, readRecordsParquet, readRecordsParquetBatches, toRecordsFile,
} from '../../../src/core/parquet/read-records.js';
import { expectedRows, makeRun } from './fixtures.js';

const run = makeRun({ rows: 23_456, seed: 5 });
const bytes = encodeRecordsParquet(run, { sessionId: 's' });
const expected = expectedRows(run);

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return error instanceof DomainError ? error.code : String(error);
  }
  return 'no error';
}

describe('readRecordsParquet', () => {
  it('returns the requested columns in the requested order', async () => {
    const rows = await readRecordsParquet(toRecordsFile(bytes), { columns: ['heart_rate', 'timestamp'], rowEnd: 3 });
    expect(rows).toEqual(expected.slice(0, 3).map((r) => ({ heart_rate: r.heart_rate, timestamp: r.timestamp })));
    expect(Object.keys(rows[0]!)).toEqual(['heart_rate', 'timestamp']);
  });

  it('reads a row range that spans a row-group boundary', async () => {
    const rows = await readRecordsParquet(toRecordsFile(bytes), { rowStart: 9_990, rowEnd: 10_015 });
    expect(rows).toEqual(expected.slice(9_990, 10_015));
  });

  it('treats a range past the end as empty, like Array.slice', async () => {
    expect(await readRecordsParquet(toRecordsFile(bytes), { rowStart: 23_450, rowEnd: 99_999 })).toEqual(expected.slice(23_450));
    expect(await readRecordsParquet(toRecordsFile(bytes), { rowStart: 50_000 })).toEqual([]);
  });

  it('rejects an unknown column and a malformed range with stable codes', async () => {
    expect(await errorCode(readRecordsParquet(toRecordsFile(bytes), { columns: ['heart_rate', 'hr'] }))).toBe('records_unknown_column');
    expect(await errorCode(readRecordsParquet(toRecordsFile(bytes), { rowStart: -1 }))).toBe('records_invalid_range');
    expect(await errorCode(readRecordsParquet(toRecordsFile(bytes), { rowStart: 5, rowEnd: 4 }))).toBe('records_invalid_range');
    expect(await errorCode(readRecordsParquet(toRecordsFile(bytes), { rowStart: 0.5 }))).toBe('records_invalid_range');
  });

  it('names a file that is not Parquet', async () => {
    expect(await errorCode(readRecordsParquet(toRecordsFile(new TextEncoder().encode('timestamp,heart_rate\r\n'))))).toBe('records_unreadable');
    expect(await errorCode(readRecordsParquet(toRecordsFile(bytes.subarray(0, bytes.length - 100))))).toBe('records_unreadable');
  });

  it('reads from a view into a larger buffer (toRecordsFile honours byteOffset)', async () => {
    const padded = new Uint8Array(bytes.length + 64);
    padded.set(bytes, 32);
    const view = padded.subarray(32, 32 + bytes.length);
    expect(await readRecordsParquet(toRecordsFile(view), { rowEnd: 5 })).toEqual(expected.slice(0, 5));
  });
});

describe('readRecordsParquetBatches', () => {
  it('yields one batch per row group, each with its first row index', async () => {
    const batches = [];
    for await (const batch of readRecordsParquetBatches(toRecordsFile(bytes))) batches.push(batch);
    expect(batches.map((b) => [b.rowStart, b.rows.length])).toEqual([[0, 10_000], [10_000, 10_000], [20_000, 3_456]]);
    expect(batches.flatMap((b) => b.rows)).toEqual(expected);
  });

  it('only reads the row groups a range touches', async () => {
    const slices: number[] = [];
    const file = toRecordsFile(bytes);
    const counting = { byteLength: file.byteLength, slice: (s: number, e?: number) => (slices.push((e ?? file.byteLength) - s), file.slice(s, e)) };
    const reader = await openRecordsParquet(counting);
    const footerBytes = slices.reduce((a, b) => a + b, 0);
    const batches = [];
    for await (const batch of reader.batches({ rowStart: 20_100, rowEnd: 20_200, columns: ['timestamp', 'speed'] })) batches.push(batch);
    expect(batches.map((b) => b.rowStart)).toEqual([20_100]);
    const dataBytes = slices.reduce((a, b) => a + b, 0) - footerBytes;
    expect(dataBytes).toBeLessThan(bytes.length / 8); // two columns of the last group, not the file
  });
});
