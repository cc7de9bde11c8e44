/**
 * Each activity in its own local time (issue 16 item 5): the FIT activity's local_timestamp gives
 * the session's UTC offset, stored with the session, served by the API (utcOffsetMinutes,
 * startLocal) and used by the list, the session page and its title; a file without one reads in
 * the runner's zone.
 */
import { describe, expect, it } from 'vitest';
import { api, corpusFile, hasCorpus, testIp, waitForJob } from './helpers';
import { form, PASSWORD, sessionCookieFrom, tokenFor, web } from './web-support';

async function signupIn(timeZone: string, acceptLanguage = 'en-GB,en;q=0.8'): Promise<string> {
  const email = `local-${Math.random().toString(36).slice(2)}@example.com`;
  const ip = testIp();
  const post = form({ name: 'Abroad', email, password: PASSWORD, timeZone });
  expect((await web('/sign-up', { method: 'POST', ip, body: post.body, headers: { ...post.headers, 'accept-language': acceptLanguage } })).status).toBe(303);
  return sessionCookieFrom(await web('/sign-in', { method: 'POST', ip, ...form({ email, password: PASSWORD }) }))!;
}

async function uploadOne(token: string, name: string): Promise<void> {
  const body = new FormData();
  body.append('file', new File([corpusFile(name)], name));
  const res = await api('/uploads', { method: 'POST', token, body });
  expect(res.status).toBe(202);
  await waitForJob(token, (await res.json<{ job: { id: string } }>()).job.id, 60_000);
}

interface Summary { id: string; startTime?: string; utcOffsetMinutes?: number; startLocal?: string }

describe.runIf(hasCorpus())('activity-local time', () => {
  it('stores the offset, serves startLocal, and shows the activity in its own clock', async () => {
    const cookie = await signupIn('Asia/Tokyo');
    const token = await tokenFor(cookie);
    const body = new FormData();
    // fr645m: 2019-09-14 15:22:05 UTC, watch at UTC+02:00; the Stryd file carries no local time
    body.append('file', new File([corpusFile('run-garmin-fr645m-hr-gps.fit')], 'abroad.fit'));
    body.append('file', new File([corpusFile('run-stryd-power-developer-fields.fit')], 'stryd.fit'));
    const res = await api('/uploads', { method: 'POST', token, body });
    expect(res.status).toBe(202);
    await waitForJob(token, (await res.json<{ job: { id: string } }>()).job.id, 60_000);

    const items = (await (await api('/sessions?limit=10', { token })).json<{ items: Summary[] }>()).items;
    const abroad = items.find((s) => s.startTime === '2019-09-14T15:22:05.000Z')!;
    expect(abroad).toMatchObject({ utcOffsetMinutes: 120, startLocal: '2019-09-14T17:22:05+02:00' });
    const plain = items.find((s) => s.id !== abroad.id)!;
    expect(plain.utcOffsetMinutes).toBeUndefined();
    expect(plain.startLocal).toBeUndefined();
    const detail = await (await api(`/sessions/${abroad.id}`, { token })).json<Summary>();
    expect(detail.startLocal).toBe('2019-09-14T17:22:05+02:00');

    // the page: 17:22 on the watch's clock (not 00:22 the next day in Tokyo), and says so
    const page = await (await web(`/sessions/${abroad.id}`, { cookie })).text();
    expect(page).toMatch(/<title>Run · 14 Sept? 2019 · Pacelab<\/title>/);
    expect(page).toMatch(/Running · 14 Sept? 2019, 17:22<\/h1>/);
    expect(page).toMatch(/data-local-time="true">Local time where the activity happened \(UTC\+02:00\); in your time zone it started 15 Sept? 2019, 00:22/);
    const list = await (await web('/sessions', { cookie })).text();
    expect(list).toMatch(/14 Sept? 2019, 17:22/);
    // the file without a local time reads in the runner's zone (Tokyo, +09:00) and has no note
    const other = await (await web(`/sessions/${plain.id}`, { cookie })).text();
    expect(other).not.toContain('data-local-time');
  });

  it('writes every date in the runner\'s format: from Accept-Language at sign-up, then from Settings, with the first weekday', async () => {
    const cookie = await signupIn('UTC', 'en-US,en;q=0.9');
    const token = await tokenFor(cookie);
    const me = await (await api('/me', { token })).json<{ locale: string; weekStart: string }>();
    expect(me).toMatchObject({ locale: 'en-US', weekStart: 'sunday' });
    await uploadOne(token, 'run-garmin-fr645m-hr-gps.fit');
    expect(await (await web('/sessions', { cookie })).text()).toMatch(/Sep 14, 2019, 5:22\s?PM/);

    const settings = await (await web('/settings', { cookie })).text();
    expect(settings).toMatch(/<option value="en-US" selected="">English \(US\) — Feb 28, 2025<\/option>/);
    const save = form({ name: 'Abroad', units: 'metric', timeZone: 'UTC', locale: 'de-DE', weekStart: 'sunday' });
    expect((await web('/settings/profile', { method: 'POST', cookie, ...save })).status).toBe(200);
    const list = await (await web('/sessions', { cookie })).text();
    expect(list).toContain('14.09.2019, 17:22');
    const page = await (await web(`/sessions/${/href="\/sessions\/([^"]+)"/.exec(list)![1]}`, { cookie })).text();
    expect(page).toContain('<title>Run · 14.09.2019 · Pacelab</title>');
    expect(await (await api('/me', { token })).json()).toMatchObject({ locale: 'de-DE', weekStart: 'sunday' });
    // the API takes the same fields; null week start follows the locale again (Monday for de-DE)
    const patched = await api('/me', { method: 'PATCH', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ weekStart: null }) });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ locale: 'de-DE', weekStart: 'monday' });
    const bad = await api('/me', { method: 'PATCH', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ locale: 'xx-XX' }) });
    expect(bad.status).toBe(400);
  });
});
