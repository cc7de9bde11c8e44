import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { DATA_TABLES } from '../../../src/adapters/d1/data-tables';
import * as directorySchema from '../../../src/adapters/d1/directory-schema';

const directoryTables = (Object.values(directorySchema) as unknown[])
  .filter((v): v is SQLiteTable => v instanceof SQLiteTable).map((t) => getTableConfig(t).name);

describe('D1 schema split: directory vs data shards', () => {
  it('gives every data-shard table a runner_id column (moves and isolation checks select by it)', () => {
    expect(DATA_TABLES.length).toBeGreaterThan(5);
    for (const table of DATA_TABLES) expect(table.columns, table.name).toContain('runner_id');
  });

  it('keeps the two table sets apart and the directory small', () => {
    const data = new Set(DATA_TABLES.map((t) => t.name));
    for (const name of directoryTables) expect(data.has(name), name).toBe(false);
    expect(directoryTables.sort()).toEqual(['api_tokens', 'credential_throttle', 'plan_schemas', 'runner_moves', 'runners', 'shards', 'web_sessions', 'workout_types']);
  });

  it('lists parents before children, so a copy in this order satisfies the foreign keys', () => {
    const order = DATA_TABLES.map((t) => t.name);
    expect(order.indexOf('fit_files')).toBeLessThan(order.indexOf('sessions'));
    expect(order.indexOf('sessions')).toBeLessThan(order.indexOf('session_stats'));
    expect(order.indexOf('multipart_uploads')).toBeLessThan(order.indexOf('multipart_parts'));
  });
});
