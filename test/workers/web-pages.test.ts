import { describe, expect, it } from 'vitest';
import { api, corpusFile, hasCorpus, signup, waitForJob } from './helpers';
import { form, tokenFor, web, webSignup } from './web-support';

async function uploadByCookie(cookie: string, files: Array<{ name: string; bytes: Uint8Array }>) {
  const body = new FormData();
  for (const f of files) body.append('file', new File([f.bytes], f.name));
  const res = await web('/api/v1/uploads', { method: 'POST', cookie, body });
  expect(res.status).toBe(202);
  return (await res.json<{ job: { id: string } }>()).job;
}

describe.runIf(hasCorpus())('pages with data', () => {
  it('renders the dashboard, sessions, a session with charts, and the job report with the rejection reason', async () => {
    const { cookie } = await webSignup('Pages');
    const token = await tokenFor(cookie);
    const hostile = '<img src=x onerror=alert(1)>.fit';
    const job = await uploadByCookie(cookie, [
      { name: 'run.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') },
      { name: hostile, bytes: corpusFile('corrupt-bitflip.fit') },
    ]);
    await waitForJob(token, job.id, 60_000);

    const report = await (await web(`/jobs/${job.id}`, { cookie })).text();
    expect(report).toContain('&lt;img src=x onerror=alert(1)&gt;.fit');
    expect(report).not.toContain('<img src=x');
    expect(report).toContain('crc_mismatch');
    expect(report).toMatch(/data-file-status="imported"/);

    // History opens on the range that holds the runner's data (this 2020 run), not an empty last half year
    const history = await (await web('/history', { cookie })).text();
    expect(history).toMatch(/id="to" name="to" type="date" value="20(19|20)-/);
    const list = await (await web('/sessions', { cookie })).text();
    const id = /href="\/sessions\/([^"]+)"/.exec(list)![1]!;
    expect(list).toContain('aria-label="Running"');
    expect(list).toMatch(/\d+\.\d\d km/);

    const page = await (await web(`/sessions/${id}`, { cookie })).text();
    for (const chart of ['pace', 'hr', 'elevation']) expect(page).toContain(`data-chart="${chart}"`);
    const points = [...page.matchAll(/data-points="(\d+)"/g)].map((m) => Number(m[1]));
    expect(points.length).toBeGreaterThan(3);
    expect(Math.max(...points)).toBeLessThanOrEqual(500);
    expect(page).toContain('class="route-line"');
    expect(page).toContain(`/api/v1/sessions/${id}/records?format=csv`);

    // the download links work with the cookie (GET only)
    const fit = await web(`/api/v1/sessions/${id}/fit`, { cookie });
    expect(fit.status).toBe(200);
    expect(fit.headers.get('content-type')).toBe('application/vnd.ant.fit');

    const dashboard = await (await web('/', { cookie })).text();
    expect(dashboard).toContain(`/sessions/${id}`);
  });
});

describe('pages without data', () => {
  it('deletes a session from its page (same-origin form post only)', async () => {
    const { cookie } = await webSignup('Deleter');
    const token = await tokenFor(cookie);
    const job = await uploadByCookie(cookie, [{ name: 'run.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') }]);
    const done = await waitForJob(token, job.id, 60_000);
    const id = done.files[0].sessionId!;
    const page = await (await web(`/sessions/${id}`, { cookie })).text();
    expect(page).toContain(`href="/sessions/${id}/delete"`); // asks first: a confirmation page
    expect(page).toMatch(/<title>Run · \d{1,2} [A-Z][a-z]{2,3} \d{4} · Pacelab<\/title>/); // the title names the session
    const confirm = await (await web(`/sessions/${id}/delete`, { cookie })).text();
    expect(confirm).toContain(`action="/sessions/${id}/delete"`);
    expect((await web(`/sessions/${id}`, { cookie })).status).toBe(200); // looking at the question deletes nothing
    expect((await web(`/sessions/${id}/delete`, { method: 'POST', cookie, origin: 'https://evil.example' })).status).toBe(403);
    const res = await web(`/sessions/${id}/delete`, { method: 'POST', cookie });
    expect(res.status).toBe(303);
    expect((await web(`/sessions/${id}`, { cookie })).status).toBe(404);
  });

  it('say plainly what is missing (no zeros)', async () => {
    const { cookie } = await webSignup();
    const dashboard = await (await web('/', { cookie })).text();
    expect(dashboard).toContain('No sessions yet.');
    expect(dashboard).toContain('Weekly volume appears once');
    expect(dashboard).toContain('No personal bests yet');
    const records = await (await web('/records', { cookie })).text();
    expect(records).toContain('Critical speed is estimated once');
    const history = await (await web('/history', { cookie })).text();
    expect(history).toContain('Fitness, fatigue and form appear once');
  });

  it("answers 404 pages for another runner's session and job", async () => {
    const { cookie } = await webSignup();
    const res = await web('/sessions/ses_not_mine', { cookie });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('not_found');
    expect((await web('/jobs/job_not_mine', { cookie })).status).toBe(404);
    const other = await web('/no/such/page', { cookie });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toContain('text/html');
  });
});

