import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Runner, RunnerRepo, TokenRepo } from '../../ports';
import { type Db, withoutNulls } from './db';
import { apiTokens, runners } from './schema';

function toRunner(row: typeof runners.$inferSelect): Runner & { passwordHash: string } {
  const r = withoutNulls(row);
  return {
    id: r.id, email: r.email, name: r.name, passwordHash: r.passwordHash, createdAt: r.createdAt,
    maxHr: r.maxHr, restingHr: r.restingHr, thresholdHr: r.thresholdHr,
    zoneModel: r.zoneModel as Runner['zoneModel'], units: r.units as Runner['units'], timeZone: r.timeZone,
  };
}

export function createRunnerRepo(db: Db): RunnerRepo {
  return {
    async create(runner) {
      const inserted = await db.insert(runners).values({
        id: runner.id, email: runner.email, name: runner.name, passwordHash: runner.passwordHash,
        units: runner.units, timeZone: runner.timeZone, createdAt: runner.createdAt, updatedAt: runner.createdAt,
      }).onConflictDoNothing().returning({ id: runners.id });
      return inserted.length === 1 ? 'created' : 'email_taken';
    },
    async findByEmail(email) {
      const row = await db.select().from(runners).where(eq(runners.email, email)).get();
      return row ? toRunner(row) : null;
    },
    async findById(id) {
      const row = await db.select().from(runners).where(eq(runners.id, id)).get();
      if (!row) return null;
      const { passwordHash: _hidden, ...runner } = toRunner(row);
      return runner;
    },
    async updateProfile(id, patch, now) {
      await db.update(runners).set({ ...patch, updatedAt: now }).where(eq(runners.id, id));
      return createRunnerRepo(db).findById(id);
    },
  };
}

export function createTokenRepo(db: Db): TokenRepo {
  return {
    async create(token) {
      await db.insert(apiTokens).values(token);
    },
    async findRunnerIdByHash(tokenHash, now) {
      const row = await db.select({ id: apiTokens.id, runnerId: apiTokens.runnerId, lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens)
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt))).get();
      if (!row) return null;
      // "Last used" to the minute: a write on every request would cost each call a D1 write.
      if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
        await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
      }
      return row.runnerId;
    },
    async list(runnerId) {
      const rows = await db.select({
        id: apiTokens.id, prefix: apiTokens.prefix, label: apiTokens.label, createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt,
      }).from(apiTokens).where(eq(apiTokens.runnerId, runnerId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
      return rows.map((r) => withoutNulls(r));
    },
    async revoke(runnerId, tokenId, now) {
      const done = await db.update(apiTokens).set({ revokedAt: now })
        .where(and(eq(apiTokens.runnerId, runnerId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
      return done.length === 1;
    },
  };
}
