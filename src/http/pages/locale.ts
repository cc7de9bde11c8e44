/**
 * The runner's date style: one date format from a locale setting (en-GB "14 Sept 2019",
 * en-US "Sep 14, 2019", de-DE "14.09.2019", …) and the first day of the week (Monday, or Sunday
 * as in the US). Sign-up takes the locale from Accept-Language; Settings changes both.
 * Pages read the style from a render context (renderPage provides it), so every date on a page
 * uses the same format without threading a parameter through each component.
 */
import { createContext, useContext } from 'hono/jsx';

export const LOCALES = ['en-GB', 'en-US', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-GB';
export const WEEK_STARTS = ['monday', 'sunday'] as const;
export type WeekStartName = (typeof WEEK_STARTS)[number];

/** How each locale is offered in Settings: its name and a sample date in it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  'en-GB': 'English (UK)', 'en-US': 'English (US)', 'de-DE': 'Deutsch', 'fr-FR': 'Français', 'es-ES': 'Español', 'it-IT': 'Italiano', 'nl-NL': 'Nederlands',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The best offered locale for an Accept-Language header (RFC 9110 §12.5.4): by q-value, an exact
 * tag first, else the same language (de-AT → de-DE, en → en-GB); en-GB when nothing matches.
 */
export function localeFromAcceptLanguage(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranges = header.split(',').slice(0, 20).map((part, i) => {
    const [tag = '', ...params] = part.trim().split(';');
    const q = Number(params.map((p) => p.trim()).find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
  }).filter((r) => r.tag && r.q > 0).sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of ranges) {
    const exact = LOCALES.find((l) => l.toLowerCase() === tag);
    if (exact) return exact;
    const lang = tag.split('-')[0];
    const same = LOCALES.find((l) => l.slice(0, 2).toLowerCase() === lang);
    if (same) return same;
  }
  return DEFAULT_LOCALE;
}

/** 1 = Monday, 0 = Sunday: the runner's choice, else the locale's custom (Sunday in the US). */
export function weekStartDay(locale: Locale, choice: WeekStartName | undefined): 0 | 1 {
  if (choice) return choice === 'sunday' ? 0 : 1;
  return locale === 'en-US' ? 0 : 1;
}

export interface DateStyle {
  locale: Locale;
  /** 1 = Monday, 0 = Sunday */
  weekStart: 0 | 1;
}

export const DateStyleContext = createContext<DateStyle>({ locale: DEFAULT_LOCALE, weekStart: 1 });

/** The date style of the page being rendered (the default outside a runner's page). */
export function currentDateStyle(): DateStyle {
  return useContext(DateStyleContext);
}
