import { describe, expect, it } from 'vitest';
import { jsx } from 'hono/jsx/jsx-runtime';
import { DateStyleContext, localeFromAcceptLanguage, weekStartDay } from '../../../src/http/pages/locale';
import { formatDate, formatDayMonth } from '../../../src/http/pages/format';
import { weeklyVolume } from '../../../src/http/pages/weekly-volume';

describe('date style', () => {
  it('picks the offered locale from Accept-Language by q-value, exact tag first, then the language', () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9')).toBe('en-US');
    expect(localeFromAcceptLanguage('de-AT,de;q=0.8,en;q=0.5')).toBe('de-DE');
    expect(localeFromAcceptLanguage('pt-BR;q=0.9, fr-CA;q=0.8')).toBe('fr-FR');
    expect(localeFromAcceptLanguage('en;q=0.2, nl-BE;q=0.9')).toBe('nl-NL');
    expect(localeFromAcceptLanguage('en')).toBe('en-GB');
    expect(localeFromAcceptLanguage('ja-JP, *;q=0.1')).toBe('en-GB');
    expect(localeFromAcceptLanguage('de;q=0')).toBe('en-GB');
    expect(localeFromAcceptLanguage(undefined)).toBe('en-GB');
  });

  it('starts weeks on Sunday for en-US unless the runner chose', () => {
    expect(weekStartDay('en-US', undefined)).toBe(0);
    expect(weekStartDay('en-GB', undefined)).toBe(1);
    expect(weekStartDay('en-US', 'monday')).toBe(1);
    expect(weekStartDay('de-DE', 'sunday')).toBe(0);
  });

  it('formats dates in the rendering page\'s locale, en-GB outside one', async () => {
    const at = Date.UTC(2025, 1, 28, 7, 30);
    const Probe = () => jsx('p', { children: `${formatDate(at, 'UTC')} | ${formatDayMonth('2025-03-03')}` });
    const render = async (locale: string) => String(await jsx(DateStyleContext.Provider, { value: { locale, weekStart: 1 }, children: jsx(Probe, {}) }).toString());
    expect(await render('en-US')).toBe('<p>Feb 28, 2025 | Mar 3</p>');
    expect(await render('de-DE')).toBe('<p>28.02.2025 | 3. März</p>');
    expect(String(await jsx(Probe, {}).toString())).toMatch(/^<p>28 Feb 2025 \| 3 Mar<\/p>$/);
    // an explicit locale (a title made before rendering) wins
    expect(formatDate(at, 'UTC', 'fr-FR')).toBe('28 févr. 2025');
  });

  it('sums weekly volume into Sunday weeks when asked', () => {
    const day = (date: string) => ({ date, distanceM: 1000, timeS: 300, sessions: 1, load: 0, ctl: 0, atl: 0, tsb: 0 }) as never;
    // Sat 1 Mar, Sun 2 Mar, Mon 3 Mar 2025
    const days = [day('2025-03-01'), day('2025-03-02'), day('2025-03-03')];
    expect(weeklyVolume(days).map((w) => [w.week, w.sessions])).toEqual([['2025-02-24', 2], ['2025-03-03', 1]]);
    expect(weeklyVolume(days, undefined, 0).map((w) => [w.week, w.sessions])).toEqual([['2025-02-23', 1], ['2025-03-02', 2]]);
  });
});
