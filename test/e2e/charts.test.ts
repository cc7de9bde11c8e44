/**
 * Interactive charts (issue 16 item 4) in Chromium at 390 px (touch) and 1440 px (mouse):
 * one chart type size on every page, a crosshair synced across a session's charts with a
 * marker on its route, the smoothing toggle (remembered), lap bands inside the charts, distinct
 * tick labels, series told apart by dash pattern as well as colour, no CSP error, axe clean
 * with the crosshair showing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';
import { chromiumPath, launchChromium, MUST_RUN } from './support/browser';
import { seedRunner, type Seeded } from './support/seed';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let app: RunningApp;
let browser: Browser;
let seed: Seeded;

const WIDTHS: Array<[string, BrowserContextOptions]> = [
  ['390', { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }],
  ['1440', { viewport: { width: 1440, height: 900 } }],
];

async function signedIn(options: BrowserContextOptions): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${app.url}/sign-in`);
  await page.fill('#email', seed.email);
  await page.fill('#password', seed.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/sign-in')), page.click('main button[type=submit]')]);
  return { page, errors, close: () => context.close() };
}

/** Rendered CSS px of every visible chart text (font size in user units × the svg's drawn scale). */
async function chartTextSizes(page: Page): Promise<number[]> {
  return (await page.evaluate(`(() => {
    const out = [];
    for (const svg of document.querySelectorAll('figure.chart svg')) {
      const w = svg.getBoundingClientRect().width;
      if (!w) continue;
      const k = w / svg.viewBox.baseVal.width;
      for (const t of svg.querySelectorAll('text')) {
        if (!t.getBoundingClientRect().width || getComputedStyle(t).display === 'none') continue;
        out.push(Math.round(parseFloat(getComputedStyle(t).fontSize) * k * 10) / 10);
      }
    }
    return out;
  })()`)) as number[];
}

/** Labels of each visible chart's y axis (text-anchor end) and x axis (class tick): none repeated. */
async function repeatedTicks(page: Page): Promise<string[]> {
  return (await page.evaluate(`(() => {
    const out = [];
    for (const svg of document.querySelectorAll('figure.chart svg')) {
      if (!svg.getBoundingClientRect().width) continue;
      for (const sel of ['g.tick text', 'text.tick']) {
        const labels = Array.from(svg.querySelectorAll(sel)).map((t) => t.textContent);
        if (new Set(labels).size !== labels.length) out.push(svg.getAttribute('aria-labelledby') + ': ' + labels.join(','));
      }
    }
    return out;
  })()`)) as string[];
}

async function hoverChart(page: Page, touch: boolean, selector: string, fraction: number): Promise<void> {
  const svg = page.locator(selector);
  await svg.scrollIntoViewIfNeeded();
  const box = (await svg.boundingBox())!;
  const x = box.x + box.width * fraction;
  const y = box.y + box.height * 0.5;
  if (touch) await page.touchscreen.tap(x, y);
  else await page.mouse.move(x, y);
}

