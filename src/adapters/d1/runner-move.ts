/**
 * Moving one runner's rows to another data shard: copy, verify, switch, clean up. The state is a
 * row of the directory's runner_moves table, so the job is resumable from wherever it stopped
 * (a killed invocation redoes at most one page: copies are INSERT OR IGNORE into a target that
 * was emptied of the runner first, deletes are by runner id). Every state change is a
 * compare-and-set on (phase, table, rowid), so two invocations advancing the same move at once
 * cannot both act on one state: the loser stops.
 *
 *   freeze  the runner is frozen (the resolver answers runner_moving, retryable) and the copy
 *           waits until not_before, so requests and queue messages that resolved the shard just
 *           before the freeze have finished writing; then the target's rows of the runner (left
 *           by an earlier failed attempt) are deleted
 *   copy    table by table in schema order (parents first), pages of rows by rowid
 *   verify  row counts per table equal in source and target → one directory batch switches
 *           runners.shard and the shard counts (the switch); unequal → failed (runner unfrozen on
 *           its source shard; the target's partial copy is cleared by the next attempt)
 *   cleanup the source's rows of the runner deleted, children first, in pages
 *   done
 */
import { DATA_TABLES, countRunnerRows } from './data-tables';
import type { ShardResolver } from './shards';
import { chunk, rowsPerStatement, valueRows } from './db';

export type MovePhase = 'freeze' | 'copy' | 'verify' | 'cleanup' | 'done' | 'failed';

export interface MoveState {
  runnerId: string;
  fromShard: number;
  toShard: number;
  phase: MovePhase;
  tableIdx: number;
  afterRowid: number;
  rowsCopied: number;
  notBefore: number;
  error: string | null;
}

export interface MoveOptions {
  /** rows read per page (each page is written in statements of ≤ 100 bound parameters) */
  pageRows: number;
  /** pages per step before the state is saved and the caller may stop */
  pagesPerStep: number;
}

export const DEFAULT_MOVE_OPTIONS: MoveOptions = { pageRows: 500, pagesPerStep: 20 };

/** SQL an operator can run instead (README "Moving a runner"): the same row startRunnerMove writes. */
export const START_MOVE_SQL = `INSERT INTO runner_moves (runner_id, from_shard, to_shard, phase, table_idx, after_rowid, rows_copied, not_before, error, started_at, updated_at)
  SELECT id, shard, ?2, 'freeze', 0, 0, 0, ?3, NULL, ?4, ?4 FROM runners WHERE id = ?1 AND shard <> ?2
  ON CONFLICT (runner_id) DO UPDATE SET from_shard = excluded.from_shard, to_shard = excluded.to_shard, phase = 'freeze', table_idx = 0,
    after_rowid = 0, rows_copied = 0, not_before = excluded.not_before, error = NULL, started_at = excluded.started_at, updated_at = excluded.updated_at
  WHERE runner_moves.phase IN ('done', 'failed')`;

type Row = Record<string, unknown> & { rowid: number };

function toState(r: Record<string, unknown>): MoveState {
  return {
    runnerId: String(r.runner_id), fromShard: Number(r.from_shard), toShard: Number(r.to_shard), phase: r.phase as MovePhase,
    tableIdx: Number(r.table_idx), afterRowid: Number(r.after_rowid), rowsCopied: Number(r.rows_copied),
    notBefore: Number(r.not_before), error: (r.error as string | null) ?? null,
  };
}

/** Starts a move (or restarts a finished/failed one); null when the runner is unknown, already there or mid-move. */
export async function startRunnerMove(resolver: ShardResolver, runnerId: string, toShard: number, now: number, graceMs: number): Promise<MoveState | null> {
  if (!resolver.boundShards.includes(toShard)) throw new Error(`Data shard ${toShard} is not bound to this Worker.`);
  const d1 = resolver.directory.$client;
  const result = await d1.prepare(START_MOVE_SQL).bind(runnerId, toShard, now + graceMs, now).run();
  return result.meta.changes === 1 ? readRunnerMove(resolver, runnerId) : null;
}

export async function readRunnerMove(resolver: ShardResolver, runnerId: string): Promise<MoveState | null> {
  const row = await resolver.directory.$client.prepare('SELECT * FROM runner_moves WHERE runner_id = ?').bind(runnerId).first<Record<string, unknown>>();
  return row ? toState(row) : null;
}

/** Moves not yet done or failed, oldest first (what the scheduled handler advances). */
export async function listOpenMoves(resolver: ShardResolver, limit = 10): Promise<string[]> {
  const rows = await resolver.directory.$client.prepare("SELECT runner_id FROM runner_moves WHERE phase NOT IN ('done', 'failed') ORDER BY started_at LIMIT ?")
    .bind(limit).all<{ runner_id: string }>();
  return rows.results.map((r) => r.runner_id);
}

/** Statements inserting rows into one table, each within D1's 100 bound parameters. */
function insertStatements(d1: D1Database, table: (typeof DATA_TABLES)[number], rows: Row[]): D1PreparedStatement[] {
  const cols = table.columns.map((c) => `"${c}"`).join(', ');
  return chunk(rows, rowsPerStatement(table.columns.length)).map((part) =>
    d1.prepare(`INSERT OR IGNORE INTO "${table.name}" (${cols}) VALUES ${valueRows(table.columns.length, part.length)}`).bind(...part.flatMap((r) => table.columns.map((c) => r[c] ?? null))));
}

/**
 * Advances one runner's move by at most `pagesPerStep` pages (or one phase change) and returns
 * its state; call again until the phase is done or failed. `now` decides whether the freeze's
 * wait is over.
 */
