import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { countRunnerRows } from '../../src/adapters/d1/data-tables';
import { advanceRunnerMove, readRunnerMove, startRunnerMove, stepRunnerMove } from '../../src/adapters/d1/runner-move';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { advanceMoves } from '../../workers/scheduled';
import { api, corpusFile, directoryDb, signup, uploadFiles, waitForJob } from './helpers';

const bindings = readShardBindings(env);
const resolver = () => createShardResolver(bindings);

async function shardOf(runnerId: string): Promise<number> {
  return (await directoryDb().prepare('SELECT shard FROM runners WHERE id = ?').bind(runnerId).first<number>('shard'))!;
}

async function totalRows(shard: number, runnerId: string): Promise<number> {
  return Object.values(await countRunnerRows(bindings.shards[shard]!, runnerId)).reduce((a, b) => a + b, 0);
}

/** What the runner sees through the API (ids and values, not timing). */
async function views(token: string): Promise<unknown[]> {
  return Promise.all(['/sessions?limit=50', '/personal-bests?history=1', '/history?from=2000-01-01', '/critical-speed', '/jobs']
    .map(async (path) => (await api(path, { token })).json()));
}

async function runnerWithData() {
  const runner = await signup('Mover');
  for (const name of ['run-garmin-fenix5-tiny.fit', 'run-coros-power.fit']) {
    const job = await waitForJob(runner.token, (await uploadFiles(runner.token, [{ name, bytes: corpusFile(name) }])).body.job.id);
    expect(job.status).toBe('completed');
  }
  return runner;
}

describe('moving a runner between shards (copy, verify, switch, clean up)', () => {
  it('freezes the runner, copies page by page across restarts, switches, cleans the source, and the runner sees the same data', async () => {
    const mover = await runnerWithData();
    const bystander = await runnerWithData();
    const from = await shardOf(mover.runnerId);
    const to = from === 0 ? 1 : 0;
    const before = await views(mover.token);
    const rows = await totalRows(from, mover.runnerId);
    const bystanderRows = await totalRows(await shardOf(bystander.runnerId), bystander.runnerId);
    expect(rows).toBeGreaterThan(10);

    const t0 = Date.now();
    const started = await startRunnerMove(resolver(), mover.runnerId, to, t0, 60_000);
    expect(started).toMatchObject({ fromShard: from, toShard: to, phase: 'freeze' });
    expect(await startRunnerMove(resolver(), mover.runnerId, to, t0, 0), 'a second start while one runs').toBeNull();

    // frozen: the API answers 503 runner_moving with Retry-After; the copy waits for the grace
    const frozen = await api('/sessions', { token: mover.token });
    expect(frozen.status).toBe(503);
    expect(frozen.headers.get('retry-after')).toBeTruthy();
    expect(await frozen.json()).toMatchObject({ code: 'runner_moving' });
    expect((await stepRunnerMove(resolver(), mover.runnerId, t0 + 1_000))!.phase).toBe('freeze');

    // small pages; a fresh resolver for every step, as after a crash: the state is all in D1
    const small = { pageRows: 40, pagesPerStep: 2 };
    let state = await stepRunnerMove(resolver(), mover.runnerId, t0 + 60_000, small);
    expect(state!.phase).toBe('copy');
    let steps = 0;
    while (state!.phase === 'copy' && steps++ < 1000) state = await stepRunnerMove(resolver(), mover.runnerId, t0 + 60_000, small);
    expect(steps).toBeGreaterThan(3);
    expect(state!.rowsCopied).toBe(rows);
    expect((await api('/sessions', { token: mover.token })).status, 'still frozen while verifying').toBe(503);
    state = await advanceRunnerMove(resolver(), mover.runnerId, () => t0 + 60_000, Number.POSITIVE_INFINITY, small);
    expect(state).toMatchObject({ phase: 'done', error: null });

    expect(await shardOf(mover.runnerId)).toBe(to);
    expect(await totalRows(to, mover.runnerId)).toBe(rows);
    expect(await totalRows(from, mover.runnerId)).toBe(0);
    expect(await views(mover.token)).toEqual(before);
    expect(await totalRows(await shardOf(bystander.runnerId), bystander.runnerId)).toBe(bystanderRows);

    // new writes land on the new shard
    const job = await waitForJob(mover.token, (await uploadFiles(mover.token, [{ name: 'c.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') }])).body.job.id);
    expect(job.status).toBe('completed');
    expect(await totalRows(from, mover.runnerId)).toBe(0);
    expect(await totalRows(to, mover.runnerId)).toBeGreaterThan(rows);
  });

  it('fails a copy that does not verify, leaving the runner on its source shard, unfrozen; the cron run moves it on a new attempt', async () => {
    const runner = await runnerWithData();
    const from = await shardOf(runner.runnerId);
    const to = from === 0 ? 1 : 0;
    const before = await views(runner.token);
    await startRunnerMove(resolver(), runner.runnerId, to, Date.now(), 0);
    let state = await stepRunnerMove(resolver(), runner.runnerId, Date.now());
    while (state!.phase === 'copy') state = await stepRunnerMove(resolver(), runner.runnerId, Date.now());
    expect(state!.phase).toBe('verify');
    // a row written to the source behind the freeze's back (what the grace period prevents)
    await bindings.shards[from]!.prepare("INSERT INTO daily_history (runner_id, date, distance_m, time_s, sessions, load, ctl, atl, tsb) VALUES (?, '1999-01-01', 0, 0, 0, 0, 0, 0, 0)")
      .bind(runner.runnerId).run();
    state = await stepRunnerMove(resolver(), runner.runnerId, Date.now());
    expect(state).toMatchObject({ phase: 'failed', error: expect.stringContaining('daily_history') });
    expect(await shardOf(runner.runnerId)).toBe(from);
    expect((await api('/sessions', { token: runner.token })).status).toBe(200);

    await bindings.shards[from]!.prepare("DELETE FROM daily_history WHERE runner_id = ? AND date = '1999-01-01'").bind(runner.runnerId).run();
    await startRunnerMove(resolver(), runner.runnerId, to, Date.now(), 0);
    await advanceMoves(env);
    expect(await readRunnerMove(resolver(), runner.runnerId)).toMatchObject({ phase: 'done' });
    expect(await shardOf(runner.runnerId)).toBe(to);
    expect(await totalRows(from, runner.runnerId)).toBe(0);
    expect(await views(runner.token)).toEqual(before);
  });
});
