/** DELETE /api/v1/account: delete my account (the password again, then a background deletion). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DELETION_STARTED, requestAccountDeletion } from '../account-deletion';
import { clientIp } from '../credentials';
import type { AppEnv } from '../context';
import { ProblemSchema } from '../schemas';
import { validationHook } from '../validation';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const DeleteBody = z.object({ password: z.string().min(1).max(1024).openapi({ description: 'your password, again: a token alone cannot delete the account' }) }).openapi('AccountDeletion');

const remove = createRoute({
  method: 'delete', path: '/', tags: ['me'], operationId: 'deleteAccount', security: [{ bearer: [] }],
  summary: 'Delete my account: every file, session, plan, token and setting (in the background, within minutes)',
  request: { body: { required: true, content: { 'application/json': { schema: DeleteBody } } } },
  responses: {
    202: { description: 'Deletion started: tokens and sessions no longer work; the rest goes in the background', content: { 'application/json': { schema: z.object({ status: z.literal('deleting'), detail: z.string() }) } } },
    400: problem('No password given'), 401: problem('Missing or bad token'), 403: problem('Wrong password (wrong_password)'),
    429: problem('Too many password attempts (too_many_attempts); Retry-After says when'),
  },
});

export function accountRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(remove, async (c) => {
    await requestAccountDeletion(c.get('deps'), c.get('runnerId'), c.req.valid('json').password, clientIp(c.req.header('cf-connecting-ip')));
    return c.json({ status: 'deleting' as const, detail: DELETION_STARTED }, 202);
  });
  return app;
}
