/**
 * Issue 14 item 2: the queries the app runs for lists, filters, bests and history stay on D1
 * indexes. The repositories run against a recording wrapper of the runner's shard; every SQL
 * statement they sent is explained (EXPLAIN QUERY PLAN, with its own parameters), printed, and
 * checked: each per-runner table is reached by SEARCH on an index, never a full SCAN.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createAnalysisStore } from '../../src/adapters/d1/analysis-store';
import { DATA_TABLES } from '../../src/adapters/d1/data-tables';
import { createPlanHistorySource, } from '../../src/adapters/d1/plan-history';
import { createPlanActualsSource } from '../../src/adapters/d1/plan-revisions';
import { createSessionRepo, encodeCursor } from '../../src/adapters/d1/session-repo';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { createR2BlobStore } from '../../src/adapters/r2-blob-store';
import { createStorageLedger } from '../../src/adapters/d1/storage-ledger';
import { corpusFile, hasCorpus, signup, uploadFiles, waitForJob } from './helpers';

interface Sent {
  sql: string;
  params: unknown[];
}

/** A D1 database that records every statement prepared on it (the statements themselves are real). */
function recording(d1: D1Database, sent: Sent[]): D1Database {
  return new Proxy(d1, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (sql: string) => {
          const entry: Sent = { sql, params: [] };
          sent.push(entry);
          const statement = target.prepare(sql);
          return new Proxy(statement, {
            get(st, p) {
              if (p === 'bind') return (...params: unknown[]) => { entry.params = params; return st.bind(...params); };
              const value = Reflect.get(st, p) as unknown;
              return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(st) : value;
            },
          });
        };
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const RUNNER_TABLES = new Set(DATA_TABLES.map((t) => t.name));

describe.skipIf(!hasCorpus())('query plans', () => {
  it('lists, filters, bests and history run on indexes (no full scan of a per-runner table)', async () => {
    const { token, runnerId } = await signup();
    const up = await uploadFiles(token, ['run-garmin-fr645m-hr-gps.fit', 'run-coros-power.fit', 'ride-zwift-virtual.fit'].map((name) => ({ name, bytes: corpusFile(name) })));
    await waitForJob(token, up.body.job.id);

    const bindings = readShardBindings(env);
    const shard = await createShardResolver(bindings).shardOf(runnerId);
    const sent: Sent[] = [];
    const real = bindings.shards[shard]!;
    const resolver = createShardResolver({ directory: bindings.directory, shards: bindings.shards.map((d1, i) => (d1 && i === shard ? recording(d1, sent) : d1)) });
    const sessions = createSessionRepo(resolver);
    const analysis = createAnalysisStore(resolver, createR2BlobStore(env.FILES));
    const named: Array<[string, () => Promise<unknown>]> = [
      ['sessions list', () => sessions.list(runnerId, { limit: 20 })],
      ['sessions list, next page', () => sessions.list(runnerId, { limit: 20, cursor: encodeCursor(Date.UTC(2020, 0, 1), 'zzz') })],
      ['sessions filtered by date and sport', () => sessions.list(runnerId, { limit: 20, from: Date.UTC(2015, 0, 1), to: Date.UTC(2026, 0, 1), sport: 'running' })],
      ['session detail', async () => { const page = await sessions.list(runnerId, { limit: 1 }); return sessions.get(runnerId, page.items[0]!.id); }],
      ['session statistics', () => analysis.getStats(runnerId, 'none')],
      ['best efforts for bests', () => analysis.listBestEfforts(runnerId)],
      ['personal bests', () => analysis.getPersonalBests(runnerId)],
      ['history range', () => analysis.getHistory(runnerId, '2019-01-01', '2019-12-31')],
      ['statistics for history', () => analysis.listStatsForHistory(runnerId)],
      ['sessions to re-analyse', () => analysis.listSessionsToAnalyse(runnerId, 1, false)],
      ['plan facts', () => createPlanHistorySource(resolver).read(runnerId, '2026-06-01')],
      ['plan actuals', () => createPlanActualsSource(resolver).read(runnerId, '2019-01-01', '2019-12-31')],
    ];
    const report: string[] = [];
    const scans: string[] = [];
    for (const [name, run] of named) {
      const from = sent.length;
      await run();
      for (const { sql, params } of sent.slice(from)) {
        const plan = (await real.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail);
        report.push(`${name}:\n  ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n${plan.map((d) => `    ${d}`).join('\n')}`);
        for (const detail of plan) {
          const scanned = /^SCAN (\w+)/.exec(detail)?.[1];
          if (scanned && RUNNER_TABLES.has(scanned)) scans.push(`${name}: ${detail}`);
        }
      }
    }
    console.log(`Query plans (EXPLAIN QUERY PLAN):\n${report.join('\n')}`);
    expect(sent.length).toBeGreaterThanOrEqual(named.length);
    expect(scans).toEqual([]);
  });

  it('a storage reservation reads none of the runner\'s ledger rows from the table: covering-index sums, the charged keys by primary key', async () => {
    const { runnerId } = await signup();
    const bindings = readShardBindings(env);
    const shard = await createShardResolver(bindings).shardOf(runnerId);
    const sent: Sent[] = [];
    const real = bindings.shards[shard]!;
    const ledger = createStorageLedger(createShardResolver({ directory: bindings.directory, shards: bindings.shards.map((d1, i) => (d1 && i === shard ? recording(d1, sent) : d1)) }));
    const now = Date.now();
    const keys = Array.from({ length: 40 }, (_, i) => ({ key: `runners/${runnerId}/sessions/f${i}s0/records.parquet`, bytes: 1000 + i }));
    expect(await ledger.reserve(runnerId, keys, { quotaBytes: 1e9, now })).toEqual({ ok: true });
    expect(await ledger.reserve(runnerId, [{ key: `runners/${runnerId}/uploads/u1`, bytes: 5000 }], { quotaBytes: 1e9, now, expiresAt: now + 60_000 })).toEqual({ ok: true });
    // a key charged again is resized, not counted twice; the refusal reports the usage
    expect(await ledger.reserve(runnerId, [keys[0]!, { key: `runners/${runnerId}/fit/x.fit`, bytes: 10 }], { quotaBytes: 1e9, now })).toEqual({ ok: true });
    const held = keys.reduce((sum, k) => sum + k.bytes, 0) + 5000 + 10;
    expect(await ledger.reserve(runnerId, [keys[1]!, { key: `runners/${runnerId}/fit/y.fit`, bytes: 1e9 - held + 1 }], { quotaBytes: 1e9, now })).toEqual({ ok: false, usedBytes: held });
    expect(await ledger.usage(runnerId, now + 120_000)).toBe(held - 5000);
    const report: string[] = [];
    for (const { sql, params } of sent) {
      const plan = (await real.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>()).results.map((r) => r.detail);
      report.push(`  ${sql.replace(/\s+/g, ' ').slice(0, 160)}\n${plan.map((d) => `    ${d}`).join('\n')}`);
      const reads = plan.filter((d) => /\bstored_objects\b/.test(d));
      expect(reads.length).toBeGreaterThan(0);
      for (const detail of reads) expect(detail).toMatch(/USING COVERING INDEX stored_objects_runner_idx|USING INDEX sqlite_autoindex_stored_objects_1 \(key=\?\)/);
    }
    console.log(`Storage ledger query plans:\n${report.join('\n')}`);
  });
});
