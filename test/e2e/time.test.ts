/**
 * Time done right (issue 16 item 5) in Chromium at 390 and 1440 px: sign-up takes the browser's
 * time zone and language (the date format), a session shows the local time where it happened
 * (its FIT activity's clock) with a note when that differs from the runner's zone, and changing
 * the date format and first weekday in Settings changes every date and the History weeks.
 */
import type { Browser, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { chromiumPath, launchChromium, MUST_RUN } from './support/browser';
import { fitFile } from './support/seed';

let app: RunningApp;
let browser: Browser;

const WIDTHS: Array<[string, BrowserContextOptions]> = [
  ['390', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ['1440', { viewport: { width: 1440, height: 900 } }],
];

describe.skipIf(!chromiumPath() && !MUST_RUN)('activity-local time and the runner\'s date format', () => {
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const [width, options] of WIDTHS) {
    it(`at ${width} px: zone and format from the browser, the run in its own clock, Settings changes every date`, async () => {
      // a US browser in New York; the run was recorded at UTC+02:00 (2019-09-14 15:22:05 UTC)
      const context = await browser.newContext({ ...options, timezoneId: 'America/New_York', locale: 'en-US' });
      const page = await context.newPage();
      const email = `time-${width}-${Date.now()}@example.com`;
      const password = 'a long passphrase here';
      await page.goto(`${app.url}/sign-up`);
      await page.fill('#name', 'Traveller');
      await page.fill('#email', email);
      await page.fill('#password', password);
      await Promise.all([page.waitForURL(/sign-in/), page.click('main button[type=submit]')]);
      await page.fill('#email', email);
      await page.fill('#password', password);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('main button[type=submit]')]);

      await page.goto(`${app.url}/settings`);
      expect(await page.locator('#timeZone').inputValue()).toBe('America/New_York');
      expect(await page.locator('#locale').inputValue()).toBe('en-US');

      // upload through the page's own API session (the cookie authorises /api/v1 for the web app)
      const b64 = Buffer.from(fitFile('run-garmin-fr645m-hr-gps.fit').bytes).toString('base64');
      const jobId = (await page.evaluate(`(async () => {
        const body = new FormData();
        body.append('file', new File([Uint8Array.from(atob('${b64}'), (c) => c.charCodeAt(0))], 'abroad.fit'));
        const res = await fetch('/api/v1/uploads', { method: 'POST', body });
        return (await res.json()).job.id;
      })()`)) as string;
      expect(jobId).toMatch(/\w/);
      // the web app's job report says when the import is done
      await expect.poll(async () => page.evaluate(`fetch('/sessions').then((r) => r.text()).then((t) => /href="\\/sessions\\/[^"]+"/.test(t.split('<main')[1] || ''))`), { timeout: 90_000, interval: 1000 }).toBe(true);

      await page.goto(`${app.url}/sessions`);
      // en-US format, the watch's clock (17:22 at +02:00), not New York's 11:22
      await expect.poll(() => page.locator('main').textContent()).toMatch(/Sep 14, 2019, 5:22\s?PM/);
      await page.locator('main a[href^="/sessions/"]').first().click();
      await page.waitForURL(/\/sessions\/[^/]+$/);
      expect(await page.title()).toBe('Run · Sep 14, 2019 · Pacelab');
      expect(await page.locator('[data-local-time]').textContent()).toMatch(/UTC\+02:00.*Sep 14, 2019, 11:22\s?AM/);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(Number(width));

      // Settings: German dates, weeks from Sunday
      await page.goto(`${app.url}/settings`);
      await page.selectOption('#locale', 'de-DE');
      await page.selectOption('#weekStart', 'sunday');
      await Promise.all([page.waitForLoadState('load'), page.click('form[action="/settings/profile"] button[type=submit]')]);
      await expect.poll(() => page.locator('.alert.ok').first().textContent()).toContain('Profile saved');
      await page.goto(`${app.url}/sessions`);
      expect(await page.locator('main').textContent()).toContain('14.09.2019, 17:22');
      // the week bar holding Sat 14 Sep starts on Sunday the 8th (history is computed after the import: read until it is there)
      await expect.poll(async () => {
        await page.goto(`${app.url}/history?from=2019-09-01&to=2019-09-30`);
        return page.locator('#volume svg rect.bar title').allTextContents();
      }, { timeout: 60_000, interval: 2000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^Week of 8\. Sept?\.?: 5\.8 km/)]));
      await context.close();
    });
  }
});
