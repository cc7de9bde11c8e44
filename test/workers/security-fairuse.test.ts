/**
 * Issue 13 §4 (fair use): at most one whole-history re-analysis and two plan optimisations per
 * runner at a time (409 job_limit_reached beyond), and a cap on open WebSockets per runner.
 */
import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, corpusFile, signup, uploadFiles, waitForJob } from './helpers';
import { postPlan, SMALL_PLAN } from './plans-support';

describe('fair use', () => {
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
