/**
 * A stable operationId for every OpenAPI operation (code generators name their methods from
 * it): the route's own when it sets one, else derived from the method and the path, e.g.
 * GET /jobs/{id}/files → getJobsByIdFiles, POST /auth/token → postAuthToken. Derived from the
 * path, not the order of registration, so adding a route never renames another.
 */
type Operation = { operationId?: string };
type Document = { paths?: object };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function word(segment: string): string {
  const param = /^\{(.+)\}$/.exec(segment);
  const text = param ? `by-${param[1]}` : segment;
  return text.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

export function operationIdOf(method: string, path: string): string {
  return method.toLowerCase() + path.split('/').filter(Boolean).map(word).join('');
}

export function withOperationIds<T extends Document>(doc: T): T {
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const method of METHODS) {
      const op = item[method] as Operation | undefined;
      if (op && !op.operationId) op.operationId = operationIdOf(method, path);
    }
  }
  return doc;
}
