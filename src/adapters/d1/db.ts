/** Database handle types (built by the ShardResolver in shards.ts) and row helpers. */
export type { Db, DirectoryDb, ShardResolver } from './shards';

/** drizzle returns null for SQL NULL; the domain uses absent fields. */
export function withoutNulls<T extends Record<string, unknown>>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null) out[key] = value;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}

/** D1 binds at most 100 parameters per statement. */
export const D1_MAX_PARAMS = 100;

/** Values per `IN (…)` list beside a runner id (and a few more bound parameters). */
export const IN_LIST_MAX = 90;

/** Rows of `columns` values each that one multi-row INSERT can bind. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(D1_MAX_PARAMS / columns));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `?, ?, ?` for an `IN (…)` list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** `(?, ?), (?, ?)` for a multi-row VALUES clause. */
export function valueRows(columns: number, rows: number): string {
  const one = `(${placeholders(columns)})`;
  return Array.from({ length: rows }, () => one).join(', ');
}
