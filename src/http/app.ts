/**
 * The Hono app: the library's middleware first (secure headers, body limits where bodies are
 * parsed), then one sub-app per resource, errors mapped in one place. Dependencies come from
 * the composition root through `deps` (built per request), never from module state.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps, AppEnv } from './context';
import { requireRunner } from './auth';
import { problemJson, toProblemResponse } from './problem';
import { authRoutes } from './routes/auth-routes';
import { jobRoutes } from './routes/job-routes';
import { meRoutes } from './routes/me-routes';
import { sessionRoutes } from './routes/session-routes';
import { uploadRoutes } from './routes/upload-routes';

export function createApp(makeDeps: (request: Request) => AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  app.use(secureHeaders());
  app.use(async (c, next) => {
    c.set('deps', makeDeps(c.req.raw));
    await next();
  });
  app.onError((error, c) => toProblemResponse(error, c));
  app.notFound((c) => problemJson(c, 404, 'not_found', 'There is nothing at this address.'));

  const api = new OpenAPIHono<AppEnv>();
  // JSON bodies are small; uploads stream and are capped by their own route.
  const smallBody = bodyLimit({ maxSize: 64 * 1024, onError: (c) => problemJson(c, 413, 'body_too_large', 'JSON bodies are limited to 64 KiB.') });
  api.use('/auth/*', smallBody);
  api.use('/me', smallBody);
  api.route('/auth', authRoutes());
  for (const path of ['/me', '/me/*', '/uploads', '/uploads/*', '/jobs', '/jobs/*', '/sessions', '/sessions/*']) api.use(path, requireRunner);
  api.route('/me', meRoutes());
  api.route('/uploads', uploadRoutes());
  api.route('/jobs', jobRoutes());
  api.route('/sessions', sessionRoutes());

  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  api.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Pacelab API', version: '1.0.0', description: 'Running analytics: uploads, background jobs, sessions and their records.' },
    servers: [{ url: '/api/v1' }],
  });
  app.route('/api/v1', api);
  app.get('/', (c) => c.text('Pacelab is running. The API lives under /api/v1 (see /api/v1/openapi.json).'));
  return app;
}
