/**
 * Issue 13 §3, quotas that hold: one atomic reservation in the storage ledger before anything is
 * stored, on every ingest path (single request, web form, resumable), counting what the queue
 * consumers derive (Parquet, laps JSON, extracted copies, nested archives); deleting a session
 * frees its objects and, with the last session of an upload, the upload — by exactly what was
 * charged. Quota in tests: 1 GiB (test/wrangler.test.toml); a resumable upload that only
 * reserves fills it to the few bytes a test needs.
 */
import { describe, expect, it, vi } from 'vitest';
import { zipSync } from 'fflate';
import { api, shardDb, signup, uploadFiles, waitForJob } from './helpers';
import { randomBytes } from './archive-fixtures';
import { charged, fillQuotaLeaving, ledgerOf, objectsUnder, run, total, usage } from './storage-support';
import { tokenFor, web, webSignup } from './web-support';

const KiB = 1024;
const BOUNDARY = 'pacelabtestboundary';

/** a multipart body as bytes: its Content-Length is known (declared), as curl and browsers send it */
function multipartBody(files: Array<{ name: string; bytes: Uint8Array }>): Uint8Array {
  const enc = new TextEncoder();
  const pieces: Uint8Array[] = [];
  for (const f of files) {
    pieces.push(enc.encode(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), f.bytes, enc.encode('\r\n'));
  }
  pieces.push(enc.encode(`--${BOUNDARY}--\r\n`));
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) { out.set(p, at); at += p.length; }
  return out;
}

