/**
 * Training plans in D1 (table training_plans). Every query is scoped by runner id; progress
 * writes are monotone in the checkpoint step, so a late duplicate chunk cannot roll a plan back,
 * and a completed plan is never reopened.
 */
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { PlanProgress, PlanRepo, PlanRow, PlanStatus } from '../../ports';
import type { ShardResolver } from './db';
import { trainingPlans } from './schema';

type Row = typeof trainingPlans.$inferSelect;

function toPlanRow(r: Row): PlanRow {
  return {
    id: r.id, runnerId: r.runnerId, jobId: r.jobId, status: r.status as PlanStatus, seed: r.seed,
    request: JSON.parse(r.requestJson), athlete: JSON.parse(r.athleteJson), notes: JSON.parse(r.notesJson) as string[],
    schemaRef: { id: r.schemaId, version: r.schemaVersion }, libraryRef: { id: r.libraryId, version: r.libraryVersion },
    objective: r.objective ?? undefined, generation: r.generation, evaluations: r.evaluations,
    checkpointKey: r.checkpointKey ?? undefined, checkpointStep: r.checkpointStep ?? undefined,
    result: r.resultJson ? JSON.parse(r.resultJson) : undefined,
    errorCode: r.errorCode ?? undefined, errorMessage: r.errorMessage ?? undefined,
    createdAt: r.createdAt, updatedAt: r.updatedAt, finishedAt: r.finishedAt ?? undefined, revision: r.revision,
  };
}

export function encodePlanCursor(row: Pick<PlanRow, 'createdAt' | 'id'>): string {
  return btoa(JSON.stringify([row.createdAt, row.id])).replace(/=+$/, '');
}

export function decodePlanCursor(cursor: string): [number, string] | null {
  try {
    const value = JSON.parse(atob(cursor)) as unknown;
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch { /* unreadable: the route answers bad_cursor */ }
  return null;
}

const progressColumns = (p: PlanProgress, now: number) => ({
  checkpointKey: p.checkpointKey, checkpointStep: p.checkpointStep, objective: p.objective,
  generation: p.generation, evaluations: p.evaluations, updatedAt: now,
});

export function createPlanRepo(shards: ShardResolver): PlanRepo {
  const mine = (runnerId: string, planId: string) => and(eq(trainingPlans.runnerId, runnerId), eq(trainingPlans.id, planId));
  // Only a newer checkpoint may be recorded, and only while the plan is still open.
  const advances = (step: number) => and(
    or(isNull(trainingPlans.checkpointStep), lt(trainingPlans.checkpointStep, step)),
    sql`${trainingPlans.status} IN ('queued', 'running')`,
  );
  return {
    async insert(p) {
      const db = await shards.dbFor(p.runnerId);
      await db.insert(trainingPlans).values({
        id: p.id, runnerId: p.runnerId, jobId: p.jobId, status: p.status, seed: p.seed,
        requestJson: JSON.stringify(p.request), athleteJson: JSON.stringify(p.athlete), notesJson: JSON.stringify(p.notes),
        schemaId: p.schemaRef.id, schemaVersion: p.schemaRef.version, libraryId: p.libraryRef.id, libraryVersion: p.libraryRef.version,
        generation: p.generation, evaluations: p.evaluations, createdAt: p.createdAt, updatedAt: p.updatedAt,
      });
    },
    async get(runnerId, planId) {
      const db = await shards.dbFor(runnerId);
      const row = await db.select().from(trainingPlans).where(mine(runnerId, planId)).get();
      return row ? toPlanRow(row) : null;
    },
    async list(runnerId, query) {
      const db = await shards.dbFor(runnerId);
      const at = query.cursor ? decodePlanCursor(query.cursor) : null;
      if (query.cursor && !at) throw new RangeError('bad cursor');
      const where = at
        ? and(eq(trainingPlans.runnerId, runnerId), or(lt(trainingPlans.createdAt, at[0]), and(eq(trainingPlans.createdAt, at[0]), lt(trainingPlans.id, at[1]))))
        : eq(trainingPlans.runnerId, runnerId);
      const rows = await db.select().from(trainingPlans).where(where).orderBy(desc(trainingPlans.createdAt), desc(trainingPlans.id)).limit(query.limit + 1);
      const items = rows.slice(0, query.limit).map(toPlanRow);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodePlanCursor(last) : null };
    },
    async remove(runnerId, planId) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.delete(trainingPlans).where(mine(runnerId, planId)).returning();
      return rows[0] ? toPlanRow(rows[0]) : null;
    },
    async saveProgress(runnerId, planId, p, now) {
      const db = await shards.dbFor(runnerId);
      await db.update(trainingPlans).set({ ...progressColumns(p, now), status: 'running' })
        .where(and(mine(runnerId, planId), advances(p.checkpointStep)));
    },
    async complete(runnerId, planId, p, result, now) {
      const db = await shards.dbFor(runnerId);
      await db.update(trainingPlans).set({ ...progressColumns(p, now), status: 'completed', resultJson: JSON.stringify(result), finishedAt: now })
        .where(and(mine(runnerId, planId), sql`${trainingPlans.status} IN ('queued', 'running')`));
    },
    async listActive(runnerId, today) {
      const db = await shards.dbFor(runnerId);
      // The race date lives in the request JSON; a runner has few plans, so filter after one indexed read.
      const rows = await db.select().from(trainingPlans).where(and(eq(trainingPlans.runnerId, runnerId), eq(trainingPlans.status, 'completed')));
      return rows.map(toPlanRow).filter((p) => p.request.raceDate >= today && p.result !== undefined);
    },
    async applyRevision(runnerId, planId, revision, result, now) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.update(trainingPlans).set({ resultJson: JSON.stringify(result), revision, updatedAt: now })
        .where(and(mine(runnerId, planId), eq(trainingPlans.status, 'completed'), lt(trainingPlans.revision, revision))).returning({ id: trainingPlans.id });
      return rows.length > 0;
    },
    async fail(runnerId, planId, code, message, now) {
      const db = await shards.dbFor(runnerId);
      await db.update(trainingPlans).set({ status: 'failed', errorCode: code, errorMessage: message, updatedAt: now, finishedAt: now })
        .where(and(mine(runnerId, planId), sql`${trainingPlans.status} IN ('queued', 'running')`));
    },
  };
}
