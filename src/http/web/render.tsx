/** Renders a page inside the layout, with the banner read from the runner's coordinator. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { loadBanner } from '../pages/banner';
import { Layout, type LayoutProps } from '../pages/layout';
import type { WebEnv } from './web-auth';
import { DateStyleContext, DEFAULT_LOCALE, isLocale, weekStartDay, type DateStyle } from '../pages/locale';

export function dateStyleOf(runner: { locale?: string; weekStart?: 'monday' | 'sunday' } | undefined | null): DateStyle {
  const locale = isLocale(runner?.locale) ? runner.locale : DEFAULT_LOCALE;
  return { locale, weekStart: weekStartDay(locale, runner?.weekStart) };
}

export async function renderPage(c: Context<WebEnv>, props: Omit<LayoutProps, 'runner' | 'banner'>, status: ContentfulStatusCode = 200): Promise<Response> {
  const runner = c.get('runner');
  // live.js re-reads the page for its regions only: the banner has its own socket, skip its read
  const live = c.req.header('x-pacelab-live') === '1';
  const banner = runner && !live
    ? await loadBanner(c.get('deps').coordinatorFor(runner.id)).catch((error: unknown) => {
      // The page is still useful without the banner; the script's snapshot fills it in.
      console.warn('banner: coordinator unavailable', error);
      return [];
    })
    : [];
  // Pages hold the runner's data: never cached by shared caches or the back/forward cache of another user.
  c.header('cache-control', 'no-store');
  // every date on the page in the runner's format and week (pages read it from the render context)
  const style = dateStyleOf(runner);
  return c.html(<Layout {...props} runner={runner} banner={banner}><DateStyleContext.Provider value={style}>{props.children}</DateStyleContext.Provider></Layout>, status);
}

/** A safe local path to return to after sign-in (never another site: "//evil" or "/\\evil"). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}