describe('storage quota', () => {
  it('parallel single-request uploads cannot overshoot: the reservation is taken before bytes are stored', async () => {
    const { token, runnerId } = await signup();
    await fillQuotaLeaving(token, 250 * KiB);
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => uploadFiles(token, [{ name: `noise-${i}.bin`, bytes: randomBytes(100 * KiB) }])));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, 202, 413, 413, 413]);
    const refused = answers.find((a) => a.status === 413)!.body as unknown as { code: string; detail: string; usedBytes?: number };
    expect(refused.code).toBe('quota_exceeded');
    expect(refused.detail).toMatch(/Delete sessions you no longer need/);
    const { usedBytes, quotaBytes } = await usage(token);
    expect(usedBytes).toBeLessThanOrEqual(quotaBytes);
    // a refused request leaves nothing behind: the stored objects are exactly the two accepted ones
    const uploads = await objectsUnder(`runners/${runnerId}/uploads/`);
    expect(uploads.size).toBe(2);
    expect(total(uploads)).toBe(200 * KiB);
    // each accepted upload's charge is settled (no expiry) at its exact size, in its record's batch
    const settled = await ledgerOf(runnerId);
    for (const [key, size] of uploads) expect(settled.get(key)).toBe(size);
  });

  it('refuses a web form upload past the quota too, and derived objects are charged where written', async () => {
    const { cookie } = await webSignup();
    const token = await tokenFor(cookie);
    const me = await (await api('/me', { token })).json<{ id: string }>();
    const placeholder = await fillQuotaLeaving(token, 60 * KiB);
    const body = new FormData();
    body.append('file', new File([randomBytes(80 * KiB)], 'too-big.bin'));
    const refused = await web('/upload', { method: 'POST', cookie, body });
    expect(refused.status).toBe(413);
    expect(await objectsUnder(`runners/${me.id}/uploads/`)).toEqual(new Map());
    // the run itself fits, but not with its Parquet and laps: the import is refused with the code
    const fit = run(0);
    expect(fit.length).toBeLessThan(60 * KiB);
    await fillQuotaLeaving(token, fit.length + 100);
    const up = await uploadFiles(token, [{ name: 'run.fit', bytes: fit }]);
    expect(up.status).toBe(202);
    const job = await waitForJob(token, up.body.job.id);
    expect(job.files[0]).toMatchObject({ status: 'failed', code: 'quota_exceeded' });
    expect(await objectsUnder(`runners/${me.id}/sessions/`)).toEqual(new Map());
    // aborting the open resumable upload frees what it reserved
    const { size } = await (await api(`/uploads/multipart/${placeholder}`, { token })).json<{ size: number }>();
    const before = await usage(token);
    expect((await api(`/uploads/multipart/${placeholder}`, { method: 'DELETE', token })).status).toBe(204);
    expect(before.usedBytes - (await usage(token)).usedBytes).toBe(size);
  });

  // Issue 14 item 6: a request that declares its length reserves that bound on its first key while
  // the body is read (StreamingBlobStore.reserveAhead), still before any byte is stored.
  it('a declared length is reserved while the body arrives, before anything is stored, then settled exact', async () => {
    const { token, runnerId } = await signup();
    const bytes = randomBytes(300 * KiB);
    const body = multipartBody([{ name: 'slow.bin', bytes }]);
    const stream = new FixedLengthStream(body.length);
    const writer = stream.writable.getWriter();
    const answer = api('/uploads', { method: 'POST', token, body: stream.readable, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    void writer.write(body.subarray(0, 1000));
    // the whole declared length is held (lapsing) while most of the body has not been sent
    const held = await vi.waitFor(async () => {
      const rows = await (await shardDb(runnerId)).prepare('SELECT key, bytes, expires_at FROM stored_objects WHERE runner_id = ?').bind(runnerId).all<{ key: string; bytes: number; expires_at: number | null }>();
      if (rows.results.length === 0) throw new Error('not reserved yet');
      return rows.results;
    }, { timeout: 10_000, interval: 20 });
    expect(held).toEqual([{ key: expect.stringMatching(`^runners/${runnerId}/uploads/up_`), bytes: body.length, expires_at: expect.any(Number) }]);
    expect(await objectsUnder(`runners/${runnerId}/uploads/`)).toEqual(new Map());
    void writer.write(body.subarray(1000));
    void writer.close();
    const res = await answer;
    expect(res.status).toBe(202);
    const up = await res.json<{ uploads: Array<{ id: string }> }>();
    expect(held[0]!.key).toBe(`runners/${runnerId}/uploads/${up.uploads[0]!.id}`);
    expect(await ledgerOf(runnerId)).toEqual(new Map([[held[0]!.key, bytes.length]]));
    expect((await usage(token)).usedBytes).toBe(bytes.length);
  });

  it('a declared length that does not fit is no answer: the files reserve their exact sizes and are stored', async () => {
    const { token, runnerId } = await signup();
    // room for the two files, not for the request's declared length (the files plus the multipart framing)
    await fillQuotaLeaving(token, 2 * 60 * KiB + 20);
    const files = [{ name: 'a.bin', bytes: randomBytes(60 * KiB) }, { name: 'b.bin', bytes: randomBytes(60 * KiB) }];
    const body = multipartBody(files);
    expect(body.length).toBeGreaterThan(2 * 60 * KiB + 20);
    const res = await api('/uploads', { method: 'POST', token, body, headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(res.status).toBe(202);
    const stored = await objectsUnder(`runners/${runnerId}/uploads/`);
    expect([...stored.values()]).toEqual([60 * KiB, 60 * KiB]);
    const { usedBytes, quotaBytes } = await usage(token);
    expect(usedBytes).toBeLessThanOrEqual(quotaBytes);
    const settled = await ledgerOf(runnerId);
    for (const [key, size] of stored) expect(settled.get(key)).toBe(size);
    // and a request that fits neither way is refused as before, leaving nothing reserved or stored
    const refused = await api('/uploads', { method: 'POST', token, body: multipartBody([{ name: 'c.bin', bytes: randomBytes(KiB) }]), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(refused.status).toBe(413);
    expect((await refused.json<{ code: string }>()).code).toBe('quota_exceeded');
    expect((await objectsUnder(`runners/${runnerId}/uploads/`)).size).toBe(2);
    expect((await usage(token)).usedBytes).toBe(usedBytes);
  });

  it('parallel multi-file uploads with declared lengths never take the runner past the quota, and a failed request releases its reservation', async () => {
    const { token, runnerId } = await signup();
    await fillQuotaLeaving(token, 250 * KiB);
    const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => api('/uploads', { method: 'POST', token, headers,
      body: multipartBody([{ name: `a-${i}.bin`, bytes: randomBytes(50 * KiB) }, { name: `b-${i}.bin`, bytes: randomBytes(50 * KiB) }]) })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 202 || s === 413)).toBe(true);
    expect(statuses.filter((s) => s === 202).length).toBeLessThanOrEqual(2);
    const stored = await objectsUnder(`runners/${runnerId}/uploads/`);
    expect(stored.size).toBe(2 * statuses.filter((s) => s === 202).length);
    const { usedBytes, quotaBytes } = await usage(token);
    expect(usedBytes).toBeLessThanOrEqual(quotaBytes);
    // nothing but the settled objects and the placeholder: refused requests left no reservation
    const settled = await ledgerOf(runnerId);
    for (const [key, size] of stored) expect(settled.get(key)).toBe(size);
    expect(usedBytes).toBe(quotaBytes - 250 * KiB + total(stored));
    // a malformed body (no closing boundary) after its reservation: released, nothing stored
    const before = await usage(token);
    const cut = multipartBody([{ name: 'cut.bin', bytes: randomBytes(10 * KiB) }]).subarray(0, 8 * KiB);
    const bad = await api('/uploads', { method: 'POST', token, headers, body: cut });
    expect(bad.status).toBe(400);
    expect((await usage(token)).usedBytes).toBe(before.usedBytes);
  });

  it('parallel resumable uploads cannot both reserve the same room', async () => {
    const { token } = await signup();
    const { quotaBytes } = await usage(token);
    const create = () => api('/uploads/multipart', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'half.zip', size: Math.floor(quotaBytes * 0.6) }) });
    const statuses = (await Promise.all([create(), create(), create()])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 413, 413]);
  });
});

