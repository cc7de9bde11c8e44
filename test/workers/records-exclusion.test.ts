/**
 * Personal bests and critical speed from outdoor runs only, by default; a treadmill run is left
 * out unless the runner counts it, and any run can be left out — through PATCH /sessions/{id} and
 * the session page's form, each recomputing bests and CS through the chain.
 */
import { describe, expect, it } from 'vitest';
import { api, corpusFile, hasCorpus, signup, uploadFiles, waitForJob } from './helpers';
import { form, tokenFor, web, webSignup } from './web-support';

interface Pb { distanceM: number; timeS: number; sessionId: string }
interface Cs { status: string; csMps?: number; efforts?: Array<{ sessionId: string }> }
interface Summary { id: string; excludeFromRecords: boolean | null; countsForRecords: boolean; recordsReason: string }

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function bests(token: string): Promise<Pb[]> {
  return (await (await api('/personal-bests', { token })).json<{ items: Pb[] }>()).items;
}

/** the fit without the time it was computed (a refit of the same efforts is the same fit) */
async function criticalSpeed(token: string): Promise<Cs> {
  const { computedAt: _at, ...fit } = await (await api('/critical-speed', { token })).json<Cs & { computedAt?: string }>();
  return fit;
}

async function patchAndWait(token: string, id: string, body: unknown): Promise<{ session: Summary; job: { id: string } | null }> {
  const res = await api(`/sessions/${id}`, { method: 'PATCH', token, ...json(body) });
  expect(res.status).toBe(200);
  const out = await res.json<{ session: Summary; job: { id: string } | null }>();
  if (out.job) expect(await waitForJob(token, out.job.id)).toMatchObject({ status: 'completed', stage: 'done' });
  return out;
}

describe.runIf(hasCorpus())('records from outdoor runs only, and the exclude-from-records toggle', () => {
  it('leaves a treadmill run out by default; counting it in and leaving a run out change bests and critical speed', async () => {
    const { token } = await signup('Treadmill');
    const first = await waitForJob(token, (await uploadFiles(token, [{ name: 'treadmill.fit', bytes: corpusFile('run-garmin-fr945-treadmill.fit') }])).body.job.id);
    const treadmill = first.files[0]!.sessionId!;

    // by default: no bests, no CS from a treadmill run
    const detail = await (await api(`/sessions/${treadmill}`, { token })).json<Summary & { stats: { bestEfforts?: unknown[] } }>();
    expect(detail).toMatchObject({ excludeFromRecords: null, countsForRecords: false, recordsReason: 'indoor_run' });
    expect(detail.stats.bestEfforts?.length).toBeGreaterThan(0); // its efforts are computed, just not counted
    expect(await bests(token)).toEqual([]);
    const csNone = await criticalSpeed(token);
    expect(csNone.csMps).toBeUndefined();

    // the runner counts it: its efforts become bests and CS is fitted from them
    const counted = await patchAndWait(token, treadmill, { excludeFromRecords: false });
    expect(counted.session).toMatchObject({ excludeFromRecords: false, countsForRecords: true, recordsReason: 'included_by_runner' });
    expect(counted.job).not.toBeNull();
    const withTreadmill = await bests(token);
    expect(withTreadmill.length).toBeGreaterThan(3);
    expect(withTreadmill.every((b) => b.sessionId === treadmill)).toBe(true);
    const csTreadmill = await criticalSpeed(token);
    expect(csTreadmill).not.toEqual(csNone);

    // back to the rule: out again
    await patchAndWait(token, treadmill, { excludeFromRecords: null });
    expect(await bests(token)).toEqual([]);
    expect(await criticalSpeed(token)).toEqual(csNone);

    // an outdoor run counts by default; left out, the bests and CS go with it
    const second = await waitForJob(token, (await uploadFiles(token, [{ name: 'outdoor.fit', bytes: corpusFile('run-coros-power.fit') }])).body.job.id);
    const outdoor = second.files[0]!.sessionId!;
    const outdoorBests = await bests(token);
    expect(outdoorBests.length).toBeGreaterThan(3);
    expect(outdoorBests.every((b) => b.sessionId === outdoor)).toBe(true);
    const csOutdoor = await criticalSpeed(token);
    const left = await patchAndWait(token, outdoor, { excludeFromRecords: true });
    expect(left.session).toMatchObject({ excludeFromRecords: true, countsForRecords: false, recordsReason: 'excluded_by_runner' });
    expect(await bests(token)).toEqual([]);
    expect(await criticalSpeed(token)).not.toEqual(csOutdoor);

    // the same value again changes nothing and starts nothing
    expect((await patchAndWait(token, outdoor, { excludeFromRecords: true })).job).toBeNull();

    // counted again: the bests come back exactly
    await patchAndWait(token, outdoor, { excludeFromRecords: null });
    expect((await bests(token)).map((b) => [b.distanceM, b.timeS, b.sessionId])).toEqual(outdoorBests.map((b) => [b.distanceM, b.timeS, b.sessionId]));
    expect(await criticalSpeed(token)).toEqual(csOutdoor);
  });

  it('validates the patch, and another runner gets 404', async () => {
    const { token } = await signup();
    const job = await waitForJob(token, (await uploadFiles(token, [{ name: 'ride.fit', bytes: corpusFile('ride-zwift-virtual.fit') }])).body.job.id);
    const ride = job.files[0]!.sessionId!;
    const bad = await api(`/sessions/${ride}`, { method: 'PATCH', token, ...json({ excludeFromRecords: 'yes' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect((await api(`/sessions/${ride}`, { method: 'PATCH', token, ...json({ colour: 'red' }) })).status).toBe(400);
    // a ride never counts for running records: the choice is kept, nothing is recomputed
    const out = await api(`/sessions/${ride}`, { method: 'PATCH', token, ...json({ excludeFromRecords: true }) });
    expect(await out.json()).toMatchObject({ session: { id: ride, excludeFromRecords: true, countsForRecords: false, recordsReason: 'not_running' }, job: null });
    const other = await signup();
    expect((await api(`/sessions/${ride}`, { method: 'PATCH', token: other.token, ...json({ excludeFromRecords: true }) })).status).toBe(404);
  });

  it('toggles from the session page with a same-origin form post', async () => {
    const { cookie } = await webSignup('Toggler');
    const token = await tokenFor(cookie);
    const job = await waitForJob(token, (await uploadFiles(token, [{ name: 'run.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') }])).body.job.id);
    const id = job.files[0]!.sessionId!;
    const page = await (await web(`/sessions/${id}`, { cookie })).text();
    expect(page).toContain(`action="/sessions/${id}/records"`);
    expect(page).toContain('This run counts for your personal bests');
    expect((await bests(token)).length).toBeGreaterThan(0);

    expect((await web(`/sessions/${id}/records`, { method: 'POST', cookie, origin: 'https://evil.example', ...form({ counts: 'no' }) })).status).toBe(403);
    const res = await web(`/sessions/${id}/records`, { method: 'POST', cookie, ...form({ counts: 'no' }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/sessions/${id}`);
    const detail = await (await api(`/sessions/${id}`, { token })).json<Summary>();
    expect(detail).toMatchObject({ excludeFromRecords: true, countsForRecords: false });
    const jobs = await (await api('/jobs', { token })).json<{ items: Array<{ id: string; kind: string }> }>();
    const recompute = jobs.items.find((j) => j.kind === 'recompute')!;
    await waitForJob(token, recompute.id);
    expect(await bests(token)).toEqual([]);
    expect(await (await web(`/sessions/${id}`, { cookie })).text()).toContain('You left this run out');
  });
});
