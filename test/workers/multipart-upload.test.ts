import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { uploadKey } from '../../src/core/keys';
import { api, corpusFile, signup, waitForJob } from './helpers';
import { randomBytes, zip } from './archive-fixtures';

const MiB = 1024 * 1024;

async function json(path: string, token: string, method: string, body?: unknown): Promise<Response> {
  return api(path, { method, token, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function sha256(bytes: Uint8Array): Promise<string> {
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('resumable (multipart) uploads', () => {
  it('takes a file in parts, with one part re-sent and a resume query between, then completes into a job', async () => {
    const { token } = await signup();
    const other = await signup();
    // > 2 parts of 5 MiB: two FIT files and an incompressible padding member (ignored).
    const file = zip({ 'a.fit': corpusFile('run-garmin-fenix5-tiny.fit'), 'b.fit': corpusFile('run-suunto-move.fit'), 'padding.bin': randomBytes(11 * MiB) }, 0);
    const created = await json('/uploads/multipart', token, 'POST', { name: 'big-export.zip', size: file.length });
    expect(created.status).toBe(201);
    const upload = await created.json<{ id: string; partSize: number; partCount: number; missing: number[] }>();
    expect(upload.partSize).toBe(5 * MiB);
    expect(upload.partCount).toBe(3);
    const part = (n: number) => file.subarray((n - 1) * upload.partSize, Math.min(file.length, n * upload.partSize));
    const put = (n: number, bytes = part(n)) => api(`/uploads/multipart/${upload.id}/parts/${n}`, { method: 'PUT', token, body: bytes });

    expect((await put(1)).status).toBe(200);
    expect((await put(3)).status).toBe(200);
    // A part of the wrong size is refused; another runner cannot see the upload.
    expect((await put(2, part(2).subarray(1))).status).toBe(400);
    expect((await api(`/uploads/multipart/${upload.id}`, { token: other.token })).status).toBe(404);
    // The connection "dropped": ask what arrived, then resume.
    const status = await (await api(`/uploads/multipart/${upload.id}`, { token })).json<{ missing: number[]; receivedBytes: number; status: string }>();
    expect(status).toMatchObject({ missing: [2], status: 'open', receivedBytes: part(1).length + part(3).length });
    const early = await json(`/uploads/multipart/${upload.id}/complete`, token, 'POST', {});
    expect(early.status).toBe(409);
    expect((await put(1)).status).toBe(200); // re-sent: replaces the first copy
    expect((await put(2)).status).toBe(200);

    const done = await json(`/uploads/multipart/${upload.id}/complete`, token, 'POST', { sha256: await sha256(file) });
    expect(done.status).toBe(202);
    const body = await done.json<{ job: { id: string }; uploads: Array<{ sha256: string; size: number }> }>();
    expect(body.uploads[0]).toMatchObject({ size: file.length, sha256: await sha256(file) });
    // Completing again answers the same job.
    const again = await json(`/uploads/multipart/${upload.id}/complete`, token, 'POST', {});
    expect((await again.json<{ job: { id: string } }>()).job.id).toBe(body.job.id);
    const job = await waitForJob(token, body.job.id, 60_000);
    expect(job.counts).toMatchObject({ found: 4, expanded: 1, imported: 2, ignored: 1 });
    expect(job.status).toBe('completed');
  });

  it('aborts an upload, refuses parts after that, and checks the SHA-256 on completion', async () => {
    const { token } = await signup();
    const created = await (await json('/uploads/multipart', token, 'POST', { name: 'x.fit', size: 6 * MiB })).json<{ id: string }>();
    expect((await api(`/uploads/multipart/${created.id}`, { method: 'DELETE', token })).status).toBe(204);
    const late = await api(`/uploads/multipart/${created.id}/parts/1`, { method: 'PUT', token, body: new Uint8Array(5 * MiB) });
    expect(late.status).toBe(409);
    expect((await late.json<{ code: string }>()).code).toBe('upload_closed');

    const fit = corpusFile('run-garmin-fenix5-tiny.fit');
    const small = await (await json('/uploads/multipart', token, 'POST', { name: 'tiny.fit', size: fit.length })).json<{ id: string }>();
    expect((await api(`/uploads/multipart/${small.id}/parts/1`, { method: 'PUT', token, body: fit })).status).toBe(200);
    const wrong = await json(`/uploads/multipart/${small.id}/complete`, token, 'POST', { sha256: '0'.repeat(64) });
    expect(wrong.status).toBe(422);
    const right = await json(`/uploads/multipart/${small.id}/complete`, token, 'POST', { sha256: await sha256(fit) });
    expect(right.status).toBe(202);
    const job = await waitForJob(token, (await right.json<{ job: { id: string } }>()).job.id);
    expect(job.files[0].status).toBe('imported');
  });

  it('hashes the assembled object once: a replayed completion compares with the recorded SHA-256 and never reads the object again', async () => {
    const { token, runnerId } = await signup();
    const fit = corpusFile('run-garmin-fenix5-tiny.fit');
    const created = await (await json('/uploads/multipart', token, 'POST', { name: 'tiny.fit', size: fit.length })).json<{ id: string }>();
    expect((await api(`/uploads/multipart/${created.id}/parts/1`, { method: 'PUT', token, body: fit })).status).toBe(200);
    const first = await json(`/uploads/multipart/${created.id}/complete`, token, 'POST', { sha256: '0'.repeat(64) });
    expect(first.status).toBe(422);
    const recorded = await sha256(fit);
    expect((await first.json<{ code: string; detail: string }>()).detail).toContain(recorded);

    // The stored object changes behind the upload's back. A completion that read it again would
    // hash these bytes; one that answers from the record still names the assembled bytes' hash.
    const other = new Uint8Array(fit.length).fill(7);
    await env.FILES.put(uploadKey(runnerId, created.id), other);
    const replay = await json(`/uploads/multipart/${created.id}/complete`, token, 'POST', { sha256: await sha256(other) });
    expect(replay.status).toBe(422);
    const problem = await replay.json<{ code: string; detail: string }>();
    expect(problem.code).toBe('checksum_mismatch');
    expect(problem.detail).toContain(recorded);
    // The right hash of what was assembled completes (sniffed from the recorded first bytes: a FIT import).
    await env.FILES.put(uploadKey(runnerId, created.id), fit);
    const right = await json(`/uploads/multipart/${created.id}/complete`, token, 'POST', { sha256: recorded });
    expect(right.status).toBe(202);
    const body = await right.json<{ job: { id: string }; uploads: Array<{ sha256: string; size: number }> }>();
    expect(body.uploads[0]).toMatchObject({ sha256: recorded, size: fit.length });
    const status = await (await api(`/uploads/multipart/${created.id}`, { token })).json<{ status: string }>();
    expect(status.status).toBe('completed');
    const job = await waitForJob(token, body.job.id);
    expect(job.files[0]).toMatchObject({ status: 'imported' });
  });

  it('documents every resumable-upload route in the OpenAPI document', async () => {
    const doc = await (await api('/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/uploads/multipart'])).toContain('post');
    expect(Object.keys(doc.paths['/uploads/multipart/{id}']).sort()).toEqual(['delete', 'get']);
    expect(Object.keys(doc.paths['/uploads/multipart/{id}/parts/{n}'])).toEqual(['put']);
    expect(Object.keys(doc.paths['/uploads/multipart/{id}/complete'])).toEqual(['post']);
  });
});