describe('deleting sessions frees their storage', () => {
  it('frees Parquet, laps, the upload and its archive — by exactly what was charged', async () => {
    const { token, runnerId } = await signup();
    const prefix = `runners/${runnerId}/`;
    const archive = zipSync({ 'a/one.fit': run(1), 'a/two.fit': run(2) });
    const up = await uploadFiles(token, [{ name: 'run.fit', bytes: run(0) }, { name: 'export.zip', bytes: archive }]);
    expect(up.status).toBe(202);
    const job = await waitForJob(token, up.body.job.id);
    expect(job.files.filter((f) => f.status === 'imported')).toHaveLength(3);
    // the ledger holds exactly what is charged in R2 (derived per-session JSON is not: keys.ts chargeOfKey)
    const stored = await objectsUnder(prefix);
    expect(await ledgerOf(runnerId)).toEqual(charged(stored));
    expect((await usage(token)).usedBytes).toBe(total(stored));
    const sessionOf = (name: string) => job.files.find((f) => f.name === name)!.sessionIds![0]!;
    const remove = async (sessionId: string) => {
      const res = await api(`/sessions/${sessionId}`, { method: 'DELETE', token });
      expect(res.status).toBe(202);
      await waitForJob(token, (await res.json<{ job: { id: string } }>()).job.id);
    };
    const db = await shardDb(runnerId);
    const uploadsLeft = async () => (await db.prepare('SELECT count(*) AS n FROM uploads WHERE runner_id = ?').bind(runnerId).first<number>('n'));

    // 1. the direct upload's only session: its objects and the uploaded file go, the rows too
    const before1 = await objectsUnder(prefix);
    const used1 = (await usage(token)).usedBytes;
    await remove(sessionOf('run.fit'));
    const after1 = await objectsUnder(prefix);
    const gone1 = [...before1.keys()].filter((k) => !after1.has(k));
    // whatever per-session objects exist (records, laps, statistics detail…) and the uploaded file
    const own = [...before1.keys()].filter((k) => k.startsWith(`${prefix}sessions/${sessionOf('run.fit')}/`));
    expect(own.length).toBeGreaterThanOrEqual(2);
    expect(gone1.sort()).toEqual([...own, `${prefix}uploads/${up.body.uploads[0]!.id}`].sort());
    expect(used1 - (await usage(token)).usedBytes).toBe(total(before1) - total(after1));
    expect(await uploadsLeft()).toBe(1);

    // 2. one member of the archive: its session objects; the archive stays, and the other
    // member's original is still read from it (a ZIP member has no copy of its own)
    await remove(sessionOf('export.zip/a/one.fit'));
    const after2 = await objectsUnder(prefix);
    expect([...after2.keys()].some((k) => k.includes('/fit/'))).toBe(false);
    expect(after2.has(`${prefix}uploads/${up.body.uploads[1]!.id}`)).toBe(true);
    expect(new Uint8Array(await (await api(`/sessions/${sessionOf('export.zip/a/two.fit')}/fit`, { token })).arrayBuffer())).toEqual(run(2));
    expect((await usage(token)).usedBytes).toBe(total(after2));

    // 3. the last session of the archive: the archive upload goes with it; nothing is left
    await remove(sessionOf('export.zip/a/two.fit'));
    expect(await objectsUnder(prefix)).toEqual(new Map());
    expect((await usage(token)).usedBytes).toBe(0);
    expect(await ledgerOf(runnerId)).toEqual(new Map());
    expect(await uploadsLeft()).toBe(0);
  });
});
