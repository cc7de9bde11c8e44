/**
 * The credential throttle in D1: one conditional upsert per key, all of an attempt's keys in one
 * batch (a D1 batch runs as one transaction), each returning whether that key refused. The count
 * goes up BEFORE the password is checked, so parallel guesses cannot all pass a check made before
 * any of them is counted (the old check-then-act race).
 *
 * Why D1 and not a Durable Object per key: one round trip per attempt for all three keys, the
 * counters live with the other directory data (runners, tokens, web sessions), and SQLite
 * serialises the writes, which is all the atomicity a counter needs. A DO per key would be three
 * round trips (or a DO keyed by one of them, which cannot serialise the others).
 *
 * SQLite evaluates every SET expression on the old row, so each column restates the rule:
 *  - quiet (no attempt for quietMs and not in a delay) → the count starts again at 1;
 *  - in a delay (blocked_until > now) → refused, nothing changes (hammering does not extend it);
 *  - otherwise count + 1; from `free` attempts on, the next one waits base, 2·base, 4·base … max.
 */
import type { CredentialThrottle, ThrottleRule } from '../../ports';

const UPSERT = `INSERT INTO credential_throttle (key, last_attempt_at, attempts, delay_ms, blocked_until, refused)
  SELECT ?1, ?2, 1, ?3, ?2 + ?3, 0 WHERE %COND%
  ON CONFLICT(key) DO UPDATE SET
    refused = CASE WHEN blocked_until > ?2 THEN 1 ELSE 0 END,
    attempts = CASE WHEN last_attempt_at + ?7 <= ?2 AND blocked_until <= ?2 THEN 1 WHEN blocked_until > ?2 THEN attempts ELSE attempts + 1 END,
    delay_ms = CASE WHEN last_attempt_at + ?7 <= ?2 AND blocked_until <= ?2 THEN ?3 WHEN blocked_until > ?2 THEN delay_ms
      WHEN attempts + 1 < ?4 THEN 0 WHEN delay_ms = 0 THEN ?5 ELSE min(delay_ms * 2, ?6) END,
    blocked_until = CASE WHEN last_attempt_at + ?7 <= ?2 AND blocked_until <= ?2 THEN ?2 + ?3 WHEN blocked_until > ?2 THEN blocked_until
      WHEN attempts + 1 < ?4 THEN ?2 WHEN delay_ms = 0 THEN ?2 + ?5 ELSE ?2 + min(delay_ms * 2, ?6) END,
    last_attempt_at = CASE WHEN blocked_until > ?2 THEN last_attempt_at ELSE ?2 END
  RETURNING refused, blocked_until`;

function upsert(d1: D1Database, rule: ThrottleRule, now: number, quietMs: number, trustKey?: string): D1PreparedStatement {
  const firstDelay = rule.free <= 1 ? rule.baseDelayMs : 0;
  const cond = trustKey ? 'NOT EXISTS (SELECT 1 FROM credential_throttle WHERE key = ?8 AND blocked_until > ?2)' : '1';
  const binds: unknown[] = [rule.key, now, firstDelay, rule.free, rule.baseDelayMs, rule.maxDelayMs, quietMs];
  if (trustKey) binds.push(trustKey);
  return d1.prepare(UPSERT.replace('%COND%', cond)).bind(...binds);
}

export function createCredentialThrottle(d1: D1Database): CredentialThrottle {
  return {
    async attempt({ rules, unlessTrusted, quietMs }, now) {
      const statements = rules.map((rule) => upsert(d1, rule, now, quietMs));
      if (unlessTrusted) for (const rule of unlessTrusted.rules) statements.push(upsert(d1, rule, now, quietMs, unlessTrusted.trustKey));
      const results = await d1.batch<{ refused: number; blocked_until: number }>(statements);
      let wait = 0;
      for (const result of results) {
        for (const row of result.results ?? []) if (row.refused === 1) wait = Math.max(wait, row.blocked_until - now);
      }
      return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
    },
    async succeeded({ clear, trustKey, trustMs }, now) {
      await d1.batch([
        ...clear.map((key) => d1.prepare('DELETE FROM credential_throttle WHERE key = ?').bind(key)),
        d1.prepare(`INSERT INTO credential_throttle (key, last_attempt_at, attempts, delay_ms, blocked_until, refused) VALUES (?1, ?2, 0, 0, ?3, 0)
          ON CONFLICT(key) DO UPDATE SET last_attempt_at = ?2, blocked_until = ?3`).bind(trustKey, now, now + trustMs),
      ]);
    },
  };
}
