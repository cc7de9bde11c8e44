import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY } from '../../src/core/plan';
// @ts-expect-error: a plain .mjs build script without type declarations
import { planSeedSql } from '../../scripts/plan-seed-sql.mjs';

const MIGRATION = new URL('../../migrations/0005_plan_seed.sql', import.meta.url);

/** Every quoted SQL literal of one INSERT, unescaped (the JSON columns hold no other quotes). */
function literals(statement: string): string[] {
  return [...statement.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
}

describe('plan catalogue seed migration', () => {
  const sql = readFileSync(MIGRATION, 'utf8');
  const inserts = sql.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.includes('INSERT'));

  it('is exactly what scripts/plan-seed.mjs generates from the core defaults', () => {
    expect(sql).toBe((planSeedSql as (s: unknown, l: unknown) => string)(DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY));
  });

  it('seeds the default plan schema, whose JSON columns parse back to the constant', () => {
    const row = inserts.find((s) => s.includes('`plan_schemas`'))!;
    const [id, phases, rules, shares] = literals(row);
    expect(id).toBe(DEFAULT_PLAN_SCHEMA.id);
    expect(row).toContain(`'${DEFAULT_PLAN_SCHEMA.id}', ${DEFAULT_PLAN_SCHEMA.version},`);
    expect({ ...DEFAULT_PLAN_SCHEMA, phases: JSON.parse(phases), rules: JSON.parse(rules), roleShares: JSON.parse(shares) }).toEqual(DEFAULT_PLAN_SCHEMA);
  });

  it('seeds every workout type of the default library, in order', () => {
    const rows = inserts.filter((s) => s.includes('`workout_types`'));
    expect(rows).toHaveLength(DEFAULT_WORKOUT_LIBRARY.types.length);
    rows.forEach((row, position) => {
      const values = literals(row);
      expect(values[0]).toBe(DEFAULT_WORKOUT_LIBRARY.id);
      expect(row).toContain(`, ${position}, `);
      expect(JSON.parse(values.at(-1)!)).toEqual(DEFAULT_WORKOUT_LIBRARY.types[position]);
    });
  });
});
