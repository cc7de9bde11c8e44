import { admitNewJob } from '../job-limit';
import { OpenAPIHono, z } from '@hono/zod-openapi';
import { boundaryFromContentType, readMultipart } from '../../core/multipart/parse-multipart';
import { piecesFor, readPieces } from '../../core/multipart/read-large';
import { acceptUpload, type IncomingFile } from '../../jobs/accept-upload';
import { sanitiseFileName } from '../../core/file-name';
import type { UploadRow } from '../../ports';
import type { AppEnv } from '../context';
import { HttpProblem, problemJson } from '../problem';
import { JobSchema, ProblemSchema, UploadSchema } from '../schemas';
import { presentJob } from './job-routes';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

function tooLarge(limit: number): HttpProblem {
  return new HttpProblem(413, 'upload_too_large',
    `This upload is larger than ${limit} bytes, the most one request may carry. Send large files with the resumable upload: POST /api/v1/uploads/multipart.`,
    { limit, resumable: '/api/v1/uploads/multipart' });
}

async function* multipartFiles(body: ReadableStream<Uint8Array>, contentType: string, contentLength: number): AsyncGenerator<IncomingFile> {
  for await (const part of readMultipart(body, boundaryFromContentType(contentType), undefined, piecesFor(contentLength))) {
    if (part.name !== 'file' || part.filename === undefined) {
      for await (const _ of part.body) { /* other form fields are ignored */ }
      continue;
    }
    yield { name: part.filename, contentType: part.contentType, chunks: part.body };
  }
}

async function* rawFile(body: ReadableStream<Uint8Array> | null, name: string, contentType: string | undefined, contentLength: number): AsyncGenerator<IncomingFile> {
  async function* chunks() {
    if (body) yield* readPieces(body, piecesFor(contentLength));
  }
  yield { name, contentType, chunks: chunks() };
}

// Uploads in flight per runner in this isolate (isolate memory is shared by its requests): past
// the cap a burst is answered 429 rate_limited with Retry-After instead of piling up (drill S9).
const MAX_UPLOADS_IN_FLIGHT = 16;
const uploadsInFlight = new Map<string, number>();

function presentUpload(row: UploadRow): z.infer<typeof UploadSchema> {
  return { id: row.id, name: row.name, size: row.size, sha256: row.sha256, contentType: row.contentType };
}

export function uploadRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  // Documented by hand: the body is streamed, never parsed into memory by a validator.
  app.openAPIRegistry.registerPath({
    method: 'post', path: '/', tags: ['uploads'], summary: 'Upload FIT files (multipart "file" parts, or a raw body with ?filename=)',
    security: [{ bearer: [] }],
    request: {
      query: z.object({ filename: z.string().optional() }),
      body: { content: {
        'multipart/form-data': { schema: z.object({ file: z.array(z.string().openapi({ format: 'binary' })) }) },
        'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) },
      } },
    },
    responses: {
      202: { description: 'Accepted; processing in background', headers: { Location: { schema: { type: 'string' } } },
        content: { 'application/json': { schema: z.object({ job: JobSchema, uploads: z.array(UploadSchema) }) } } },
      400: problem('No file, an empty upload, or a malformed body'), 401: problem('Missing or bad token'), 413: problem('Too large for one request'),
      429: problem('Too many uploads of this account in flight (rate_limited), or too many jobs started this minute (too_many_jobs); retry after Retry-After seconds'),
    },
  });
  app.post('/', async (c) => {
    const deps = c.get('deps');
    const limit = deps.config.maxUploadBytes;
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > limit) throw tooLarge(limit);
    const contentType = c.req.header('content-type') ?? '';
    const filename = c.req.query('filename');
    let files: AsyncIterable<IncomingFile>;
    if (/^multipart\/form-data/i.test(contentType)) {
      if (!c.req.raw.body) throw new HttpProblem(400, 'no_files', 'The upload holds no file.');
      files = multipartFiles(c.req.raw.body, contentType, declared);
    } else if (filename !== undefined) {
      if (sanitiseFileName(filename, '') === '') throw new HttpProblem(400, 'bad_filename', 'Give ?filename= a name (it is shortened to 255 characters).');
      files = rawFile(c.req.raw.body, sanitiseFileName(filename), contentType || undefined, declared);
    } else {
      throw new HttpProblem(400, 'unsupported_content_type',
        'Send multipart/form-data with one or more "file" parts, or the raw file bytes with ?filename=<name>.');
    }
    const runnerId = c.get('runnerId');
    const busy = uploadsInFlight.get(runnerId) ?? 0;
    if (busy >= MAX_UPLOADS_IN_FLIGHT) {
      const res = problemJson(c, 429, 'rate_limited', `${busy} uploads of this account are already being received; retry after a second.`, { retryAfter: 1 });
      res.headers.set('Retry-After', '1');
      return res;
    }
    // After the in-flight check: a request refused for a second must not spend the runner's
    // per-minute job budget, or a client retrying politely runs into 60 s of too_many_jobs.
    await admitNewJob(deps, runnerId);
    uploadsInFlight.set(runnerId, busy + 1);
    const result = await acceptUpload(runnerId, files, {
      ids: deps.ids, clock: deps.clock, blobs: deps.blobs, uploads: deps.uploads,
      coordinator: deps.coordinatorFor(runnerId), maxUploadBytes: limit,
    }, { declaredBytes: declared, confirmRunner: c.get('confirmRunner') }).catch((error: unknown) => {
      if (error instanceof Error && 'code' in error && error.code === 'upload_too_large') throw tooLarge(limit);
      throw error;
    }).finally(() => {
      const left = (uploadsInFlight.get(runnerId) ?? 1) - 1;
      if (left > 0) uploadsInFlight.set(runnerId, left);
      else uploadsInFlight.delete(runnerId);
    });
    c.header('Location', `/api/v1/jobs/${result.job.id}`);
    return c.json({ job: presentJob(result.job), uploads: result.uploads.map(presentUpload) }, 202);
  });
  return app;
}
