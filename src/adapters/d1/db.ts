/** Database handle types (built by the ShardResolver in shards.ts) and row helpers. */
export type { Db, DirectoryDb, ShardResolver } from './shards';

/** drizzle returns null for SQL NULL; the domain uses absent fields. */
export function withoutNulls<T extends Record<string, unknown>>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null) out[key] = value;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}
