import { describe, expect, it } from 'vitest';
import { corpusFile, signup, uploadFiles, waitForJob, shardDb } from './helpers';
import { ledgerOf } from './faults-support';

/** A polite client: a 429 rate_limited is retried after its Retry-After (bounded). */
async function uploadPolitely(token: string, name: string, bytes: Uint8Array) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const r = await uploadFiles(token, [{ name, bytes }]);
    if (r.status !== 429) return r;
    await new Promise((done) => setTimeout(done, 100 * (1 + (attempt % 5))));
  }
  throw new Error('still rate limited after 50 attempts');
}

async function sessionsOf(runnerId: string): Promise<number> {
  return (await (await shardDb(runnerId)).prepare('SELECT count(*) AS n FROM sessions WHERE runner_id = ?').bind(runnerId).first<number>('n')) ?? -1;
}

describe('fifty concurrent uploads of one file', () => {
  it('ends with one session for one runner and one each for two runners', async () => {
    const a = await signup();
    const b = await signup();
    const run = corpusFile('run-garmin-fenix5-tiny.fit');
    const posts = await Promise.all(Array.from({ length: 50 }, (_, i) => {
      const who = i % 10 === 9 ? b : a; // 45 from a, 5 from b, interleaved
      return uploadPolitely(who.token, `copy${i}.fit`, run).then((r) => ({ who, r }));
    }));
    expect(posts.every((p) => p.r.status === 202)).toBe(true);
    const jobs = await Promise.all(posts.map((p) => waitForJob(p.who.token, p.r.body.job.id, 60_000)));
    const imported = (who: typeof a) => jobs.filter((j, i) => posts[i].who === who && j.files[0].status === 'imported').length;
    expect([imported(a), imported(b)]).toEqual([1, 1]);
    expect(jobs.every((j) => ['imported', 'duplicate'].includes(j.files[0].status))).toBe(true);
    expect([await sessionsOf(a.runnerId), await sessionsOf(b.runnerId)]).toEqual([1, 1]);
    const [la, lb] = [await ledgerOf(a.runnerId), await ledgerOf(b.runnerId)];
    expect(la.importDigest).toBe(lb.importDigest); // same content, each runner its own copy
    expect([la.duplicateRows, lb.duplicateRows, la.openFiles, lb.openFiles]).toEqual([0, 0, 0, 0]);
  });
});
