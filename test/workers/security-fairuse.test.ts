/**
 * Issue 13 §4 (fair use): every fan-out goes through the runner's dispatch window, job creation
 * is limited per runner, at most one whole-history re-analysis and two plan optimisations per
 * runner at a time (409 job_limit_reached beyond), and a cap on open WebSockets per runner.
 */
import { env, runInDurableObject, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../workers/coordinator-ledger';
import { api, corpusFile, signup, testIp, uploadFiles, waitForJob } from './helpers';
import { postPlan, SMALL_PLAN } from './plans-support';

/** the runner's coordinator ledger: work sent and not finished, and work registered but not yet sent */
async function windowOf(runnerId: string): Promise<{ inFlight: number; waiting: number }> {
  return runInDurableObject(env.COORDINATOR.getByName(runnerId), (_instance, state) => {
    const ledger = new Ledger(state.storage.sql);
    return { inFlight: ledger.inFlight(), waiting: ledger.undispatched(100_000, Date.now()).length };
  });
}

/** the local Rate Limiting simulator counts in windows aligned to the minute: start early in one */
async function startOfAMinute(): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 40_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
}

describe('fair use', () => {
  it('sends the 300 files of one upload through the dispatch window: never more than 16 in flight', async () => {
    const { token, runnerId } = await signup();
    // not FIT files: each is a real import task, answered quickly (rejected)
    const files = Array.from({ length: 300 }, (_, i) => ({ name: `part-${i}.fit`, bytes: new TextEncoder().encode(`not a fit file ${i}`) }));
    const upload = await uploadFiles(token, files);
    expect(upload.status).toBe(202);
    const first = await windowOf(runnerId);
    // the rest wait in the ledger, not in the shared queue
    expect(first.inFlight).toBeLessThanOrEqual(16);
    expect(first.inFlight + first.waiting).toBeGreaterThan(16);
    let most = first.inFlight;
    let job = await (await api(`/jobs/${upload.body.job.id}`, { token })).json<{ status: string; counts: Record<string, number> }>();
    for (let i = 0; i < 2000 && !['completed', 'completed_with_errors', 'failed'].includes(job.status); i++) {
      most = Math.max(most, (await windowOf(runnerId)).inFlight);
      job = await (await api(`/jobs/${upload.body.job.id}`, { token })).json();
    }
    expect(most).toBeLessThanOrEqual(16);
    expect(job.counts).toMatchObject({ found: 300, rejected: 300 });
    expect(await windowOf(runnerId)).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('limits job creation per runner: beyond 60 a minute, 429 too_many_jobs with Retry-After (other runners unaffected)', async () => {
    const a = await signup();
    const b = await signup();
    await startOfAMinute();
    const post = (token: string, i: number) => api(`/uploads?filename=n${i}.txt`, { method: 'POST', token, headers: { 'cf-connecting-ip': testIp() }, body: `note ${i}` });
    for (let i = 0; i < 60; i++) expect((await post(a.token, i)).status).toBe(202);
    const refused = await post(a.token, 60);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(await refused.json()).toMatchObject({ code: 'too_many_jobs', status: 429 });
    // one count for every kind of job: a re-analysis and a resumable upload are refused too
    expect((await api('/sessions/reanalyse', { method: 'POST', token: a.token })).status).toBe(429);
    const resumable = await api('/uploads/multipart', { method: 'POST', token: a.token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'big.fit', size: 6_000_000 }) });
    expect(resumable.status).toBe(429);
    expect((await post(b.token, 0)).status).toBe(202);
  });

  it('runs one whole-history re-analysis at a time: a second one at once is 409 job_limit_reached', async () => {
    const { token } = await signup();
    const names = ['run-garmin-fenix5-tiny.fit', 'run-garmin-fr110-2013.fit', 'run-suunto-move.fit'];
    await waitForJob(token, (await uploadFiles(token, names.map((n) => ({ name: n, bytes: corpusFile(n) })))).body.job.id);
    const answers = await Promise.all([1, 2].map(() => api('/sessions/reanalyse?all=1', { method: 'POST', token })));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 409]);
    const refused = answers.find((r) => r.status === 409)!;
    expect(await refused.json()).toMatchObject({ code: 'job_limit_reached', status: 409 });
    const accepted = await answers.find((r) => r.status === 202)!.json<{ job: { id: string } }>();
    await waitForJob(token, accepted.job.id);
    expect((await api('/sessions/reanalyse?all=1', { method: 'POST', token })).status).toBe(202); // free again once it is done
  });

  it('optimises at most two plans at a time, and a refused request leaves no plan behind', async () => {
    const { token } = await signup();
    const answers = await Promise.all([1, 2, 3].map((seed) => postPlan(token, { ...SMALL_PLAN, seed })));
    expect(answers.map((r) => r.status).sort()).toEqual([202, 202, 409]);
    expect(await answers.find((r) => r.status === 409)!.json()).toMatchObject({ code: 'job_limit_reached' });
    const plans = await (await api('/plans', { token })).json<{ items: unknown[] }>();
    expect(plans.items).toHaveLength(2);
  });

  it('caps open WebSockets per runner at 10 (429 too_many_connections beyond)', async () => {
    const { token } = await signup();
    const open: WebSocket[] = [];
    const connect = () => SELF.fetch('https://pacelab.test/api/v1/events', { headers: { upgrade: 'websocket', authorization: `Bearer ${token}` } });
    for (let i = 0; i < 10; i++) {
      const res = await connect();
      expect(res.status).toBe(101);
      res.webSocket!.accept();
      open.push(res.webSocket!);
    }
    const refused = await connect();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'too_many_connections' });
    for (const ws of open) ws.close(1000, 'done');
  });
});
