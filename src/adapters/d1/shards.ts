/**
 * Runner-sharded D1: ONE resolver gives every repository its database.
 *
 * - The directory (binding DIRECTORY, directory-schema.ts) holds accounts and the runner → shard
 *   map; data shards (bindings DB_0…DB_{N-1}, schema.ts) hold everything per runner.
 * - A repository is built on the resolver, never on a database: each runner-scoped method starts
 *   with `const db = await shards.dbFor(runnerId)`, so a query can only reach the shard of the
 *   runner it is scoped by. The lookup is one indexed directory read per runner per invocation
 *   (cached here; auth primes it from the token/session row it reads anyway).
 * - Placement at signup: the open shard with the fewest runners (not a hash of the id: a shard
 *   added later starts empty and should take the new runners until it catches up, and a hash
 *   would also keep sending runners to a shard closed because it is full). A runner never moves
 *   implicitly; moves are the copy-then-switch job in runner-move.ts.
 * - Global reads (D1 read replication, issue 14 item 3): an HTTP request's resolver opens ONE D1
 *   Sessions API session per data shard it touches (`withSession`): reads start at any replica
 *   ('first-unconstrained') or at the client's bookmark for that shard, writes at the primary
 *   ('first-primary'); `bookmark(runnerId)` gives the token to hand back (x-d1-bookmark header,
 *   web cookie). Queue consumers, the Durable Object and the cron job use the primary (no session).
 *   The directory always uses the primary: a token or web session created a moment ago must be
 *   found by the next request, and its lookup is one primary-key read.
 */
import { drizzle } from 'drizzle-orm/d1';
import { DomainError, runnerMovingError } from '../../core/errors';
import type { RunnerPlacement } from '../../ports';

export type Db = ReturnType<typeof createShardDb>;
export type DirectoryDb = ReturnType<typeof createDirectoryDb>;

// Without drizzle's `schema` option: the app runs no relational queries (db.query.*), and with it
// every instance re-derived the relational config of every table — built per request and per
// shard session, that was ≈ 3 % of the app isolate's time under 20 uploading clients (issue 14
// item 6). Tables are imported where queries name them.
export function createShardDb(d1: D1Database) {
  return drizzle(d1);
}

export function createDirectoryDb(d1: D1Database) {
  return drizzle(d1);
}

/** Where a runner's rows are, and whether a move has frozen them. */
/** (the port's RunnerPlacement: movePhase freeze/copy/verify freezes the runner) */
export type Placement = RunnerPlacement;

export interface ShardBindings {
  directory: D1Database;
  /** data shards by index (DB_<i>); a gap (an unbound index) is undefined */
  shards: Array<D1Database | undefined>;
}

export interface ShardResolver {
  /** the directory database: runners, tokens, web sessions, throttle, shards, plan catalogue */
  readonly directory: DirectoryDb;
  /** the shard holding this runner's rows; throws unknown_runner / runner_moving (retryable) */
  dbFor(runnerId: string): Promise<Db>;
  /** the shard index of a runner (same rules as dbFor) */
  shardOf(runnerId: string): Promise<number>;
  /** record a placement read alongside another directory query (token or session lookup) */
  remember(runnerId: string, placement: Placement): void;
  /** indexes of the bound data shards */
  readonly boundShards: number[];
  /** a shard by index, for placement checks, moves and operations only — never a runner's queries */
  shardAt(index: number): Db;
  /**
   * The bookmark token of the runner's shard session (formatShardBookmark), or null in primary
   * mode or before any query. `fresh` asks the primary (one trivial query) instead, so the token
   * covers everything committed before this call (job answers: the import's writes).
   */
  bookmark(runnerId: string, options?: { fresh?: boolean }): Promise<string | null>;
}

/**
 * How an invocation reads its data shards: `primary` (queues, Durable Object, cron: plain D1, every
 * query at the primary) or a D1 session per shard — anchored at the client's bookmark when it names
 * that shard, otherwise at the constraint.
 */
export type ShardConsistency =
  | { kind: 'primary' }
  | { kind: 'session'; constraint: 'first-primary' | 'first-unconstrained'; bookmark?: ShardBookmark | null };

/** A bookmark of one data shard (D1 bookmarks are per database). */
export interface ShardBookmark {
  shard: number;
  bookmark: string;
}

const PRIMARY: ShardConsistency = { kind: 'primary' };

/** The token a client carries: `<shard>:<D1 bookmark>` (opaque to clients; documented as such). */
export function formatShardBookmark(b: ShardBookmark): string {
  return `${b.shard}:${b.bookmark}`;
}

