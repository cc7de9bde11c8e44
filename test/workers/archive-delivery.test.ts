import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { api, corpusFile, signup, waitForJob, withAllFiles, type JobJson } from './helpers';
import { archiveJobWithUnsentTask, deliver, sessionCount, zip } from './archive-fixtures';

async function job(token: string, jobId: string): Promise<JobJson> {
  return withAllFiles(token, await (await api(`/jobs/${jobId}`, { token })).json<JobJson>());
}

async function ledgerTask(runnerId: string, jobId: string, fileId: string): Promise<unknown> {
  return runInDurableObject(env.COORDINATOR.getByName(runnerId), (_instance, state) => {
    const row = state.storage.sql.exec<{ task: string }>('SELECT task FROM job_files WHERE job_id = ? AND file_id = ?', jobId, fileId).one();
    return JSON.parse(row.task) as unknown;
  });
}

describe('archive tasks under at-least-once delivery', () => {
  it('changes nothing when inspect and entry messages are delivered again (and concurrently)', async () => {
    const { token, runnerId } = await signup();
    const archive = zip({ 'a.fit': corpusFile('run-garmin-fenix5-tiny.fit'), 'b.fit': corpusFile('run-suunto-move.fit'), 'notes.txt': new TextEncoder().encode('hi') });
    const { jobId, task } = await archiveJobWithUnsentTask(runnerId, 'export.zip', archive);
    // Two deliveries racing (both see the archive not yet terminal), then a late third one.
    const results = await Promise.all([deliver([task]), deliver([task])]);
    for (const r of results) expect(r.explicitAcks).toHaveLength(1);
    const done = await waitForJob(token, jobId, 60_000);
    expect(done.counts).toMatchObject({ found: 4, expanded: 1, imported: 2, ignored: 1 });
    await deliver([task]);
    const entryTask = await ledgerTask(runnerId, jobId, `${task.fileId}e0`);
    expect(entryTask).toMatchObject({ type: 'import-file', source: { kind: 'zip-entry', index: 0 } });
    await Promise.all([deliver([entryTask, entryTask]), deliver([entryTask])]);
    const after = await job(token, jobId);
    expect(after.counts).toEqual(done.counts);
    expect(after.files).toEqual(done.files);
    expect(await sessionCount(runnerId)).toBe(2);
  });

  it('inspects and fans out a 1,000-entry archive (figure logged)', async () => {
    const { token, runnerId } = await signup();
    const fit = corpusFile('run-garmin-fenix5-tiny.fit');
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1000; i++) files[`activities/${String(i).padStart(4, '0')}.fit`] = fit;
    const archive = zip(files);
    const { task } = await archiveJobWithUnsentTask(runnerId, 'thousand.zip', archive);
    const started = Date.now();
    await deliver([task]);
    const inspectMs = Date.now() - started;
    console.log(`[bench] 1,000-entry archive (${(archive.length / 1e6).toFixed(1)} MB): inspect + fan-out (ledger rows + 10 sendBatch calls) ${inspectMs} ms`);
    // Poll the light list view (no files) so 1,001-row job views do not slow the coordinator.
    const summary = async () => (await (await api('/jobs?limit=1', { token })).json<{ items: JobJson[] }>()).items[0];
    expect((await summary()).counts.found).toBe(1001);
    const done = await vi.waitFor(async () => {
      const j = await summary();
      if (j.counts.queued + j.counts.processing > 0) throw new Error(`${j.counts.queued + j.counts.processing} open`);
      return j;
    }, { timeout: 280_000, interval: 1000 });
    console.log(`[bench] all 1,000 entry imports terminal after ${Date.now() - started} ms (local workerd, queue batch size 4, one consumer)`);
    expect(done.counts).toMatchObject({ found: 1001, expanded: 1, imported: 1, duplicate: 999 });
  }, 300_000);
});
