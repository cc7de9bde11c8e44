/**
 * JSON export of a session's records (`GET /sessions/{id}/records?format=json`).
 *
 * The shape, chosen for API clients (an object, so fields can be added without breaking):
 *
 *   {
 *     "schemaVersion": 1,
 *     "columns": [{ "name": "timestamp", "type": "timestamp" },
 *                 { "name": "heart_rate", "type": "integer", "unit": "bpm" }, …],
 *     "rows": [{ "timestamp": "2025-03-01T07:00:00.000Z", "heart_rate": 121, … }, …]
 *   }
 *
 * Rows are objects keyed by column name (what `rows.map(r => r.heart_rate)` and
 * `pandas.DataFrame(body["rows"])` want); every row carries every column, with null for a
 * missing sample, so clients never test for absent keys. A channel the session never recorded
 * is absent from `columns` and from every row. Times are ISO-8601 UTC, units SI.
 */
import type { RecordBatch, RecordRow } from '../parquet/read-records.js';
import { RECORDS_SCHEMA_VERSION, findRecordColumn } from '../parquet/records-schema.js';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export interface RecordsJsonColumn {
  name: string;
  type: 'timestamp' | 'integer' | 'number';
  unit?: string;
}

export interface RecordsJson {
  schemaVersion: number;
  columns: RecordsJsonColumn[];
  rows: RecordRow[];
}

export function describeJsonColumns(columns: readonly string[]): RecordsJsonColumn[] {
  return columns.map((name) => {
    const spec = findRecordColumn(name);
    if (!spec) return { name, type: 'number' };
    const type = spec.type === 'timestamp' ? 'timestamp' : spec.type === 'int32' ? 'integer' : 'number';
    return spec.unit ? { name, type, unit: spec.unit } : { name, type };
  });
}

/**
 * Yields the document in pieces (head, one piece per batch, tail) whose concatenation is the
 * RecordsJson above, so a Worker can stream it a row group at a time.
 */
export async function* recordsToJsonChunks(
  columns: readonly string[],
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
  deviceRelative = false,
): AsyncGenerator<string> {
  // a device-relative clock (1990 dates) says so, as the Parquet file does (pacelab.timestamps)
  const head = JSON.stringify({ schemaVersion: RECORDS_SCHEMA_VERSION, ...(deviceRelative ? { timestamps: 'device-relative' } : {}), columns: describeJsonColumns(columns) });
  // reopen the object to append the rows array after the fixed fields
  yield `${head.slice(0, -1)},"rows":[`;
  let first = true;
  for await (const batch of batches) {
    if (batch.rows.length === 0) continue;
    const body = batch.rows.map((row) => JSON.stringify(pickColumns(row, columns))).join(',');
    yield first ? body : `,${body}`;
    first = false;
  }
  yield ']}';
}

function pickColumns(row: RecordRow, columns: readonly string[]): RecordRow {
  const out: RecordRow = {};
  for (const name of columns) out[name] = row[name] ?? null;
  return out;
}
