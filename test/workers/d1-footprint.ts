/**
 * What a runner costs in D1, measured from the rows themselves (test-only): per data table, the
 * runner's row count, the bytes of their values (text and blobs by their UTF-8/byte length,
 * numbers 8 bytes, NULL 0) and the bytes of their index entries (the indexed values plus an 8-byte
 * rowid each, primary-key and unique indexes included). SQLite pages add a little on top (cell
 * headers, free space); docs/scale.md uses these figures for the capacity model.
 */
import { DATA_TABLES } from '../../src/adapters/d1/data-tables';

export interface TableFootprint {
  rows: number;
  valueBytes: number;
  indexBytes: number;
}

const valueSize = (column: string) =>
  `CASE typeof("${column}") WHEN 'null' THEN 0 WHEN 'text' THEN length(CAST("${column}" AS BLOB)) WHEN 'blob' THEN length("${column}") ELSE 8 END`;

async function indexColumns(d1: D1Database, table: string): Promise<string[][]> {
  const indexes = (await d1.prepare(`SELECT name FROM pragma_index_list('${table}')`).all<{ name: string }>()).results;
  const out: string[][] = [];
  for (const { name } of indexes) {
    out.push((await d1.prepare(`SELECT name FROM pragma_index_info('${name}')`).all<{ name: string | null }>()).results.flatMap((c) => (c.name ? [c.name] : [])));
  }
  return out;
}

export async function measureRunnerFootprint(d1: D1Database, runnerId: string): Promise<Record<string, TableFootprint>> {
  const out: Record<string, TableFootprint> = {};
  for (const table of DATA_TABLES) {
    const indexes = await indexColumns(d1, table.name);
    const indexExpr = indexes.map((cols) => `(8 + ${cols.map(valueSize).join(' + ') || '0'})`).join(' + ') || '0';
    const row = await d1.prepare(`SELECT count(*) AS n, coalesce(sum(${table.columns.map(valueSize).join(' + ')}), 0) AS v,
      coalesce(sum(${indexExpr}), 0) AS i FROM "${table.name}" WHERE runner_id = ?`).bind(runnerId).first<{ n: number; v: number; i: number }>();
    out[table.name] = { rows: row!.n, valueBytes: row!.v, indexBytes: row!.i };
  }
  return out;
}
