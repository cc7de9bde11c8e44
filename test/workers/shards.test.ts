import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { countRunnerRows } from '../../src/adapters/d1/data-tables';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { isDomainError } from '../../src/core/errors';
import { api, corpusFile, directoryDb, signup, uploadFiles, waitForJob } from './helpers';

const bindings = readShardBindings(env);

async function shardOfRunner(runnerId: string): Promise<number> {
  return (await directoryDb().prepare('SELECT shard FROM runners WHERE id = ?').bind(runnerId).first<number>('shard'))!;
}

/** Rows of the runner in every bound shard, by shard index. */
async function rowsByShard(runnerId: string): Promise<number[]> {
  return Promise.all(bindings.shards.map(async (d1) => (d1 ? Object.values(await countRunnerRows(d1, runnerId)).reduce((a, b) => a + b, 0) : 0)));
}

describe('runner-sharded D1', () => {
  it('runs on at least two data shards', () => {
    expect(bindings.shards.filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });

  it("spreads eight runners over both shards, keeps each runner's rows in its shard only, and isolates runners on the same and on other shards", async () => {
    const runners = [];
    for (let i = 0; i < 8; i++) runners.push(await signup(`Shard runner ${i}`));
    const shards = await Promise.all(runners.map((r) => shardOfRunner(r.runnerId)));
    // least-full placement: eight signups in a row alternate between two open shards
    for (const index of bindings.shards.keys()) expect(shards.filter((s) => s === index).length, `runners on shard ${index}`).toBeGreaterThanOrEqual(3);

    const files = ['run-garmin-fenix5-tiny.fit', 'run-coros-power.fit'];
    const sessions = await Promise.all(runners.map(async (r, i) => {
      const job = await waitForJob(r.token, (await uploadFiles(r.token, [{ name: `r${i}.fit`, bytes: corpusFile(files[i % 2]!) }])).body.job.id);
      expect(job.status).toBe('completed');
      return job.files[0]!.sessionId!;
    }));

    for (const [i, r] of runners.entries()) {
      const counts = await rowsByShard(r.runnerId);
      counts.forEach((n, index) => {
        if (index === shards[i]) expect(n, `rows of runner ${i} in its shard ${index}`).toBeGreaterThan(0);
        else expect(n, `rows of runner ${i} in shard ${index}`).toBe(0);
      });
      // the owner reads its session; every other runner — on the same shard or not — gets 404
      expect((await api(`/sessions/${sessions[i]}`, { token: r.token })).status).toBe(200);
      const sameShard = runners.findIndex((o, j) => j !== i && shards[j] === shards[i]);
      const otherShard = runners.findIndex((_o, j) => shards[j] !== shards[i]);
      for (const j of [sameShard, otherShard]) {
        const other = runners[j]!;
        expect((await api(`/sessions/${sessions[i]}`, { token: other.token })).status, `runner ${j} reading runner ${i}'s session`).toBe(404);
        const list = await (await api('/sessions', { token: other.token })).json<{ items: Array<{ id: string }> }>();
        expect(list.items.map((s) => s.id)).not.toContain(sessions[i]);
      }
    }
    // the directory's placement hints count the runners each shard received
    const hints = (await directoryDb().prepare('SELECT idx, runners FROM shards ORDER BY idx').all<{ idx: number; runners: number }>()).results;
    for (const index of bindings.shards.keys()) expect(hints.find((h) => h.idx === index)!.runners).toBeGreaterThanOrEqual(shards.filter((s) => s === index).length);
  });

  it('places new runners only on open shards', async () => {
    await directoryDb().prepare("UPDATE shards SET status = 'closed' WHERE idx = 0").run();
    try {
      const placed = await Promise.all([signup(), signup(), signup()].map(async (p) => shardOfRunner((await p).runnerId)));
      expect(placed).toEqual([1, 1, 1]);
    } finally {
      await directoryDb().prepare("UPDATE shards SET status = 'open' WHERE idx = 0").run();
    }
  });

  it('refuses an unknown runner instead of guessing a shard', async () => {
    const resolver = createShardResolver(bindings);
    const error = await resolver.dbFor('run_nobody').catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('unknown_runner');
  });
});
