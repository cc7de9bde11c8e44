/**
 * Test-only (workers/test-entry.ts, var RECORD_BINDINGS=1; never in workers/index.ts): records
 * the D1 statements and R2 calls a queue invocation makes, so bench/archive-import.bench.ts can
 * replay exactly them with no import work (bench/support/bindings-replay-worker.ts) and tell the
 * local runtime's share of the app's CPU from the Worker's own. The wrappers keep references
 * (params, sizes), no copies: recording costs the measured run next to nothing; the log is
 * serialised only when GET /__test/bindings-log fetches it after the job.
 */

/** One D1 statement as sent: its SQL, its bound values and how it was run. */
export interface RecordedStatement { sql: string; params: unknown[] }

export type RecordedOp =
  | { kind: 'd1'; db: string; method: 'all' | 'run' | 'first' | 'raw'; statement: RecordedStatement }
  | { kind: 'd1-batch'; db: string; statements: RecordedStatement[] }
  | { kind: 'd1-exec'; db: string; sql: string }
  | { kind: 'r2-get'; key: string; offset?: number; length?: number; suffix?: number; size: number | null }
  | { kind: 'r2-head'; key: string }
  | { kind: 'r2-put'; key: string; size: number; contentType?: string }
  | { kind: 'r2-delete'; keys: number }
  | { kind: 'r2-list'; prefix?: string };

/** One queue invocation: how many messages it carried and the calls it made, in call order. */
export interface RecordedInvocation { queue: string; messages: number; ops: RecordedOp[] }

const STATEMENT = Symbol('recorded statement');

interface Recorded { [STATEMENT]: { real: D1PreparedStatement; statement: RecordedStatement } }

function isBinary(value: unknown): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

/** a binary value is recorded by its length (`{ bytes }`): the log is JSON */
function lengthOfBinary(value: unknown): unknown {
  return isBinary(value) ? { bytes: (value as ArrayBuffer | ArrayBufferView).byteLength } : value;
}

function recordStatement(db: string, real: D1PreparedStatement, statement: RecordedStatement, ops: RecordedOp[]): D1PreparedStatement {
  const run = <T>(method: 'all' | 'run' | 'first' | 'raw', call: () => Promise<T>): Promise<T> => {
    ops.push({ kind: 'd1', db, method, statement });
    return call();
  };
  const wrapped = {
    [STATEMENT]: { real, statement },
    bind: (...params: unknown[]) => recordStatement(db, real.bind(...params), { sql: statement.sql, params: params.some(isBinary) ? params.map(lengthOfBinary) : params }, ops),
    all: () => run('all', () => real.all()),
    run: () => run('run', () => real.run()),
    first: (column?: string) => run('first', () => (column === undefined ? real.first() : real.first(column))),
    raw: (options?: { columnNames?: boolean }) => run('raw', () => real.raw(options as { columnNames: true })),
  };
  return wrapped as unknown as D1PreparedStatement;
}

function recordD1(name: string, real: D1Database, ops: RecordedOp[]): D1Database {
  const wrapped = {
    prepare: (sql: string) => recordStatement(name, real.prepare(sql), { sql, params: [] }, ops),
    batch: (statements: D1PreparedStatement[]) => {
      const inner = statements.map((s) => (s as unknown as Recorded)[STATEMENT]);
      ops.push({ kind: 'd1-batch', db: name, statements: inner.map((s) => s.statement) });
      return real.batch(inner.map((s) => s.real));
    },
    exec: (sql: string) => {
      ops.push({ kind: 'd1-exec', db: name, sql });
      return real.exec(sql);
    },
    withSession: () => { throw new Error('binding recorder: queue consumers read at the primary (no D1 session)'); },
    dump: () => real.dump(),
  };
  return wrapped as unknown as D1Database;
}

function rangeOf(options: R2GetOptions | undefined): { offset?: number; length?: number; suffix?: number } {
  const range = options?.range;
  if (!range || range instanceof Headers) return {};
  if ('suffix' in range) return { suffix: range.suffix };
  return { ...(range.offset !== undefined ? { offset: range.offset } : {}), ...(range.length !== undefined ? { length: range.length } : {}) };
}

function sizeOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'string') return new TextEncoder().encode(value).length;
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value instanceof Blob) return value.size;
  return -1; // a stream: its length is not known here (bulk imports put bytes)
}

function recordR2(real: R2Bucket, ops: RecordedOp[]): R2Bucket {
  const wrapped = {
    get: async (key: string, options?: R2GetOptions) => {
      const op: RecordedOp = { kind: 'r2-get', key, ...rangeOf(options), size: null };
      ops.push(op);
      const object = await real.get(key, options);
      op.size = object ? object.size : null;
      return object;
    },
    head: (key: string) => { ops.push({ kind: 'r2-head', key }); return real.head(key); },
    put: (key: string, value: unknown, options?: R2PutOptions) => {
      const contentType = options?.httpMetadata instanceof Headers ? undefined : options?.httpMetadata?.contentType;
      ops.push({ kind: 'r2-put', key, size: sizeOf(value), ...(contentType ? { contentType } : {}) });
      return real.put(key, value as never, options);
    },
    delete: (keys: string | string[]) => { ops.push({ kind: 'r2-delete', keys: Array.isArray(keys) ? keys.length : 1 }); return real.delete(keys); },
    list: (options?: R2ListOptions) => { ops.push({ kind: 'r2-list', ...(options?.prefix ? { prefix: options.prefix } : {}) }); return real.list(options); },
    createMultipartUpload: (key: string, options?: R2MultipartOptions) => real.createMultipartUpload(key, options),
    resumeMultipartUpload: (key: string, uploadId: string) => real.resumeMultipartUpload(key, uploadId),
  };
  return wrapped as unknown as R2Bucket;
}

/**
 * A copy of `env` whose D1 databases (DIRECTORY, DB_<i>) and R2 bucket (FILES) record into a new
 * invocation of `log`. Durable Object stubs and queues pass through untouched (a stub must stay
 * the runtime's own object to serialise RPC arguments).
 */
export function recordingEnv<E extends object>(env: E, log: RecordedInvocation[], queue: string, messages: number): E {
  const invocation: RecordedInvocation = { queue, messages, ops: [] };
  log.push(invocation);
  const copy = { ...env } as Record<string, unknown>;
  for (const [name, value] of Object.entries(copy)) {
    if (name === 'DIRECTORY' || /^DB_\d+$/.test(name)) copy[name] = recordD1(name, value as D1Database, invocation.ops);
    else if (name === 'FILES') copy[name] = recordR2(value as R2Bucket, invocation.ops);
  }
  return copy as E;
}