describe.skipIf(!chromiumPath() && !MUST_RUN)('interactive charts', () => {
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
    seed = await seedRunner(app.url, 'charts');
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const [width, options] of WIDTHS) {
    it(`session charts at ${width} px: one text size, synced crosshair and route marker, smoothing, lap bands`, async () => {
      const touch = width === '390';
      const { page, errors, close } = await signedIn(options);
      await page.goto(`${app.url}/sessions/${seed.sessionIds[0]}`);
      await page.waitForFunction(`document.querySelector('figure.chart svg[data-x]')?.style.getPropertyValue('--chart-font') !== ''`);

      // one type scale: every chart text is 12 CSS px
      const sizes = await chartTextSizes(page);
      expect(sizes.length).toBeGreaterThan(20);
      expect(new Set(sizes)).toEqual(new Set([12]));
      expect(await repeatedTicks(page)).toEqual([]);
      // no label is cut off at the svg's edges ("20:00" on a phone's pace axis)
      const clipped = await page.evaluate(`Array.from(document.querySelectorAll('figure.chart svg text')).filter((t) => {
        const r = t.getBoundingClientRect(); const s = t.ownerSVGElement.getBoundingClientRect();
        return r.width > 0 && getComputedStyle(t).display !== 'none' && (r.left < s.left - 0.5 || r.right > s.right + 0.5);
      }).map((t) => t.textContent)`);
      expect(clipped).toEqual([]);

      // lap bands inside every visible chart: the 6-lap run has 6 numbered bands, no strip above
      const bands = (await page.evaluate(`Array.from(document.querySelectorAll('.by-time figure.chart svg')).map((s) => s.querySelectorAll('.band rect').length)`)) as number[];
      expect(bands.length).toBeGreaterThanOrEqual(3);
      for (const n of bands) expect(n).toBe(6);
      expect(await page.locator('.lap-strip').count()).toBe(0);

      // crosshair: one touch/hover on the pace chart shows a line, a dot and a readout on every chart at the same time
      await hoverChart(page, touch, '[data-chart] .by-time svg[data-x] >> nth=0', 0.5);
      const state = (await page.evaluate(`(() => {
        const svgs = Array.from(document.querySelectorAll('.by-time figure.chart svg[data-x]'));
        return {
          charts: svgs.length,
          lines: svgs.filter((s) => s.querySelector('.xhair')).length,
          dots: svgs.filter((s) => s.querySelector('.xdot')).length,
          readouts: svgs.map((s) => s.closest('figure').querySelector('.readout')).filter((r) => r && !r.hidden).map((r) => r.textContent),
          marker: (() => { const m = document.querySelector('svg[data-route] .route-marker'); return m ? [Number(m.getAttribute('cx')), Number(m.getAttribute('cy'))] : null; })(),
        };
      })()`)) as { charts: number; lines: number; dots: number; readouts: string[]; marker: [number, number] | null };
      expect(state.lines).toBe(state.charts);
      expect(state.dots).toBe(state.charts);
      expect(state.readouts).toHaveLength(state.charts);
      const times = new Set(state.readouts.map((r) => r.split(' · ')[0]));
      expect(times.size).toBe(1);
      // the middle of the x axis of a ~53 min run
      const [mm] = [...times][0]!.split(':').map(Number);
      expect(mm).toBeGreaterThan(15);
      expect(mm).toBeLessThan(40);
      expect(state.readouts.some((r) => /min\/km$/.test(r))).toBe(true);
      expect(state.readouts.some((r) => /bpm$/.test(r))).toBe(true);
      expect(state.marker).not.toBeNull();

      // a later moment moves the marker along the route
      await hoverChart(page, touch, '[data-chart] .by-time svg[data-x] >> nth=0', 0.9);
      const moved = (await page.evaluate(`(() => { const m = document.querySelector('svg[data-route] .route-marker'); return [Number(m.getAttribute('cx')), Number(m.getAttribute('cy'))]; })()`)) as [number, number];
      expect(Math.hypot(moved[0] - state.marker![0], moved[1] - state.marker![1])).toBeGreaterThan(5);

      // axe with the crosshair and readouts on screen
      await page.evaluate(AXE);
      const axe = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as { violations: Array<{ id: string; impact: string }> };
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

      // smoothing: on by default, the toggle redraws the lines and is remembered
      const toggle = page.getByLabel('Smooth lines');
      await expect.poll(() => toggle.isChecked()).toBe(true);
      const pace = page.locator('[data-chart] .by-time svg[data-x] path.line >> nth=0');
      const smoothD = await pace.getAttribute('d');
      await toggle.uncheck();
      const rawD = await pace.getAttribute('d');
      expect(rawD).not.toBe(smoothD);
      // the raw line is the server's: reload with smoothing off draws exactly it
      await page.reload();
      await expect.poll(() => page.getByLabel('Smooth lines').isChecked()).toBe(false);
      expect(await page.locator('[data-chart] .by-time svg[data-x] path.line >> nth=0').getAttribute('d')).toBe(rawD);
      await page.getByLabel('Smooth lines').check();

      // against distance: the crosshair syncs among the distance charts and still finds the route
      await page.getByLabel('Against distance', { exact: true }).check();
      await hoverChart(page, touch, '[data-chart] .by-distance svg[data-x] >> nth=0', 0.5);
      const distReadouts = (await page.evaluate(`Array.from(document.querySelectorAll('.by-distance figure.chart .readout')).filter((r) => !r.hidden).map((r) => r.textContent)`)) as string[];
      expect(distReadouts.length).toBeGreaterThanOrEqual(3);
      expect(new Set(distReadouts.map((r) => r.split(' · ')[0])).size).toBe(1);
      expect(distReadouts[0]).toMatch(/^\d+\.\d\d km · /);
      expect(await page.locator('svg[data-route] .route-marker').count()).toBe(1);
      expect(await chartTextSizes(page).then((s) => [...new Set(s)])).toEqual([12]);

      expect(errors).toEqual([]);
      await close();
    });

    it(`dashboard, history and plan charts at ${width} px: the same 12 px text, sane ticks, series apart by pattern`, async () => {
      const { page, errors, close } = await signedIn(options);
      for (const path of ['/', '/history', `/plans/${seed.planId}`]) {
        await page.goto(`${app.url}${path}`);
        await page.waitForFunction(`Array.from(document.querySelectorAll('figure.chart svg')).every((s) => !s.getBoundingClientRect().width || s.style.getPropertyValue('--chart-font') !== '')`);
        const sizes = await chartTextSizes(page);
        if (sizes.length > 0) expect([path, [...new Set(sizes)]]).toEqual([path, [12]]);
        expect(await repeatedTicks(page)).toEqual([]);
        // several series in one chart: each has its own dash pattern (not colour alone)
        const patterns = (await page.evaluate(`Array.from(document.querySelectorAll('figure.chart svg')).filter((s) => s.querySelectorAll('path.line').length > 1 && s.getBoundingClientRect().width)
          .map((s) => Array.from(s.querySelectorAll('path.line')).map((p) => getComputedStyle(p).strokeDasharray))`)) as string[][];
        for (const set of patterns) expect(new Set(set).size).toBe(set.length);
      }
      // a history chart answers the mouse or a tap too, with a dated readout
      await page.goto(`${app.url}/history`);
      const svg = page.locator('figure.chart svg[data-x] >> nth=0');
      if (await svg.count()) {
        await hoverChart(page, width === '390', 'figure.chart svg[data-x] >> nth=0', 0.6);
        await expect.poll(() => page.locator('figure.chart .readout:not([hidden]) >> nth=0').textContent()).toMatch(/\d/);
      }
      expect(errors).toEqual([]);
      await close();
    });
  }

  it('moves the crosshair with the keyboard (arrow keys on a focused chart)', async () => {
    const { page, close } = await signedIn(WIDTHS[1]![1]);
    await page.goto(`${app.url}/sessions/${seed.sessionIds[0]}`);
    const svg = page.locator('[data-chart] .by-time svg[data-x] >> nth=0');
    await svg.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const first = await page.locator('[data-chart] .by-time .readout >> nth=0').textContent();
    await page.keyboard.press('ArrowRight');
    const second = await page.locator('[data-chart] .by-time .readout >> nth=0').textContent();
    expect(first).not.toBe(second);
    await page.keyboard.press('Escape');
    expect(await page.locator('[data-chart] .by-time svg .xhair').count()).toBe(0);
    await close();
  });
});
