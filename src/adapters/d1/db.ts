import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = ReturnType<typeof createDb>;

/** The runner's database handle. Today one binding; later a resolver picks the shard. */
export function createDb(d1: D1Database) {
  return drizzle(d1, { schema });
}

/** drizzle returns null for SQL NULL; the domain uses absent fields. */
export function withoutNulls<T extends Record<string, unknown>>(row: T): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) if (value !== null) out[key] = value;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}
