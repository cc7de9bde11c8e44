/**
 * Issue 16 item 6, undo a delete on the server: a session delete is a `delete` job whose step
 * the coordinator holds unsent for the undo window (the ledger's not_before, sent by the alarm);
 * POST /jobs/{id}/cancel undoes it until then, 409 too_late_to_undo after. The test config has
 * no window (DELETE_UNDO_MS 0); these tests set one per request through the test entry.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, signup, uploadFiles, waitForJob, type JobJson } from './helpers';
import { objectsUnder, run } from './storage-support';
import { Ledger } from '../../workers/coordinator-ledger';
import { nextAlarmAt } from '../../workers/coordinator/dispatch-window';
import { tokenFor, web, webSignup } from './web-support';

const WINDOW = { 'x-test-delete-undo-ms': '600000' };

async function importedSession(): Promise<{ token: string; runnerId: string; sessionId: string; jobId: string }> {
  const { token, runnerId } = await signup();
  const up = await uploadFiles(token, [{ name: 'run.fit', bytes: run(0) }]);
  expect(up.status).toBe(202);
  const job = await waitForJob(token, up.body.job.id);
  const sessionId = (job.files[0] as { sessionIds?: string[] }).sessionIds![0]!;
  return { token, runnerId, sessionId, jobId: job.id };
}

async function deleteHeld(token: string, sessionId: string, headers: Record<string, string> = WINDOW): Promise<JobJson & { kind: string }> {
  const res = await api(`/sessions/${sessionId}`, { method: 'DELETE', token, headers });
  expect(res.status).toBe(202);
  return (await res.json<{ job: JobJson & { kind: string } }>()).job;
}

/** time passes for the runner's held steps: their not_before moves to the past (the ledger decides) */
async function passWindow(runnerId: string): Promise<void> {
  await runInDurableObject(env.COORDINATOR.getByName(runnerId), (_i, state) => {
    state.storage.sql.exec(`UPDATE job_steps SET not_before = 0 WHERE not_before IS NOT NULL`);
  });
}

async function stepOf(runnerId: string, jobId: string): Promise<{ dispatched: number; not_before: number | null; status: string } | undefined> {
  return runInDurableObject(env.COORDINATOR.getByName(runnerId), (_i, state) =>
    state.storage.sql.exec<{ dispatched: number; not_before: number | null; status: string }>(`SELECT dispatched, not_before, status FROM job_steps WHERE job_id = ?`, jobId).toArray()[0]);
}

