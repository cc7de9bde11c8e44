import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { encodeRecordsParquet } from '../../../src/core/parquet/encode-records.js';
import { toRecordsFile, type RecordBatch } from '../../../src/core/parquet/read-records.js';
import { exportRecordsText } from '../../../src/core/records/export-records.js';
import { formatCsvField, formatCsvRows, recordsToCsvChunks } from '../../../src/core/records/records-csv.js';
import { describeJsonColumns, recordsToJsonChunks } from '../../../src/core/records/records-json.js';
import { expectedRows, makeEdgeCases, makeRun } from './fixtures.js';

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

const edgeFile = () => toRecordsFile(encodeRecordsParquet(makeEdgeCases(), { sessionId: 'e' }));

describe('CSV (RFC 4180)', () => {
  it('quotes only fields with a comma, quote, CR or LF, doubling quotes', () => {
    expect(formatCsvField('plain')).toBe('plain');
    expect(formatCsvField('a,b')).toBe('"a,b"');
    expect(formatCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(formatCsvField('line\nbreak')).toBe('"line\nbreak"');
    expect(formatCsvField('cr\r')).toBe('"cr\r"');
    expect(formatCsvField(null)).toBe('');
    expect(formatCsvField(0)).toBe('0');
    expect(formatCsvField(-430.5)).toBe('-430.5');
    expect(formatCsvField(3.3333333333333335)).toBe('3.3333333333333335');
  });

  it('writes a header, CRLF line ends, ISO times and empty cells for missing samples', async () => {
    const { contentType, chunks } = await exportRecordsText(edgeFile(), 'csv');
    expect(contentType).toBe('text/csv; charset=utf-8; header=present');
    expect((await collect(chunks)).join('')).toBe(
      'timestamp,speed,altitude,heart_rate,power,temperature\r\n' +
        '2024-12-31T23:59:58.000Z,0,0,0,0,\r\n' +
        '2024-12-31T23:59:59.000Z,1e-9,-12.5,,65535,\r\n' +
        '2025-01-01T00:00:00.000Z,,0,61,,\r\n' +
        '2025-01-01T00:00:01.000Z,,,255,250,\r\n' +
        '2025-01-01T00:00:02.000Z,3.3333333333333335,8848.86,,1,\r\n' +
        '2025-01-01T00:00:03.001Z,,-430.5,140,,\r\n',
    );
  });

  it('honours the column selection and row range', async () => {
    const { chunks } = await exportRecordsText(edgeFile(), 'csv', { columns: ['heart_rate', 'timestamp'], rowStart: 1, rowEnd: 3 });
    expect((await collect(chunks)).join('')).toBe('heart_rate,timestamp\r\n,2024-12-31T23:59:59.000Z\r\n61,2025-01-01T00:00:00.000Z\r\n');
  });

  it('streams one chunk per row group after the header', async () => {
    const run = makeRun({ rows: 21_000 });
    const { chunks } = await exportRecordsText(toRecordsFile(encodeRecordsParquet(run, { sessionId: 's' })), 'csv');
    const parts = await collect(chunks);
    expect(parts).toHaveLength(4);
    const lines = parts.join('').split('\r\n');
    expect(lines).toHaveLength(21_000 + 2); // header + rows + the empty string after the last CRLF
    const expected = expectedRows(run);
    expect(lines[20_500]).toBe(formatCsvRows(Object.keys(expected[0]!), [expected[20_499]!]).slice(0, -2));
  });

  it('writes just the header for an empty range', async () => {
    const parts = await collect(recordsToCsvChunks(['timestamp', 'heart_rate'], []));
    expect(parts).toEqual(['timestamp,heart_rate\r\n']);
  });
});

describe('JSON ({ schemaVersion, columns, rows })', () => {
  it('describes the columns with their type and unit', () => {
    expect(describeJsonColumns(['timestamp', 'heart_rate', 'speed', 'mystery'])).toEqual([
      { name: 'timestamp', type: 'timestamp' },
      { name: 'heart_rate', type: 'integer', unit: 'bpm' },
      { name: 'speed', type: 'number', unit: 'm/s' },
      { name: 'mystery', type: 'number' },
    ]);
  });

  it('streams a document that parses to every row, with null for missing samples', async () => {
    const { contentType, chunks } = await exportRecordsText(edgeFile(), 'json');
    expect(contentType).toBe('application/json; charset=utf-8');
    const body = JSON.parse((await collect(chunks)).join(''));
    expect(body.schemaVersion).toBe(1);
    expect(body.columns.map((c: { name: string }) => c.name)).toEqual(['timestamp', 'speed', 'altitude', 'heart_rate', 'power', 'temperature']);
    expect(body.rows).toEqual(expectedRows(makeEdgeCases()));
    expect(body.rows[1]).toEqual({ timestamp: '2024-12-31T23:59:59.000Z', speed: 1e-9, altitude: -12.5, heart_rate: null, power: 65535, temperature: null });
  });

  it('joins batches with commas, skipping empty ones, and handles no rows', async () => {
    const batches: RecordBatch[] = [
      { rowStart: 0, rows: [{ timestamp: 'a', heart_rate: 1 }] },
      { rowStart: 1, rows: [] },
      { rowStart: 1, rows: [{ timestamp: 'b', heart_rate: null }, { timestamp: 'c' }] },
    ];
    const text = (await collect(recordsToJsonChunks(['timestamp', 'heart_rate'], batches))).join('');
    expect(JSON.parse(text).rows).toEqual([
      { timestamp: 'a', heart_rate: 1 }, { timestamp: 'b', heart_rate: null }, { timestamp: 'c', heart_rate: null },
    ]);
    const empty = JSON.parse((await collect(recordsToJsonChunks(['timestamp'], []))).join(''));
    expect(empty).toEqual({ schemaVersion: 1, columns: [{ name: 'timestamp', type: 'timestamp' }], rows: [] });
  });
});

describe('exportRecordsText', () => {
  it('fails before streaming when a column does not exist', async () => {
    const error = await exportRecordsText(edgeFile(), 'json', { columns: ['cadence'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('records_unknown_column');
  });
});

describe('device-relative clocks (issue 12)', () => {
  it('the JSON export and the export result carry the Parquet marker; a real clock has none', async () => {
    const records = makeRun({ rows: 30, start: 631_065_600_000 + 1000 * 1000 });
    const relative = await exportRecordsText(toRecordsFile(encodeRecordsParquet(records, { sessionId: 's', startTimeUnknown: true })), 'json');
    expect(relative.deviceRelative).toBe(true);
    expect(JSON.parse((await collect(relative.chunks)).join('')).timestamps).toBe('device-relative');
    const real = await exportRecordsText(toRecordsFile(encodeRecordsParquet(records, { sessionId: 's' })), 'json');
    expect(real.deviceRelative).toBe(false);
    expect(JSON.parse((await collect(real.chunks)).join('')).timestamps).toBeUndefined();
    const csv = await exportRecordsText(toRecordsFile(encodeRecordsParquet(records, { sessionId: 's', startTimeUnknown: true })), 'csv');
    expect(csv.deviceRelative).toBe(true);
  });
});
