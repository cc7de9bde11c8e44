/**
 * The Hono app: the library's middleware first (secure headers, body limits where bodies are
 * parsed), then one sub-app per resource, errors mapped in one place. Dependencies come from
 * the composition root through `deps` (built per request from that request's bindings), never
 * from module state. The app itself holds no request state: an entry builds it once per isolate
 * (building it per request cost ≈ 4.6 ms of the isolate's CPU each, 8 % of its busy time under
 * 20 uploading clients: issue 14 item 6).
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps, AppEnv } from './context';
import { requireRunner } from './auth';
import { handBackBookmark } from './d1-bookmark';
import { problemJson, toProblemResponse } from './problem';
import { withOperationIds } from './openapi-ids';
import { withTokenProblems } from './openapi-token-problems';
import { authRoutes } from './routes/auth-routes';
import { jobRoutes } from './routes/job-routes';
import { storageRoutes } from './routes/storage-routes';
import { accountRoutes } from './routes/account-routes';
import { exportRoutes } from './routes/export-routes';
import { meRoutes } from './routes/me-routes';
import { sessionRoutes } from './routes/session-routes';
import { analysisRoutes } from './routes/analysis-routes';
import { uploadRoutes } from './routes/upload-routes';
import { multipartRoutes } from './routes/multipart-routes';
import { planRoutes } from './routes/plan-routes';
import { eventRoutes } from './routes/event-routes';
import { tokenRoutes } from './routes/token-routes';
import { requireRunnerOrSession } from './web/web-auth';
import { SECURE_HEADERS } from './web/security-headers';
import { webApp, webNotFound } from './web/web-app';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Sets a header, copying the response when its headers are immutable (a fetched or stub answer). */
function withHeader(res: Response, name: string, value: string): Response {
  try {
    res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    copy.headers.set(name, value);
    return copy;
  }
}

/** `makeDeps` gets each request and the bindings it was invoked with (the entry's `env`). */
export function createApp<Bindings>(makeDeps: (request: Request, bindings: Bindings) => AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(secureHeaders(SECURE_HEADERS));
  app.use(async (c, next) => {
    c.set('deps', makeDeps(c.req.raw, c.env as Bindings));
    await next();
    // D1 read replication: the runner's shard bookmark goes back with the answer (d1-bookmark.ts)
    await handBackBookmark(c, c.get('runnerId'), (runnerId, fresh) => c.get('deps').consistency.bookmark(runnerId, { fresh }));
  });
  app.onError((error, c) => toProblemResponse(error, c));
  // The coarse outer layer: per client IP on every unsafe method, before any body is read. Without
  // a client address (a local runtime; Cloudflare always sets it) there is nothing to key on.
  app.use(async (c, next) => {
    const ip = c.req.header('cf-connecting-ip');
    if (ip && !SAFE_METHODS.has(c.req.method)) {
      const limiter = c.get('deps').writeLimiter;
      if (!(await limiter.allow(ip))) {
        return problemJson(c, 429, 'rate_limited', 'Too many requests from this address; slow down and retry after Retry-After seconds.',
          { retryAfter: limiter.periodSeconds }, { 'retry-after': String(limiter.periodSeconds) });
      }
    }
    await next();
  });
  app.notFound((c) => (c.req.path.startsWith('/api/') ? problemJson(c, 404, 'not_found', 'There is nothing at this address.') : webNotFound(c)));

  const api = new OpenAPIHono<AppEnv>();
  // API answers carry tokens and private data: never stored by a browser or a shared cache.
  api.use(async (c, next) => {
    await next();
    if (c.res.status !== 101) c.res = withHeader(c.res, 'cache-control', 'no-store');
  });
  // JSON bodies are small; uploads stream and are capped by their own route.
  const smallBody = bodyLimit({ maxSize: 64 * 1024, onError: (c) => problemJson(c, 413, 'body_too_large', 'JSON bodies are limited to 64 KiB.') });
  api.use('/auth/*', smallBody);
  api.use('/me', smallBody);
  api.use('/account', smallBody);
  api.use('/plans', smallBody);
  api.route('/auth', authRoutes());
  for (const path of ['/me', '/me/*', '/storage', '/account', '/jobs', '/jobs/*', '/sessions', '/personal-bests', '/critical-speed', '/history']) api.use(path, requireRunner);
  // The web app's scripts and download links may use the session cookie here (same-origin checked).
  // POST /uploads may start reading its body while a recently seen token is checked again (auth.ts)
  api.use('/uploads', requireRunnerOrSession(undefined, { confirmLater: true }));
  for (const path of ['/uploads/*', '/exports', '/exports/*']) api.use(path, requireRunnerOrSession());
  api.use('/sessions/*', requireRunnerOrSession((c) => c.req.method === 'GET' && /\/(fit|records)$/.test(c.req.path)));
  api.route('/events', eventRoutes());
  api.route('/me', meRoutes());
  api.route('/me/tokens', tokenRoutes());
  api.route('/storage', storageRoutes());
  api.route('/account', accountRoutes());
  api.route('/exports', exportRoutes());
  api.route('/uploads/multipart', multipartRoutes());
  api.route('/uploads', uploadRoutes());
  api.route('/jobs', jobRoutes());
  api.route('/sessions', sessionRoutes());
  api.route('/', analysisRoutes());
  for (const path of ['/plans', '/plans/*']) api.use(path, requireRunner);
  api.route('/plans', planRoutes());

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  const docConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Pacelab API', version: '1.0.0',
      description: 'Running analytics: uploads, background jobs, sessions and their records.\n\n'
        + 'Consistency (D1 read replication): every answer to a signed-in runner carries an `x-d1-bookmark` header (opaque). '
        + 'Send it back on the next request (same header) to read at least what you saw or wrote; after a job finishes, '
        + 'the bookmark of the job answer covers its imported sessions. A bookmark the server cannot use is ignored.\n\n'
        + 'Tokens and fair use: every operation with a bearer token may answer 401 token_expired (past the expiry chosen at creation); '
        + 'every write (POST, PUT, PATCH, DELETE) answers 403 insufficient_scope to a read-only token; job-creating operations '
        + 'answer 429 too_many_jobs beyond 60 a minute per runner.',
    },
    servers: [{ url: '/api/v1' }],
  };
  api.get('/openapi.json', (c) => c.json(withTokenProblems(withOperationIds(api.getOpenAPI31Document(docConfig)))));
  app.route('/api/v1', api);
  app.route('/', webApp());
  return app;
}
