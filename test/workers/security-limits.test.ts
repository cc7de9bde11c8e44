/**
 * Issue 13 §2 and §5: bounded requests (64 KiB forms before anything parses them), no caching of
 * API answers, and problem+json that answers unknown domain errors 500 without internals.
 */
import { describe, expect, it } from 'vitest';
import { api, directoryDb, signup, testIp, uploadFiles, corpusFile, waitForJob } from './helpers';
import { form, web, webSignup } from './web-support';

describe('form body limit', () => {
  it('refuses a 2 MiB sign-in post with 413 before parsing or hashing it', async () => {
    const ip = testIp();
    const email = `big-${Date.now()}@example.com`;
    const res = await web('/sign-in', { method: 'POST', ip, ...form({ email, password: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('body_too_large');
    // nothing was read: no attempt was counted for this email and address
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${email}\n${ip}`)));
    const pair = `pair:${Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')}`;
    expect(await directoryDb().prepare('SELECT key FROM credential_throttle WHERE key = ?').bind(pair).first()).toBeNull();
  });

  it('refuses an oversized settings or plan form post of a signed-in runner', async () => {
    const { cookie } = await webSignup();
    for (const path of ['/settings/profile', '/settings/tokens', '/plans']) {
      const res = await web(path, { method: 'POST', cookie, ...form({ name: 'y'.repeat(70 * 1024) }) });
      expect(res.status, path).toBe(413);
    }
  });
});

describe('Cache-Control: no-store on every API answer', () => {
  it('marks token issuance, reads, problems and downloads no-store', async () => {
    const { token, email } = await signup();
    const issued = await api('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': testIp() }, body: JSON.stringify({ email, password: 'correct horse battery' }) });
    expect(issued.status).toBe(201);
    expect(issued.headers.get('cache-control')).toBe('no-store');
    const up = await uploadFiles(token, [{ name: 'tiny.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') }]);
    const sessionId = (await waitForJob(token, up.body.job.id)).files[0]!.sessionId!;
    for (const path of ['/me', '/jobs', `/jobs/${up.body.job.id}`, '/sessions', `/sessions/${sessionId}`, `/sessions/${sessionId}/records`, `/sessions/${sessionId}/fit`, '/history', '/nothing-here']) {
      const res = await api(path, { token });
      expect(res.headers.get('cache-control'), path).toBe('no-store');
      await res.arrayBuffer();
    }
    expect((await api('/me')).headers.get('cache-control')).toBe('no-store'); // a 401 too
  });
});

describe('problem+json', () => {
  it('answers a domain error that is not meant for HTTP with 500 internal_error, without its message', async () => {
    const { token } = await signup();
    // a server-side fault: the plan catalogue (seeded by a migration) is missing
    const saved = await directoryDb().prepare('SELECT * FROM plan_schemas').all<Record<string, unknown>>();
    await directoryDb().prepare('DELETE FROM plan_schemas').run();
    try {
      const res = await api('/plans', { method: 'POST', token, headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ raceDistanceM: 10_000, raceDate: new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10), daysPerWeek: 4 }) });
      expect(res.status).toBe(500);
      const body = await res.json<{ code: string; detail: string }>();
      expect(body.code).toBe('internal_error');
      expect(JSON.stringify(body)).not.toMatch(/database|plan_catalog_missing|schema/i);
    } finally {
      for (const row of saved.results) {
        const cols = Object.keys(row);
        await directoryDb().prepare(`INSERT INTO plan_schemas (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).bind(...cols.map((c) => row[c])).run();
      }
    }
  });
});
