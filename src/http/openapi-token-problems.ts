/**
 * The answers every bearer-token operation may give because of the token itself, added to the
 * OpenAPI document in one place (like the checks, which live in one middleware): 401 for an
 * unknown, revoked or expired token (`token_expired`), and on every write 403
 * `insufficient_scope` for a read-only token. A route that documents its own 401/403 keeps it.
 */
type Operation = { security?: Array<Record<string, unknown>>; responses?: Record<string, unknown> };
type Document = { paths?: object };

const WRITES = ['post', 'put', 'patch', 'delete'];
const READS = ['get', 'head'];
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

export function withTokenProblems<T extends Document>(doc: T): T {
  for (const item of Object.values((doc.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const method of [...READS, ...WRITES]) {
      const op = item[method] as Operation | undefined;
      if (!op?.responses || !op.security?.some((s) => 'bearer' in s)) continue;
      op.responses['401'] ??= problem('unauthorized (missing, unknown or revoked token) or token_expired');
      if (WRITES.includes(method)) op.responses['403'] ??= problem('insufficient_scope: the token is read-only');
    }
  }
  return doc;
}
