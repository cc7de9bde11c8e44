import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { notFound } from '../problem';
import { ProblemSchema, ProfilePatch, RunnerSchema } from '../schemas';
import { validationHook } from '../validation';
import { presentRunner } from './auth-routes';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const getMe = createRoute({
  method: 'get', path: '/', tags: ['me'], summary: 'Profile and settings', security: [{ bearer: [] }],
  responses: { 200: { description: 'The runner', content: { 'application/json': { schema: RunnerSchema } } }, 401: problem('Missing or bad token') },
});

const patchMe = createRoute({
  method: 'patch', path: '/', tags: ['me'], summary: 'Update profile and settings (null clears a value)', security: [{ bearer: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: ProfilePatch } } } },
  responses: { 200: { description: 'The updated runner', content: { 'application/json': { schema: RunnerSchema } } }, 400: problem('Invalid values'), 401: problem('Missing or bad token') },
});

export function meRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(getMe, async (c) => {
    const runner = await c.get('deps').runners.findById(c.get('runnerId'));
    if (!runner) throw notFound('runner');
    return c.json(presentRunner(runner), 200);
  });
  app.openapi(patchMe, async (c) => {
    const deps = c.get('deps');
    const patch = c.req.valid('json');
    const runner = await deps.runners.updateProfile(c.get('runnerId'), patch as never, deps.clock.now());
    if (!runner) throw notFound('runner');
    return c.json(presentRunner(runner), 200);
  });
  return app;
}
