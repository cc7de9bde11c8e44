import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import type { RecordColumns } from '../../../src/core/fit/types.js';
import { encodeRecordsParquet, RECORDS_ROW_GROUP_SIZE } from '../../../src/core/parquet/encode-records.js';
import { openRecordsParquet, readRecordsParquet, toRecordsFile } from '../../../src/core/parquet/read-records.js';
import { RECORD_COLUMNS } from '../../../src/core/parquet/records-schema.js';
import { expectedRows, makeEdgeCases, makeRun } from './fixtures.js';

const META = { sessionId: 'sess_01', sport: 'running', algorithmVersion: 'import-1' };

// Buffer.equals: vitest's deep equality walks a 100 kB array element by element
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function metadataOf(bytes: Uint8Array) {
  return parquetMetadata(bytes.slice().buffer);
}

describe('encodeRecordsParquet round trip through hyparquet', () => {
  it('keeps every value of a 1 Hz run with GPS, HR, cadence, power and gaps', async () => {
    const run = makeRun({ rows: 3600 });
    const rows = await readRecordsParquet(toRecordsFile(encodeRecordsParquet(run, META)));
    expect(rows).toHaveLength(3600);
    expect(rows).toEqual(expectedRows(run));
    // the fixture really has gaps, and they really come back as nulls
    expect(rows.filter((r) => r.heart_rate === null).length).toBeGreaterThan(30);
    expect(rows.filter((r) => r.position_lat === null).length).toBe(60);
    expect(rows[1800]!.timestamp).toBe('2025-03-01T07:32:00.000Z'); // 30 min of rows + the 2-minute pause
  });

  it('keeps every value across several row groups', async () => {
    const run = makeRun({ rows: 2 * RECORDS_ROW_GROUP_SIZE + 1234, seed: 3 });
    const bytes = encodeRecordsParquet(run, META);
    expect(metadataOf(bytes).row_groups.map((g) => Number(g.num_rows))).toEqual([10_000, 10_000, 1234]);
    expect(await readRecordsParquet(toRecordsFile(bytes))).toEqual(expectedRows(run));
  });

  it('writes 0 bpm as 0, a missing sample as null, −0 as 0 and ±Infinity as null', async () => {
    const rows = await readRecordsParquet(toRecordsFile(encodeRecordsParquet(makeEdgeCases(), META)));
    expect(rows.map((r) => r.heart_rate)).toEqual([0, null, 61, 255, null, 140]);
    expect(rows.map((r) => r.altitude)).toEqual([0, -12.5, 0, null, 8848.86, -430.5]);
    expect(Object.is(rows[0]!.altitude, -0)).toBe(false);
    expect(rows.map((r) => r.speed)).toEqual([0, 1e-9, null, null, 3.3333333333333335, null]);
    expect(rows.map((r) => r.power)).toEqual([0, 65535, null, 250, 1, null]);
    expect(rows.map((r) => r.timestamp)).toEqual([
      '2024-12-31T23:59:58.000Z', '2024-12-31T23:59:59.000Z', '2025-01-01T00:00:00.000Z',
      '2025-01-01T00:00:01.000Z', '2025-01-01T00:00:02.000Z', '2025-01-01T00:00:03.001Z',
    ]);
  });

  it('keeps a recorded channel that has no sample as an all-null column', async () => {
    const rows = await readRecordsParquet(toRecordsFile(encodeRecordsParquet(makeEdgeCases(), META)));
    expect(rows.every((r) => 'temperature' in r && r.temperature === null)).toBe(true);
  });

  it('leaves out the channels that were never recorded', async () => {
    const run = makeRun({ rows: 120, omit: ['power', 'positionLat', 'positionLong', 'verticalRatio'] });
    const reader = await openRecordsParquet(toRecordsFile(encodeRecordsParquet(run, META)));
    expect(reader.columns).toEqual([
      'timestamp', 'distance', 'speed', 'altitude', 'heart_rate', 'cadence', 'temperature',
      'vertical_oscillation', 'stance_time', 'step_length',
    ]);
    const rows = await readRecordsParquet(toRecordsFile(encodeRecordsParquet(run, META)));
    expect(Object.keys(rows[0]!)).not.toContain('power');
    expect(rows).toEqual(expectedRows(run));
  });

  it('writes a readable file for an empty stream', async () => {
    const empty: RecordColumns = { length: 0, timestamp: new Float64Array(0), channels: { heartRate: new Float64Array(0) } };
    const reader = await openRecordsParquet(toRecordsFile(encodeRecordsParquet(empty, META)));
    expect(reader.columns).toEqual(['timestamp', 'heart_rate']);
    expect(reader.numRows).toBe(0);
    expect(await readRecordsParquet(toRecordsFile(encodeRecordsParquet(empty, META)))).toEqual([]);
  });
});