/** A client's token, or null when it is not one this API gave out (it is then ignored, never an error). */
export function parseShardBookmark(token: string | null | undefined): ShardBookmark | null {
  const match = token ? /^(\d{1,4}):([0-9a-f][0-9a-f-]{0,127})$/i.exec(token.trim()) : null;
  return match ? { shard: Number(match[1]), bookmark: match[2]! } : null;
}

/** The move phases during which a runner's rows must not be read or written (copy in progress). */
export const FROZEN_PHASES: ReadonlySet<string> = new Set(['freeze', 'copy', 'verify']);

/** SQL reading a runner's placement: shard and unfinished move phase (one PK lookup + PK join). */
export const PLACEMENT_SQL = `SELECT r.shard AS shard, m.phase AS move_phase FROM runners r
  LEFT JOIN runner_moves m ON m.runner_id = r.id AND m.phase <> 'done' WHERE r.id = ?`;

/** DB_0, DB_1, … from a Worker's bindings (any object): the shard set is what is bound. */
export function readShardBindings(env: object): ShardBindings {
  const bag = env as Record<string, unknown>;
  const directory = bag.DIRECTORY as D1Database | undefined;
  if (!directory) throw new Error('The DIRECTORY D1 binding is missing (wrangler.toml [[d1_databases]] binding = "DIRECTORY").');
  const shards: Array<D1Database | undefined> = [];
  for (const [name, value] of Object.entries(bag)) {
    const match = /^DB_(\d+)$/.exec(name);
    if (match) shards[Number(match[1])] = value as D1Database;
  }
  if (shards.length === 0) throw new Error('No data shard is bound (wrangler.toml [[d1_databases]] binding = "DB_0", …).');
  return { directory, shards };
}

export function createShardResolver(bindings: ShardBindings, consistency: ShardConsistency = PRIMARY): ShardResolver {
  const directory = createDirectoryDb(bindings.directory);
  const handles = new Map<number, Db>();
  const sessions = new Map<number, D1DatabaseSession>();
  const placements = new Map<string, Promise<Placement | null>>();
  const shardAt = (index: number): Db => {
    const d1 = bindings.shards[index];
    if (!d1) throw new DomainError('shard_unavailable', `Data shard ${index} is not bound to this Worker.`, { retryable: true });
    let handle = handles.get(index);
    if (!handle) {
      if (consistency.kind === 'session') {
        const anchor = consistency.bookmark?.shard === index ? consistency.bookmark.bookmark : consistency.constraint;
        const session = d1.withSession(anchor);
        sessions.set(index, session);
        // drizzle's D1 driver only calls prepare() and batch(), which a session has
        handle = createShardDb(session as unknown as D1Database);
      } else {
        handle = createShardDb(d1);
      }
      handles.set(index, handle);
    }
    return handle;
  };
  const placementOf = (runnerId: string): Promise<Placement | null> => {
    let pending = placements.get(runnerId);
    if (!pending) {
      pending = bindings.directory.prepare(PLACEMENT_SQL).bind(runnerId).first<{ shard: number; move_phase: string | null }>()
        .then((row) => (row ? { shard: row.shard, movePhase: row.move_phase } : null));
      // a failed lookup is not cached: the next call asks again
      pending.catch(() => placements.delete(runnerId));
      placements.set(runnerId, pending);
    }
    return pending;
  };
  const shardOf = async (runnerId: string): Promise<number> => {
    const placement = await placementOf(runnerId);
    if (!placement) throw new DomainError('unknown_runner', 'This account no longer exists.');
    if (placement.movePhase !== null && FROZEN_PHASES.has(placement.movePhase)) {
      throw runnerMovingError();
    }
    return placement.shard;
  };
  return {
    directory,
    boundShards: bindings.shards.flatMap((d1, i) => (d1 ? [i] : [])),
    shardAt,
    shardOf,
    async dbFor(runnerId) {
      return shardAt(await shardOf(runnerId));
    },
    remember(runnerId, placement) {
      placements.set(runnerId, Promise.resolve(placement));
    },
    async bookmark(runnerId, options = {}) {
      if (consistency.kind !== 'session') return null;
      const shard = await shardOf(runnerId);
      if (options.fresh) {
        // a new session's first query runs at the primary: its bookmark is the latest commit,
        // so it is at or after every bookmark this request saw (bookmarks sort by time)
        const primary = bindings.shards[shard]?.withSession('first-primary');
        if (primary) {
          await primary.prepare('SELECT 1').first();
          const latest = primary.getBookmark();
          if (latest) return formatShardBookmark({ shard, bookmark: latest });
        }
      }
      const value = sessions.get(shard)?.getBookmark() ?? null;
      if (value) return formatShardBookmark({ shard, bookmark: value });
      // no query reached the shard: the client's own bookmark still holds
      return consistency.bookmark?.shard === shard ? formatShardBookmark(consistency.bookmark) : null;
    },
  };
}