describe('undo a session delete (server-side)', () => {
  it('cancelled within the window: the job ends cancelled, the session, its rows and objects stay', async () => {
    const { token, runnerId, sessionId } = await importedSession();
    const before = await objectsUnder(`runners/${runnerId}/`);
    const job = await deleteHeld(token, sessionId);
    expect(job).toMatchObject({ kind: 'delete', status: 'queued' });
    // held in the ledger, unsent, due at the end of the window
    const held = await stepOf(runnerId, job.id);
    expect(held).toMatchObject({ dispatched: 0, status: 'queued' });
    expect(held!.not_before).toBeGreaterThan(Date.now() + 500_000);
    expect((await api(`/sessions/${sessionId}`, { token })).status).toBe(200);

    const undo = await api(`/jobs/${job.id}/cancel`, { method: 'POST', token });
    expect(undo.status).toBe(200);
    const cancelled = await undo.json<JobJson & { problems?: unknown }>();
    expect(cancelled).toMatchObject({ id: job.id, status: 'cancelled' });
    expect(cancelled.finishedAt).not.toBeNull();
    expect(cancelled.problems).toBeUndefined();
    // the alarm after the window sends nothing: the step is over
    await passWindow(runnerId);
    await runDurableObjectAlarm(env.COORDINATOR.getByName(runnerId));
    expect(await stepOf(runnerId, job.id)).toMatchObject({ dispatched: 0, status: 'failed' });
    expect((await api(`/sessions/${sessionId}`, { token })).status).toBe(200);
    expect(await objectsUnder(`runners/${runnerId}/`)).toEqual(before);
    expect((await (await api(`/jobs/${job.id}`, { token })).json<JobJson>()).status).toBe('cancelled');
    // undoing twice answers the same
    expect((await api(`/jobs/${job.id}/cancel`, { method: 'POST', token })).status).toBe(200);
  });

  it('once the window passed, the alarm sends the delete: the session goes; undo is then 409 too_late_to_undo', async () => {
    const { token, runnerId, sessionId } = await importedSession();
    const job = await deleteHeld(token, sessionId, { 'x-test-delete-undo-ms': '5000' });
    // the alarm comes by the end of the window, not a whole reconciler interval (30 s) later
    const alarm = await runInDurableObject(env.COORDINATOR.getByName(runnerId), (_i, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect(alarm!).toBeLessThanOrEqual(Date.now() + 5000);
    await passWindow(runnerId);
    // a step already due but unsent (say the dispatch window is full) does not re-arm the alarm at once: no alarm loop
    const next = await runInDurableObject(env.COORDINATOR.getByName(runnerId), (_i, state) =>
      nextAlarmAt({ ledger: new Ledger(state.storage.sql), env, ctx: state }, Date.now()));
    expect(next).toBeGreaterThan(Date.now() + 10_000);
    await runDurableObjectAlarm(env.COORDINATOR.getByName(runnerId));
    const done = await waitForJob(token, job.id);
    expect(done.status).toBe('completed');
    expect((await api(`/sessions/${sessionId}`, { token })).status).toBe(404);
    expect(await objectsUnder(`runners/${runnerId}/sessions/${sessionId}`)).toEqual(new Map());
    const late = await api(`/jobs/${job.id}/cancel`, { method: 'POST', token });
    expect(late.status).toBe(409);
    expect((await late.json<{ code: string }>()).code).toBe('too_late_to_undo');
  });

  it('only a delete can be undone; unknown jobs are 404', async () => {
    const { token, jobId } = await importedSession();
    const res = await api(`/jobs/${jobId}/cancel`, { method: 'POST', token });
    expect(res.status).toBe(409);
    expect((await res.json<{ code: string }>()).code).toBe('not_cancellable');
    expect((await api('/jobs/job_nope/cancel', { method: 'POST', token })).status).toBe(404);
  });

  it('works without script on the web: the delete form lands on a list with an Undo form, which undoes it (PRG)', async () => {
    const { cookie } = await webSignup('Undoer');
    const token = await tokenFor(cookie);
    const up = await uploadFiles(token, [{ name: 'run.fit', bytes: run(0) }]);
    const id = ((await waitForJob(token, up.body.job.id)).files[0] as { sessionIds?: string[] }).sessionIds![0]!;
    const posted = await web(`/sessions/${id}/delete`, { method: 'POST', cookie, headers: WINDOW });
    expect(posted.status).toBe(303);
    const list = posted.headers.get('location')!;
    const [, jobId, listed] = /^\/sessions\?deleting=([^&]+)&session=(.+)$/.exec(list)!;
    expect(listed).toBe(id);
    const page = await (await web(list, { cookie })).text();
    expect(page).toContain(`action="/jobs/${jobId}/cancel"`);
    // the session leaves the list at once; Undo brings it back
    expect(page).not.toContain(`href="/sessions/${id}"`);
    expect(page).toMatch(/<button type="submit"[^>]*>Undo<\/button>/);
    expect((await web(`/jobs/${jobId}/cancel`, { method: 'POST', cookie, origin: 'https://evil.example' })).status).toBe(403);
    const undone = await web(`/jobs/${jobId}/cancel`, { method: 'POST', cookie });
    expect(undone.status).toBe(303);
    expect(undone.headers.get('location')).toBe('/sessions?undone=1');
    const after = await (await web('/sessions?undone=1', { cookie })).text();
    expect(after).toContain('Delete undone');
    expect(after).toContain(`href="/sessions/${id}"`);
    expect((await web(`/sessions/${id}`, { cookie })).status).toBe(200);
    expect(await (await web(`/jobs/${jobId}`, { cookie })).text()).toContain('Delete undone'); // the job report says so
    // once undone, the list no longer offers Undo for it
    expect(await (await web(list, { cookie })).text()).not.toContain(`/jobs/${jobId}/cancel`);
  });
});
