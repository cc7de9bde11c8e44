/** Re-plans of a plan in D1 (table plan_revisions), every query scoped by runner id. */
import { and, asc, eq, gte, lte, max } from 'drizzle-orm';
import type { PlanActualsSource, PlanRevisionRepo, PlanRevisionRow, PlanRevisionStatus } from '../../ports';
import type { ShardResolver } from './db';
import { planRevisions, sessionStats } from './schema';

type Row = typeof planRevisions.$inferSelect;

function toRow(r: Row): PlanRevisionRow {
  return {
    planId: r.planId, runnerId: r.runnerId, revision: r.revision, status: r.status as PlanRevisionStatus, jobId: r.jobId,
    triggerJobId: r.triggerJobId ?? undefined, frozenWeeks: r.frozenWeeks,
    request: JSON.parse(r.requestJson), athlete: JSON.parse(r.athleteJson), x0: r.x0Json ? JSON.parse(r.x0Json) : undefined,
    reasons: r.reasonsJson ? JSON.parse(r.reasonsJson) : undefined, weeks: r.weeksJson ? JSON.parse(r.weeksJson) : undefined,
    createdAt: r.createdAt, finishedAt: r.finishedAt ?? undefined,
  };
}

export function createPlanRevisionRepo(shards: ShardResolver): PlanRevisionRepo {
  const mine = (runnerId: string, planId: string) => and(eq(planRevisions.runnerId, runnerId), eq(planRevisions.planId, planId));
  return {
    async next(runnerId, planId) {
      const db = await shards.dbFor(runnerId);
      const row = await db.select({ n: max(planRevisions.revision) }).from(planRevisions).where(mine(runnerId, planId)).get();
      return (row?.n ?? 0) + 1;
    },
    async insert(r) {
      const db = await shards.dbFor(r.runnerId);
      await db.insert(planRevisions).values({
        planId: r.planId, runnerId: r.runnerId, revision: r.revision, status: r.status, jobId: r.jobId, triggerJobId: r.triggerJobId ?? null,
        frozenWeeks: r.frozenWeeks, requestJson: JSON.stringify(r.request), athleteJson: JSON.stringify(r.athlete),
        x0Json: r.x0 ? JSON.stringify(r.x0) : null, createdAt: r.createdAt,
      });
    },
    async get(runnerId, planId, revision) {
      const db = await shards.dbFor(runnerId);
      const row = await db.select().from(planRevisions).where(and(mine(runnerId, planId), eq(planRevisions.revision, revision))).get();
      return row ? toRow(row) : null;
    },
    async list(runnerId, planId) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.select().from(planRevisions).where(mine(runnerId, planId)).orderBy(asc(planRevisions.revision));
      return rows.map(toRow);
    },
    async finish(runnerId, planId, revision, outcome, now) {
      const db = await shards.dbFor(runnerId);
      await db.update(planRevisions).set({
        status: outcome.status, reasonsJson: outcome.reasons ? JSON.stringify(outcome.reasons) : null,
        weeksJson: outcome.weeks ? JSON.stringify(outcome.weeks) : null, finishedAt: now,
      }).where(and(mine(runnerId, planId), eq(planRevisions.revision, revision), eq(planRevisions.status, 'running')));
    },
  };
}

/** Runs on plan days, from session_stats (one indexed range read). */
export function createPlanActualsSource(shards: ShardResolver): PlanActualsSource {
  return {
    async read(runnerId, from, to) {
      const db = await shards.dbFor(runnerId);
      const rows = await db.select({
        sessionId: sessionStats.sessionId, date: sessionStats.localDate, sport: sessionStats.sport, load: sessionStats.load,
        timerS: sessionStats.timerS, distanceM: sessionStats.distanceM,
      }).from(sessionStats).where(and(eq(sessionStats.runnerId, runnerId), gte(sessionStats.localDate, from), lte(sessionStats.localDate, to)));
      return rows.filter((r): r is typeof r & { date: string } => r.date !== null);
    },
  };
}
