/** Browser-like requests for the web app tests: form posts with an Origin, cookies kept by hand. */
import { SELF } from 'cloudflare:test';
import { expect } from 'vitest';
import { testIp } from './helpers';

export const WEB = 'https://pacelab.test';
export const COOKIE = '__Host-pl_session';
let counter = 0;

export interface WebInit extends RequestInit {
  cookie?: string;
  /** the Origin header; same origin by default on unsafe methods, null to send none */
  origin?: string | null;
  ip?: string;
}

export async function web(path: string, init: WebInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', `${COOKIE}=${init.cookie}`);
  const unsafe = init.method && !/^(GET|HEAD)$/i.test(init.method);
  const origin = init.origin === undefined ? (unsafe ? WEB : null) : init.origin;
  if (origin) headers.set('origin', origin);
  if (init.ip) headers.set('cf-connecting-ip', init.ip);
  return SELF.fetch(`${WEB}${path}`, { ...init, headers, redirect: 'manual' });
}

export function form(values: Record<string, string>): { body: string; headers: Record<string, string> } {
  return { body: new URLSearchParams(values).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
}

export function sessionCookieFrom(res: Response): string | null {
  const header = res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIE}=`));
  const value = header?.split(';')[0]!.slice(COOKIE.length + 1);
  return value || null;
}

export const PASSWORD = 'correct horse battery';

/**
 * A new API token made the way a browser does: POST (303, the secret in a one-time cookie), then
 * GET /settings?created=1 with that cookie shows it once.
 */
export async function tokenFor(cookie: string, label = 'test'): Promise<string> {
  const res = await web('/settings/tokens', { method: 'POST', cookie, ...form({ label }) });
  expect(res.status).toBe(303);
  const flash = res.headers.getSetCookie().find((c) => c.startsWith('__Host-pl_new_token='))!.split(';')[0]!;
  const page = await SELF.fetch(`${WEB}/settings?created=1`, { headers: { cookie: `${COOKIE}=${cookie}; ${flash}` }, redirect: 'manual' });
  return /id="new-token">(pl_[^<]+)</.exec(await page.text())![1]!;
}

export async function webSignup(name = 'Web Runner'): Promise<{ cookie: string; email: string }> {
  const email = `web${++counter}-${Math.random().toString(36).slice(2)}@example.com`;
  const ip = testIp();
  const res = await web('/sign-up', { method: 'POST', ip, ...form({ name, email, password: PASSWORD }) });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/sign-in?registered=1');
  const signIn = await web('/sign-in', { method: 'POST', ip, ...form({ email, password: PASSWORD }) });
  expect(signIn.status).toBe(303);
  const cookie = sessionCookieFrom(signIn);
  expect(cookie).toBeTruthy();
  return { cookie: cookie!, email };
}
