import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { DomainError } from '../../core/errors';
import type { Runner, RunnerRepo, TokenRepo } from '../../ports';
import { type ShardResolver, withoutNulls } from './db';
import { apiTokens, runners, shards } from './directory-schema';

function toRunner(row: typeof runners.$inferSelect): Runner & { passwordHash: string } {
  const r = withoutNulls(row);
  return {
    id: r.id, email: r.email, name: r.name, passwordHash: r.passwordHash, createdAt: r.createdAt,
    maxHr: r.maxHr, restingHr: r.restingHr, thresholdHr: r.thresholdHr,
    zoneModel: r.zoneModel as Runner['zoneModel'], units: r.units as Runner['units'], timeZone: r.timeZone,
    locale: r.locale, weekStart: r.weekStart as Runner['weekStart'],
  };
}

/**
 * The shard a new runner goes to: the open, bound shard with the fewest runners (ties: the lowest
 * index). Two signups racing may pick the same shard; the counts stay a hint, never a limit.
 */
export async function placeNewRunner(resolver: ShardResolver): Promise<number> {
  const open = await resolver.directory.select({ idx: shards.idx, runners: shards.runners }).from(shards)
    .where(eq(shards.status, 'open')).orderBy(shards.runners, shards.idx);
  const bound = new Set(resolver.boundShards);
  const choice = open.find((s) => bound.has(s.idx));
  if (!choice) throw new DomainError('no_open_shard', 'Sign-up is closed for a moment while storage is added; please try again later.', { retryable: true });
  return choice.idx;
}

export function createRunnerRepo(resolver: ShardResolver): RunnerRepo {
  const db = resolver.directory;
  return {
    async create(runner) {
      const shard = await placeNewRunner(resolver);
      const inserted = await db.insert(runners).values({
        id: runner.id, email: runner.email, name: runner.name, passwordHash: runner.passwordHash,
        units: runner.units, timeZone: runner.timeZone, locale: runner.locale, createdAt: runner.createdAt, updatedAt: runner.createdAt, shard,
      }).onConflictDoNothing().returning({ id: runners.id });
      if (inserted.length !== 1) return 'email_taken';
      await db.update(shards).set({ runners: sql`${shards.runners} + 1`, updatedAt: runner.createdAt }).where(eq(shards.idx, shard));
      resolver.remember(runner.id, { shard, movePhase: null });
      return 'created';
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
      return createRunnerRepo(resolver).findById(id);
    },
  };
}

/**
 * The token lookup of every authenticated API request, as one constant statement: building it
 * with drizzle's query builder (three tables, two joins) was about half of this call's CPU in a
 * profile of the app isolate under 20 uploading clients (authenticate: 11.8 % of its busy time;
 * issue 14 item 6). The same columns and conditions as the schema (directory-schema.ts).
 */
const AUTHENTICATE = `SELECT t.id AS id, t.runner_id AS runnerId, t.last_used_at AS lastUsedAt, t.scope AS scope, t.expires_at AS expiresAt,
    r.shard AS shard, m.phase AS movePhase
  FROM api_tokens t INNER JOIN runners r ON r.id = t.runner_id
  LEFT JOIN runner_moves m ON m.runner_id = t.runner_id AND m.phase <> 'done'
  WHERE t.token_hash = ?1 AND t.revoked_at IS NULL`;

interface AuthenticateRow {
  id: string;
  runnerId: string;
  lastUsedAt: number | null;
  scope: string;
  expiresAt: number | null;
  shard: number;
  movePhase: string | null;
}

export function createTokenRepo(resolver: ShardResolver): TokenRepo {
  const db = resolver.directory;
  return {
    async create(token) {
      await db.insert(apiTokens).values(token);
    },
    async authenticate(tokenHash, now) {
      // The runner's placement comes with the token (same round trip), priming the resolver.
      const row = await db.$client.prepare(AUTHENTICATE).bind(tokenHash).first<AuthenticateRow>();
      if (!row) return null;
      const scope = row.scope === 'read' ? 'read' as const : 'write' as const;
      const expiresAt = row.expiresAt ?? undefined;
      if (expiresAt !== undefined && now >= expiresAt) return { runnerId: row.runnerId, scope, expired: true, expiresAt };
      const placement = { shard: row.shard, movePhase: row.movePhase };
      const grant = { runnerId: row.runnerId, scope, expired: false, expiresAt, placement };
      resolver.remember(row.runnerId, placement);
      // "Last used" to the minute: a write on every request would cost each call a D1 write.
      if (row.lastUsedAt === null || now - row.lastUsedAt > 60_000) {
        await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.id));
      }
      return grant;
    },
    assumePlacement(runnerId, placement) {
      resolver.remember(runnerId, placement);
    },
    async list(runnerId) {
      const rows = await db.select({
        id: apiTokens.id, prefix: apiTokens.prefix, label: apiTokens.label, createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, scope: apiTokens.scope, expiresAt: apiTokens.expiresAt,
      }).from(apiTokens).where(eq(apiTokens.runnerId, runnerId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
      return rows.map((r) => withoutNulls({ ...r, scope: r.scope === 'read' ? 'read' as const : 'write' as const }));
    },
    async revoke(runnerId, tokenId, now) {
      const done = await db.update(apiTokens).set({ revokedAt: now })
        .where(and(eq(apiTokens.runnerId, runnerId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
      return done.length === 1;
    },
    async revokeAll(runnerId, now) {
      const done = await db.update(apiTokens).set({ revokedAt: now })
        .where(and(eq(apiTokens.runnerId, runnerId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
      return done.length;
    },
  };
}
