/**
 * Browser sessions in D1, keyed by the SHA-256 of the cookie's token. (Sign-in throttling is
 * the credential throttle: credential-throttle.ts.)
 */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { WebSessionStore } from '../../ports';
import type { ShardResolver } from './db';
import { runnerMoves, runners, webSessions } from './directory-schema';

export interface SessionPolicy {
  /** a session unused this long expires */
  idleMs: number;
  /** no session lives longer than this after sign-in, however often it is used */
  absoluteMs: number;
  /** slide the expiry at most this often (one D1 write per session per interval, not per request) */
  renewEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 14 * 86_400_000, absoluteMs: 60 * 86_400_000, renewEveryMs: 3_600_000 };

export function createWebSessionStore(resolver: ShardResolver, policy: SessionPolicy = DEFAULT_SESSION_POLICY): WebSessionStore {
  const db = resolver.directory;
  return {
    async create(session) {
      await db.insert(webSessions).values({ ...session, lastSeenAt: session.createdAt, userAgent: session.userAgent?.slice(0, 200) });
    },
    async touch(idHash, now) {
      // The runner's placement comes with the session (same round trip), priming the resolver.
      const found = await db.select({ session: webSessions, shard: runners.shard, movePhase: runnerMoves.phase }).from(webSessions)
        .innerJoin(runners, eq(runners.id, webSessions.runnerId))
        .leftJoin(runnerMoves, and(eq(runnerMoves.runnerId, webSessions.runnerId), sql`${runnerMoves.phase} <> 'done'`))
        .where(and(eq(webSessions.idHash, idHash), isNull(webSessions.revokedAt), gt(webSessions.expiresAt, now))).get();
      if (!found) return null;
      const row = found.session;
      resolver.remember(row.runnerId, { shard: found.shard, movePhase: found.movePhase });
      const session = { runnerId: row.runnerId, createdAt: row.createdAt, expiresAt: row.expiresAt, renewed: false };
      if (now - row.lastSeenAt < policy.renewEveryMs) return session;
      const expiresAt = Math.min(now + policy.idleMs, row.createdAt + policy.absoluteMs);
      await db.update(webSessions).set({ lastSeenAt: now, expiresAt }).where(eq(webSessions.idHash, idHash));
      return { ...session, expiresAt, renewed: expiresAt !== row.expiresAt };
    },
    async revoke(idHash, now) {
      await db.update(webSessions).set({ revokedAt: now }).where(and(eq(webSessions.idHash, idHash), isNull(webSessions.revokedAt)));
    },
    async revokeAllOf(runnerId, now) {
      await db.update(webSessions).set({ revokedAt: now }).where(and(eq(webSessions.runnerId, runnerId), isNull(webSessions.revokedAt)));
    },
  };
}
