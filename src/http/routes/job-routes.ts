import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { JobView } from '../../ports';
import type { AppEnv } from '../context';
import { notFound } from '../problem';
import { JobSchema, listOf, PageQuery, ProblemSchema } from '../schemas';
import { validationHook } from '../validation';

export function presentJob(job: JobView): z.infer<typeof JobSchema> {
  return {
    id: job.id, kind: job.kind, status: job.status as z.infer<typeof JobSchema>['status'], stage: job.stage, counts: job.counts,
    files: job.files.map((f) => ({
      id: f.fileId, name: f.name, status: f.status, code: f.code, message: f.message,
      sessionId: f.sessionIds?.[0], sessionIds: f.sessionIds, duplicateOf: f.duplicateOf,
    })),
    problems: job.problems, progress: job.progress,
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: job.finishedAt === undefined ? null : new Date(job.finishedAt).toISOString(),
  };
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const list = createRoute({
  method: 'get', path: '/', tags: ['jobs'], summary: "The runner's background jobs, newest first", security: [{ bearer: [] }],
  request: { query: PageQuery },
  responses: { 200: { description: 'A page of jobs (files omitted; fetch one job for its per-file report)', content: { 'application/json': { schema: listOf(JobSchema) } } }, 401: problem('Missing or bad token') },
});

const get = createRoute({
  method: 'get', path: '/{id}', tags: ['jobs'], summary: 'One job with its per-file outcomes', security: [{ bearer: [] }],
  request: { params: z.object({ id: z.string().max(128) }) },
  responses: { 200: { description: 'The job', content: { 'application/json': { schema: JobSchema } } }, 401: problem('Missing or bad token'), 404: problem('No such job') },
});

export function jobRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    const { limit, cursor } = c.req.valid('query');
    const page = await c.get('deps').coordinatorFor(c.get('runnerId')).listJobs({ limit, cursor });
    return c.json({ items: page.items.map(presentJob), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(get, async (c) => {
    const job = await c.get('deps').coordinatorFor(c.get('runnerId')).getJob(c.req.valid('param').id);
    if (!job) throw notFound('job');
    return c.json(presentJob(job), 200);
  });
  return app;
}
