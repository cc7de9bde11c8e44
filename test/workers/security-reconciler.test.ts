/**
 * Issue 13 §8 (reconciler poison-proofing) and the 6,000-character file name: a ledger row whose
 * task no longer parses ends failed with a code, the runner's other stale work is still re-sent,
 * and the alarm re-arms; a huge multipart file name is shortened at the boundary and imports.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { ImportFileMessage } from '../../src/contracts/queue-messages';
import { uploadKey } from '../../src/core/keys';
import { api, corpusFile, signup, uploadFiles, waitForJob } from './helpers';

describe('reconciler', () => {
  it('fails an unreadable ledger task with unreadable_task, re-sends the rest, and re-arms', async () => {
    const { token, runnerId } = await signup();
    const jobId = `job_${crypto.randomUUID()}`;
    const good = `up_${crypto.randomUUID().replace(/-/g, '')}`;
    const bad = `up_${crypto.randomUUID().replace(/-/g, '')}`;
    const bytes = corpusFile('run-garmin-fenix5-tiny.fit');
    await env.FILES.put(uploadKey(runnerId, good), bytes);
    const task = (fileId: string, name: string): ImportFileMessage => ({ type: 'import-file', runnerId, jobId, fileId, uploadId: fileId, key: uploadKey(runnerId, fileId), name, size: bytes.length });
    // the poison first (rowid order), as the 6,000-character name used to be stored
    const stub = env.COORDINATOR.getByName(runnerId);
    await stub.createJob({ jobId, runnerId, kind: 'upload', files: [{ fileId: bad, name: 'poison.fit', task: task(bad, 'x'.repeat(6000)) }, { fileId: good, name: 'lost.fit', task: task(good, 'lost.fit') }] });
    await runInDurableObject(stub, (_instance, state) => {
      state.storage.sql.exec('UPDATE job_files SET updated_at = updated_at - 3600000');
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    // re-armed: the good file is open again (re-sent), so the reconciler comes back
    expect(await runInDurableObject(stub, (_instance, state) => state.storage.getAlarm())).not.toBeNull();
    const job = await waitForJob(token, jobId);
    const byName = Object.fromEntries(job.files.map((f) => [f.name, f]));
    expect(byName['poison.fit']).toMatchObject({ status: 'failed', code: 'unreadable_task' });
    expect(byName['lost.fit']!.status).toBe('imported');
  });
});

describe('a 6,000-character multipart file name', () => {
  it('is sanitised and shortened to 255 characters at the boundary, and the file imports', async () => {
    const { token } = await signup();
    const name = `\u202E${'a'.repeat(6000)}\r\n.fit`;
    const up = await uploadFiles(token, [{ name, bytes: corpusFile('run-garmin-fenix5-tiny.fit') }]);
    expect(up.status).toBe(202);
    const job = await waitForJob(token, up.body.job.id);
    const file = job.files[0]!;
    expect(file.status).toBe('imported');
    expect(Array.from(file.name).length).toBeLessThanOrEqual(255);
    expect(file.name).not.toMatch(/[\u202E\r\n]/);
    expect(file.name.endsWith('.fit')).toBe(true);
  });

  it('shortens ?filename= and a resumable upload name the same way', async () => {
    const { token } = await signup();
    const raw = await api(`/uploads?filename=${encodeURIComponent(`${'b'.repeat(3000)}\u2066.fit`)}`, { method: 'POST', token, body: corpusFile('run-garmin-fenix5-tiny.fit') });
    expect(raw.status).toBe(202);
    const rawJob = await raw.json<{ uploads: Array<{ name: string }> }>();
    expect(Array.from(rawJob.uploads[0]!.name).length).toBeLessThanOrEqual(255);
    expect(rawJob.uploads[0]!.name).not.toContain('\u2066');
    const resumable = await api('/uploads/multipart', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `\u202E${'c'.repeat(900)}.zip`, size: 10 }) });
    expect(resumable.status).toBe(201);
    const created = await resumable.json<{ name: string }>();
    expect(Array.from(created.name).length).toBeLessThanOrEqual(255);
    expect(created.name).not.toContain('\u202E');
  });
});
