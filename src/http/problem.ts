/**
 * HTTP errors map in one place to application/problem+json (RFC 9457) with a stable `code`.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ZodError } from 'zod';
import { DomainError, isDomainError } from '../core/errors';

/** A domain error that carries the HTTP status it answers with. */
export class HttpProblem extends DomainError {
  readonly status: ContentfulStatusCode;
  /** response headers the problem needs (Retry-After on 429) */
  readonly headers?: Record<string, string>;
  constructor(status: ContentfulStatusCode, code: string, message: string, details?: Record<string, unknown>, headers?: Record<string, string>) {
    super(code, message, { details });
    this.status = status;
    this.headers = headers;
  }
}

/** 429 with Retry-After (whole seconds, at least 1) in the header and the body. */
export function tooMany(code: string, message: string, retryAfterMs: number): HttpProblem {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new HttpProblem(429, code, message, { retryAfter: seconds }, { 'retry-after': String(seconds) });
}

// Domain codes that reach HTTP without being wrapped, and the status they answer with. A domain
// error whose code is not listed is a bug, not bad input: it answers 500 without its message.
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  bad_multipart: 400,
  too_many_parts: 400,
  no_files: 400,
  empty_upload: 400,
  upload_too_large: 413,
  quota_exceeded: 413,
  invalid_options: 400,
  invalid_plan_request: 400,
  not_found: 404,
  no_workout: 404,
  job_limit_reached: 409,
  // D1 shards (src/adapters/d1/shards.ts): a runner mid-move, storage being added, a deleted account
  runner_moving: 503,
  no_open_shard: 503,
  shard_unavailable: 503,
  unknown_runner: 401,
};

/** The status a domain error answers with, or undefined when its code is not meant for HTTP (a bug: 500). */
export function domainStatus(code: string): ContentfulStatusCode | undefined {
  return STATUS_BY_CODE[code];
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
  [key: string]: unknown;
}

/** `extra` adds members; it can never replace type, title, status, code, detail or instance. */
export function problemJson(c: Context, status: ContentfulStatusCode, code: string, detail: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const body: ProblemBody = { ...extra, type: `https://pacelab.dev/problems/${code}`, title: code.replace(/_/g, ' '), status, code, detail, instance: new URL(c.req.url).pathname };
  return new Response(JSON.stringify(body), { status, headers: { ...headers, 'content-type': 'application/problem+json', 'cache-control': 'no-store' } });
}

export function toProblemResponse(error: unknown, c: Context): Response {
  if (error instanceof HttpProblem) return problemJson(c, error.status, error.code, error.message, error.details, error.headers);
  if (error instanceof ZodError) {
    return problemJson(c, 400, 'validation_failed', 'The request does not match the schema.', {
      errors: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  if (isDomainError(error) && STATUS_BY_CODE[error.code]) {
    const response = problemJson(c, STATUS_BY_CODE[error.code]!, error.code, error.message, error.details);
    // a retryable domain error that answers 503 is temporary: say when to come back
    if (error.retryable && response.status === 503) response.headers.set('retry-after', '30');
    return response;
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    return problemJson(c, status, status === 413 ? 'upload_too_large' : `http_${status}`, error.message || 'The request could not be processed.');
  }
  console.error('unhandled error', error);
  return problemJson(c, 500, 'internal_error', 'Something went wrong on our side; the request was not completed.');
}

export function notFound(what: string): HttpProblem {
  return new HttpProblem(404, 'not_found', `No ${what} with that id.`);
}
