/**
 * Every page at phone widths (320, 390, 430 px) and on a 1440 px desktop, signed in as a runner
 * with sessions, a finished upload job and a plan: no page is wider than the viewport, the phone
 * header is at most 100 px, controls are at least 44 px tall on a phone, the favicon, icons and
 * manifest are served, and axe-core finds no serious or critical violation (the page's own CSP
 * stays on: axe is evaluated through the DevTools protocol, not as an inline script).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { chromiumPath, launchChromium, MUST_RUN } from './support/browser';
import { apiCall, fitFile, seedRunner, signupRunner, uploadFiles, type Seeded } from './support/seed';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const shots = join(resolve(import.meta.dirname, '..', '..'), 'test-results', 'e2e', 'pages');

let app: RunningApp;
let browser: Browser;
let seed: Seeded;

const phone = (width: number): BrowserContextOptions => ({ viewport: { width, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
const WIDTHS: Array<[string, BrowserContextOptions]> = [['320', phone(320)], ['390', phone(390)], ['430', phone(430)], ['1440', { viewport: { width: 1440, height: 900 } }]];

function pagesOf(s: Seeded): Array<[string, string]> {
  return [
    ['dashboard', '/'], ['upload', '/upload'], ['sessions', '/sessions'], ['session', `/sessions/${s.sessionIds[0]}`], ['delete', `/sessions/${s.sessionIds[0]}/delete`], ['records', '/records'],
    ['history', '/history'], ['job', `/jobs/${s.jobId}`], ['plans', '/plans'], ['plan', `/plans/${s.planId}`], ['settings', '/settings'], ['not-found', '/no-such-page'],
  ];
}

async function signIn(page: Page, s: Seeded): Promise<void> {
  await page.goto(`${app.url}/sign-in`);
  await page.fill('#email', s.email);
  await page.fill('#password', s.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('main button[type=submit]')]);
}

interface Violation { id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }

async function axeViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: Violation[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Visible controls shorter than 44 px (links inside running text are exempt, as in WCAG 2.5.8). */
async function smallTargets(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, input:not([type=hidden]):not([type=radio]):not([type=checkbox]), select, summary, nav a, .button, label.radio, label.check')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.matches('input[type=file]')) continue; // visually hidden; its label is the target
      if (r.height < 43.5) out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "' + (el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '" ' + Math.round(r.height) + 'px');
    }
    return out;
  })()`)) as string[];
}

describe.skipIf(!chromiumPath() && !MUST_RUN)('every page at phone and desktop widths', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    seed = await seedRunner(app.url, 'pages');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const [width, options] of WIDTHS) {
    it(`fits, has a compact header, big targets and no serious axe violation at ${width} px`, async () => {
      const context = await browser.newContext(options);
      const page = await context.newPage();
      const cspErrors: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) cspErrors.push(m.text()); });
      // signed out first: the account pages
      for (const path of ['/sign-in', '/sign-up']) {
        await page.goto(app.url + path);
        const w = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        expect(w, `${path} at ${width}`).toBeLessThanOrEqual(options.viewport!.width);
        if (width === '390' || width === '1440') expect(await axeViolations(page), `${path} at ${width}`).toEqual([]);
      }
      await signIn(page, seed);
      const problems: string[] = [];
      for (const [name, path] of pagesOf(seed)) {
        await page.goto(app.url + path, { waitUntil: 'load' });
        const { scroll, header } = (await page.evaluate(`({ scroll: document.documentElement.scrollWidth, header: document.querySelector('header.top').getBoundingClientRect().height })`)) as { scroll: number; header: number };
        if (scroll > options.viewport!.width) problems.push(`${name}: ${scroll} px wide in a ${options.viewport!.width} px viewport`);
        if (width !== '1440' && header > 100) problems.push(`${name}: header ${header} px`);
        if (width !== '1440') for (const t of await smallTargets(page)) problems.push(`${name}: small target ${t}`);
        if (width === '390' || width === '1440') {
          for (const v of await axeViolations(page)) problems.push(`${name}: axe ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
        }
      }
      // the phone menu opens and holds every destination
      if (width !== '1440') {
        await page.goto(`${app.url}/`);
        await page.locator('details.menu summary').click();
        for (const name of ['Dashboard', 'Upload', 'Sessions', 'Records', 'History', 'Plans', 'Settings']) expect(await page.getByRole('link', { name, exact: true }).isVisible()).toBe(true);
        expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
      }
      expect(problems).toEqual([]);
      expect(cspErrors).toEqual([]);
      await context.close();
    });
  }

  it('updates an open dashboard and plans page when jobs finish, without a reload or polling', async () => {
    const email = `live-${Date.now()}@example.com`;
    const token = await signupRunner(app.url, email, 'a long passphrase here', 'Live');
    const context = await browser.newContext(phone(390));
    const dashboard = await context.newPage();
    const requests: string[] = [];
    dashboard.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await signIn(dashboard, { email, password: 'a long passphrase here' } as Seeded);
    await dashboard.goto(`${app.url}/`);
    await dashboard.locator('#jobs-banner[data-live="true"]').waitFor({ state: 'attached' });
    expect(await dashboard.locator('#recent tbody tr').count()).toBe(0);
    await dashboard.evaluate('window.notReloaded = true');
    requests.length = 0;
    const plans = await context.newPage();
    await plans.goto(`${app.url}/plans`);
    await plans.locator('#jobs-banner[data-live="true"]').waitFor({ state: 'attached' });
    await plans.evaluate('window.notReloaded = true');

    // another client (a script with a token) uploads; the open dashboard shows the session
    await uploadFiles(app.url, token, [fitFile('run-garmin-fenix5-tiny.fit')]);
    await dashboard.locator('#recent tbody tr').first().waitFor({ timeout: 170_000 });
    expect(await dashboard.locator('#recent tbody tr').count()).toBe(1);
    expect(await dashboard.evaluate('window.notReloaded')).toBe(true);
    // one page read for the finished job, nothing polled
    expect(requests.filter((p) => p === '/').length).toBe(1);
    expect(requests.filter((p) => p.startsWith('/api/v1/jobs'))).toEqual([]);

    const raceDate = new Date(Date.now() + 35 * 86_400_000).toISOString().slice(0, 10);
    await apiCall(app.url, 'POST', '/plans', token, JSON.stringify({ raceDistanceM: 5000, raceDate, daysPerWeek: 3, seed: 3 }), { 'content-type': 'application/json' });
    await plans.locator('[data-plan-status="completed"]').waitFor({ timeout: 170_000 });
    expect(await plans.evaluate('window.notReloaded')).toBe(true);
    await context.close();
  });

  it('small things: token PRG with a copy button, delete asks and can be undone, focus on a form error', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await signIn(page, seed);
    await page.goto(`${app.url}/settings`);
    await page.fill('#label', 'e2e script');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.waitForURL(/\/settings\?created=1/);
    expect(await page.locator('#new-token').textContent()).toMatch(/^pl_/);
    await page.getByRole('button', { name: 'Copy token' }).click();
    // the label changes when the clipboard promise settles: wait for it rather than read at once
    await page.getByRole('button', { name: /Copied|Selected/ }).waitFor({ timeout: 10_000 });
    await page.reload();
    expect(await page.locator('#new-token').count()).toBe(0); // shown once; a reload posts nothing

    const id = seed.sessionIds[1]!;
    await page.goto(`${app.url}/sessions/${id}`);
    expect(await page.title()).toMatch(/^Run · \d{1,2} \w+ \d{4} · Pacelab$/);
    await page.getByRole('link', { name: 'Delete this session…' }).click();
    await page.waitForURL(/\/delete$/);
    await page.getByRole('button', { name: 'Delete the session' }).click();
    // the server holds the delete for its undo window (10 s): the list offers Undo as a form
    await page.waitForURL(/\/sessions\?deleting=/);
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.waitForURL(/\/sessions\?undone=1$/);
    await page.getByText('Delete undone').waitFor();
    await page.waitForTimeout(11_000); // past the undo window: the delete never ran
    expect((await page.request.get(`${app.url}/sessions/${id}`)).status()).toBe(200);

    await page.goto(`${app.url}/settings`);
    await page.fill('#maxHr', '400');
    await page.evaluate(`document.getElementById('maxHr').removeAttribute('max')`);
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.locator('.alert.error').waitFor();
    expect(await page.evaluate('document.activeElement.getAttribute("role")')).toBe('alert');
    await context.close();
  });

  it('has a harness that can fail: axe and the target check flag a bad page', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.setContent('<html lang="en"><title>t</title><main><img src="x.png"><button>tiny</button></main></html>');
    expect((await axeViolations(page)).map((v) => v.id)).toContain('image-alt');
    expect((await smallTargets(page)).length).toBe(1);
    await page.close();
  });

  it('serves the favicon, the app icons and a web app manifest', async () => {
    const ico = await fetch(`${app.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    const icoBytes = new Uint8Array(await ico.arrayBuffer());
    expect([...icoBytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    expect([...icoBytes.slice(22, 26)]).toEqual([0x89, 0x50, 0x4e, 0x47]); // a PNG inside
    const manifest = await (await fetch(`${app.url}/manifest.webmanifest`)).json() as { icons: Array<{ src: string; sizes: string; type: string }>; start_url: string; display: string };
    expect(manifest.start_url).toBe('/');
    expect(manifest.display).toBe('standalone');
    for (const icon of manifest.icons) {
      const res = await fetch(app.url + icon.src);
      expect(res.status, icon.src).toBe(200);
      expect(res.headers.get('content-type')).toBe(icon.type);
      if (icon.type === 'image/png') {
        const bytes = new Uint8Array(await res.arrayBuffer());
        const view = new DataView(bytes.buffer);
        expect(`${view.getUint32(16)}x${view.getUint32(20)}`).toBe(icon.sizes); // IHDR width x height
      }
    }
    // the browser shows it: the page links the icon and Chromium loads it without a CSP error
    const page = await browser.newPage();
    await page.goto(`${app.url}/sign-in`);
    expect(await page.locator('link[rel="manifest"]').getAttribute('href')).toBe('/manifest.webmanifest');
    expect(await page.locator('header img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    await page.close();
  });
});
