/**
 * Export my data: POST /exports starts a job that builds ONE ZIP (originals, Parquet, a JSON of
 * sessions and statistics) in a queue step; GET /exports/{id} says whether it is ready; GET
 * /exports/{id}/download streams it (attachment, no-store like every API answer).
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { exportKey } from '../../core/keys';
import { exportStatus, requestExport } from '../../jobs/request-export';
import type { AppEnv } from '../context';
import { admitNewJob } from '../job-limit';
import { HttpProblem, notFound } from '../problem';
import { JobSchema, ProblemSchema } from '../schemas';
import { validationHook } from '../validation';
import { presentJob } from './job-routes';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const tags = ['exports'];
const security = [{ bearer: [] }];

const ExportSchema = z.object({
  id: z.string(),
  status: z.enum(['building', 'ready', 'failed']),
  size: z.number().int().optional(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  downloadUrl: z.string().optional(),
  job: JobSchema,
}).openapi('Export');

const IdParam = z.object({ id: z.string().min(1).max(128) });

const create = createRoute({
  method: 'post', path: '/', tags, security, summary: 'Export my data: one ZIP of the original files, Parquet records and a JSON of sessions and statistics, built in the background',
  responses: {
    202: { description: 'The export job (GET /exports/{id} until status is ready)', content: { 'application/json': { schema: ExportSchema } } },
    401: problem('Missing or bad token'), 409: problem('An export is already being built (job_limit_reached)'), 429: problem('Too many jobs (too_many_jobs)'),
  },
});

const read = createRoute({
  method: 'get', path: '/{id}', tags, security, summary: 'An export: building, ready (with its size and download URL) or failed',
  request: { params: IdParam },
  responses: { 200: { description: 'The export', content: { 'application/json': { schema: ExportSchema } } }, 401: problem('Missing or bad token'), 404: problem('No such export') },
});

const download = createRoute({
  method: 'get', path: '/{id}/download', tags, security, summary: 'Download an export (application/zip, as an attachment)',
  request: { params: IdParam },
  responses: {
    200: { description: 'The ZIP', content: { 'application/zip': { schema: z.string().openapi({ format: 'binary' }) } } },
    401: problem('Missing or bad token'), 404: problem('No such export'), 409: problem('Not ready yet (export_not_ready)'),
  },
});

export function exportRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const view = async (deps: AppEnv['Variables']['deps'], runnerId: string, id: string) => {
    const job = await deps.coordinatorFor(runnerId).getJob(id);
    if (!job || job.kind !== 'export') throw notFound('export');
    const size = job.finishedAt === undefined ? null : await deps.blobs.size(exportKey(runnerId, id));
    const status = exportStatus(job, size);
    return {
      id, status, createdAt: new Date(job.createdAt).toISOString(), job: presentJob(job),
      ...(job.finishedAt !== undefined ? { finishedAt: new Date(job.finishedAt).toISOString() } : {}),
      ...(status === 'ready' ? { size: size!, downloadUrl: `/api/v1/exports/${id}/download` } : {}),
    };
  };
  app.openapi(create, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    await admitNewJob(deps, runnerId);
    const job = await requestExport(runnerId, { ids: deps.ids, coordinator: deps.coordinatorFor(runnerId) });
    c.header('Location', `/api/v1/exports/${job.id}`);
    return c.json(await view(deps, runnerId, job.id), 202);
  });
  app.openapi(read, async (c) => c.json(await view(c.get('deps'), c.get('runnerId'), c.req.valid('param').id), 200));
  app.openapi(download, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    const { id } = c.req.valid('param');
    const job = await deps.coordinatorFor(runnerId).getJob(id);
    if (!job || job.kind !== 'export') throw notFound('export');
    const object = job.finishedAt === undefined ? null : await deps.blobs.get(exportKey(runnerId, id));
    if (!object) {
      if (job.finishedAt === undefined) throw new HttpProblem(409, 'export_not_ready', 'The export is still being built; GET /api/v1/exports/{id} says when it is ready.');
      throw notFound('export');
    }
    const date = new Date(job.finishedAt ?? job.createdAt).toISOString().slice(0, 10);
    return new Response(object.body, {
      status: 200,
      headers: { 'content-type': 'application/zip', 'content-length': String(object.size), 'content-disposition': `attachment; filename="pacelab-export-${date}.zip"` },
    }) as never;
  });
  return app;
}
