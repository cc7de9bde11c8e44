/**
 * A new runner in real Chromium, on a phone and on a desktop: sign up → upload two runs and a
 * corrupt file (with a hostile name) → the message and the banner appear within a second → the
 * banner's counts change live (pushed over the WebSocket; the page requests no job endpoint)
 * → it disappears → the sessions show → the session page draws its charts → the corrupt file's
 * reason is on the report → sign out. Also: a cross-site form post is refused. Screenshots go
 * to test-results/e2e/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { chromiumPath, DESKTOP, launchChromium, MUST_RUN, PHONE } from './support/browser';
import { startCrossSite } from './support/cross-site';

const root = resolve(import.meta.dirname, '..', '..');
const corpus = resolve(process.env.FIT_CORPUS ?? join(root, '..', 'shared', 'fit-corpus'));
const shots = join(root, 'test-results', 'e2e');
const SUCCESS = '✓ Files uploaded successfully. Processing in background…';
const HOSTILE = '<img src=x onerror=alert(1)>.fit';

let app: RunningApp;
let browser: Browser;

describe.skipIf(!chromiumPath() && !MUST_RUN)('web app in Chromium', () => {
  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function newPage(options: BrowserContextOptions): Promise<{ page: Page; requests: string[]; dialogs: string[]; frames: string[]; errors: string[] }> {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    const frames: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    page.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    return { page, requests, dialogs, frames, errors };
  }

  /** A main-navigation link: inline on a desktop, behind the Menu button on a phone. */
  async function navigate(page: Page, name: string): Promise<void> {
    const menu = page.locator('details.menu summary');
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('link', { name, exact: true }).click();
  }

  async function signOut(page: Page): Promise<void> {
    const menu = page.locator('details.menu summary');
    if (await menu.isVisible()) await menu.click();
    await page.getByRole('button', { name: 'Sign out' }).click();
  }

  /** A new runner through the sign-up and sign-in forms; ends signed in. */
  async function signUpNewRunner(page: Page, name: string, emailPrefix: string): Promise<void> {
    await page.goto(`${app.url}/sign-up`);
    await page.getByLabel('Name').fill(name);
    const email = `${emailPrefix}-${Date.now()}@example.com`;
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill('a long passphrase here');
    await page.getByRole('button', { name: 'Create account' }).click();
    await signInAfterSignUp(page, email);
  }

  // Sign-up answers the same whether or not the email was taken, so it never signs anyone in.
  async function signInAfterSignUp(page: Page, email: string): Promise<void> {
    await page.waitForURL(/\/sign-in\?registered=1$/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a long passphrase here');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }

  for (const [label, options] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    it(`signs up, uploads with live progress, and browses the results (${label})`, async () => {
      const { page, requests, dialogs, frames, errors } = await newPage(options);
      await page.goto(`${app.url}/sign-up`);
      await page.getByLabel('Name').fill(`E2E ${label}`);
      const email = `e2e-${label}-${Date.now()}@example.com`;
      await page.getByLabel('Email').fill(email);
      await page.getByLabel(/^Password/).fill('a long passphrase here');
      await page.getByRole('button', { name: 'Create account' }).click();
      await signInAfterSignUp(page, email);

      await navigate(page, 'Upload');
      await page.waitForURL(/\/upload$/);
      await page.locator('#jobs-banner[data-live="true"]').waitFor({ state: 'attached' });
      // every text the banner's counts take, seen by the page itself
      // (a string: this project compiles without the DOM library; it runs in the page)
      await page.evaluate(`(() => {
        const seen = window.seen = [];
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('#jobs-banner .counts')) if (!seen.includes(el.textContent)) seen.push(el.textContent);
        }).observe(document.getElementById('jobs-banner'), { subtree: true, childList: true, characterData: true });
      })()`);
      await page.setInputFiles('#file-input', [
        { name: 'run-one.fit', mimeType: 'application/octet-stream', buffer: readFileSync(join(corpus, 'run-garmin-fr645m-hr-gps.fit')) },
        { name: 'run-two.fit', mimeType: 'application/octet-stream', buffer: readFileSync(join(corpus, 'run-coros-power.fit')) },
        { name: HOSTILE, mimeType: 'application/octet-stream', buffer: readFileSync(join(corpus, 'corrupt-bitflip.fit')) },
      ]);
      expect(await page.locator('#file-list li').count()).toBe(3);
      const clicked = Date.now();
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.getByText(SUCCESS).waitFor({ timeout: 1000 });
      await page.locator('#jobs-banner:not([hidden])').waitFor({ timeout: 1000 });
      const answeredMs = Date.now() - clicked;
      expect(answeredMs).toBeLessThan(1000);
      expect(await page.locator('#overall').evaluate((el) => (el as unknown as { value: number }).value)).toBe(1);

      // the chain ends: the banner goes, the "done" notice links the report
      // Normally seconds; up to the reconciler's lease (120 s) + interval (30 s) if `wrangler dev`
      // reloads mid-job (it does when files change under it) and drops its in-memory queue.
      await page.locator('#jobs-banner').waitFor({ state: 'hidden', timeout: 170_000 });
      await page.locator('#jobs-done:not([hidden])').waitFor();
      const seen = (await page.evaluate('window.seen')) as string[];
      expect(seen.length).toBeGreaterThan(1);
      expect(frames.filter((f) => f.includes('"type":"job"')).length).toBeGreaterThan(1);
      // a job with a rejected file is not green
      expect(await page.locator('#jobs-done li.tone-warn').count()).toBe(1);
      // each upload row ends with its file's outcome, in plain words (code in small print)
      const rows = page.locator('#file-list li');
      await page.locator('#file-list li .outcome').nth(2).waitFor({ timeout: 10_000 });
      const outcomes = await rows.evaluateAll((lis) => lis.map((li) => ({ name: li.querySelector('.name')!.textContent, outcome: (li.lastElementChild as { dataset?: Record<string, string> }).dataset?.outcome, text: li.lastElementChild!.textContent })));
      expect(outcomes.map((o) => [o.name, o.outcome])).toEqual([['run-one.fit', 'imported'], ['run-two.fit', 'imported'], [HOSTILE, 'rejected']]);
      expect(outcomes[2]!.text).toContain('The file is damaged or incomplete — export it again from your watch.');
      expect(outcomes[2]!.text).toContain('(crc_mismatch)');
      expect(await rows.nth(0).getByRole('link', { name: 'Open the session' }).count()).toBe(1);
      expect(await page.getByText('Uploaded', { exact: true }).count()).toBe(0);
      await page.screenshot({ path: join(shots, `upload-${label}.png`), fullPage: true });

      await page.getByRole('link', { name: 'See the per-file report' }).click();
      await page.waitForURL(/\/jobs\//);
      expect(await page.locator('tr[data-file-status="rejected"]').textContent()).toContain('crc_mismatch');
      expect(await page.locator('tr[data-file-status="rejected"] td.name').textContent()).toBe(HOSTILE);
      expect(await page.locator('tr[data-file-status="imported"]').count()).toBe(2);
      await page.screenshot({ path: join(shots, `report-${label}.png`), fullPage: true });

      await navigate(page, 'Sessions');
      await page.waitForURL(/\/sessions$/);
      expect(await page.locator('main table tbody tr').count()).toBe(2);
      await page.screenshot({ path: join(shots, `sessions-${label}.png`), fullPage: true });

      await page.goto(`${app.url}/`);
      expect(await page.locator('#recent tbody tr').count()).toBe(2);
      await page.screenshot({ path: join(shots, `dashboard-${label}.png`), fullPage: true });
      await page.screenshot({ path: join(shots, `dashboard-top-${label}.png`) });

      await page.locator('#recent tbody tr a').first().click();
      await page.waitForURL(/\/sessions\/[^/]+$/);
      const paths = page.locator('[data-chart] .by-time svg path.line');
      expect(await paths.count()).toBeGreaterThanOrEqual(3);
      const drawn = await paths.first().evaluate((el) => (el as unknown as { getTotalLength(): number }).getTotalLength());
      expect(drawn).toBeGreaterThan(100);
      expect(await page.locator('.route-line').count()).toBe(1);
      // the distance axis switch works without script
      await page.getByLabel('Against distance', { exact: true }).check();
      expect(await page.locator('[data-chart="pace"] .by-distance svg').isVisible()).toBe(true);
      expect(await page.locator('[data-chart="pace"] .by-time svg').isVisible()).toBe(false);
      await page.getByLabel('Against time', { exact: true }).check();
      await page.locator('[data-chart="pace"]').screenshot({ path: join(shots, `chart-pace-${label}.png`) });
      await page.screenshot({ path: join(shots, `session-top-${label}.png`) });
      await page.screenshot({ path: join(shots, `session-${label}.png`), fullPage: true });

      await signOut(page);
      await page.waitForURL(/\/sign-in/);
      await page.getByText('You are signed out.').waitFor();

      expect(requests.filter((r) => /\/api\/v1\/jobs/.test(r))).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(errors.filter((e) => /Content Security Policy|Refused/.test(e))).toEqual([]);
      await page.context().close();
    });
  }

  it('sends a small upload again when the server answers 503 (wrangler dev\'s proxy, a retryable refusal)', async () => {
    const { page, requests, errors } = await newPage(DESKTOP);
    await signUpNewRunner(page, 'Retry', 'retry');
    await page.goto(`${app.url}/upload`);
    let refused = 0;
    await page.route('**/api/v1/uploads', async (route) => {
      if (route.request().method() === 'POST' && refused < 2) {
        refused++;
        await route.fulfill({ status: 503, contentType: 'text/plain', body: 'Your worker restarted mid-request. Please try sending the request again.' });
      } else {
        await route.continue();
      }
    });
    try {
      await page.setInputFiles('#file-input', [{ name: 'run.fit', mimeType: 'application/octet-stream', buffer: readFileSync(join(corpus, 'run-coros-power.fit')) }]);
      await page.getByRole('button', { name: 'Upload', exact: true }).click();
      await page.getByText(SUCCESS).waitFor({ timeout: 15_000 });
      expect(refused).toBe(2);
      expect(requests.filter((r) => r === 'POST /api/v1/uploads').length).toBe(3);
      expect(errors.filter((e) => !e.includes('503'))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('refuses a form posted from another site with the runner\'s cookie', async () => {
    const { page } = await newPage(DESKTOP);
    await signUpNewRunner(page, 'Victim', 'victim');
    await page.goto(`${app.url}/settings`);
    const evil = await startCrossSite(`${app.url}/settings/tokens`);
    try {
      const answer = page.waitForResponse((r) => r.url() === `${app.url}/settings/tokens`);
      await page.goto(evil.url);
      expect((await answer).status()).toBe(403);
      await page.goto(`${app.url}/settings`);
      expect(await page.getByText('No tokens yet.').isVisible()).toBe(true);
    } finally {
      await evil.stop();
      await page.context().close();
    }
  });
});
