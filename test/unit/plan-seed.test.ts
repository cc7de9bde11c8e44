import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY } from '../../src/core/plan';
import type { WorkoutType } from '../../src/core/plan';
// @ts-expect-error: a plain .mjs build script without type declarations
import { planLibrarySeedSql } from '../../scripts/plan-seed-sql.mjs';

const SEED_V1 = new URL('../../migrations/directory/0001_plan_seed.sql', import.meta.url);
const LIBRARY_V2 = new URL('../../migrations/directory/0002_plan_library_v2.sql', import.meta.url);

/** Every quoted SQL literal of one INSERT, unescaped (the JSON columns hold no other quotes). */
function literals(statement: string): string[] {
  return [...statement.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'"));
}

const insertsOf = (url: URL) => readFileSync(url, 'utf8').split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => s.includes('INSERT'));

describe('plan catalogue seed migrations', () => {
  it('directory/0001 seeds the default plan schema, whose JSON columns parse back to the constant', () => {
    const row = insertsOf(SEED_V1).find((s) => s.includes('`plan_schemas`'))!;
    const [id, phases, rules, shares] = literals(row);
    expect(id).toBe(DEFAULT_PLAN_SCHEMA.id);
    expect(row).toContain(`'${DEFAULT_PLAN_SCHEMA.id}', ${DEFAULT_PLAN_SCHEMA.version},`);
    expect({ ...DEFAULT_PLAN_SCHEMA, phases: JSON.parse(phases), rules: JSON.parse(rules), roleShares: JSON.parse(shares) }).toEqual(DEFAULT_PLAN_SCHEMA);
  });

  it('directory/0001 keeps library v1 (plans made with it still read it): the same type ids, in order', () => {
    const rows = insertsOf(SEED_V1).filter((s) => s.includes('`workout_types`'));
    const v1 = rows.map((row) => JSON.parse(literals(row).at(-1)!) as WorkoutType);
    expect(rows.every((r) => r.includes("VALUES ('default', 1,"))).toBe(true);
    expect(v1.map((t) => t.id)).toEqual(DEFAULT_WORKOUT_LIBRARY.types.map((t) => t.id));
  });

  it('the current library version is exactly what scripts/plan-seed.mjs generates, every type in order', () => {
    const sql = readFileSync(LIBRARY_V2, 'utf8');
    expect(DEFAULT_WORKOUT_LIBRARY.version).toBe(2);
    expect(sql).toBe((planLibrarySeedSql as (l: unknown) => string)(DEFAULT_WORKOUT_LIBRARY));
    const rows = insertsOf(LIBRARY_V2);
    expect(rows).toHaveLength(DEFAULT_WORKOUT_LIBRARY.types.length);
    rows.forEach((row, position) => {
      expect(row).toContain(`, ${position}, `);
      expect(JSON.parse(literals(row).at(-1)!)).toEqual(DEFAULT_WORKOUT_LIBRARY.types[position]);
    });
  });

  it('names are in a runner\'s words (no jargon such as "Vo2" or "heavy domain")', () => {
    const names = DEFAULT_WORKOUT_LIBRARY.types.map((t) => t.name);
    expect(names).toContain('CS intervals');
    expect(names).toContain('VO₂max intervals');
    for (const t of DEFAULT_WORKOUT_LIBRARY.types) expect(`${t.name} ${t.description}`).not.toMatch(/Vo2|VO2 |domain|AU\b|CTL|TSB/);
  });
});