describe('encodeRecordsParquet schema and metadata', () => {
  it('declares the timestamp as a UTC millisecond TIMESTAMP and the channels by the schema table', () => {
    const { schema } = metadataOf(encodeRecordsParquet(makeRun({ rows: 10 }), META));
    expect(schema[0]!.num_children).toBe(RECORD_COLUMNS.length);
    expect(schema[1]).toMatchObject({
      name: 'timestamp', type: 'INT64', repetition_type: 'REQUIRED', converted_type: 'TIMESTAMP_MILLIS',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    });
    const leaves = schema.slice(2).map((e) => [e.name, e.type, e.repetition_type]);
    const expected = RECORD_COLUMNS.slice(1).map((c) => [c.name, c.type === 'int32' ? 'INT32' : 'DOUBLE', 'OPTIONAL']);
    expect(leaves).toEqual(expected);
  });

  it('decodes the timestamp as a date in plain hyparquet (a timestamp type, not a number)', async () => {
    const bytes = encodeRecordsParquet(makeRun({ rows: 3 }), META);
    const [row] = await parquetReadObjects({ file: bytes.slice().buffer, columns: ['timestamp'], rowEnd: 1 });
    expect(row!.timestamp).toBeInstanceOf(Date);
    expect((row!.timestamp as Date).toISOString()).toBe('2025-03-01T07:00:00.000Z');
  });

  it('puts the schema version, session, units and provenance in the key-value metadata', async () => {
    const run = makeRun({ rows: 5, omit: ['positionLat', 'positionLong'] });
    const reader = await openRecordsParquet(toRecordsFile(encodeRecordsParquet(run, META)));
    expect(reader.keyValueMetadata).toMatchObject({
      'pacelab.schema_version': '1', 'pacelab.session_id': 'sess_01', 'pacelab.sport': 'running',
      'pacelab.algorithm_version': 'import-1',
    });
    const units = JSON.parse(reader.keyValueMetadata['pacelab.units']!);
    expect(units).toMatchObject({ distance: 'm', speed: 'm/s', heart_rate: 'bpm', power: 'W', temperature: '°C', vertical_ratio: '%' });
    expect(units).not.toHaveProperty('position_lat');
    expect(reader.keyValueMetadata).not.toHaveProperty('pacelab.timestamps');
  });

  it('flags device-relative timestamps', async () => {
    const bytes = encodeRecordsParquet(makeRun({ rows: 5, start: 1_000_000 }), { sessionId: 's', startTimeUnknown: true });
    const reader = await openRecordsParquet(toRecordsFile(bytes));
    expect(reader.keyValueMetadata['pacelab.timestamps']).toBe('device-relative');
    expect((await readRecordsParquet(toRecordsFile(bytes), { rowEnd: 1 }))[0]!.timestamp).toBe('1970-01-01T00:16:40.000Z');
  });

  it('uses SNAPPY and delta-encodes the timestamp', () => {
    const meta = metadataOf(encodeRecordsParquet(makeRun({ rows: 100 }), META));
    const chunks = meta.row_groups[0]!.columns.map((c) => c.meta_data!);
    expect(new Set(chunks.map((c) => c.codec))).toEqual(new Set(['SNAPPY']));
    expect(chunks[0]!.encodings).toContain('DELTA_BINARY_PACKED');
  });
});

describe('encodeRecordsParquet determinism', () => {
  it('gives the same bytes for the same input, whatever the order of the channels object', () => {
    const run = makeRun({ rows: 5000, seed: 11 });
    const reversed: RecordColumns = {
      length: run.length,
      timestamp: run.timestamp.slice(),
      channels: Object.fromEntries(Object.entries(run.channels).reverse().map(([k, v]) => [k, v!.slice()])),
    };
    const a = encodeRecordsParquet(run, META);
    expect(sameBytes(encodeRecordsParquet(run, META), a)).toBe(true);
    expect(sameBytes(encodeRecordsParquet(reversed, META), a)).toBe(true);
  });

  it('changes the bytes when a value changes (the comparison can fail)', () => {
    const run = makeRun({ rows: 50 });
    const a = encodeRecordsParquet(run, META);
    run.channels.heartRate![7] = run.channels.heartRate![7]! + 1;
    expect(sameBytes(encodeRecordsParquet(run, META), a)).toBe(false);
  });
});

describe('encodeRecordsParquet input checks', () => {
  const code = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      return error instanceof DomainError ? error.code : 'not a DomainError';
    }
    return 'no error';
  };

  it('rejects a channel whose length differs from the stream', () => {
    const run = makeRun({ rows: 10 });
    run.channels.speed = new Float64Array(9);
    expect(code(() => encodeRecordsParquet(run, META))).toBe('records_invalid');
  });

  it('rejects a missing or fractional timestamp', () => {
    const run = makeRun({ rows: 10 });
    run.timestamp[3] = NaN;
    expect(code(() => encodeRecordsParquet(run, META))).toBe('records_invalid');
    run.timestamp[3] = 1.5;
    expect(code(() => encodeRecordsParquet(run, META))).toBe('records_invalid');
  });

  it('rejects an empty session id', () => {
    expect(code(() => encodeRecordsParquet(makeRun({ rows: 2 }), { sessionId: '' }))).toBe('records_invalid_meta');
  });
});
