/**
 * The per-runner tables of a data shard, in schema order (parents before children, so a copy in
 * this order satisfies the foreign keys and a delete in reverse order does too). Read from the
 * drizzle schema, so a table added to schema.ts is covered by runner moves and the isolation
 * checks without another list to keep.
 */
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as schema from './schema';

export interface DataTable {
  name: string;
  /** column names in table order */
  columns: string[];
}

export const DATA_TABLES: readonly DataTable[] = (Object.values(schema) as unknown[])
  .filter((value): value is SQLiteTable => value instanceof SQLiteTable)
  .map((table) => {
    const config = getTableConfig(table);
    return { name: config.name, columns: config.columns.map((c) => c.name) };
  });

/** Rows of this runner in each data table of one shard (`SELECT count(*) … WHERE runner_id = ?`, batched). */
export async function countRunnerRows(d1: D1Database, runnerId: string): Promise<Record<string, number>> {
  const results = await d1.batch(DATA_TABLES.map((t) => d1.prepare(`SELECT count(*) AS n FROM "${t.name}" WHERE runner_id = ?`).bind(runnerId)));
  return Object.fromEntries(DATA_TABLES.map((t, i) => [t.name, Number((results[i]!.results[0] as { n: number }).n)]));
}
