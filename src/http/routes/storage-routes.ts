/** GET /api/v1/storage: what the runner holds against the quota (the storage ledger). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { ProblemSchema } from '../schemas';

const StorageSchema = z.object({
  usedBytes: z.number().int().openapi({ description: 'every object you hold (uploads, archives found inside them, extracted files, Parquet, per-session JSON, plan checkpoints) plus open resumable uploads at their declared size; exports are not counted' }),
  quotaBytes: z.number().int(),
  availableBytes: z.number().int(),
}).openapi('Storage');

const getStorage = createRoute({
  method: 'get', path: '/', tags: ['me'], summary: 'Storage used against your quota', security: [{ bearer: [] }],
  responses: {
    200: { description: 'Bytes used and the quota', content: { 'application/json': { schema: StorageSchema } } },
    401: { description: 'Missing or bad token', content: { 'application/problem+json': { schema: ProblemSchema } } },
  },
});

export function storageRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(getStorage, async (c) => {
    const deps = c.get('deps');
    const usedBytes = await deps.storage.usage(c.get('runnerId'), deps.clock.now());
    const quotaBytes = deps.config.storageQuotaBytes;
    return c.json({ usedBytes, quotaBytes, availableBytes: Math.max(0, quotaBytes - usedBytes) }, 200);
  });
  return app;
}
