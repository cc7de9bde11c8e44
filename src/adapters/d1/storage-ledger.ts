/**
 * The storage ledger in D1 (stored_objects, in the runner's data shard). A reservation is ONE
 * statement: an INSERT … SELECT whose WHERE sums the runner's other live charges and adds the new
 * ones, upserting every key, so SQLite's serialised writes decide parallel reservations one after
 * the other and the total never passes the quota (the same pattern as the credential throttle).
 *
 * Why D1 and not the runner's Durable Object: the ledger has to be read and written by the queue
 * consumers (Parquet, extracted files, checkpoints) and the routes alike, and it lives beside the
 * rows it charges for (uploads, sessions), so a session's delete and its release are in the same
 * database; a DO call per object would add a hop to every write and a second store to keep in step.
 * The charges go as one JSON parameter (json_each), so any number of keys fits D1's 100 bound
 * parameters.
 */
import type { StorageLedger } from '../../ports';
import { chunk, IN_LIST_MAX, placeholders, type ShardResolver } from './db';

/**
 * Settles `rows` charges (each bound as key, runner_id, bytes, updated_at): stored, no longer a
 * reservation; a key is only settled for its own runner. One statement for StorageLedger.settle
 * and for the upload rows' batch (import-store.ts insertMany), ≤ 25 rows per statement.
 */
export function settleChargesSql(rows: number): string {
  return `INSERT INTO stored_objects (key, runner_id, bytes, expires_at, updated_at) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, NULL, ?)').join(', ')}
    ON CONFLICT (key) DO UPDATE SET bytes = excluded.bytes, expires_at = NULL, updated_at = excluded.updated_at WHERE stored_objects.runner_id = excluded.runner_id`;
}

// What the runner holds: its settled charges plus its reservations not yet lapsed, as two range
// sums on the covering index (runner_id, expires_at, bytes) — never a read of the table's rows.
// (One `expires_at IS NULL OR expires_at > now` condition cannot seek the index, and the old
// `key NOT IN (…)` read every row of the runner from the table: each reservation of a bulk import
// walked all it had stored so far.)
const held = (now: string) => `(SELECT coalesce(sum(bytes), 0) FROM stored_objects WHERE runner_id = ?1 AND expires_at IS NULL)
  + (SELECT coalesce(sum(bytes), 0) FROM stored_objects WHERE runner_id = ?1 AND expires_at > ${now})`;

// The keys being charged are resized, not counted twice: what they hold now comes off, found by
// the primary key (`+runner_id`: not through the runner index, which would walk all its rows).
const RESERVE = `INSERT INTO stored_objects (key, runner_id, bytes, expires_at, updated_at)
  SELECT json_extract(j.value, '$[0]'), ?1, json_extract(j.value, '$[1]'), ?2, ?3 FROM json_each(?4) AS j
  WHERE ${held('?3')}
    - (SELECT coalesce(sum(bytes), 0) FROM stored_objects WHERE key IN (SELECT json_extract(value, '$[0]') FROM json_each(?4))
       AND +runner_id = ?1 AND (expires_at IS NULL OR expires_at > ?3))
    + ?5 <= ?6
  ON CONFLICT(key) DO UPDATE SET bytes = excluded.bytes, expires_at = excluded.expires_at, updated_at = excluded.updated_at
    WHERE stored_objects.runner_id = excluded.runner_id`;

const USAGE = `SELECT ${held('?2')} AS used`;


export function createStorageLedger(shards: ShardResolver): StorageLedger {
  const d1For = async (runnerId: string) => (await shards.dbFor(runnerId)).$client;
    const usage = async (d1: D1Database, runnerId: string, now: number) => Number((await d1.prepare(USAGE).bind(runnerId, now).first<{ used: number }>())?.used ?? 0);
  return {
    async reserve(runnerId, charges, { quotaBytes, now, expiresAt }) {
      if (charges.length === 0) return { ok: true };
      const d1 = await d1For(runnerId);
      const total = charges.reduce((sum, c) => sum + c.bytes, 0);
      const json = JSON.stringify(charges.map((c) => [c.key, c.bytes]));
      const result = await d1.prepare(RESERVE).bind(runnerId, expiresAt ?? null, now, json, total, quotaBytes).run();
      if (result.meta.changes > 0) return { ok: true };
      return { ok: false, usedBytes: await usage(d1, runnerId, now) };
    },
    async settle(runnerId, { key, bytes }, now) {
      const d1 = await d1For(runnerId);
      await d1.prepare(settleChargesSql(1)).bind(key, runnerId, bytes, now).run();
    },
    async release(runnerId, keys) {
      if (keys.length === 0) return;
      const d1 = await d1For(runnerId);
      const statements = [];
      for (const part of chunk(keys, IN_LIST_MAX)) {
        statements.push(d1.prepare(`DELETE FROM stored_objects WHERE runner_id = ? AND key IN (${placeholders(part.length)})`).bind(runnerId, ...part));
      }
      await d1.batch(statements);
    },
    async usage(runnerId, now) {
      return usage(await d1For(runnerId), runnerId, now);
    },
  };
}