export async function stepRunnerMove(resolver: ShardResolver, runnerId: string, now: number, options: MoveOptions = DEFAULT_MOVE_OPTIONS): Promise<MoveState | null> {
  const directory = resolver.directory.$client;
  let state = await readRunnerMove(resolver, runnerId);
  if (!state || state.phase === 'done' || state.phase === 'failed') return state;
  const source = resolver.shardAt(state.fromShard).$client;
  const target = resolver.shardAt(state.toShard).$client;

  /** compare-and-set: false when another invocation moved the state on (this one stops) */
  const advance = async (next: Partial<MoveState>, extra: D1PreparedStatement[] = []): Promise<boolean> => {
    const merged = { ...state!, ...next };
    const update = directory.prepare(`UPDATE runner_moves SET phase = ?, table_idx = ?, after_rowid = ?, rows_copied = ?, error = ?, updated_at = ?
      WHERE runner_id = ? AND phase = ? AND table_idx = ? AND after_rowid = ?`)
      .bind(merged.phase, merged.tableIdx, merged.afterRowid, merged.rowsCopied, merged.error, now, runnerId, state!.phase, state!.tableIdx, state!.afterRowid);
    const results = await directory.batch([update, ...extra]);
    if (results[0]!.meta.changes !== 1) return false;
    state = merged;
    return true;
  };

  if (state.phase === 'freeze') {
    if (now < state.notBefore) return state;
    // an earlier failed attempt may have left rows in the target: start from an empty slate
    await target.batch([...DATA_TABLES].reverse().map((t) => target.prepare(`DELETE FROM "${t.name}" WHERE runner_id = ?`).bind(runnerId)));
    await advance({ phase: 'copy', tableIdx: 0, afterRowid: 0, rowsCopied: 0 });
    return state;
  }

  if (state.phase === 'copy') {
    for (let page = 0; page < options.pagesPerStep && state.phase === 'copy'; page++) {
      const table = DATA_TABLES[state.tableIdx];
      if (!table) { if (!(await advance({ phase: 'verify', tableIdx: 0, afterRowid: 0 }))) break; continue; }
      const rows = (await source.prepare(`SELECT rowid AS rowid, * FROM "${table.name}" WHERE runner_id = ? AND rowid > ? ORDER BY rowid LIMIT ?`)
        .bind(runnerId, state.afterRowid, options.pageRows).all<Row>()).results;
      if (rows.length === 0) { if (!(await advance({ tableIdx: state.tableIdx + 1, afterRowid: 0 }))) break; continue; }
      const statements = insertStatements(target, table, rows);
      for (let i = 0; i < statements.length; i += 50) await target.batch(statements.slice(i, i + 50));
      if (!(await advance({ afterRowid: rows[rows.length - 1]!.rowid, rowsCopied: state.rowsCopied + rows.length }))) break;
    }
    return state;
  }

  if (state.phase === 'verify') {
    const [from, to] = await Promise.all([countRunnerRows(source, runnerId), countRunnerRows(target, runnerId)]);
    const differing = DATA_TABLES.filter((t) => from[t.name] !== to[t.name]).map((t) => `${t.name} ${from[t.name]}→${to[t.name]}`);
    if (differing.length > 0) {
      await advance({ phase: 'failed', error: `row counts differ after the copy: ${differing.join(', ')}` });
      return state;
    }
    // The switch: the runner's shard, the placement hints and the move's phase in one batch.
    const last = DATA_TABLES.length - 1;
    await advance({ phase: 'cleanup', tableIdx: last, afterRowid: 0 }, [
      directory.prepare('UPDATE runners SET shard = ?, updated_at = ? WHERE id = ? AND shard = ?').bind(state.toShard, now, runnerId, state.fromShard),
      directory.prepare('UPDATE shards SET runners = max(runners - 1, 0), updated_at = ? WHERE idx = ?').bind(now, state.fromShard),
      directory.prepare('UPDATE shards SET runners = runners + 1, updated_at = ? WHERE idx = ?').bind(now, state.toShard),
    ]);
    return state;
  }

  if (state.phase === 'cleanup') {
    for (let page = 0; page < options.pagesPerStep && state.phase === 'cleanup'; page++) {
      const table = DATA_TABLES[state.tableIdx];
      if (!table) { if (!(await advance({ phase: 'done', tableIdx: 0, afterRowid: 0 }))) break; continue; }
      const deleted = await source.prepare(`DELETE FROM "${table.name}" WHERE rowid IN (SELECT rowid FROM "${table.name}" WHERE runner_id = ? LIMIT ?)`)
        .bind(runnerId, options.pageRows).run();
      // progress is saved as rows deleted so far in this table (after_rowid doubles as the counter)
      const next = deleted.meta.changes === 0 ? { tableIdx: state.tableIdx - 1, afterRowid: 0 } : { afterRowid: state.afterRowid + deleted.meta.changes };
      if (!(await advance(next))) break;
    }
    return state;
  }
  return state;
}

/** Runs a move's steps until it is done, failed, waiting for its freeze, or `deadline` passes. */
export async function advanceRunnerMove(resolver: ShardResolver, runnerId: string, clock: () => number, deadline: number, options?: MoveOptions): Promise<MoveState | null> {
  let state = await readRunnerMove(resolver, runnerId);
  while (state && state.phase !== 'done' && state.phase !== 'failed' && clock() < deadline) {
    const before = JSON.stringify(state);
    state = await stepRunnerMove(resolver, runnerId, clock(), options);
    if (state && JSON.stringify(state) === before) break; // waiting (freeze) or lost a race: try on the next run
  }
  return state;
}

