/**
 * The web app: server-rendered pages (hono/jsx) beside the API. Order matters: static assets
 * first (no database work), then Hono's csrf() on every form post (Origin / Sec-Fetch-Site must
 * be this site), then the session cookie, then the pages; the signed-in pages refuse anonymous
 * visitors. Errors render as HTML pages with the stable code.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDomainError } from '../../core/errors';
import { domainStatus, HttpProblem } from '../problem';
import { ErrorPage } from '../pages/error-page';
import { accountRoutes } from './account-routes';
import { assetRoutes } from './assets';
import { pageRoutes } from './page-routes';
import { planPageRoutes } from './plan-pages-routes';
import { renderPage } from './render';
import { settingsRoutes } from './settings-routes';
import { loadWebSession, requirePageRunner, type WebEnv } from './web-auth';

/** the largest form post a page accepts (forms carry a few fields; 64 KiB is generous) */
export const MAX_FORM_BYTES = 64 * 1024;

const SIGNED_IN_PATHS = ['/', '/sessions', '/sessions/*', '/records', '/history', '/jobs/*', '/upload', '/settings', '/settings/*', '/plans', '/plans/*'];

export function renderErrorPage(c: Context<WebEnv>, status: ContentfulStatusCode, code: string, message: string): Promise<Response> {
  return renderPage(c, { title: 'Error', children: <ErrorPage status={status} code={code} message={message} signedIn={!!c.get('runner')} /> }, status);
}

export function webApp() {
  const app = new Hono<WebEnv>();
  app.route('/', assetRoutes());
  // The API has its own auth and errors; these run only for the pages.
  const pagesOnly = (mw: MiddlewareHandler<WebEnv>): MiddlewareHandler<WebEnv> => (c, next) => (c.req.path.startsWith('/api/') ? next() : mw(c, next));
  // Forms are small: a larger body is refused before anything reads it (CSRF check, parseBody, a hash).
  // (POST /upload, the no-script upload form, streams files and is capped like the API upload.)
  const formLimit = bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => renderErrorPage(c, 413, 'body_too_large', 'This form sent more than 64 KiB; nothing was read.') });
  app.use(pagesOnly((c, next) => (c.req.path === '/upload' ? next() : formLimit(c, next))));
  app.use(pagesOnly(csrf()));
  app.use(pagesOnly(loadWebSession));
  app.route('/', accountRoutes());
  for (const path of SIGNED_IN_PATHS) app.use(path, requirePageRunner);
  app.route('/', pageRoutes());
  app.route('/', planPageRoutes());
  app.route('/', settingsRoutes());
  app.onError((error, c) => {
    if (error instanceof HttpProblem) return renderErrorPage(c, error.status, error.code, error.message);
    if (error instanceof HTTPException && error.status === 403) {
      return renderErrorPage(c, 403, 'csrf_rejected', 'This form was sent from another site, so it was refused. Open the page on Pacelab and try again.');
    }
    const status = isDomainError(error) ? domainStatus(error.code) : undefined;
    if (isDomainError(error) && status) return renderErrorPage(c, status, error.code, error.message);
    console.error('web: unhandled error', error);
    return renderErrorPage(c, 500, 'internal_error', 'Something went wrong on our side; nothing was changed. Try again in a moment.');
  });
  return app;
}

/** Unknown addresses outside /api answer with a page, not problem+json. */
export function webNotFound(c: Context<WebEnv>): Promise<Response> {
  return renderErrorPage(c, 404, 'not_found', 'There is nothing at this address.');
}
