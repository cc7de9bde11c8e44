/**
 * Issue 13 §1: one credential throttle for every password check (counted before the check,
 * per email+IP, per IP and per email, a progressive delay, 429 + Retry-After), sign-up that does
 * not reveal registered emails and is limited per IP, and the per-IP outer rate limit.
 */
import { describe, expect, it } from 'vitest';
import { api, directoryDb, signup, testIp } from './helpers';
import { form, sessionCookieFrom, web } from './web-support';

const PASSWORD = 'correct horse battery';
const json = { 'content-type': 'application/json' };

function tokenAttempt(email: string, password: string, ip: string): Promise<Response> {
  return api('/auth/token', { method: 'POST', headers: { ...json, 'cf-connecting-ip': ip }, body: JSON.stringify({ email, password }) });
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Ends the current delay of a key as if its wait had passed (the clock cannot be moved in workerd). */
async function endDelay(key: string): Promise<void> {
  await directoryDb().prepare('UPDATE credential_throttle SET blocked_until = ? WHERE key = ?').bind(Date.now() - 1, key).run();
}

describe('POST /auth/token throttle', () => {
  it('answers 429 with Retry-After after 5 wrong passwords from one address, even for the right one', async () => {
    const { email } = await signup();
    const ip = testIp();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await tokenAttempt(email, `guess ${i}`, ip)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await tokenAttempt(email, PASSWORD, ip);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    expect(await blocked.json()).toMatchObject({ code: 'too_many_attempts', status: 429 });
    // from another address the runner still gets a token
    expect((await tokenAttempt(email, PASSWORD, testIp())).status).toBe(201);
  });

  it('counts before checking: 20 guesses sent at once get at most 5 password checks', async () => {
    const { email } = await signup();
    const ip = testIp();
    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => tokenAttempt(email, `parallel ${i}`, ip)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
  });

  it('delays progressively (2 s, then 4 s, …) instead of locking out', async () => {
    const { email } = await signup();
    const ip = testIp();
    const pairKey = `pair:${await sha256Hex(`${email}\n${ip}`)}`;
    for (let i = 0; i < 5; i++) await tokenAttempt(email, `guess ${i}`, ip);
    const first = await tokenAttempt(email, 'guess 5', ip);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    await endDelay(pairKey);
    expect((await tokenAttempt(email, 'guess 6', ip)).status).toBe(401); // allowed again once the wait is over
    const second = await tokenAttempt(email, 'guess 7', ip);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('4');
    await endDelay(pairKey);
    expect((await tokenAttempt(email, PASSWORD, ip)).status).toBe(201);
  });

  it('limits one address spraying many accounts', async () => {
    const ip = testIp();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await tokenAttempt(`spray${i}-${Date.now()}@example.com`, 'password guess', ip)).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
  });

  it('slows guesses at one email from many addresses, but not the runner at an address they signed in from', async () => {
    const { email } = await signup();
    const home = testIp();
    expect((await tokenAttempt(email, PASSWORD, home)).status).toBe(201);
    const statuses: number[] = [];
    // 20 attempts per email (the two token requests above counted too), then a delay
    for (let i = 0; i < 25 && statuses.at(-1) !== 429; i++) statuses.push((await tokenAttempt(email, `stuffing ${i}`, testIp())).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(17);
    expect((await tokenAttempt(email, PASSWORD, testIp())).status).toBe(429); // a fresh address waits
    expect((await tokenAttempt(email, PASSWORD, home)).status).toBe(201); // the runner's own address does not
  });
});

describe('sign-up', () => {
  it('answers the API the same whether or not the email is registered, and creates nothing for a taken one', async () => {
    const { email } = await signup();
    const taken = await api('/auth/signup', { method: 'POST', headers: { ...json, 'cf-connecting-ip': testIp() }, body: JSON.stringify({ email, password: 'someone else 123', name: 'X' }) });
    const fresh = await api('/auth/signup', { method: 'POST', headers: { ...json, 'cf-connecting-ip': testIp() }, body: JSON.stringify({ email: `fresh-${Date.now()}@example.com`, password: 'someone else 123', name: 'X' }) });
    expect(taken.status).toBe(202);
    expect(fresh.status).toBe(202);
    expect(await taken.json()).toEqual(await fresh.json());
    expect((await tokenAttempt(email, 'someone else 123', testIp())).status).toBe(401);
    expect((await tokenAttempt(email, PASSWORD, testIp())).status).toBe(201);
  });

  it('answers the web form the same whether or not the email is registered, with no session either way', async () => {
    const { email } = await signup();
    const taken = await web('/sign-up', { method: 'POST', ip: testIp(), ...form({ name: 'X', email, password: 'someone else 123' }) });
    const fresh = await web('/sign-up', { method: 'POST', ip: testIp(), ...form({ name: 'X', email: `fresh-web-${Date.now()}@example.com`, password: 'someone else 123' }) });
    for (const res of [taken, fresh]) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/sign-in?registered=1');
      expect(sessionCookieFrom(res)).toBeNull();
    }
  });

  it('limits sign-ups per address (API and web share the count)', async () => {
    const ip = testIp();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await api('/auth/signup', { method: 'POST', headers: { ...json, 'cf-connecting-ip': ip }, body: JSON.stringify({ email: `many${i}-${Date.now()}@example.com`, password: 'a long passphrase', name: 'M' }) })).status);
    for (let i = 3; i < 6; i++) statuses.push((await web('/sign-up', { method: 'POST', ip, ...form({ name: 'M', email: `many${i}-${Date.now()}@example.com`, password: 'a long passphrase' }) })).status);
    expect(statuses).toEqual([202, 202, 202, 303, 303, 429]);
    const api429 = await api('/auth/signup', { method: 'POST', headers: { ...json, 'cf-connecting-ip': ip }, body: JSON.stringify({ email: `late-${Date.now()}@example.com`, password: 'a long passphrase', name: 'M' }) });
    expect(api429.status).toBe(429);
    expect(Number(api429.headers.get('retry-after'))).toBeGreaterThanOrEqual(60);
  });
});

describe('per-IP outer rate limit (Rate Limiting binding)', () => {
  it('answers 429 rate_limited with Retry-After once one address sends more than the limit of writes', async () => {
    const ip = testIp();
    // 100 a minute in test/wrangler.test.toml, in windows aligned to the minute (as the local
    // simulator counts): start early in one so all 101 requests fall in the same window
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    const write = () => api('/auth/token', { method: 'POST', headers: { ...json, 'cf-connecting-ip': ip }, body: '{}' });
    const first = await Promise.all(Array.from({ length: 100 }, write)); // invalid bodies: each request is cheap
    expect(first.every((r) => r.status === 400)).toBe(true);
    const last = await write();
    expect(last.status).toBe(429);
    expect(last.headers.get('retry-after')).toBe('60');
    expect(await last.json()).toMatchObject({ code: 'rate_limited' });
    // reads are not counted, and other addresses are not affected
    expect((await api('/openapi.json', { headers: { 'cf-connecting-ip': ip } })).status).toBe(200);
    expect((await api('/auth/token', { method: 'POST', headers: { ...json, 'cf-connecting-ip': testIp() }, body: '{}' })).status).toBe(400);
  });
});
