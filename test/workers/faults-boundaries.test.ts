import { env, runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultPoint } from '../../src/core/faults';
import { signup, waitForJob, type JobJson, shardDb } from './helpers';
import { deliver, drain, ledgerOf, MIXED, resultOf, stageJob, statusesByName } from './faults-support';

/** The fault-free run every faulty run must reproduce (same input, another runner). */
let baseline: { job: JobJson; result: ReturnType<typeof resultOf> };

async function runMixed(faults?: Parameters<typeof drain>[1]) {
  const { token, runnerId } = await signup();
  const { jobId, tasks } = await stageJob(runnerId, MIXED);
  const drained = await drain(tasks, faults);
  const job = await waitForJob(token, jobId);
  return { runnerId, token, jobId, tasks, drained, job, ledger: await ledgerOf(runnerId) };
}

beforeAll(async () => {
  const run = await runMixed();
  baseline = { job: run.job, result: resultOf(run.ledger) };
  expect(run.drained).toEqual({ deliveries: MIXED.length, dead: [] });
  expect(baseline.job.counts).toMatchObject({ found: 6, imported: 4, rejected: 1, skipped: 1, failed: 0 });
  expect(baseline.result.rows.sessions).toBeGreaterThanOrEqual(4);
  expect(baseline.result.rows.stats).toBe(baseline.result.rows.sessions);
});

describe('crash at each step boundary, then redelivery', () => {
  // inflate: the gzip member; decode/parquet/commit: every FIT that gets that far.
  for (const point of ['inflate', 'decode', 'parquet', 'commit'] as FaultPoint[]) {
    it(`ends as a fault-free run after a crash at ${point}`, async () => {
      const run = await runMixed({ seed: 7, crashAt: [point] });
      const crashed = run.drained.deliveries - MIXED.length;
      expect(crashed).toBeGreaterThanOrEqual(1); // the crash really happened and was retried
      expect(run.drained.dead).toEqual([]);
      expect(statusesByName(run.job.files)).toEqual(statusesByName(baseline.job.files));
      expect(run.job.counts).toEqual(baseline.job.counts);
      expect(resultOf(run.ledger)).toEqual(baseline.result);
      expect(run.ledger.r2).toMatchObject({ rowKeysOutsidePrefix: 0, rowKeysMissing: 0, outsideAnyRunner: 0 });
    });
  }

  it('ends as a fault-free run after a crash inside a claimed analysis step', async () => {
    const run = await runMixed();
    const sessionId = run.job.files.find((f) => f.name === 'hr-gps.fit')!.sessionIds![0];
    // As if the consumer died after claiming the step and before saving: the step is
    // processing and its statistics are gone; the redelivered message must redo it.
    await runInDurableObject(env.COORDINATOR.getByName(run.runnerId), (_i, state) => {
      state.storage.sql.exec(`UPDATE job_steps SET status = 'processing' WHERE step_id = ?`, `analyse:${sessionId}`);
    });
    await (await shardDb(run.runnerId)).prepare('DELETE FROM session_stats WHERE session_id = ?').bind(sessionId).run();
    const task = { type: 'analyse-session', runnerId: run.runnerId, jobId: run.jobId, stepId: `analyse:${sessionId}`, sessionId };
    const faults = { seed: 8, crashAt: ['analyse' as FaultPoint] };
    expect(await deliver([task], { faults })).toHaveLength(1); // crashed, retried
    expect(await deliver([task], { faults, attempts: 2 })).toHaveLength(0);
    const after = await ledgerOf(run.runnerId);
    expect(resultOf(after)).toEqual(baseline.result);
  });
});

describe('every message delivered twice', () => {
  it('gives the same digest in sequence and concurrently', async () => {
    const { token, runnerId } = await signup();
    const { jobId, tasks } = await stageJob(runnerId, MIXED);
    const twice = tasks.flatMap((t) => [t, t]);
    // Two consumers racing on the same messages, each batch also holding every message twice.
    const [a, b] = await Promise.all([deliver(twice), deliver([...twice].reverse())]);
    expect([...a, ...b]).toEqual([]);
    const job = await waitForJob(token, jobId);
    await deliver(twice); // late duplicates after the job finished
    expect(statusesByName(job.files)).toEqual(statusesByName(baseline.job.files));
    expect(job.counts).toEqual(baseline.job.counts);
    expect(resultOf(await ledgerOf(runnerId))).toEqual(baseline.result);
  });
});
