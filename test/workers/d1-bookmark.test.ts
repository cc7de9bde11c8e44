/**
 * Issue 14 item 3: D1 read replication through the Sessions API. Every answer to a signed-in
 * runner carries the bookmark of the runner's shard (API: x-d1-bookmark; web: the __Host-pl_d1
 * cookie), a bookmark sent back anchors the next request's reads, and a job answer's bookmark is
 * taken at the primary after the import committed, so the runner reads the sessions it just
 * uploaded. (Locally D1 has no replicas: this checks the plumbing and the ordering of bookmarks;
 * what a replica does with them is D1's contract.)
 */
import { describe, expect, it } from 'vitest';
import { parseShardBookmark, readShardBindings, createShardResolver } from '../../src/adapters/d1/shards';
import { env } from 'cloudflare:test';
import { api, corpusFile, hasCorpus, signup, waitForJob } from './helpers';
import { web, webSignup } from './web-support';

const tokenOf = (res: Response) => res.headers.get('x-d1-bookmark');

describe.skipIf(!hasCorpus())('D1 bookmarks (Sessions API)', () => {
  it('hands back the runner\'s shard bookmark, accepts it back, and reads its own upload after the job', async () => {
    const { token, runnerId } = await signup();
    const shard = await createShardResolver(readShardBindings(env)).shardOf(runnerId);

    const before = await api('/sessions', { token });
    expect(before.status).toBe(200);
    const first = parseShardBookmark(tokenOf(before));
    expect(first?.shard).toBe(shard);
    expect((await before.json<{ items: unknown[] }>()).items).toHaveLength(0);

    const form = new FormData();
    form.append('file', new File([corpusFile('run-garmin-fenix5-tiny.fit')], 'tiny.fit'));
    const up = await api('/uploads', { method: 'POST', body: form, token, headers: { 'x-d1-bookmark': tokenOf(before)! } });
    expect(up.status).toBe(202);
    const written = parseShardBookmark(tokenOf(up));
    expect(written?.shard).toBe(shard);
    expect(written!.bookmark >= first!.bookmark).toBe(true);

    const job = await waitForJob(token, (await up.json<{ job: { id: string } }>()).job.id);
    const sessionId = job.files[0]!.sessionIds![0]!;
    // the job answer's bookmark: from the primary, after the coordinator said the job finished
    const jobRes = await api(`/jobs/${job.id}`, { token });
    const afterJob = parseShardBookmark(tokenOf(jobRes));
    expect(afterJob?.shard).toBe(shard);
    expect(afterJob!.bookmark > written!.bookmark).toBe(true);

    // read-your-writes: anchored at the job's bookmark, the list holds the new session
    const list = await api('/sessions', { token, headers: { 'x-d1-bookmark': tokenOf(jobRes)! } });
    expect(list.status).toBe(200);
    expect((await list.json<{ items: Array<{ id: string }> }>()).items.map((s) => s.id)).toContain(sessionId);
    expect(parseShardBookmark(tokenOf(list))!.bookmark >= afterJob!.bookmark).toBe(true);
    const detail = await api(`/sessions/${sessionId}`, { token, headers: { 'x-d1-bookmark': tokenOf(list)! } });
    expect(detail.status).toBe(200);
    expect(tokenOf(detail)).toBeTruthy();

    // an unreadable or foreign bookmark is ignored, never an error
    for (const junk of ['nonsense', '99:00000001-00000001', `${shard}:zz`]) {
      const res = await api('/sessions', { token, headers: { 'x-d1-bookmark': junk } });
      expect(res.status, junk).toBe(200);
      expect(parseShardBookmark(tokenOf(res))?.shard).toBe(shard);
    }
    // answers without a signed-in runner carry none
    expect(tokenOf(await api('/openapi.json'))).toBeNull();
  });

  it('keeps the web\'s bookmark in a cookie and takes the primary on the live re-read after a job', async () => {
    const { cookie } = await webSignup();
    const page = await web('/sessions', { cookie });
    expect(page.status).toBe(200);
    const set = page.headers.getSetCookie().find((c) => c.startsWith('__Host-pl_d1='));
    expect(set).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Secure$/);
    const value = set!.split(';')[0]!;
    expect(parseShardBookmark(decodeURIComponent(value.slice('__Host-pl_d1='.length)))).not.toBeNull();
    // sent back unchanged: no new cookie needed
    const again = await web('/sessions', { headers: { cookie: `__Host-pl_session=${cookie}; ${value}` } });
    expect(again.status).toBe(200);
    // the live re-read after a finished job reads at the primary and refreshes the cookie
    const live = await web('/sessions', { headers: { cookie: `__Host-pl_session=${cookie}; ${value}`, 'x-pacelab-live': '1' } });
    expect(live.status).toBe(200);
    const refreshed = live.headers.getSetCookie().find((c) => c.startsWith('__Host-pl_d1='));
    expect(refreshed).toBeTruthy();
    const [a, b] = [value, refreshed!.split(';')[0]!].map((v) => parseShardBookmark(decodeURIComponent(v.slice('__Host-pl_d1='.length)))!.bookmark);
    expect(b! >= a!).toBe(true);
  });
});
