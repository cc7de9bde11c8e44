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
  constructor(status: ContentfulStatusCode, code: string, message: string, details?: Record<string, unknown>) {
    super(code, message, { details });
    this.status = status;
  }
}

// Domain codes that reach HTTP without being wrapped, and the status they answer with.
const STATUS_BY_CODE: Record<string, ContentfulStatusCode> = {
  bad_multipart: 400,
  too_many_parts: 400,
  upload_too_large: 413,
  invalid_options: 400,
};

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

export function problemJson(c: Context, status: ContentfulStatusCode, code: string, detail: string, extra: Record<string, unknown> = {}): Response {
  const body: ProblemBody = { type: `https://pacelab.dev/problems/${code}`, title: code.replace(/_/g, ' '), status, code, detail, instance: new URL(c.req.url).pathname, ...extra };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });
}

export function toProblemResponse(error: unknown, c: Context): Response {
  if (error instanceof HttpProblem) return problemJson(c, error.status, error.code, error.message, error.details);
  if (error instanceof ZodError) {
    return problemJson(c, 400, 'validation_failed', 'The request does not match the schema.', {
      errors: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  if (isDomainError(error)) return problemJson(c, STATUS_BY_CODE[error.code] ?? 400, error.code, error.message, error.details);
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
