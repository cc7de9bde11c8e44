import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, corpusFile, signup, uploadFiles, waitForJob, shardDb } from './helpers';

interface Pb { distanceM: number; timeS: number; sessionId: string; achievedAt: string; history?: unknown[] }

async function stepCounts(runnerId: string, jobId: string): Promise<Record<string, number>> {
  const stub = env.COORDINATOR.getByName(runnerId);
  return runInDurableObject(stub, (_i, state) => {
    const rows = state.storage.sql.exec<{ kind: string; n: number }>('SELECT kind, count(*) AS n FROM job_steps WHERE job_id = ? GROUP BY kind', jobId).toArray();
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  });
}

describe('analysis chain: statistics → bests and critical speed → history, once per batch', () => {
  it('analyses every new session, then refreshes bests and history once for the batch', async () => {
    const { token, runnerId } = await signup();
    await api('/me', { method: 'PATCH', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ maxHr: 190, restingHr: 50, timeZone: 'Europe/Paris' }) });
    const files = ['run-garmin-fr645m-hr-gps.fit', 'run-coros-power.fit', 'run-garmin-fr945-treadmill.fit', 'settings-garmin-edge510.fit'];
    const up = await uploadFiles(token, files.map((name) => ({ name, bytes: corpusFile(name) })));
    const job = await waitForJob(token, up.body.job.id);
    expect(job.stage).toBe('done');
    expect(job.status).toBe('completed');
    expect(job.counts).toMatchObject({ imported: 3, skipped: 1, analysed: 3 });
    expect(await stepCounts(runnerId, job.id)).toEqual({ 'analyse-session': 3, 'refresh-bests': 1, 'update-history': 1 });

    const byName = Object.fromEntries(job.files.map((f) => [f.name, f]));
    const run = await (await api(`/sessions/${byName['run-garmin-fr645m-hr-gps.fit'].sessionId}`, { token })).json<{ stats: Record<string, any>; device: Record<string, number> }>();
    expect(run.stats.algorithmVersion).toBeGreaterThanOrEqual(1);
    expect(run.stats.distanceM).toBeGreaterThan(5000);
    expect(Math.abs(run.stats.distanceM - run.device.distanceM) / run.device.distanceM).toBeLessThan(0.02);
    expect(run.stats.avgHr).toBeGreaterThan(100);
    expect(run.stats.hrZones.maxHr).toBe(190);
    expect(run.stats.bestEfforts.map((e: { distanceM: number }) => e.distanceM)).toEqual(expect.arrayContaining([400, 1000, 5000]));
    expect(run.stats.splits.km.length).toBeGreaterThanOrEqual(5);
    expect(run.stats).not.toHaveProperty('avgPowerW'); // no power meter: absent, not 0

    const treadmill = await (await api(`/sessions/${byName['run-garmin-fr945-treadmill.fit'].sessionId}`, { token })).json<{ stats: Record<string, unknown> }>();
    expect(treadmill.stats).not.toHaveProperty('gpsDistanceM');

    const bests = await (await api('/personal-bests?history=1', { token })).json<{ items: Pb[] }>();
    const fiveK = bests.items.find((b) => b.distanceM === 5000)!;
    expect(fiveK.timeS).toBeGreaterThan(900);
    expect(Object.values(byName).some((f) => f.sessionId === fiveK.sessionId)).toBe(true);
    expect(fiveK.history).toBeDefined();

    const cs = await (await api('/critical-speed', { token })).json<{ status: string; reason?: string; csMps?: number }>();
    expect(['valid', 'low_confidence', 'insufficient_data']).toContain(cs.status);
    if (cs.status === 'insufficient_data') expect(cs.reason!.length).toBeGreaterThan(10);
    else expect(cs.csMps).toBeGreaterThan(1);

    const history = await (await api('/history?from=2019-01-01', { token })).json<{ timeZone: string; items: Array<{ date: string; sessions: number; ctl: number; tsb: number }> }>();
    expect(history.timeZone).toBe('Europe/Paris');
    const days = history.items.filter((d) => d.sessions > 0);
    expect(days.map((d) => d.date)).toEqual(expect.arrayContaining(['2019-09-14', '2020-03-14', '2020-02-02']));
    expect(history.items.at(-1)!.date >= '2026-01-01').toBe(true); // runs to today
    const dates = history.items.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    // figures to the hundredth: years after the last run fitness reads 0, not a denormal like 4.7e-28
    for (const d of history.items) for (const v of [d.ctl, d.tsb]) expect(Math.abs(v * 100 - Math.round(v * 100))).toBeLessThan(1e-6);
    expect(history.items.at(-1)!.ctl).toBe(0);
  });

  it('recomputes bests, critical speed and history after a deletion', async () => {
    const { token } = await signup();
    const files = ['run-garmin-fr645m-hr-gps.fit', 'run-coros-power.fit'];
    const job = await waitForJob(token, (await uploadFiles(token, files.map((name) => ({ name, bytes: corpusFile(name) })))).body.job.id);
    const before = await (await api('/personal-bests', { token })).json<{ items: Pb[] }>();
    const victim = before.items.find((b) => b.distanceM === 5000)!.sessionId;
    const del = await api(`/sessions/${victim}`, { method: 'DELETE', token });
    expect(del.status).toBe(202);
    const recompute = await waitForJob(token, (await del.json<{ job: { id: string } }>()).job.id);
    expect(recompute).toMatchObject({ status: 'completed', stage: 'done' });
    const after = await (await api('/personal-bests', { token })).json<{ items: Pb[] }>();
    expect(after.items.every((b) => b.sessionId !== victim)).toBe(true);
    expect(after.items.length).toBeGreaterThan(0);
    expect((await api(`/sessions/${victim}`, { token })).status).toBe(404);
    expect((await api(`/sessions/${victim}`, { method: 'DELETE', token })).status).toBe(404);
    const history = await (await api('/history?from=2019-01-01', { token })).json<{ items: Array<{ sessions: number }> }>();
    expect(history.items.reduce((n, d) => n + d.sessions, 0)).toBe(1);
    expect(job.counts.analysed).toBe(2);
  });

  it('marks one session failed with its reason while the chain goes on', async () => {
    const { token, runnerId } = await signup();
    const first = await waitForJob(token, (await uploadFiles(token, [{ name: 'a.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') }])).body.job.id);
    const sessionId = first.files[0].sessionId!;
    const row = await (await shardDb(runnerId)).prepare('SELECT records_key FROM sessions WHERE id = ?').bind(sessionId).first<string>('records_key');
    await env.FILES.delete(row!);
    // A job whose import produced that session again (as a re-analysis would): its analysis cannot read the records.
    const jobId = `job_${crypto.randomUUID()}`;
    await env.COORDINATOR.getByName(runnerId).createJob({
      jobId, runnerId, kind: 'upload', files: [{ fileId: 'f1', name: 'a.fit', outcome: { status: 'imported', sessionIds: [sessionId] } }],
    });
    const job = await waitForJob(token, jobId);
    expect(job.status).toBe('completed_with_errors');
    expect(job.stage).toBe('done');
    expect(job.counts).toMatchObject({ analysisFailed: 1, analysed: 0 });
    expect((job as unknown as { problems: Array<{ code: string }> }).problems[0].code).toBe('records_missing');
  });

  it('re-analyses a session, or every outdated one, as a background job', async () => {
    const { token, runnerId } = await signup();
    const job = await waitForJob(token, (await uploadFiles(token, [{ name: 'r.fit', bytes: corpusFile('run-garmin-fenix5x-developer-fields.fit') }])).body.job.id);
    const sessionId = job.files[0].sessionId!;
    const one = await api(`/sessions/${sessionId}/reanalyse`, { method: 'POST', token });
    expect(one.status).toBe(202);
    const done = await waitForJob(token, (await one.json<{ job: { id: string } }>()).job.id);
    expect(done).toMatchObject({ status: 'completed', stage: 'done' });
    expect(done.counts.analysed).toBe(1);
    // Every session is current: nothing to re-run, bests and history are still refreshed.
    const none = await waitForJob(token, (await (await api('/sessions/reanalyse', { method: 'POST', token })).json<{ job: { id: string } }>()).job.id);
    expect(none).toMatchObject({ status: 'completed', counts: expect.objectContaining({ analysed: 0 }) });
    // An outdated row (older algorithm version) is picked up.
    await (await shardDb(runnerId)).prepare('UPDATE session_stats SET algorithm_version = 0 WHERE runner_id = ?').bind(runnerId).run();
    const outdated = await waitForJob(token, (await (await api('/sessions/reanalyse', { method: 'POST', token })).json<{ job: { id: string } }>()).job.id);
    expect(outdated.counts.analysed).toBe(1);
    const history = await (await api('/history?from=2018-06-01&to=2018-06-30', { token })).json<{ items: unknown[]; weeks: Array<{ weekStart: string; sessions: number }>; months: Array<{ month: string; sessions: number }> }>();
    expect(history.items).toHaveLength(17); // history starts on the first session's day (2018-06-14)
    expect(history.months).toEqual([expect.objectContaining({ month: '2018-06', sessions: 1 })]);
    expect(history.weeks.reduce((n, w) => n + w.sessions, 0)).toBe(1);
    expect((await api('/sessions/nope/reanalyse', { method: 'POST', token })).status).toBe(404);
  });
});
