import { createExecutionContext, createMessageBatch, env, getQueueResult, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../workers/test-entry';
import { buildImportDeps } from '../../workers/wiring';
import { importFits } from '../../src/jobs/import-fit';
import type { ImportFileMessage } from '../../src/contracts/queue-messages';
import { statsDetailKey, uploadKey } from '../../src/core/keys';
import { decodeStatsDetail } from '../../src/adapters/stats-detail';
import { api, corpusFile, signup, waitForJob, type JobJson, shardDb, stageUnsentJob } from './helpers';
import { fillQuotaLeaving, ledgerOf, objectsUnder } from './storage-support';

/** One job of several files, registered with the coordinator but not sent: the test delivers them as one batch. */
async function jobOf(runnerId: string, files: Array<{ name: string; bytes: Uint8Array }>): Promise<{ jobId: string; tasks: ImportFileMessage[] }> {
  const jobId = `job_${crypto.randomUUID()}`;
  const tasks: ImportFileMessage[] = [];
  for (const { name, bytes } of files) {
    const fileId = `up_${crypto.randomUUID().replace(/-/g, '')}`;
    const key = uploadKey(runnerId, fileId);
    await env.FILES.put(key, bytes);
    tasks.push({ type: 'import-file', runnerId, jobId, fileId, uploadId: fileId, key, name, size: bytes.length });
  }
  await stageUnsentJob({ jobId, runnerId, kind: 'upload', files: tasks.map((task) => ({ fileId: task.fileId, name: task.name, task })) });
  return { jobId, tasks };
}

async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch('pacelab-tasks', bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env);
  return getQueueResult(batch, ctx);
}

/** Each session's stored statistics: the D1 row's summary and the R2 detail object (stats-layout.ts). */
const statsOf = async (runnerId: string) => Promise.all((await (await shardDb(runnerId)).prepare('SELECT session_id, algorithm_version, stats_json, detail FROM session_stats WHERE runner_id = ? ORDER BY session_id')
  .bind(runnerId).all<{ session_id: string; detail: number | null }>()).results.map(async (row) => {
  const object = await env.FILES.get(statsDetailKey(runnerId, row.session_id));
  return { ...row, detailObject: object ? decodeStatsDetail(new Uint8Array(await object.arrayBuffer())) : null };
}));

