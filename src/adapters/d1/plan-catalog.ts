/**
 * The plan schema and the workout library, read from D1 (tables plan_schemas, workout_types,
 * seeded by migration from the core defaults). Catalogue rows are shared by all runners, so
 * they live in the directory database.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { PlanSchema, WorkoutLibrary, WorkoutType } from '../../core/plan';
import type { PlanCatalog } from '../../ports';
import type { ShardResolver } from './db';
import { planSchemas, workoutTypes } from './directory-schema';

export function createPlanCatalog(resolver: ShardResolver): PlanCatalog {
  const db = resolver.directory;
  return {
    async schema(ref) {
      const row = await db.select().from(planSchemas).where(and(eq(planSchemas.id, ref.id), eq(planSchemas.version, ref.version))).get();
      if (!row) return null;
      return {
        id: row.id, version: row.version,
        phases: JSON.parse(row.phasesJson) as PlanSchema['phases'],
        rules: JSON.parse(row.rulesJson) as PlanSchema['rules'],
        roleShares: JSON.parse(row.roleSharesJson) as PlanSchema['roleShares'],
      };
    },
    async library(ref) {
      const rows = await db.select().from(workoutTypes)
        .where(and(eq(workoutTypes.libraryId, ref.id), eq(workoutTypes.libraryVersion, ref.version)))
        .orderBy(asc(workoutTypes.position));
      if (rows.length === 0) return null;
      const library: WorkoutLibrary = { id: ref.id, version: ref.version, types: rows.map((r) => JSON.parse(r.typeJson) as WorkoutType) };
      return library;
    },
  };
}
