import { describe, expect, it } from 'vitest';
import { COOKIE, PASSWORD, form, sessionCookieFrom, web, webSignup } from './web-support';
import { directoryDb } from './helpers';

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('browser accounts', () => {
  it('signs in with a HttpOnly, Secure, SameSite=Lax __Host- cookie whose token is stored only as a hash', async () => {
    const email = `hash-${Date.now()}@example.com`;
    expect((await web('/sign-up', { method: 'POST', ...form({ name: 'Ana', email, password: PASSWORD }) })).status).toBe(303);
    const res = await web('/sign-in', { method: 'POST', ...form({ email, password: PASSWORD }) });
    expect(res.status).toBe(303);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(COOKIE))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/Secure/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    const token = sessionCookieFrom(res)!;
    const rows = await directoryDb().prepare('SELECT id_hash FROM web_sessions s JOIN runners r ON r.id = s.runner_id WHERE r.email = ?').bind(email).all<{ id_hash: string }>();
    expect(rows.results.map((r) => r.id_hash)).toEqual([await sha256Hex(token)]);
    const dashboard = await web('/', { cookie: token });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain('Hello, Ana');
  });

  it('uses a plain (non-Secure) cookie only on http://127.0.0.1 and localhost', async () => {
    const { SELF } = await import('cloudflare:test');
    const post = (path: string, values: Record<string, string>) => SELF.fetch(`http://127.0.0.1:8787${path}`, {
      method: 'POST', redirect: 'manual', headers: { origin: 'http://127.0.0.1:8787', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(values).toString(),
    });
    const email = `dev-${Date.now()}@example.com`;
    await post('/sign-up', { name: 'Dev', email, password: PASSWORD });
    const res = await post('/sign-in', { email, password: PASSWORD });
    const setCookie = res.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/^pl_session=/);
    expect(setCookie).not.toMatch(/Secure/);
    expect(setCookie).toMatch(/HttpOnly/);
  });

  it('sends anonymous visitors to the sign-in page and back', async () => {
    const res = await web('/sessions');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?next=%2Fsessions');
  });

  it('signs in, signs out, and a signed-out cookie no longer works', async () => {
    const { email } = await webSignup();
    const res = await web('/sign-in', { method: 'POST', ...form({ email, password: PASSWORD, next: '/records' }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/records');
    const cookie = sessionCookieFrom(res)!;
    expect((await web('/records', { cookie })).status).toBe(200);
    const out = await web('/sign-out', { method: 'POST', cookie, ...form({}) });
    expect(out.status).toBe(303);
    expect(out.headers.getSetCookie().join()).toMatch(/Max-Age=0/);
    expect((await web('/records', { cookie })).status).toBe(303);
  });

  it('never redirects to another site after sign-in', async () => {
    const { email } = await webSignup();
    for (const next of ['//evil.example', '/\\evil.example', 'https://evil.example/']) {
      const res = await web('/sign-in', { method: 'POST', ...form({ email, password: PASSWORD, next }) });
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('gives the same answer for an unknown email and a wrong password', async () => {
    const { email } = await webSignup();
    const wrong = await web('/sign-in', { method: 'POST', ip: '10.0.0.1', ...form({ email, password: 'not the password' }) });
    const unknown = await web('/sign-in', { method: 'POST', ip: '10.0.0.2', ...form({ email: `nobody-${Date.now()}@example.com`, password: 'not the password' }) });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.text(), await unknown.text()];
    expect(a).toContain('The email or password is wrong.');
    expect(b).toContain('The email or password is wrong.');
    expect(sessionCookieFrom(wrong)).toBeNull();
  });

  it('rate-limits sign-in per email and IP with 429, and the real runner still signs in from elsewhere', async () => {
    const { email } = await webSignup();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await web('/sign-in', { method: 'POST', ip: '203.0.113.9', ...form({ email, password: `guess ${i}` }) })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // even the right password is refused from the throttled address, without saying whether it was right
    const blocked = await web('/sign-in', { method: 'POST', ip: '203.0.113.9', ...form({ email, password: PASSWORD }) });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await blocked.text()).toContain('too_many_attempts');
    const elsewhere = await web('/sign-in', { method: 'POST', ip: '198.51.100.7', ...form({ email, password: PASSWORD }) });
    expect(elsewhere.status).toBe(303);
  });

  it('rate-limits one IP spraying many accounts', async () => {
    const ip = '192.0.2.200';
    let last = 0;
    for (let i = 0; i < 31; i++) last = (await web('/sign-in', { method: 'POST', ip, ...form({ email: `spray${i}-${Date.now()}@example.com`, password: 'x' }) })).status;
    expect(last).toBe(429);
  });

  it('revokes every session with "sign out on every device"', async () => {
    const { cookie, email } = await webSignup();
    const second = sessionCookieFrom(await web('/sign-in', { method: 'POST', ...form({ email, password: PASSWORD }) }))!;
    expect((await web('/settings/sign-out-everywhere', { method: 'POST', cookie, ...form({}) })).status).toBe(303);
    expect((await web('/', { cookie: second })).status).toBe(303);
    expect((await web('/', { cookie })).status).toBe(303);
  });

  it('expires sessions: an expired row no longer signs anyone in', async () => {
    const { cookie } = await webSignup();
    await directoryDb().prepare('UPDATE web_sessions SET expires_at = ? WHERE id_hash = ?').bind(Date.now() - 1, await sha256Hex(cookie)).run();
    expect((await web('/', { cookie })).status).toBe(303);
  });

  it('slides the expiry forward on use (at most once an hour) and re-sends the cookie', async () => {
    const { cookie } = await webSignup();
    const hash = await sha256Hex(cookie);
    const soon = Date.now() + 3_600_000;
    await directoryDb().prepare('UPDATE web_sessions SET last_seen_at = ?, expires_at = ? WHERE id_hash = ?').bind(Date.now() - 2 * 3_600_000, soon, hash).run();
    const res = await web('/', { cookie });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`${COOKIE}=${cookie}`))).toBe(true);
    const row = await directoryDb().prepare('SELECT expires_at FROM web_sessions WHERE id_hash = ?').bind(hash).first<{ expires_at: number }>();
    expect(row!.expires_at).toBeGreaterThan(soon + 86_400_000);
  });
});
