import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { FileStatus } from '../../core/chain/job-state';
import type { Coordinator, JobFileView, JobView } from '../../ports';
import type { AppEnv } from '../context';
import { HttpProblem, notFound } from '../problem';
import { JobFileSchema, JobSchema, listOf, PageQuery, ProblemSchema } from '../schemas';
import { validationHook } from '../validation';

function presentFile(f: JobFileView): z.infer<typeof JobFileSchema> {
  return {
    id: f.fileId, name: f.name, status: f.status, code: f.code, message: f.message,
    sessionId: f.sessionIds?.[0], sessionIds: f.sessionIds, duplicateOf: f.duplicateOf,
  };
}

export function presentJob(job: JobView): z.infer<typeof JobSchema> {
  return {
    id: job.id, kind: job.kind, status: job.status as z.infer<typeof JobSchema>['status'], stage: job.stage, counts: job.counts,
    files: job.files.map(presentFile), filesNextCursor: job.filesNextCursor ?? null,
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

const cancel = createRoute({
  method: 'post', path: '/{id}/cancel', tags: ['jobs'], security: [{ bearer: [] }],
  summary: 'Undo a session delete while its undo window is open',
  description: 'A `delete` job whose step has not run yet ends `cancelled` ("Delete undone") and the session stays. Once the delete was sent: 409 too_late_to_undo. Other jobs: 409 not_cancellable.',
  request: { params: z.object({ id: z.string().max(128) }) },
  responses: {
    200: { description: 'The job, cancelled', content: { 'application/json': { schema: JobSchema } } },
    401: problem('Missing or bad token'), 404: problem('No such job'),
    409: problem('too_late_to_undo: the delete already ran; not_cancellable: this job cannot be undone'),
  },
});

const FILE_STATUSES = JobFileSchema.shape.status.options;

const files = createRoute({
  method: 'get', path: '/{id}/files', tags: ['jobs'], summary: "A page of a job's files (a job answer carries the first 100)", security: [{ bearer: [] }],
  request: {
    params: z.object({ id: z.string().max(128) }),
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      cursor: z.string().max(64).optional(),
      status: z.string().max(200).optional().openapi({ description: `comma-separated: ${FILE_STATUSES.join(', ')}` }),
    }),
  },
  responses: { 200: { description: 'Files in the order found', content: { 'application/json': { schema: listOf(JobFileSchema) } } }, 400: problem('Bad status filter'), 401: problem('Missing or bad token'), 404: problem('No such job') },
});

/** shared with the web Undo form: the coordinator's answer as a job, or the problem for it */
export async function cancelJobOrThrow(coordinator: Coordinator, jobId: string): Promise<JobView> {
  const answer = await coordinator.cancelJob(jobId);
  if (!answer) throw notFound('job');
  if ('refused' in answer) {
    throw answer.refused === 'too_late'
      ? new HttpProblem(409, 'too_late_to_undo', 'This delete already ran; it can no longer be undone.')
      : new HttpProblem(409, 'not_cancellable', 'Only a session delete can be undone, while its undo window is open.');
  }
  return answer.job;
}

function parseStatuses(raw: string | undefined): FileStatus[] | undefined {
  if (!raw) return undefined;
  const wanted = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((s) => !(FILE_STATUSES as readonly string[]).includes(s));
  if (unknown.length > 0) throw new HttpProblem(400, 'bad_status', `Unknown file status ${unknown.join(', ')}; use ${FILE_STATUSES.join(', ')}.`);
  return wanted as FileStatus[];
}

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
  app.openapi(cancel, async (c) => {
    const answer = await cancelJobOrThrow(c.get('deps').coordinatorFor(c.get('runnerId')), c.req.valid('param').id);
    return c.json(presentJob(answer), 200);
  });
  app.openapi(files, async (c) => {
    const { limit, cursor, status } = c.req.valid('query');
    const page = await c.get('deps').coordinatorFor(c.get('runnerId')).listJobFiles(c.req.valid('param').id, { limit, cursor, statuses: parseStatuses(status) });
    if (!page) throw notFound('job');
    return c.json({ items: page.items.map(presentFile), nextCursor: page.nextCursor }, 200);
  });
  return app;
}
