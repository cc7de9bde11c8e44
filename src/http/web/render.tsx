/** Renders a page inside the layout, with the banner read from the runner's coordinator. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { loadBanner } from '../pages/banner';
import { Layout, type LayoutProps } from '../pages/layout';
import type { WebEnv } from './web-auth';

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
  return c.html(<Layout {...props} runner={runner} banner={banner} />, status);
}

/** A safe local path to return to after sign-in (never another site: "//evil" or "/\\evil"). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])[\w\-./?=&%]*$/.test(next) ? next : '/';
}
