/**
 * A queue batch's files start and report as a group (coordinator/work-reports.ts): each job's
 * files move together with one write of the job's row (job-state.ts applyFileEvents). The group
 * must move every file exactly as one-by-one events would: files of several jobs in one call, an
 * unknown file ignored, a file reported twice moving (and counting its analysed sessions) once.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ImportFileMessage } from '../../src/contracts/queue-messages';
import type { FileOutcome } from '../../src/core/chain/job-state';
import { stageUnsentJob } from './helpers';

interface CoordinatorRpc {
  markFilesStarted(files: Array<{ jobId: string; fileId: string }>): Promise<string[]>;
  reportFileOutcomes(reports: Array<{ jobId: string; fileId: string; outcome: FileOutcome }>): Promise<void>;
  getJob(jobId: string): Promise<{ status: string; stage: string; counts: Record<string, number>; files: Array<{ fileId: string; status: string; sessionIds?: string[] }> } | null>;
}

async function stage(runnerId: string, names: string[]): Promise<{ jobId: string; fileIds: string[] }> {
  const jobId = `job_${crypto.randomUUID()}`;
  const tasks: ImportFileMessage[] = names.map((name) => {
    const fileId = `up_${crypto.randomUUID().replace(/-/g, '')}`;
    return { type: 'import-file', runnerId, jobId, fileId, uploadId: fileId, key: `runners/${runnerId}/uploads/${fileId}`, name, size: 1 };
  });
  await stageUnsentJob({ jobId, runnerId, kind: 'upload', files: tasks.map((task) => ({ fileId: task.fileId, name: task.name, task })) });
  return { jobId, fileIds: tasks.map((t) => t.fileId) };
}

describe('coordinator: a group of file events', () => {
  it('moves each file of several jobs once and writes the counts of all of them', async () => {
    const runnerId = `group-${crypto.randomUUID()}`;
    const one = await stage(runnerId, ['a.fit', 'b.fit', 'c.fit']);
    const two = await stage(runnerId, ['d.fit']);
    const [a, b] = one.fileIds as [string, string, string];
    const [d] = two.fileIds as [string];
    const stub = env.COORDINATOR.getByName(runnerId) as unknown as CoordinatorRpc;

    const started = await stub.markFilesStarted([{ jobId: one.jobId, fileId: b }, { jobId: two.jobId, fileId: d }, { jobId: one.jobId, fileId: 'up_unknown' }, { jobId: one.jobId, fileId: a }]);
    expect(started).toEqual([b, d, a]);
    expect((await stub.getJob(one.jobId))!.counts).toMatchObject({ found: 3, queued: 1, processing: 2 });
    expect((await stub.getJob(two.jobId))!.counts).toMatchObject({ found: 1, queued: 0, processing: 1 });

    const imported = (sessionIds: string[]): FileOutcome => ({ status: 'imported', sessionIds, analysedSessionIds: sessionIds });
    await stub.reportFileOutcomes([
      { jobId: one.jobId, fileId: a, outcome: imported([`${a}s0`, `${a}s1`]) },
      { jobId: two.jobId, fileId: d, outcome: { status: 'rejected', code: 'crc_mismatch', message: 'The file is damaged.' } },
      { jobId: one.jobId, fileId: b, outcome: imported([`${b}s0`]) },
      { jobId: one.jobId, fileId: a, outcome: imported([`${a}s0`, `${a}s1`]) }, // a redelivered report
    ]);
    const first = (await stub.getJob(one.jobId))!;
    expect(first.counts).toMatchObject({ found: 3, queued: 1, processing: 0, imported: 2, analysed: 3, rejected: 0 });
    expect(first.status).toBe('running'); // c is still queued
    expect(first.files.filter((f) => f.status === 'imported').map((f) => f.fileId).sort()).toEqual([a, b].sort());
    const second = (await stub.getJob(two.jobId))!;
    expect(second.counts).toMatchObject({ found: 1, processing: 0, rejected: 1 });
    expect(second.status).toBe('completed_with_errors');

    // the sessions analysed at import have their analyse steps, succeeded, once each
    const steps = await runInDurableObject(env.COORDINATOR.getByName(runnerId), (_i, state) =>
      state.storage.sql.exec<{ step_id: string; status: string }>('SELECT step_id, status FROM job_steps WHERE job_id = ? ORDER BY step_id', one.jobId).toArray());
    expect(steps).toEqual([`${a}s0`, `${a}s1`, `${b}s0`].sort().map((id) => ({ step_id: `analyse:${id}`, status: 'succeeded' })));
  });
});
