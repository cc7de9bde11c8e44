/**
 * Issue 13 §6 (tokens): optional expiry and read-only scope at creation (API and settings page),
 * "last used" recorded at most once a minute and shown, a read-only token refused on every write
 * route, an expired one refused everywhere, and "sign out everywhere" revoking API tokens when
 * the runner ticks the box.
 */
import { describe, expect, it } from 'vitest';
import { api, directoryDb, issueToken, signup } from './helpers';
import { form, PASSWORD, tokenFor, web, webSignup } from './web-support';

const json = { 'content-type': 'application/json' };

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function tokenRow(token: string): Promise<{ scope: string; expires_at: number | null; last_used_at: number | null }> {
  return (await directoryDb().prepare('SELECT scope, expires_at, last_used_at FROM api_tokens WHERE token_hash = ?').bind(await sha256Hex(token)).first())!;
}

describe('API tokens', () => {
  it('refuses a read-only token on every write operation of the OpenAPI document (403 insufficient_scope), and lets it read', async () => {
    const { email, token: writer } = await signup();
    const reader = await issueToken(email, PASSWORD, { scope: 'read', label: 'dashboard' });
    expect((await tokenRow(reader)).scope).toBe('read');
    expect((await api('/me', { token: reader })).status).toBe(200);
    expect((await api('/sessions', { token: reader })).status).toBe(200);
    expect((await api('/me/tokens', { token: reader })).status).toBe(200);

    const doc = await (await api('/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const writes = Object.entries(doc.paths).filter(([path]) => !path.startsWith('/auth/'))
      .flatMap(([path, ops]) => Object.keys(ops).filter((m) => ['post', 'put', 'patch', 'delete'].includes(m)).map((m) => [m.toUpperCase(), path.replace(/\{[^}]+\}/g, 'x1')] as const));
    expect(writes.length).toBeGreaterThanOrEqual(12);
    // and the document says so for each of them
    for (const [method, path] of writes) {
      const op = doc.paths[Object.keys(doc.paths).find((p) => p.replace(/\{[^}]+\}/g, 'x1') === path)!]![method.toLowerCase()] as { responses: Record<string, { description: string }> };
      expect(Object.keys(op.responses), `${method} ${path}`).toContain('403');
    }
    for (const [method, path] of writes) {
      const res = await api(path, { method, token: reader, headers: json, body: method === 'DELETE' ? undefined : '{}' });
      expect({ method, path, status: res.status, code: (await res.json<{ code: string }>()).code }).toEqual({ method, path, status: 403, code: 'insufficient_scope' });
    }
    // the same writes with a write token are not refused for scope
    expect((await api('/me/tokens/x1', { method: 'DELETE', token: writer })).status).toBe(404);
  });

  it('expires a token: 401 token_expired after its expiry, and the list shows scope, expiry and last use', async () => {
    const { email } = await signup();
    const before = Date.now();
    const token = await issueToken(email, PASSWORD, { expiresInDays: 7, label: 'week' });
    const row = await tokenRow(token);
    expect(row.expires_at).toBeGreaterThanOrEqual(before + 7 * 86_400_000);
    expect(row.expires_at).toBeLessThan(Date.now() + 7 * 86_400_000 + 1);
    const list = await (await api('/me/tokens', { token })).json<{ items: Array<{ label: string; scope: string; expiresAt: string | null; lastUsedAt: string | null }> }>();
    expect(list.items[0]).toMatchObject({ label: 'week', scope: 'write', expiresAt: new Date(row.expires_at!).toISOString() });
    expect(list.items[0]!.lastUsedAt).not.toBeNull();

    await directoryDb().prepare('UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?').bind(Date.now() - 1, await sha256Hex(token)).run();
    const expired = await api('/me', { token });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({ code: 'token_expired' });
    // bad values at creation are refused
    const tooLong = await api('/auth/token', { method: 'POST', headers: json, body: JSON.stringify({ email, password: PASSWORD, expiresInDays: 400 }) });
    expect(tooLong.status).toBe(400);
  });

  it('records "last used" at most once a minute per token', async () => {
    const { token } = await signup();
    const hash = await sha256Hex(token);
    const set = (at: number) => directoryDb().prepare('UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?').bind(at, hash).run();
    const recent = Date.now() - 30_000;
    await set(recent);
    expect((await api('/me', { token })).status).toBe(200);
    expect((await tokenRow(token)).last_used_at).toBe(recent); // used again within the minute: no write
    const old = Date.now() - 120_000;
    await set(old);
    expect((await api('/me', { token })).status).toBe(200);
    expect((await tokenRow(token)).last_used_at).toBeGreaterThan(old);
  });

  it('creates read-only and expiring tokens on the settings page and shows access, last use and expiry', async () => {
    const { cookie } = await webSignup();
    const created = await web('/settings/tokens', { method: 'POST', cookie, ...form({ label: 'reader', scope: 'read', expires: '30' }) });
    expect(created.status).toBe(303);
    const page = await (await web('/settings', { cookie })).text();
    expect(page).toContain('Read only');
    expect(page).toMatch(/<td>reader<\/td>.*?<td>read only<\/td>/s);
    expect(page).toContain('Last used');
    expect(page).toContain('Expires');
    expect(page).toContain('name="revokeTokens"');
    const bad = await web('/settings/tokens', { method: 'POST', cookie, ...form({ label: 'x', scope: 'admin' }) });
    expect(bad.status).toBe(400);
    const odd = await web('/settings/tokens', { method: 'POST', cookie, ...form({ label: 'x', expires: '3' }) });
    expect(odd.status).toBe(400);
  });

  it('"sign out everywhere" keeps API tokens unless the box is ticked, then revokes them all', async () => {
    const { cookie, email } = await webSignup();
    const token = await tokenFor(cookie);
    expect((await web('/settings/sign-out-everywhere', { method: 'POST', cookie, ...form({}) })).status).toBe(303);
    expect((await api('/me', { token })).status).toBe(200);

    const again = await web('/sign-in', { method: 'POST', ...form({ email, password: PASSWORD }) });
    const cookie2 = again.headers.getSetCookie().find((c) => c.startsWith('__Host-pl_session='))!.split(';')[0]!.split('=')[1]!;
    const second = await issueToken(email, PASSWORD);
    expect((await web('/settings/sign-out-everywhere', { method: 'POST', cookie: cookie2, ...form({ revokeTokens: 'yes' }) })).status).toBe(303);
    expect((await web('/', { cookie: cookie2 })).status).toBe(303);
    for (const t of [token, second]) expect((await api('/me', { token: t })).status).toBe(401);
  });
});
