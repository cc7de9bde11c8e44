import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { api, BASE, corpusFile, signup, uploadFiles, waitForJob } from './helpers';

async function expectProblem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = await res.json<{ code: string; status: number; detail: string; title: string; type: string }>();
  expect(body).toMatchObject({ status, code });
  expect(body.detail.length).toBeGreaterThan(10);
  return body;
}

describe('isolation between runners', () => {
  it("answers 404 for another runner's job, session, records and FIT", async () => {
    const a = await signup();
    const b = await signup();
    const up = await uploadFiles(a.token, [{ name: 'a.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') }]);
    const job = await waitForJob(a.token, up.body.job.id);
    const sessionId = job.files[0].sessionId!;
    expect((await api(`/sessions/${sessionId}`, { token: a.token })).status).toBe(200);
    await expectProblem(await api(`/jobs/${job.id}`, { token: b.token }), 404, 'not_found');
    await expectProblem(await api(`/sessions/${sessionId}`, { token: b.token }), 404, 'not_found');
    await expectProblem(await api(`/sessions/${sessionId}/records`, { token: b.token }), 404, 'not_found');
    await expectProblem(await api(`/sessions/${sessionId}/fit`, { token: b.token }), 404, 'not_found');
    const jobsOfB = await (await api('/jobs', { token: b.token })).json<{ items: unknown[] }>();
    expect(jobsOfB.items).toHaveLength(0);
  });
});

describe('auth', () => {
  it('requires a valid bearer token', async () => {
    await expectProblem(await api('/sessions'), 401, 'unauthorized');
    await expectProblem(await api('/sessions', { token: 'pl_nope' }), 401, 'unauthorized');
  });

  it('validates signup, answers a taken email like a new one, and issues tokens only for the right password', async () => {
    const bad = await expectProblem(await api('/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nope', password: 'short', name: '' }) }), 400, 'validation_failed');
    expect(JSON.stringify(bad)).toContain('password');
    const { email, token } = await signup();
    const again = await api('/auth/signup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'another password', name: 'X' }) });
    expect(again.status).toBe(202);
    await expectProblem(await api('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong password' }) }), 401, 'invalid_credentials');
    const res = await api('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'correct horse battery', label: 'cli' }) });
    expect(res.status).toBe(201);
    const second = (await res.json<{ token: string }>()).token;
    expect(second).not.toBe(token);
    expect((await api('/me', { token: second })).status).toBe(200);
  });

  it('reads and updates the profile', async () => {
    const { token } = await signup();
    const res = await api('/me', { method: 'PATCH', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ maxHr: 190, timeZone: 'Europe/Paris', units: 'imperial' }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ maxHr: 190, timeZone: 'Europe/Paris', units: 'imperial' });
    await expectProblem(await api('/me', { method: 'PATCH', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ timeZone: 'Mars/Olympus' }) }), 400, 'validation_failed');
  });
});

describe('upload errors', () => {
  it('answers 400 with a code for a form without files, a wrong content type, and an empty upload', async () => {
    const { token } = await signup();
    const form = new FormData();
    form.append('note', 'no files here');
    await expectProblem(await api('/uploads', { method: 'POST', body: form, token }), 400, 'no_files');
    await expectProblem(await api('/uploads', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' }, token }), 400, 'unsupported_content_type');
    const empty = new FormData();
    empty.append('file', new File([], 'empty.fit'));
    await expectProblem(await api('/uploads', { method: 'POST', body: empty, token }), 400, 'empty_upload');
  });

  it('answers 413 upload_too_large past the single-request limit, pointing to the resumable upload', async () => {
    const { token } = await signup();
    const declared = await api('/uploads?filename=big.fit', { method: 'POST', token, body: new Uint8Array(16), headers: { 'content-length': String(200 * 1024 * 1024) } }).catch(() => null);
    if (declared) await expectProblem(declared, 413, 'upload_too_large');
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 21) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await api('/uploads?filename=huge.fit', { method: 'POST', token, body });
    const problem = await expectProblem(res, 413, 'upload_too_large');
    expect(problem.detail).toContain('/api/v1/uploads/multipart');
  });

  it('accepts a raw body with ?filename=', async () => {
    const { token } = await signup();
    const raw = await api('/uploads?filename=raw.fit', { method: 'POST', token, body: corpusFile('run-garmin-fenix5-tiny.fit'), headers: { 'content-type': 'application/octet-stream' } });
    expect(raw.status).toBe(202);
    const body = await raw.json<{ job: { id: string } }>();
    expect(raw.headers.get('location')).toBe(`/api/v1/jobs/${body.job.id}`);
    expect((await waitForJob(token, body.job.id)).files[0]).toMatchObject({ name: 'raw.fit', status: 'imported' });
  });
});

describe('read API', () => {
  it('paginates sessions with a cursor, newest first, and filters by sport', async () => {
    const { token } = await signup();
    const names = ['run-garmin-fenix5-tiny.fit', 'run-garmin-fr110-2013.fit', 'run-suunto-move.fit', 'swim-pool-fr965.fit'];
    const up = await uploadFiles(token, names.map((n) => ({ name: n, bytes: corpusFile(n) })));
    await waitForJob(token, up.body.job.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Array<{ id: string; startTime: string }>; nextCursor: string | null } =
        await (await api(`/sessions?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token })).json();
      seen.push(...page.items.map((s) => s.startTime));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(4);
    expect([...seen].sort().reverse()).toEqual(seen);
    const swims = await (await api('/sessions?sport=swimming', { token })).json<{ items: unknown[] }>();
    expect(swims.items).toHaveLength(1);
    const since = await (await api('/sessions?from=2019-01-01T00:00:00Z', { token })).json<{ items: unknown[] }>();
    expect(since.items).toHaveLength(2);
    await expectProblem(await api('/sessions?cursor=garbage', { token }), 400, 'bad_cursor');
    await expectProblem(await api('/sessions?limit=0', { token }), 400, 'validation_failed');
  });

  it('serves an OpenAPI document describing every route', async () => {
    const doc = await (await SELF.fetch(`${BASE}/api/v1/openapi.json`)).json<{ paths: Record<string, unknown> }>();
    for (const path of ['/auth/signup', '/auth/token', '/me', '/uploads', '/jobs', '/jobs/{id}', '/sessions', '/sessions/{id}', '/sessions/{id}/records', '/sessions/{id}/fit']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it('answers unknown addresses with problem+json', async () => {
    await expectProblem(await SELF.fetch(`${BASE}/api/v1/nothing-here`), 404, 'not_found');
  });
});
