/**
 * Browser sessions and sign-in throttling in D1. Sessions are keyed by the SHA-256 of the
 * cookie's token; the throttle by hashed "email:…"/"ip:…" keys (D1, not memory: isolates are
 * ephemeral, so an in-memory counter would reset whenever the attacker lands on a new one).
 */
import { and, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { LoginThrottle, WebSessionStore } from '../../ports';
import type { Db } from './db';
import { loginThrottle, webSessions } from './schema';

export interface SessionPolicy {
  /** a session unused this long expires */
  idleMs: number;
  /** no session lives longer than this after sign-in, however often it is used */
  absoluteMs: number;
  /** slide the expiry at most this often (one D1 write per session per interval, not per request) */
  renewEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 14 * 86_400_000, absoluteMs: 60 * 86_400_000, renewEveryMs: 3_600_000 };

export function createWebSessionStore(db: Db, policy: SessionPolicy = DEFAULT_SESSION_POLICY): WebSessionStore {
  return {
    async create(session) {
      await db.insert(webSessions).values({ ...session, lastSeenAt: session.createdAt, userAgent: session.userAgent?.slice(0, 200) });
    },
    async touch(idHash, now) {
      const row = await db.select().from(webSessions)
        .where(and(eq(webSessions.idHash, idHash), isNull(webSessions.revokedAt), gt(webSessions.expiresAt, now))).get();
      if (!row) return null;
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

export interface ThrottlePolicy {
  windowMs: number;
  /** failures allowed per key and window; the caller passes keys with their own limits */
  maxFailures: (key: string) => number;
}

export function createLoginThrottle(db: Db, policy: ThrottlePolicy): LoginThrottle {
  return {
    async retryAfter(keys, now) {
      if (keys.length === 0) return 0;
      const rows = await db.select().from(loginThrottle).where(inArray(loginThrottle.key, keys));
      let wait = 0;
      for (const row of rows) {
        const windowEnd = row.windowStart + policy.windowMs;
        if (windowEnd > now && row.failures >= policy.maxFailures(row.key)) wait = Math.max(wait, windowEnd - now);
      }
      return wait;
    },
    async recordFailure(keys, now) {
      // One upsert per key: a window that has ended starts again at 1.
      await db.batch(keys.map((key) => db.insert(loginThrottle).values({ key, windowStart: now, failures: 1 }).onConflictDoUpdate({
        target: loginThrottle.key,
        set: {
          failures: sqlCase(now, policy.windowMs, 'failures'),
          windowStart: sqlCase(now, policy.windowMs, 'window_start'),
        },
      })) as never);
    },
    async clear(keys) {
      if (keys.length > 0) await db.delete(loginThrottle).where(inArray(loginThrottle.key, keys));
    },
  };
}

/** The upsert's SET: a window that has ended restarts (count 1 from now); otherwise count up. */
function sqlCase(now: number, windowMs: number, column: 'failures' | 'window_start') {
  const expired = sql`login_throttle.window_start + ${windowMs} <= ${now}`;
  return column === 'failures'
    ? sql`CASE WHEN ${expired} THEN 1 ELSE login_throttle.failures + 1 END`
    : sql`CASE WHEN ${expired} THEN ${now} ELSE login_throttle.window_start END`;
}
