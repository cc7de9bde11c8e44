import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ImportFileMessage } from '../../src/contracts/queue-messages';
import { fitCrc16 } from '../../src/core/fit/crc';
import { uploadKey } from '../../src/core/keys';
import worker from '../../workers/test-entry';
import { api, corpusFile, signup, stageUnsentJob, uploadFiles, waitForJob, shardDb } from './helpers';

/** A count in the shard of the runner bound first. */
async function count(sql: string, runnerId: string, ...binds: unknown[]): Promise<number> {
  return (await (await shardDb(runnerId)).prepare(sql).bind(runnerId, ...binds).first<number>('n')) ?? -1;
}

/** Same recording (file_id untouched), other bytes: one record value changed, CRC recomputed. */
function sameRecordingOtherBytes(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  copy[34_577] ^= 0x01; // inside a record message (see corrupt-bitflip.fit in the corpus)
  const crc = fitCrc16(copy, 0, copy.length - 2);
  copy[copy.length - 2] = crc & 0xff;
  copy[copy.length - 1] = crc >> 8;
  return copy;
}

describe('dedupe per runner', () => {
  it('marks identical bytes as a duplicate naming the file already held', async () => {
    const { token, runnerId } = await signup();
    const run = corpusFile('run-garmin-fr645m-hr-gps.fit');
    const first = await waitForJob(token, (await uploadFiles(token, [{ name: 'a.fit', bytes: run }])).body.job.id);
    const second = await waitForJob(token, (await uploadFiles(token, [{ name: 'b.fit', bytes: run }])).body.job.id);
    expect(first.files[0].status).toBe('imported');
    expect(second.files[0]).toMatchObject({ status: 'duplicate', code: 'duplicate_file', duplicateOf: first.files[0].id });
    expect(second.files[0].message).toContain('a.fit');
    expect(second.status).toBe('completed');
    expect(await count('SELECT count(*) AS n FROM sessions WHERE runner_id = ?', runnerId)).toBe(1);
  });

  it('decides a re-sent copy by the digest taken at upload, without reading its bytes back', async () => {
    const { token, runnerId } = await signup();
    const run = corpusFile('run-garmin-fr645m-hr-gps.fit');
    const sent = await uploadFiles(token, [{ name: 'a.fit', bytes: run }]);
    const first = await waitForJob(token, sent.body.job.id);
    const sha256 = (sent.body.uploads[0] as unknown as { sha256: string }).sha256;
    // a second upload of the same bytes whose object is not there: only its digest can decide it
    const jobId = `job_${crypto.randomUUID()}`;
    const fileId = `up_${crypto.randomUUID().replace(/-/g, '')}`;
    const task: ImportFileMessage = { type: 'import-file', runnerId, jobId, fileId, uploadId: fileId, key: uploadKey(runnerId, fileId), name: 'again.fit', size: run.length, sha256 };
    await stageUnsentJob({ jobId, runnerId, kind: 'upload', files: [{ fileId, name: 'again.fit', task }] });
    const batch = createMessageBatch('pacelab-tasks', [{ id: `m-${fileId}`, timestamp: new Date(), attempts: 1, body: task }]);
    const ctx = createExecutionContext();
    await worker.queue(batch as MessageBatch<unknown>, env);
    expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    const again = await waitForJob(token, jobId);
    expect(again.files[0]).toMatchObject({ status: 'duplicate', code: 'duplicate_file', duplicateOf: first.files[0].id });
  });

  it('marks the same recording with other bytes as a duplicate too', async () => {
    const { token, runnerId } = await signup();
    const run = corpusFile('run-garmin-fr645m-hr-gps.fit');
    await waitForJob(token, (await uploadFiles(token, [{ name: 'orig.fit', bytes: run }])).body.job.id);
    const edited = await waitForJob(token, (await uploadFiles(token, [{ name: 'edited.fit', bytes: sameRecordingOtherBytes(run) }])).body.job.id);
    expect(edited.files[0]).toMatchObject({ status: 'duplicate', code: 'duplicate_activity' });
    expect(edited.files[0].message).toContain('orig.fit');
    expect(await count('SELECT count(*) AS n FROM fit_files WHERE runner_id = ?', runnerId)).toBe(1);
  });

  it('ends concurrent identical uploads with exactly one session', async () => {
    const { token, runnerId } = await signup();
    const run = corpusFile('run-garmin-fenix5x-developer-fields.fit');
    const uploads = await Promise.all([1, 2, 3, 4].map((i) => uploadFiles(token, [{ name: `copy${i}.fit`, bytes: run }])));
    const jobs = await Promise.all(uploads.map((u) => waitForJob(token, u.body.job.id)));
    const statuses = jobs.map((j) => j.files[0].status).sort();
    expect(statuses).toEqual(['duplicate', 'duplicate', 'duplicate', 'imported']);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE runner_id = ?', runnerId)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM fit_files WHERE runner_id = ?', runnerId)).toBe(1);
  });

  it('does not dedupe across runners', async () => {
    const a = await signup();
    const b = await signup();
    const run = corpusFile('run-garmin-fenix5-tiny.fit');
    const ja = await waitForJob(a.token, (await uploadFiles(a.token, [{ name: 'x.fit', bytes: run }])).body.job.id);
    const jb = await waitForJob(b.token, (await uploadFiles(b.token, [{ name: 'x.fit', bytes: run }])).body.job.id);
    expect(ja.files[0].status).toBe('imported');
    expect(jb.files[0].status).toBe('imported');
    const list = await (await api('/sessions', { token: b.token })).json<{ items: unknown[] }>();
    expect(list.items).toHaveLength(1);
  });
});
