import { createExecutionContext, createMessageBatch, env, getQueueResult, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../workers/test-entry';
import type { ImportFileMessage } from '../../src/contracts/queue-messages';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { createImportStore } from '../../src/adapters/d1/import-store';
import { uploadKey } from '../../src/core/keys';
import { api, corpusFile, signup, waitForJob, type JobJson, shardDb, stageUnsentJob } from './helpers';

/** A job registered with the coordinator but whose message was never sent (as after a crash). */
async function jobWithUnsentTask(runnerId: string, name: string, bytes: Uint8Array): Promise<{ jobId: string; task: ImportFileMessage }> {
  const jobId = `job_${crypto.randomUUID()}`;
  const fileId = `up_${crypto.randomUUID().replace(/-/g, '')}`;
  const key = uploadKey(runnerId, fileId);
  await env.FILES.put(key, bytes);
  const task: ImportFileMessage = { type: 'import-file', runnerId, jobId, fileId, uploadId: fileId, key, name, size: bytes.length };
  await stageUnsentJob({ jobId, runnerId, kind: 'upload', files: [{ fileId, name, task }] });
  return { jobId, task };
}

async function deliver(queue: string, bodies: unknown[]) {
  const batch = createMessageBatch(queue, bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env);
  return getQueueResult(batch, ctx);
}

async function job(token: string, jobId: string): Promise<JobJson> {
  return (await api(`/jobs/${jobId}`, { token })).json<JobJson>();
}

describe('at-least-once delivery', () => {
  it('gives the same state when the same message is delivered twice (and concurrently)', async () => {
    const { token, runnerId } = await signup();
    const { jobId, task } = await jobWithUnsentTask(runnerId, 'run.fit', corpusFile('run-garmin-fenix5-tiny.fit'));
    const first = await deliver('pacelab-tasks', [task]);
    expect(first.explicitAcks).toHaveLength(1);
    const after1 = await waitForJob(token, jobId); // the chain (analysis, bests, history) runs on
    await deliver('pacelab-tasks', [task, task]);
    const sessionId = after1.files[0].sessionIds![0];
    const stepTask = { type: 'analyse-session', runnerId, jobId, stepId: `analyse:${sessionId}`, sessionId };
    await deliver('pacelab-tasks', [stepTask, stepTask, { type: 'refresh-bests', runnerId, jobId, stepId: 'bests' }]);
    const after2 = await job(token, jobId);
    expect(after2).toEqual(after1);
    expect(after2.counts).toMatchObject({ found: 1, imported: 1, analysed: 1 });
    const n = await (await shardDb(runnerId)).prepare('SELECT count(*) AS n FROM sessions WHERE runner_id = ?').bind(runnerId).first('n');
    expect(n).toBe(1);
  });

  it('acks a malformed message instead of retrying it forever', async () => {
    const result = await deliver('pacelab-tasks', [{ type: 'import-file', runnerId: 'x' }, 'garbage']);
    expect(result.explicitAcks).toHaveLength(2);
    expect(result.retryMessages).toHaveLength(0);
  });

  it('marks a file failed, with the reason, when its message reaches the dead-letter queue', async () => {
    const { token, runnerId } = await signup();
    const { jobId, task } = await jobWithUnsentTask(runnerId, 'doomed.fit', corpusFile('run-garmin-fenix5-tiny.fit'));
    const result = await deliver('pacelab-tasks-dlq', [task]);
    expect(result.explicitAcks).toHaveLength(1);
    const j = await job(token, jobId);
    expect(j.files[0]).toMatchObject({ status: 'failed', code: 'failed_after_retries' });
    expect(j.status).toBe('failed');
    expect(j.finishedAt).not.toBeNull();
  });

  it('re-enqueues a file whose message was lost, through the coordinator alarm', async () => {
    const { token, runnerId } = await signup();
    const { jobId } = await jobWithUnsentTask(runnerId, 'lost.fit', corpusFile('run-garmin-fenix5-tiny.fit'));
    const stub = env.COORDINATOR.getByName(runnerId);
    // Age the ledger row past the lease, as if the queue backlog died with a killed process.
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('UPDATE job_files SET updated_at = updated_at - 3600000');
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const done = await waitForJob(token, jobId);
    expect(done.files[0].status).toBe('imported');
    expect(done.status).toBe('completed');
  });

  it('lets exactly one of two racing commits of the same bytes win (unique constraint)', async () => {
    const { runnerId } = await signup();
    const store = createImportStore(createShardResolver(readShardBindings(env)));
    const base = { runnerId, uploadId: 'u', jobId: 'j', name: 'n', sha256: 'ab'.repeat(32), size: 1, r2Key: 'k', createdAt: 1 };
    const session = (fileId: string) => ({ id: `${fileId}s0`, runnerId, fitFileId: fileId, sessionIndex: 0, device: {}, recordCount: 0, recordsKey: 'r', createdAt: 1 });
    const [ra, rb] = await Promise.all([
      store.commitImports([{ file: { ...base, id: 'race-a' }, sessions: [session('race-a')] }]),
      store.commitImports([{ file: { ...base, id: 'race-b' }, sessions: [session('race-b')] }]),
    ]);
    const a = ra.get('race-a')!;
    const b = rb.get('race-b')!;
    expect([a.committed, b.committed].sort()).toEqual([false, true]);
    const loser = a.committed ? b : a;
    expect(loser.committed === false && loser.existing?.id).toBe(a.committed ? 'race-a' : 'race-b');
    const n = await (await shardDb(runnerId)).prepare('SELECT count(*) AS n FROM sessions WHERE runner_id = ?').bind(runnerId).first('n');
    expect(n).toBe(1);
  });

  it('commits a group in one batch: the second copy of the same bytes in the group loses to the first', async () => {
    const { runnerId } = await signup();
    const store = createImportStore(createShardResolver(readShardBindings(env)));
    const base = { runnerId, uploadId: 'u', jobId: 'j', name: 'n', size: 1, r2Key: 'k', createdAt: 1 };
    const session = (fileId: string) => ({ id: `${fileId}s0`, runnerId, fitFileId: fileId, sessionIndex: 0, device: {}, recordCount: 0, recordsKey: 'r', createdAt: 1 });
    const results = await store.commitImports([
      { file: { ...base, id: 'g-1', sha256: '01'.repeat(32) }, sessions: [session('g-1')] },
      { file: { ...base, id: 'g-2', sha256: '01'.repeat(32) }, sessions: [session('g-2')] },
      { file: { ...base, id: 'g-3', sha256: '03'.repeat(32), fitIdentity: 'dev:1' }, sessions: [session('g-3')] },
      { file: { ...base, id: 'g-4', sha256: '04'.repeat(32), fitIdentity: 'dev:1' }, sessions: [session('g-4')] },
    ]);
    expect([...results].map(([id, r]) => [id, r.committed, r.committed ? null : r.existing?.id])).toEqual([
      ['g-1', true, null], ['g-2', false, 'g-1'], ['g-3', true, null], ['g-4', false, 'g-3'],
    ]);
    const ids = await store.sessionIdsOfFiles(runnerId, ['g-1', 'g-2', 'g-3', 'g-4']);
    expect(Object.fromEntries(ids)).toEqual({ 'g-1': ['g-1s0'], 'g-2': [], 'g-3': ['g-3s0'], 'g-4': [] });
  });
});
