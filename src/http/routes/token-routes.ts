/** The runner's API tokens: list (never the secret) and revoke. New ones come from POST /auth/token. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { notFound } from '../problem';
import { ProblemSchema } from '../schemas';
import { validationHook } from '../validation';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const TokenInfoSchema = z.object({
  id: z.string(), prefix: z.string().openapi({ description: 'the first characters, to recognise it' }), label: z.string().optional(),
  scope: z.enum(['read', 'write']).openapi({ description: "'read': GET only (writes answer 403 insufficient_scope)" }),
  createdAt: z.string(), lastUsedAt: z.string().nullable().openapi({ description: 'to the minute (recorded at most once a minute)' }),
  expiresAt: z.string().nullable().openapi({ description: 'after it the token answers 401 token_expired; null = never' }), revokedAt: z.string().nullable(),
}).openapi('ApiToken');

const list = createRoute({
  method: 'get', path: '/', tags: ['me'], summary: "The runner's API tokens (revoked ones included)", security: [{ bearer: [] }],
  responses: { 200: { description: 'Tokens, newest first', content: { 'application/json': { schema: z.object({ items: z.array(TokenInfoSchema) }) } } }, 401: problem('Missing or bad token') },
});

const revoke = createRoute({
  method: 'delete', path: '/{id}', tags: ['me'], summary: 'Revoke a token (it answers 401 from then on)', security: [{ bearer: [] }],
  request: { params: z.object({ id: z.string().max(128) }) },
  responses: { 204: { description: 'Revoked' }, 401: problem('Missing or bad token'), 403: problem('insufficient_scope: a read-only token cannot revoke'), 404: problem('No live token with that id') },
});

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

export function tokenRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    const items = await c.get('deps').tokens.list(c.get('runnerId'));
    return c.json({ items: items.map((t) => ({
      id: t.id, prefix: t.prefix, label: t.label, scope: t.scope, createdAt: new Date(t.createdAt).toISOString(),
      lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt), revokedAt: iso(t.revokedAt),
    })) }, 200);
  });
  app.openapi(revoke, async (c) => {
    const deps = c.get('deps');
    if (!(await deps.tokens.revoke(c.get('runnerId'), c.req.valid('param').id, deps.clock.now()))) throw notFound('live token');
    return c.body(null, 204);
  });
  return app;
}
