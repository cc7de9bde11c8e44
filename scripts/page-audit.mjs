#!/usr/bin/env node
// Page audit for the web app: against a running app (BASE, default http://127.0.0.1:8787), makes
// a runner with a few real sessions (FIT_CORPUS), a rejected file and a plan, then visits every
// page in Chromium at 390 px and 1440 px: a full-page screenshot each (OUT folder), and the bytes
// each page costs (HTML and every same-origin asset it loads, raw and gzipped). Prints a table;
// writes weights.json beside the screenshots. A measuring tool, not a test: nothing is asserted.
//   BASE=http://127.0.0.1:8960 OUT=shots node scripts/page-audit.mjs
import { execSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const base = process.env.BASE ?? 'http://127.0.0.1:8787';
const out = resolve(process.env.OUT ?? join(root, 'test-results', 'page-audit'));
const corpus = resolve(process.env.FIT_CORPUS ?? join(root, '..', 'shared', 'fit-corpus'));
mkdirSync(out, { recursive: true });

const email = `audit-${Date.now()}@example.com`;
const password = 'a long passphrase here';
const api = async (method, path, token, body, headers = {}) => {
  const res = await fetch(base + '/api/v1' + path, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
};
const json = (v) => ({ body: JSON.stringify(v), headers: { 'content-type': 'application/json' } });

await api('POST', '/auth/signup', null, json({ email, password, name: 'Audit Runner' }).body, json({}).headers);
// sign-up answers the same whether or not the email was taken: the token comes from /auth/token
const token = (await api('POST', '/auth/token', null, json({ email, password, label: 'audit' }).body, json({}).headers)).token;
const form = new FormData();
for (const name of ['run-garmin-fr645m-hr-gps.fit', 'run-coros-power.fit', 'run-garmin-fenix5xplus-long.fit', 'corrupt-bitflip.fit', 'settings-garmin-edge510.fit']) {
  form.append('file', new Blob([readFileSync(join(corpus, name))]), name);
}
const upload = await api('POST', '/uploads', token, form);
const waitJob = async (id) => {
  for (let i = 0; i < 300; i++) {
    const job = await api('GET', `/jobs/${id}`, token);
    if (job.finishedAt) return job;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`job ${id} did not finish`);
};
await waitJob(upload.job.id);
const sessions = (await api('GET', '/sessions?limit=5', token)).items;
const raceDate = new Date(Date.now() + 70 * 86_400_000).toISOString().slice(0, 10);
const plan = await api('POST', '/plans', token, JSON.stringify({ raceDistanceM: 10000, raceDate, daysPerWeek: 4, seed: 7 }), { 'content-type': 'application/json' });
await waitJob(plan.job.id);

const pages = [
  ['sign-in', '/sign-in', false], ['sign-up', '/sign-up', false],
  ['dashboard', '/', true], ['upload', '/upload', true], ['sessions', '/sessions', true],
  ['session', `/sessions/${sessions[0].id}`, true], ['records', '/records', true], ['history', '/history', true],
  ['job', `/jobs/${upload.job.id}`, true], ['plans', '/plans', true], ['plan', `/plans/${plan.plan.id}`, true],
  ['settings', '/settings', true], ['not-found', '/no-such-page', true],
];

const executablePath = execSync('command -v chromium', { shell: '/bin/sh', encoding: 'utf8' }).trim();
const browser = await chromium.launch({ executablePath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
const weights = {};
for (const [label, viewport] of [['390', { width: 390, height: 844 }], ['1440', { width: 1440, height: 900 }]]) {
  const context = await browser.newContext({ viewport, ...(label === '390' ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('button[type=submit]')]);
  for (const [name, path, signedIn] of pages) {
    const p = signedIn ? page : await browser.newPage({ viewport });
    const bodies = [];
    const onResponse = async (r) => {
      const url = new URL(r.url());
      if (url.origin !== base || r.request().resourceType() === 'websocket') return;
      try { bodies.push({ path: url.pathname, bytes: await r.body() }); } catch { /* redirects have no body */ }
    };
    p.on('response', onResponse);
    await p.goto(base + path, { waitUntil: 'networkidle' });
    p.off('response', onResponse);
    const html = bodies.find((b) => b.path === path.split('?')[0]) ?? bodies[0];
    const sum = (list, f) => list.reduce((a, b) => a + f(b.bytes), 0);
    const gz = (b) => gzipSync(b).length;
    const dims = await p.evaluate(() => ({ width: document.documentElement.scrollWidth, header: document.querySelector('header')?.getBoundingClientRect().height ?? 0 }));
    weights[`${name}@${label}`] = { htmlBytes: html?.bytes.length ?? 0, htmlGzip: html ? gz(html.bytes) : 0, totalBytes: sum(bodies, (b) => b.length), totalGzip: sum(bodies, gz), requests: bodies.length, scrollWidth: dims.width, headerPx: Math.round(dims.header) };
    await p.screenshot({ path: join(out, `${name}-${label}.png`), fullPage: true });
    // full pages of a phone are too tall to read at once: the first screen and the key sections too
    await p.screenshot({ path: join(out, `${name}-${label}-top.png`) });
    for (const section of ['#calendar', '[data-chart="pace"]', '#recent']) {
      const el = p.locator(section).first();
      if (!(await el.count())) continue;
      const box = await el.boundingBox();
      const shot = join(out, `${name}-${label}-${section.replace(/\W+/g, '')}.png`);
      // a very tall section: its first 1,400 px (a viewer cannot show more at once)
      if (box && box.height > 1400) await p.screenshot({ path: shot, fullPage: true, clip: { ...box, height: 1400 } });
      else await el.screenshot({ path: shot });
    }
    if (!signedIn) await p.close();
  }
  await context.close();
}
await browser.close();
writeFileSync(join(out, 'weights.json'), JSON.stringify(weights, null, 2));
console.log('page@width'.padEnd(20), 'html', 'html.gz', 'total', 'total.gz', 'req', 'scrollW', 'header');
for (const [k, w] of Object.entries(weights)) console.log(k.padEnd(20), w.htmlBytes, w.htmlGzip, w.totalBytes, w.totalGzip, w.requests, w.scrollWidth, w.headerPx);
