/**
 * Resumable uploads: /api/v1/uploads/multipart. JSON routes are validated and documented by
 * their zod schemas; the part upload streams its body straight to R2 (documented by hand).
 */
import { admitNewJob } from '../job-limit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isDomainError } from '../../core/errors';
import { sanitiseFileName } from '../../core/file-name';
import { abortUpload, completeUpload, createResumableUpload, describeUpload, partCountOf, putPart, type CompleteDeps, type MultipartDeps, type MultipartStatus } from '../../jobs/multipart-upload';
import type { Context } from 'hono';
import type { AppEnv } from '../context';
import { HttpProblem, problemJson } from '../problem';
import { JobSchema, ProblemSchema, UploadSchema } from '../schemas';
import { validationHook } from '../validation';
import { presentJob } from './job-routes';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const security = [{ bearer: [] }];
const tags = ['uploads'];
const IdParam = z.object({ id: z.string().min(1).max(128) });

const CreateBody = z.object({
  // sanitised and shortened to 255 characters, as every ingest path does
  name: z.string().max(4096).transform((n) => sanitiseFileName(n, '')).pipe(z.string().min(1, 'The name is empty.')).openapi({ example: 'garmin-export.zip' }),
  size: z.number().int().min(1).max(5 * 1024 ** 4).openapi({ description: 'total bytes of the file' }),
}).openapi('ResumableUploadRequest');

const StatusSchema = z.object({
  id: z.string(), name: z.string(), size: z.number().int(), partSize: z.number().int(), partCount: z.number().int(),
  status: z.enum(['open', 'completed', 'aborted']),
  parts: z.array(z.object({ partNumber: z.number().int(), size: z.number().int() })),
  missing: z.array(z.number().int()).openapi({ description: 'part numbers not received yet (send these to resume)' }),
  receivedBytes: z.number().int(), jobId: z.string().optional(),
}).openapi('ResumableUpload');

const CompleteBody = z.object({ sha256: z.string().regex(/^[0-9a-fA-F]{64}$/).optional().openapi({ description: 'checked against the assembled file' }) }).openapi('ResumableUploadComplete');

// Domain codes of this resource and the status each answers with.
const STATUS: Record<string, ContentfulStatusCode> = {
  not_found: 404, upload_closed: 409, parts_missing: 409, bad_part_number: 400, part_size_mismatch: 400,
  checksum_mismatch: 422, size_mismatch: 422, upload_too_large: 413, quota_exceeded: 413, upload_incomplete: 503,
};

function toHttp(error: unknown): unknown {
  if (isDomainError(error) && STATUS[error.code]) return new HttpProblem(STATUS[error.code], error.code, error.message, error.details);
  return error;
}

function presentStatus(s: MultipartStatus): z.infer<typeof StatusSchema> {
  return {
    id: s.upload.id, name: s.upload.name, size: s.upload.size, partSize: s.upload.partSize, partCount: s.partCount, status: s.upload.status,
    parts: s.received.map(({ partNumber, size }) => ({ partNumber, size })), missing: s.missing,
    receivedBytes: s.received.reduce((n, p) => n + p.size, 0), jobId: s.upload.jobId,
  };
}

function multipartDeps(c: Context<AppEnv>): CompleteDeps {
  const deps = c.get('deps');
  const base: MultipartDeps = { ids: deps.ids, clock: deps.clock, store: deps.multipart.store, repo: deps.multipart.repo, partBytes: deps.multipart.partBytes, maxRequestBytes: deps.config.maxUploadBytes, quotaBytes: deps.config.storageQuotaBytes, ledger: deps.storage };
  return { ...base, uploads: deps.uploads, coordinator: deps.coordinatorFor(c.get('runnerId')) };
}