describe('settings', () => {
  it('saves the profile through the same rules as PATCH /api/v1/me', async () => {
    const { cookie } = await webSignup();
    const ok = await web('/settings/profile', { method: 'POST', cookie, ...form({ name: 'Imperial Ina', maxHr: '190', restingHr: '48', thresholdHr: '', zoneModel: 'hrr', units: 'imperial', timeZone: 'America/New_York' }) });
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain('Profile saved.');
    expect(html).toMatch(/<option value="America\/New_York" selected/);
    const bad = await web('/settings/profile', { method: 'POST', cookie, ...form({ name: 'X', units: 'metric', timeZone: 'Mars/Olympus' }) });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Unknown IANA time zone.');
  });

  it('creates a token shown once, lists it, and revokes it (web and REST)', async () => {
    const { cookie } = await webSignup();
    const token = await tokenFor(cookie);
    expect((await api('/me', { token })).status).toBe(200);
    const list = await api('/me/tokens', { token });
    const items = (await list.json<{ items: Array<{ id: string; prefix: string; label: string; revokedAt: string | null }> }>()).items;
    expect(items).toHaveLength(1);
    expect(JSON.stringify(items)).not.toContain(token);
    const settings = await (await web('/settings', { cookie })).text();
    expect(settings).not.toContain(token);
    expect(settings).toContain(`${token.slice(0, 7)}…`);
    const revoked = await web(`/settings/tokens/${items[0]!.id}/revoke`, { method: 'POST', cookie, ...form({}) });
    expect(revoked.status).toBe(303); // Post/Redirect/Get: a reload does not post again
    expect(await (await web(revoked.headers.get('location')!, { cookie })).text()).toContain('Token revoked.');
    // the one-time secret is gone after its page: a reload of it does not show it again
    expect(await (await web('/settings?created=1', { cookie })).text()).not.toContain('id="new-token"');
    expect((await api('/me', { token })).status).toBe(401);
  });

  it('revokes through DELETE /api/v1/me/tokens/{id}, and another runner gets 404', async () => {
    const a = await signup();
    const b = await signup();
    const [mine] = (await (await api('/me/tokens', { token: a.token })).json<{ items: Array<{ id: string }> }>()).items;
    expect((await api(`/me/tokens/${mine!.id}`, { method: 'DELETE', token: b.token })).status).toBe(404);
    expect((await api(`/me/tokens/${mine!.id}`, { method: 'DELETE', token: a.token })).status).toBe(204);
    expect((await api('/me', { token: a.token })).status).toBe(401);
  });
});

describe.runIf(hasCorpus())('the upload page\'s resumable path', () => {
  it('drives /api/v1/uploads/multipart with the session cookie, the way upload.js does', async () => {
    const { cookie } = await webSignup();
    const bytes = corpusFile('run-garmin-fenix5-tiny.fit');
    const created = await web('/api/v1/uploads/multipart', { method: 'POST', cookie, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'big.fit', size: bytes.length }) });
    expect(created.status).toBe(201);
    const { id, partSize } = await created.json<{ id: string; partSize: number }>();
    expect(partSize).toBeGreaterThan(0);
    const put = await web(`/api/v1/uploads/multipart/${id}/parts/1`, { method: 'PUT', cookie, headers: { 'content-type': 'application/octet-stream' }, body: bytes });
    expect(put.status).toBe(200);
    const status = await (await web(`/api/v1/uploads/multipart/${id}`, { cookie })).json<{ parts: Array<{ partNumber: number }> }>();
    expect(status.parts.map((p) => p.partNumber)).toEqual([1]);
    const cross = await web(`/api/v1/uploads/multipart/${id}/complete`, { method: 'POST', cookie, origin: 'https://evil.example' });
    expect(cross.status).toBe(403);
    const done = await web(`/api/v1/uploads/multipart/${id}/complete`, { method: 'POST', cookie });
    expect(done.status).toBe(202);
    expect((await done.json<{ job: { id: string } }>()).job.id).toMatch(/^job_/);
  });
});
