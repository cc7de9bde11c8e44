/**
 * Tokens this isolate found valid a moment ago, so an upload can start streaming its body while
 * its token is looked up again (speculative auth, src/http/auth.ts; issue 14 item 6). The cache
 * never grants anything by itself: a request that uses it still has its token checked in D1 and
 * commits nothing until that check agrees. Bounded (least recently used goes first) and short-lived.
 */
import type { RunnerPlacement, TokenGrant, TokenScope } from '../ports';

export interface RecentGrant {
  runnerId: string;
  scope: TokenScope;
  expiresAt?: number;
  placement: RunnerPlacement;
}

export interface GrantCache {
  /** the grant seen for this token hash within the TTL, if any */
  recall(tokenHash: string, now: number): RecentGrant | undefined;
  remember(tokenHash: string, grant: RecentGrant, now: number): void;
  forget(tokenHash: string): void;
}

export function createGrantCache(options: { ttlMs: number; maxEntries: number }): GrantCache {
  const entries = new Map<string, { grant: RecentGrant; seenAt: number }>();
  return {
    recall(tokenHash, now) {
      const entry = entries.get(tokenHash);
      if (!entry) return undefined;
      if (now - entry.seenAt >= options.ttlMs || now < entry.seenAt) {
        entries.delete(tokenHash);
        return undefined;
      }
      return entry.grant;
    },
    remember(tokenHash, grant, now) {
      // re-inserted so the Map's order is least recently confirmed first
      entries.delete(tokenHash);
      entries.set(tokenHash, { grant, seenAt: now });
      while (entries.size > options.maxEntries) entries.delete(entries.keys().next().value as string);
    },
    forget(tokenHash) {
      entries.delete(tokenHash);
    },
  };
}

/** Whether a recalled grant may start a write before its token is confirmed. */
export function mayWriteAhead(grant: RecentGrant, now: number): boolean {
  return grant.scope === 'write' && (grant.expiresAt === undefined || now < grant.expiresAt) && grant.placement.movePhase === null;
}

/** Whether a fresh lookup says the same as the grant a request went ahead on. */
export function agreesWith(ahead: RecentGrant, fresh: TokenGrant): boolean {
  return !fresh.expired && fresh.scope === 'write' && fresh.runnerId === ahead.runnerId
    && fresh.placement !== undefined && fresh.placement.shard === ahead.placement.shard && fresh.placement.movePhase === ahead.placement.movePhase;
}