describe('group import (one queue batch of a runner\'s files)', () => {
  it('imports, dedupes within the batch, rejects and skips in one pass, and analyses the new sessions itself', async () => {
    const { token, runnerId } = await signup();
    const tiny = corpusFile('run-garmin-fenix5-tiny.fit');
    const { jobId, tasks } = await jobOf(runnerId, [
      { name: 'tiny.fit', bytes: tiny },
      { name: 'tiny-again.fit', bytes: tiny },
      { name: 'run.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') },
      { name: 'broken.fit', bytes: corpusFile('corrupt-bitflip.fit') },
      { name: 'settings.fit', bytes: corpusFile('settings-garmin-edge510.fit') },
    ]);
    const result = await deliver(tasks);
    expect(result.explicitAcks).toHaveLength(5);
    expect(result.retryMessages).toHaveLength(0);
    const done = await waitForJob(token, jobId);
    const byName = Object.fromEntries(done.files.map((f) => [f.name, f]));
    expect(byName['tiny.fit']).toMatchObject({ status: 'imported' });
    expect(byName['tiny-again.fit']).toMatchObject({ status: 'duplicate', code: 'duplicate_file', duplicateOf: byName['tiny.fit'].id, sessionIds: byName['tiny.fit'].sessionIds });
    expect(byName['run.fit']).toMatchObject({ status: 'imported' });
    expect(byName['broken.fit']).toMatchObject({ status: 'rejected', code: 'crc_mismatch' });
    expect(byName['settings.fit']).toMatchObject({ status: 'skipped', code: 'not_activity' });
    const sessions = [...byName['tiny.fit'].sessionIds!, ...byName['run.fit'].sessionIds!];
    expect(done).toMatchObject({ status: 'completed_with_errors', stage: 'done' });
    expect(done.counts).toMatchObject({ found: 5, imported: 2, duplicate: 1, rejected: 1, skipped: 1, analysed: sessions.length, analysisFailed: 0 });
    // The importer stored the statistics; the coordinator recorded those steps done without sending them.
    expect((await statsOf(runnerId)).map((r) => r.session_id)).toEqual([...sessions].sort());
    const steps = await runInDurableObject(env.COORDINATOR.getByName(runnerId), (_o, state) =>
      state.storage.sql.exec(`SELECT status, attempts FROM job_steps WHERE job_id = ? AND kind = 'analyse-session'`, jobId).toArray());
    expect(steps).toEqual(sessions.map(() => ({ status: 'succeeded', attempts: 0 })));
    const n = await (await shardDb(runnerId)).prepare('SELECT count(*) AS n FROM sessions WHERE runner_id = ?').bind(runnerId).first('n');
    expect(n).toBe(sessions.length);
  });

  it('computes at import exactly what the analyse step computes from the stored Parquet', async () => {
    const { token, runnerId } = await signup();
    const { jobId, tasks } = await jobOf(runnerId, ['run-garmin-fr965-hr-power-dynamics.fit', 'run-coros-power.fit', 'swim-pool-fr965.fit'].map((name) => ({ name, bytes: corpusFile(name) })));
    await deliver(tasks);
    await waitForJob(token, jobId);
    const atImport = await statsOf(runnerId);
    expect(atImport.length).toBeGreaterThanOrEqual(3);
    for (const row of atImport) expect(row.detailObject, row.session_id).toMatchObject({ algorithmVersion: expect.any(Number) });
    const again = await api('/sessions/reanalyse?all=1', { method: 'POST', token });
    expect(again.status).toBe(202);
    const reanalysed = await waitForJob(token, (await again.json<{ job: JobJson }>()).job.id);
    expect(reanalysed.counts.analysed).toBe(atImport.length);
    expect(await statsOf(runnerId)).toEqual(atImport);
  });

  it('fails only the file whose bytes are gone, and a redelivered batch changes nothing', async () => {
    const { token, runnerId } = await signup();
    const { jobId, tasks } = await jobOf(runnerId, [
      { name: 'a.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') },
      { name: 'b.fit', bytes: corpusFile('run-coros-power.fit') },
    ]);
    await env.FILES.delete(tasks[1]!.key); // b's bytes are gone: a permanent outcome for b only
    const first = await deliver(tasks);
    expect(first.explicitAcks).toHaveLength(2);
    const done = await waitForJob(token, jobId);
    expect(done.files.map((f) => [f.name, f.status, f.code ?? null])).toEqual([['a.fit', 'imported', null], ['b.fit', 'failed', 'missing_upload']]);
    const second = await deliver(tasks);
    expect(second.explicitAcks).toHaveLength(2);
    expect(await (await api(`/jobs/${jobId}`, { token })).json()).toEqual(done);
  });

  it('reserves a wave\'s objects together; a wave past the quota stores the file that fits and refuses the other, nothing of it stored', async () => {
    const names = ['run-garmin-fenix5-tiny.fit', 'run-coros-power.fit'];
    // each file's charged bytes (its Parquet), from an import of the same files by another runner
    const probe = await signup();
    const probed = await jobOf(probe.runnerId, names.map((name) => ({ name, bytes: corpusFile(name) })));
    await deliver(probed.tasks);
    await waitForJob(probe.token, probed.jobId);
    const sizes = [...(await ledgerOf(probe.runnerId)).values()];
    expect(sizes).toHaveLength(2);
    // room for the larger file, not for both
    const { token, runnerId } = await signup();
    await fillQuotaLeaving(token, Math.max(...sizes) + 100);
    const { jobId, tasks } = await jobOf(runnerId, names.map((name) => ({ name, bytes: corpusFile(name) })));
    await deliver(tasks);
    const done = await waitForJob(token, jobId);
    const statuses = done.files.map((f) => f.status === 'failed' ? `failed ${f.code}` : f.status).sort();
    expect(statuses).toEqual(['failed quota_exceeded', 'imported']);
    const refused = done.files.find((f) => f.status === 'failed')!;
    expect(await objectsUnder(`runners/${runnerId}/sessions/${refused.id}s`)).toEqual(new Map());
    const kept = [...(await ledgerOf(runnerId)).keys()].filter((key) => key.includes('/sessions/'));
    expect(kept).toEqual([`runners/${runnerId}/sessions/${done.files.find((f) => f.status === 'imported')!.sessionIds![0]}/records.parquet`]);
  });

  it('reads the runner\'s profile and critical speed only for a group with sessions to analyse, once', async () => {
    const { token, runnerId } = await signup();
    const counted = async (files: Array<{ name: string; bytes: Uint8Array }>) => {
      const { jobId, tasks } = await jobOf(runnerId, files);
      const deps = buildImportDeps(env as never, runnerId);
      const reads: string[] = [];
      const runners = { ...deps.runners, findById: (id: string) => { reads.push('profile'); return deps.runners.findById(id); } };
      const analysis = { ...deps.analysis, getCriticalSpeed: (id: string) => { reads.push('critical speed'); return deps.analysis.getCriticalSpeed(id); } };
      const errors = await importFits(tasks, { ...deps, runners, analysis });
      expect([...errors.keys()]).toEqual([]);
      return { reads, job: await waitForJob(token, jobId) };
    };
    // nothing to analyse: a corrupt file and a settings file cost no read of the runner
    const bad = await counted([{ name: 'broken.fit', bytes: corpusFile('corrupt-bitflip.fit') }, { name: 'settings.fit', bytes: corpusFile('settings-garmin-edge510.fit') }]);
    expect(bad.job.files.map((f) => f.status).sort()).toEqual(['rejected', 'skipped']);
    expect(bad.reads).toEqual([]);
    // two activities in one group share one read, and are analysed with it
    const good = await counted([{ name: 'run.fit', bytes: corpusFile('run-garmin-fr645m-hr-gps.fit') }, { name: 'broken-again.fit', bytes: corpusFile('corrupt-bitflip.fit') }, { name: 'tiny.fit', bytes: corpusFile('run-garmin-fenix5-tiny.fit') }]);
    expect(good.reads.sort()).toEqual(['critical speed', 'profile']);
    expect(good.job.counts).toMatchObject({ imported: 2, rejected: 1, analysisFailed: 0 });
    expect(good.job.counts.analysed).toBeGreaterThanOrEqual(2);
  });
});
