/**
 * Issue 14 item 2: a session's statistics are a D1 summary plus one gzip JSON object in R2
 * (core/metrics/stats-layout.ts). The API answers the same whole statistics; sessions stored
 * before the split (everything in stats_json) still read; re-analysis rewrites the object and
 * converts a legacy row; deleting the session deletes the object.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { decodeStatsDetail } from '../../src/adapters/stats-detail';
import { recordsKey, statsDetailKey } from '../../src/core/keys';
import { api, corpusFile, hasCorpus, shardDb, signup, uploadFiles, waitForJob, type JobJson } from './helpers';

type Detail = { stats: Record<string, unknown> & { computedAt?: string } };

async function detailOf(token: string, id: string): Promise<Record<string, unknown>> {
  const res = await api(`/sessions/${id}`, { token });
  expect(res.status).toBe(200);
  const { computedAt: _c, ...stats } = (await res.json<Detail>()).stats;
  return stats;
}

async function rowOf(runnerId: string, id: string) {
  return (await shardDb(runnerId)).prepare('SELECT stats_json, detail FROM session_stats WHERE runner_id = ? AND session_id = ?').bind(runnerId, id)
    .first<{ stats_json: string; detail: number | null }>();
}

describe.skipIf(!hasCorpus())('statistics detail in R2', () => {
  it('stores the summary in D1 and the detail in R2, answers both joined, reads legacy rows, rewrites on re-analysis, deletes with the session', async () => {
    const { token, runnerId } = await signup();
    const up = await uploadFiles(token, [{ name: 'run.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') }]);
    const job = await waitForJob(token, up.body.job.id);
    const id = job.files[0]!.sessionIds![0]!;
    const key = statsDetailKey(runnerId, id);

    // 1. split: the row holds the small summary, the object the rest
    const row = (await rowOf(runnerId, id))!;
    expect(row.detail).toBe(1);
    expect(row.stats_json.length).toBeLessThan(400);
    const object = await env.FILES.get(key);
    expect(object).not.toBeNull();
    const stored = decodeStatsDetail(new Uint8Array(await object!.arrayBuffer()));
    expect(stored).toHaveProperty('splits');
    expect(stored).toHaveProperty('meanMaxSpeed');
    const whole = await detailOf(token, id);
    expect(whole).toMatchObject({ splits: stored.splits, meanMaxSpeed: stored.meanMaxSpeed, totals: expect.any(Object) });
    expect(whole).toEqual({ ...stored, ...JSON.parse(row.stats_json) });

    // 2. a session stored before the split (everything in stats_json, no object) still reads
    const db = await shardDb(runnerId);
    await db.prepare('UPDATE session_stats SET stats_json = ?, detail = NULL WHERE runner_id = ? AND session_id = ?').bind(JSON.stringify(whole), runnerId, id).run();
    await env.FILES.delete(key);
    expect(await detailOf(token, id)).toEqual(whole);

    // 3. re-analysis writes the object again and converts the row
    const again = await api(`/sessions/${id}/reanalyse`, { method: 'POST', token });
    expect(again.status).toBe(202);
    await waitForJob(token, (await again.json<{ job: JobJson }>()).job.id);
    expect((await rowOf(runnerId, id))!.detail).toBe(1);
    expect(await env.FILES.head(key)).not.toBeNull();
    expect(await detailOf(token, id)).toEqual(whole);

    // 4. an object lost in R2: the page still answers, with the summary
    await env.FILES.delete(key);
    const summaryOnly = await detailOf(token, id);
    expect(summaryOnly).toEqual(JSON.parse((await rowOf(runnerId, id))!.stats_json));
    await api(`/sessions/${id}/reanalyse`, { method: 'POST', token }).then(async (r) => waitForJob(token, (await r.json<{ job: JobJson }>()).job.id));

    // 5. deleting the session deletes its objects, the statistics detail included
    expect(await env.FILES.head(key)).not.toBeNull();
    const del = await api(`/sessions/${id}`, { method: 'DELETE', token });
    expect(del.status).toBe(202);
    expect(await env.FILES.head(key)).toBeNull();
    expect(await env.FILES.head(recordsKey(runnerId, id))).toBeNull();
  });
});