const create = createRoute({
  method: 'post', path: '/', tags, security, summary: 'Start a resumable upload (for files above the single-request limit)',
  request: { body: { content: { 'application/json': { schema: CreateBody } }, required: true } },
  responses: {
    201: { description: 'Send parts of exactly partSize bytes (the last one smaller) to …/parts/{n}', content: { 'application/json': { schema: StatusSchema } } },
    400: problem('Bad body'), 401: problem('Missing or bad token'), 413: problem('Too large even in 10,000 parts'),
    429: problem('too_many_jobs: this account started too many jobs this minute; retry after Retry-After seconds'),
  },
});
const status = createRoute({
  method: 'get', path: '/{id}', tags, security, summary: 'Which parts have arrived (to resume after a dropped connection)',
  request: { params: IdParam },
  responses: { 200: { description: 'The upload and its parts', content: { 'application/json': { schema: StatusSchema } } }, 401: problem('Missing or bad token'), 404: problem('No such upload') },
});
const complete = createRoute({
  method: 'post', path: '/{id}/complete', tags, security, summary: 'Assemble the parts and start the import (same answer as POST /uploads)',
  request: { params: IdParam, body: { content: { 'application/json': { schema: CompleteBody } }, required: false } },
  responses: {
    202: { description: 'Accepted; processing in background', headers: { Location: { schema: { type: 'string' } } },
      content: { 'application/json': { schema: z.object({ job: JobSchema, uploads: z.array(UploadSchema) }) } } },
    401: problem('Missing or bad token'), 404: problem('No such upload'), 409: problem('Parts missing, or the upload was aborted'),
    422: problem('The SHA-256 or size does not match'),
  },
});
const abort = createRoute({
  method: 'delete', path: '/{id}', tags, security, summary: 'Abort a resumable upload and discard its parts',
  request: { params: IdParam },
  responses: { 204: { description: 'Aborted' }, 401: problem('Missing or bad token'), 404: problem('No such upload'), 409: problem('Already completed') },
});

export function multipartRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  const smallJson = bodyLimit({ maxSize: 64 * 1024, onError: (c) => problemJson(c, 413, 'body_too_large', 'JSON bodies are limited to 64 KiB.') });
  app.use('/', smallJson);
  app.use('/:id/complete', smallJson);

  app.openapi(create, async (c) => {
    // a resumable upload becomes one job: it is counted when it starts, never refused at completion
    await admitNewJob(c.get('deps'), c.get('runnerId'));
    const row = await createResumableUpload(c.get('runnerId'), c.req.valid('json'), multipartDeps(c)).catch((e: unknown) => { throw toHttp(e); });
    c.header('Location', `/api/v1/uploads/multipart/${row.id}`);
    const partCount = partCountOf(row);
    return c.json(presentStatus({ upload: row, partCount, received: [], missing: Array.from({ length: partCount }, (_, i) => i + 1) }), 201);
  });
  app.openapi(status, async (c) => {
    const s = await describeUpload(c.get('runnerId'), c.req.valid('param').id, c.get('deps').multipart.repo).catch((e: unknown) => { throw toHttp(e); });
    return c.json(presentStatus(s), 200);
  });
  app.openapi(complete, async (c) => {
    const body = c.req.header('content-type')?.includes('json') ? c.req.valid('json') : {};
    const result = await completeUpload(c.get('runnerId'), c.req.valid('param').id, body?.sha256, multipartDeps(c)).catch((e: unknown) => { throw toHttp(e); });
    c.header('Location', `/api/v1/jobs/${result.job.id}`);
    const u = result.upload;
    return c.json({ job: presentJob(result.job), uploads: [{ id: u.id, name: u.name, size: u.size, sha256: u.sha256, contentType: u.contentType }] }, 202);
  });
  app.openapi(abort, async (c) => {
    await abortUpload(c.get('runnerId'), c.req.valid('param').id, multipartDeps(c)).catch((e: unknown) => { throw toHttp(e); });
    return c.body(null, 204);
  });

  // Documented by hand: the body streams to R2's uploadPart, never parsed into memory.
  app.openAPIRegistry.registerPath({
    method: 'put', path: '/{id}/parts/{n}', tags, security, summary: 'Send part n (1-based); sending a part again replaces it',
    request: {
      params: z.object({ id: z.string(), n: z.string().regex(/^\d+$/) }),
      body: { content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    },
    responses: {
      200: { description: 'Part stored', content: { 'application/json': { schema: z.object({ partNumber: z.number().int(), size: z.number().int() }) } } },
      400: problem('Bad part number, or not exactly the expected size'), 401: problem('Missing or bad token'),
      404: problem('No such upload'), 409: problem('Already completed or aborted'),
    },
  });
  app.put('/:id/parts/:n', async (c) => {
    const length = Number(c.req.header('content-length') ?? NaN);
    const part = await putPart(c.get('runnerId'), c.req.param('id'), Number(c.req.param('n')), c.req.raw.body, length, multipartDeps(c))
      .catch((e: unknown) => { throw toHttp(e); });
    return c.json({ partNumber: part.partNumber, size: part.size }, 200);
  });
  return app;
}
