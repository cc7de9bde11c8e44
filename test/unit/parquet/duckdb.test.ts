/**
 * The product promise: the Parquet files open in DuckDB as they are. DuckDB's reader is an
 * independent implementation, so this also checks hyparquet-writer against the spec.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordColumns } from '../../../src/core/fit/types.js';
import { encodeRecordsParquet } from '../../../src/core/parquet/encode-records.js';
import { RECORD_COLUMNS } from '../../../src/core/parquet/records-schema.js';
import { expectedRows, makeEdgeCases, makeRun } from './fixtures.js';

let dir: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pacelab-parquet-'));
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});

afterAll(() => {
  conn?.closeSync();
  instance?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

function writeTemp(name: string, records: RecordColumns): string {
  const path = join(dir, name);
  writeFileSync(path, encodeRecordsParquet(records, { sessionId: 'duck', sport: 'running' }));
  return path.replaceAll("'", "''");
}

async function query(sql: string): Promise<Record<string, unknown>[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS();
}

/** DuckDB rows with the timestamp as an ISO string, to compare with expectedRows. */
async function readBack(path: string): Promise<Record<string, unknown>[]> {
  const rows = await query(`SELECT epoch_ms("timestamp") AS __ms, * EXCLUDE ("timestamp") FROM read_parquet('${path}') ORDER BY __ms`);
  return rows.map(({ __ms, ...rest }) => ({ timestamp: new Date(Number(__ms)).toISOString(), ...rest }));
}

describe('DuckDB reads the records file', () => {
  it('sees a TIMESTAMP WITH TIME ZONE, INTEGER heart rate and power, DOUBLE otherwise', async () => {
    const path = writeTemp('types.parquet', makeRun({ rows: 60 }));
    const types = await query(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
    const expected = RECORD_COLUMNS.map((c) => [
      c.name, c.type === 'timestamp' ? 'TIMESTAMP WITH TIME ZONE' : c.type === 'int32' ? 'INTEGER' : 'DOUBLE',
    ]);
    expect(types.map((t) => [t.column_name, t.column_type])).toEqual(expected);
  });

  it('reads every value of a 1 Hz run (with pause and dropouts) as written', async () => {
    const run = makeRun({ rows: 12_345, seed: 9 });
    const path = writeTemp('run.parquet', run);
    const rows = await readBack(path);
    expect(rows).toHaveLength(12_345);
    expect(rows).toEqual(expectedRows(run));
  });

  it('keeps nulls as nulls (not 0, not NaN) and 0 bpm as 0', async () => {
    const path = writeTemp('edge.parquet', makeEdgeCases());
    expect(await readBack(path)).toEqual(expectedRows(makeEdgeCases()));
    const [counts] = await query(`SELECT count(*) FILTER (heart_rate IS NULL) AS hr_null, count(*) FILTER (heart_rate = 0) AS hr_zero,
      count(*) FILTER (isnan(speed)) AS speed_nan, count(*) FILTER (speed IS NULL) AS speed_null,
      count(temperature) AS temperature_values FROM read_parquet('${path}')`);
    expect(counts).toEqual({ hr_null: 2n, hr_zero: 1n, speed_nan: 0n, speed_null: 3n, temperature_values: 0n });
  });

  it('reads the timestamp as the same UTC instant', async () => {
    const path = writeTemp('utc.parquet', makeEdgeCases());
    const rows = await query(`SELECT strftime(timezone('UTC', "timestamp"), '%Y-%m-%dT%H:%M:%S.%g') AS t FROM read_parquet('${path}')`);
    expect(rows.map((r) => r.t)).toEqual([
      '2024-12-31T23:59:58.000', '2024-12-31T23:59:59.000', '2025-01-01T00:00:00.000',
      '2025-01-01T00:00:01.000', '2025-01-01T00:00:02.000', '2025-01-01T00:00:03.001',
    ]);
  });

  it('exposes the key-value metadata', async () => {
    const path = writeTemp('kv.parquet', makeRun({ rows: 3 }));
    const rows = await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata('${path}') ORDER BY k`);
    const kv = Object.fromEntries(rows.map((r) => [r.k, r.v]));
    expect(kv['pacelab.schema_version']).toBe('1');
    expect(kv['pacelab.session_id']).toBe('duck');
    expect(JSON.parse(String(kv['pacelab.units']))).toMatchObject({ temperature: '°C', heart_rate: 'bpm' });
  });
});
