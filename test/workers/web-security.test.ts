import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { signup } from './helpers';
import { COOKIE, WEB, tokenFor, web, webSignup } from './web-support';

function nextMessage(ws: WebSocket): Promise<any> {
  return new Promise((resolve, reject) => {
    ws.addEventListener('message', (e) => resolve(JSON.parse(e.data as string)), { once: true });
    ws.addEventListener('close', () => reject(new Error('closed')), { once: true });
  });
}

describe('security headers', () => {
  it('sends a CSP that allows no inline script or style, and nosniff, on pages and API', async () => {
    for (const path of ['/sign-in', '/api/v1/openapi.json']) {
      const res = await web(path);
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('serves pages with no inline script or style attribute, and assets from hashed URLs', async () => {
    const { cookie } = await webSignup();
    const html = await (await web('/upload', { cookie })).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toMatch(/\son[a-z]+=/);
    const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!))];
    // the stylesheet, the banner, live, charts, forms and upload scripts, the SVG icon and the touch icon
    expect(assets.filter((a) => /\.(js|css)$/.test(a)).length).toBe(6);
    expect(assets.length).toBe(8);
    for (const path of assets) {
      expect(path).toMatch(/\.[0-9a-f]{8}\.(js|css|svg|png)$/);
      const res = await web(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toContain('immutable');
    }
  });
});

describe('CSRF', () => {
  const crossSite: Array<{ name: string; headers: Record<string, string>; body: string }> = [
    { name: 'form-urlencoded', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'label=evil' },
    { name: 'multipart', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\ncontent-disposition: form-data; name="label"\r\n\r\nevil\r\n--x--\r\n' },
    { name: 'text/plain', headers: { 'content-type': 'text/plain' }, body: 'label=evil' },
    { name: 'no content type', headers: {}, body: 'label=evil' },
  ];
  for (const origin of ['https://evil.example', 'null']) {
    for (const c of crossSite) {
      it(`refuses a cross-site ${c.name} post from Origin ${origin} with the runner's cookie`, async () => {
        const { cookie } = await webSignup();
        const res = await web('/settings/tokens', { method: 'POST', cookie, origin, headers: c.headers, body: c.body });
        expect(res.status).toBe(403);
        const page = await web('/settings', { cookie });
        expect(await page.text()).toContain('No tokens yet.');
      });
    }
  }

  it('accepts the same post from this site', async () => {
    const { cookie } = await webSignup();
    expect(await tokenFor(cookie, 'script')).toMatch(/^pl_[A-Za-z0-9_-]{43}$/);
  });

  it('refuses cookie-authenticated uploads from another origin, or with no Origin at all', async () => {
    const { cookie } = await webSignup();
    for (const origin of ['https://evil.example', null]) {
      const body = new FormData();
      body.append('file', new File([new Uint8Array([1, 2, 3])], 'x.fit'));
      const res = await web('/api/v1/uploads', { method: 'POST', cookie, origin, body });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('keeps the rest of the API bearer-only: a cookie does not open /me or the session list', async () => {
    const { cookie } = await webSignup();
    expect((await web('/api/v1/me', { cookie })).status).toBe(401);
    expect((await web('/api/v1/sessions', { cookie })).status).toBe(401);
  });
});

describe('the banner WebSocket', () => {
  it('opens with the session cookie from this origin and sends the snapshot first', async () => {
    const { cookie } = await webSignup();
    const res = await SELF.fetch(`${WEB}/api/v1/events`, { headers: { upgrade: 'websocket', origin: WEB, cookie: `${COOKIE}=${cookie}` } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const frame = await nextMessage(ws);
    expect(frame).toEqual({ type: 'snapshot', jobs: [] });
    ws.send(JSON.stringify({ type: 'ping' }));
    expect(await nextMessage(ws)).toEqual({ type: 'pong' });
    ws.close(1000, 'done');
  });

  it('opens with a bearer token (no Origin needed) and pushes a job frame when an upload starts', async () => {
    const { token } = await signup();
    const res = await SELF.fetch(`${WEB}/api/v1/events`, { headers: { upgrade: 'websocket', authorization: `Bearer ${token}` } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    expect((await nextMessage(ws)).type).toBe('snapshot');
    const next = nextMessage(ws);
    const body = new FormData();
    body.append('file', new File([new Uint8Array([0])], 'tiny.fit'));
    expect((await SELF.fetch(`${WEB}/api/v1/uploads`, { method: 'POST', body, headers: { authorization: `Bearer ${token}` } })).status).toBe(202);
    const frame = await next;
    expect(frame.type).toBe('job');
    expect(frame.job.kind).toBe('upload');
    ws.close(1000, 'done');
  });

  it('refuses a cookie-authenticated socket from another origin (cross-site WebSocket hijacking)', async () => {
    const { cookie } = await webSignup();
    const res = await SELF.fetch(`${WEB}/api/v1/events`, { headers: { upgrade: 'websocket', origin: 'https://evil.example', cookie: `${COOKIE}=${cookie}` } });
    expect(res.status).toBe(403);
  });

  it('refuses without credentials, and answers 426 to a plain GET', async () => {
    expect((await SELF.fetch(`${WEB}/api/v1/events`, { headers: { upgrade: 'websocket', origin: WEB } })).status).toBe(401);
    const { token } = await signup();
    expect((await SELF.fetch(`${WEB}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(426);
  });
});
