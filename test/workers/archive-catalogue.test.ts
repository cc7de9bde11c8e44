/**
 * The hostile-archive catalogue (reliability.md §2A), one test per row, end to end in workerd:
 * every fixture goes through POST /api/v1/uploads, the real local queue runs the inspect and
 * import tasks, and the job's per-file outcomes are checked for the row's stable code. Each test
 * also checks the invariants the catalogue is for: the valid siblings are imported (I2: one bad
 * entry never blocks the others), a rejected entry left no FIT row, session row, Parquet object
 * or extracted copy behind (I3), every file is accounted for, and nothing lands outside the
 * runner's R2 prefix (I4). Fixtures are built in code (archive-fixtures.ts): python3 and the zip
 * CLI are not available inside workerd, so ZIP64, data descriptors and ZipCrypto are hand-built.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { api, corpusFile, shardDb, signup, uploadFiles, waitForJob, withAllFiles, type JobJson } from './helpers';
import { web, webSignup } from './web-support';
import {
  concatBytes, crc32, deflate, entryDataOffset, entryLocalOffset, gzipMember, gzipSync, overlappingBomb, patchCentralDirectoryOffset, patchEntry,
  rawZip, deflateStoredBlocks, text, zip, zipCryptoEncrypt, zerosDeflate, type RawZipEntry,
} from './archive-fixtures';

const MiB = 1024 * 1024;
// Distinct recordings (no two are duplicates of each other), smallest first.
const TINY = 'run-garmin-fenix5-tiny.fit';
const FR110 = 'run-garmin-fr110-2013.fit';
const SUUNTO = 'run-suunto-move.fit';
const SWIM = 'swim-pool-fr965.fit';
const FR645 = 'run-garmin-fr645m-hr-gps.fit';
const ZWIFT = 'ride-zwift-virtual.fit';
const fit = (name: string) => corpusFile(name);

type JobFile = JobJson['files'][number];
interface Uploaded { job: JobJson; uploadIds: string[] }

async function upload(token: string, files: Array<{ name: string; bytes: Uint8Array }>): Promise<Uploaded> {
  const { status, body } = await uploadFiles(token, files);
  expect(status).toBe(202);
  return { job: await waitForJob(token, body.job.id, 60_000), uploadIds: body.uploads.map((u) => u.id) };
}

function named(job: JobJson, name: string): JobFile {
  const found = job.files.filter((f) => f.name === name);
  if (found.length !== 1) throw new Error(`${found.length} files named ${name}: ${job.files.map((f) => f.name).join(', ')}`);
  return found[0];
}

async function keysOf(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.FILES.list({ prefix, cursor });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys;
}

/** I2: imported, with its sessions in D1 (and their Parquet objects in R2). */
async function expectImported(runnerId: string, file: JobFile): Promise<void> {
  expect(file, file.name).toMatchObject({ status: 'imported' });
  expect(file.sessionIds?.length).toBeGreaterThan(0);
  const rows = await (await shardDb(runnerId)).prepare('SELECT id FROM sessions WHERE runner_id = ? AND fit_file_id = ?').bind(runnerId, file.id).all<{ id: string }>();
  expect(rows.results.map((r) => r.id).sort()).toEqual([...file.sessionIds!].sort());
  const keys = await keysOf(`runners/${runnerId}/sessions/`);
  for (const id of file.sessionIds!) expect(keys).toContain(`runners/${runnerId}/sessions/${id}/records.parquet`);
}

/** The row's code, a readable message, and I3: nothing half-written for this file. */
async function expectRejected(runnerId: string, file: JobFile, code: string): Promise<void> {
  expect(file, file.name).toMatchObject({ status: 'rejected', code });
  expect(file.message).toMatch(/\w+ \w+/);
  const rows = await (await shardDb(runnerId)).prepare('SELECT (SELECT count(*) FROM fit_files WHERE id = ?1) + (SELECT count(*) FROM sessions WHERE fit_file_id = ?1) AS n')
    .bind(file.id).first<number>('n');
  expect(rows, `${file.name}: FIT or session rows`).toBe(0);
  const left = (await keysOf(`runners/${runnerId}/`)).filter((k) => k.includes(`/fit/${file.id}.`) || k.includes(`/sessions/${file.id}s`));
  expect(left, `${file.name}: objects`).toEqual([]);
}

/** Every file reached a terminal state and is counted once (discovered = done + rejected + …). */
function expectAccounted(job: JobJson): void {
  expect(['completed', 'completed_with_errors']).toContain(job.status);
  expect(job.files.filter((f) => f.status === 'queued' || f.status === 'processing')).toEqual([]);
  expect(job.counts.found).toBe(job.files.length);
  const terminal = ['imported', 'duplicate', 'rejected', 'skipped', 'failed', 'expanded', 'ignored'];
  expect(terminal.reduce((n, s) => n + (job.counts[s] ?? 0), 0)).toBe(job.counts.found);
}

/** I4 for the whole bucket: every object sits under some runner's prefix, keyed by server ids. */
async function expectOnlyIdKeys(): Promise<void> {
  const keys = await keysOf('');
  const shape = /^runners\/[\w-]+\/(uploads\/[\w-]+|archives\/[\w-]+|fit\/[\w-]+\.fit|sessions\/[\w-]+\/(records\.parquet|[a-z-]+\.json(\.gz)?))$/;
  expect(keys.filter((k) => !shape.test(k))).toEqual([]);
}

async function ledgerAttempts(runnerId: string, jobId: string, fileId: string): Promise<number> {
  return runInDurableObject(env.COORDINATOR.getByName(runnerId), (_instance, state) =>
    state.storage.sql.exec<{ attempts: number }>('SELECT attempts FROM job_files WHERE job_id = ? AND file_id = ?', jobId, fileId).one().attempts);
}

const deflated = (name: string | Uint8Array, plain: Uint8Array, extra: Partial<RawZipEntry> = {}): RawZipEntry => ({ name, data: deflate(plain), plain, method: 8, ...extra });

describe('reliability.md §2A: archives and compression, through the upload route', () => {
  it('high-ratio entry: 1 GiB of zeros is rejected ratio_exceeded, declared honestly or not; the 3 FITs import', async () => {
    const { token, runnerId } = await signup();
    // 1 GiB of zeros as a real DEFLATE stream (~6.8 MB, 159:1), declared honestly: the directory gives it away.
    const gib = zerosDeflate(1024 * MiB);
    // The same trick behind 16 KB of FIT-looking literals and a declared size that looks innocent
    // (8 MiB for ~440 KB, 19:1): only the streaming ratio cap can stop it, inside the import task.
    const disguised = zerosDeflate(64 * MiB, fit(FR645).subarray(0, 16 * 1024));
    const archive = rawZip([
      deflated('a.fit', fit(TINY)),
      { name: 'bomb.fit', method: 8, data: gib, size: 1024 * MiB, crc: 0x5b64c2b0 },
      deflated('b.fit', fit(FR110)),
      { name: 'disguised.fit', method: 8, data: disguised, size: 8 * MiB, crc: 0 },
      deflated('c.fit', fit(SUUNTO)),
    ]);
    const { job } = await upload(token, [{ name: 'bombs.zip', bytes: archive }]);
    expectAccounted(job);
    await expectRejected(runnerId, named(job, 'bombs.zip/bomb.fit'), 'ratio_exceeded');
    const caught = named(job, 'bombs.zip/disguised.fit');
    await expectRejected(runnerId, caught, 'ratio_exceeded');
    // A permanent error is acknowledged, not retried.
    expect(await ledgerAttempts(runnerId, job.id, caught.id)).toBe(1);
    for (const name of ['a.fit', 'b.fit', 'c.fit']) await expectImported(runnerId, named(job, `bombs.zip/${name}`));
    expect(job.counts).toMatchObject({ found: 6, expanded: 1, imported: 3, rejected: 2 });
  });

  it('declared size lies: 1,000 B declared for 58 KB or 10 MiB → size_mismatch, 3.9 GB declared → entry_too_large', async () => {
    const { token, runnerId } = await signup();
    const archive = rawZip([
      // CD and local header both say 1,000 B: a reader that trusts them returns a truncated FIT.
      deflated('small-declared.fit', fit(FR645), { size: 1000 }),
      { name: 'zeros-declared.fit', method: 8, data: zerosDeflate(10 * MiB, fit(FR645).subarray(0, 14)), size: 1000, crc: 0 },
      // Declared 1 MiB (inside every cap), the stream ends after 30 KB.
      deflated('over-declared.fit', fit(SUUNTO), { size: MiB }),
      // A stored entry cannot decompress to a size other than its own length.
      { name: 'stored-declared.fit', data: fit(ZWIFT), size: 1000 },
      // 3.9 GB declared: the entry cap answers before any mismatch could be seen.
      deflated('huge-declared.fit', fit(FR110), { size: 3_900_000_000 }),
      deflated('ok.fit', fit(TINY)),
    ]);
    const { job } = await upload(token, [{ name: 'liars.zip', bytes: archive }]);
    expectAccounted(job);
    for (const name of ['small-declared.fit', 'zeros-declared.fit', 'over-declared.fit', 'stored-declared.fit']) {
      await expectRejected(runnerId, named(job, `liars.zip/${name}`), 'size_mismatch');
    }
    await expectRejected(runnerId, named(job, 'liars.zip/huge-declared.fit'), 'entry_too_large');
    await expectImported(runnerId, named(job, 'liars.zip/ok.fit'));
    expect(job.counts).toMatchObject({ imported: 1, rejected: 5 });
  });

  it('CRC mismatch: one flipped data byte in a stored and in a deflated entry → crc_mismatch; the raw upload is kept', async () => {
    const { token, runnerId } = await signup();
    const flip = (bytes: Uint8Array, at: number) => { const out = bytes.slice(); out[at] ^= 0x01; return out; };
    const stored = fit(FR645);
    const suunto = fit(SUUNTO);
    const archive = rawZip([
      { name: 'stored.fit', data: flip(stored, 30_000), plain: stored },
      // Method 8 made of stored DEFLATE blocks: the flipped byte inflates to a flipped byte.
      { name: 'deflated.fit', method: 8, data: flip(deflateStoredBlocks(suunto), 20_000), plain: suunto },
      deflated('a.fit', fit(TINY)),
      deflated('b.fit', fit(FR110)),
    ]);
    // And one flipped byte inside Huffman-coded data.
    const huffman = rawZip([deflated('huffman.fit', fit(ZWIFT))]);
    huffman[entryDataOffset(huffman, 0) + 20_000] ^= 0x01;
    const { job, uploadIds } = await upload(token, [{ name: 'flipped.zip', bytes: archive }, { name: 'huffman.zip', bytes: huffman }]);
    expectAccounted(job);
    await expectRejected(runnerId, named(job, 'flipped.zip/stored.fit'), 'crc_mismatch');
    await expectRejected(runnerId, named(job, 'flipped.zip/deflated.fit'), 'crc_mismatch');
    await expectRejected(runnerId, named(job, 'huffman.zip/huffman.fit'), 'crc_mismatch');
    await expectImported(runnerId, named(job, 'flipped.zip/a.fit'));
    await expectImported(runnerId, named(job, 'flipped.zip/b.fit'));
    // Raw uploads stay for support and reprocessing (I4).
    for (const id of uploadIds) expect(await env.FILES.head(`runners/${runnerId}/uploads/${id}`)).not.toBeNull();
  });

  it("Fifield's overlapping entries (plain and quoted) → the whole archive rejected overlapping_entries, nothing extracted", async () => {
    const { token, runnerId } = await signup();
    const plain = overlappingBomb(zip({ 'kernel.fit': fit(FR645) }), 1000);
    // Quoted overlap: entry 0's sizes (in both headers, so they agree) swallow entry 1's local header.
    const pair = rawZip([deflated('a.fit', fit(FR110)), deflated('b.fit', fit(SUUNTO))]);
    const quoted = patchEntry(pair, 0, 'compressed', entryLocalOffset(pair, 1) - entryLocalOffset(pair, 0));
    // A local extra field pushing entry 0's data into entry 1: only that entry is rejected.
    const pushed = rawZip([deflated('a.fit', fit(FR110)), deflated('b.fit', fit(SUUNTO))]);
    pushed[entryLocalOffset(pushed, 0) + 28] = 200;
    const { job } = await upload(token, [
      { name: 'plain.zip', bytes: plain }, { name: 'quoted.zip', bytes: quoted }, { name: 'pushed.zip', bytes: pushed },
    ]);
    expectAccounted(job);
    expect(named(job, 'plain.zip')).toMatchObject({ status: 'rejected', code: 'overlapping_entries' });
    expect(named(job, 'quoted.zip')).toMatchObject({ status: 'rejected', code: 'overlapping_entries' });
    expect(job.files.filter((f) => f.name.startsWith('plain.zip/') || f.name.startsWith('quoted.zip/'))).toEqual([]);
    await expectRejected(runnerId, named(job, 'pushed.zip/a.fit'), 'overlapping_entries');
    await expectImported(runnerId, named(job, 'pushed.zip/b.fit'));
    expect(await keysOf(`runners/${runnerId}/archives/`)).toEqual([]);
    // a ZIP member's original is read from its archive: no copy is stored
    expect(await keysOf(`runners/${runnerId}/fit/`)).toEqual([]);

    // The check sorts the directory once: 20,000 records pointing at one kernel cost little.
    const big = overlappingBomb(zip({ 'kernel.fit': fit(TINY) }), 20_000);
    const t0 = Date.now();
    const { job: bigJob } = await upload(token, [{ name: 'big-bomb.zip', bytes: big }]);
    console.log(`[bench] overlapping-entries bomb, 20,000 records (${(big.length / 1e6).toFixed(1)} MB): upload → rejected in ${Date.now() - t0} ms`);
    expect(bigJob.files).toEqual([expect.objectContaining({ status: 'rejected', code: 'overlapping_entries' })]);
  });

  it('nested zips: depth 3 → nesting_too_deep, and 16 × 16 × 16 zips stop at one clear code each, never expanded', async () => {
    const { token, runnerId } = await signup();
    // Never extracted, so the 256 depth-3 zips (16 entries each) can share their bytes.
    const level3 = zip(Object.fromEntries(Array.from({ length: 16 }, (_, k) => [`${k}.fit`, text(`leaf ${k}`)])));
    const inner = Object.fromEntries(Array.from({ length: 16 }, (_, j) => [`c${j}.zip`, level3]));
    const level2 = zip(inner);
    const outer = zip({
      ...Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`b${i}.zip`, i === 0 ? zip({ ...inner, 'mid.fit': fit(FR110) }) : level2])),
      'top.fit': fit(TINY),
    });
    const { job } = await upload(token, [{ name: 'nested.zip', bytes: outer }]);
    expectAccounted(job);
    const deep = job.files.filter((f) => /^nested\.zip\/b\d+\.zip\/c\d+\.zip$/.test(f.name));
    expect(deep).toHaveLength(256);
    expect(new Set(deep.map((f) => `${f.status}:${f.code}`))).toEqual(new Set(['rejected:nesting_too_deep']));
    await expectRejected(runnerId, deep[0], 'nesting_too_deep');
    expect(job.files.filter((f) => f.name.split('/').length > 3)).toEqual([]); // nothing below depth 3 listed
    await expectImported(runnerId, named(job, 'nested.zip/top.fit'));
    await expectImported(runnerId, named(job, 'nested.zip/b0.zip/mid.fit'));
    expect(job.counts).toMatchObject({ found: 1 + 16 + 256 + 2, expanded: 17, imported: 2, rejected: 256 });
    // Only the 16 depth-2 archives were written out; the depth-3 ones never were.
    expect(await keysOf(`runners/${runnerId}/archives/`)).toHaveLength(16);
  });

  it('ZIP64: 70,000+ records through the ZIP64 end record, ZIP64 extra fields; the 5 GB entry → entry_too_large', async () => {
    const { token, runnerId } = await signup();
    // Directories are listed by the reader but are not files of the job, so 70,000 of them test
    // the > 65,535-record path without 70,000 ledger rows.
    const dirs: RawZipEntry[] = Array.from({ length: 70_000 }, (_, i) => ({ name: `days/${i}/`, data: new Uint8Array(0) }));
    const archive = rawZip([
      ...dirs.slice(0, 35_000),
      deflated('run-a.fit', fit(TINY), { zip64: true }),
      { name: 'run-b.fit', data: fit(FR110), zip64: true },
      // Declares 5 GB through its ZIP64 field; the stream behind it is short since it is never read.
      { name: 'huge.fit', method: 8, data: zerosDeflate(MiB), size: 5_000_000_000, crc: 0, zip64: true },
      ...dirs.slice(35_000),
    ]);
    const { job } = await upload(token, [{ name: 'zip64.zip', bytes: archive }]);
    expectAccounted(job);
    expect(job.files.map((f) => f.name).sort()).toEqual(['zip64.zip', 'zip64.zip/huge.fit', 'zip64.zip/run-a.fit', 'zip64.zip/run-b.fit']);
    expect(named(job, 'zip64.zip').status).toBe('expanded');
    await expectImported(runnerId, named(job, 'zip64.zip/run-a.fit'));
    await expectImported(runnerId, named(job, 'zip64.zip/run-b.fit'));
    await expectRejected(runnerId, named(job, 'zip64.zip/huge.fit'), 'entry_too_large');
  });

  it('hostile names: keys stay ID-based, names are shown stripped, the over-long one → name_too_long', async () => {
    const { token, runnerId } = await signup();
    const nonUtf8 = concatBytes([text('bad-'), Uint8Array.of(0xff, 0xfe), text('.fit')]); // bit 11 says UTF-8: it is not
    const long = `${'x'.repeat(65_000)}.fit`;
    const archive = rawZip([
      deflated('../../x.fit', fit(TINY)),
      deflated('/abs.fit', fit(FR110)),
      deflated('C:\\x.fit', fit(SUUNTO)),
      deflated('nul\u0000.fit', fit(FR645)),
      deflated(nonUtf8, fit(SWIM)),
      deflated('run\u202Etif.fit', fit(ZWIFT)),
      deflated(long, fit(TINY)),
    ]);
    const { job, uploadIds } = await upload(token, [{ name: 'hostile.zip', bytes: archive }]);
    expectAccounted(job);
    for (const name of ['../../x.fit', '/abs.fit', 'C:\\x.fit', 'nul.fit', 'bad-\uFFFD\uFFFD.fit', 'runtif.fit']) {
      await expectImported(runnerId, named(job, `hostile.zip/${name}`));
    }
    const tooLong = job.files.find((f) => f.code === 'name_too_long')!;
    await expectRejected(runnerId, tooLong, 'name_too_long');
    expect(tooLong.name.length).toBeLessThanOrEqual(1000);
    // No control, bidi or NUL character reaches a name shown to anyone.
    expect(job.files.filter((f) => /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(f.name))).toEqual([]);
    // Stored keys are server ids only; nothing escaped the runner's prefix.
    const mine = await keysOf(`runners/${runnerId}/`);
    const imported = job.files.filter((f) => f.status === 'imported');
    expect(imported.length).toBeGreaterThan(0);
    expect(mine.filter((k) => k.includes('/fit/'))).toEqual([]); // originals are read from the archive
    expect(mine.filter((k) => k.includes('/uploads/'))).toEqual([`runners/${runnerId}/uploads/${uploadIds[0]}`]);
    await expectOnlyIdKeys();

    // The job report page shows member names HTML-escaped (and stripped of the bidi override).
    const { cookie } = await webSignup('Hostile names');
    const markup = zip({ '<img src=x onerror=alert(1)>.json': text('{}'), 'notes\u202Etxt.json': text('{}') });
    const form = new FormData();
    form.append('file', new File([markup], 'markup.zip'));
    const accepted = await web('/api/v1/uploads', { method: 'POST', cookie, body: form });
    expect(accepted.status).toBe(202);
    const jobId = (await accepted.json<{ job: { id: string } }>()).job.id;
    const page = await vi.waitFor(async () => {
      const html = await (await web(`/jobs/${jobId}`, { cookie })).text();
      if ((html.match(/data-file-status="(expanded|ignored)"/g) ?? []).length !== 3) throw new Error('not finished');
      return html;
    }, { timeout: 30_000, interval: 100 });
    expect(page).toContain('markup.zip/&lt;img src=x onerror=alert(1)&gt;.json');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('markup.zip/notestxt.json');
    expect(page).not.toContain('\u202E');
  });

  it('encrypted entries: ZipCrypto (flag bit 0, as zip -P writes) and AES (method 99) → encrypted_entry; the rest import', async () => {
    const { token, runnerId } = await signup();
    const secret = fit(FR645);
    const archive = rawZip([
      deflated('open-a.fit', fit(TINY)),
      { name: 'secret.fit', method: 8, flags: 0x0801, data: zipCryptoEncrypt(deflate(secret), 'pw', crc32(secret)), plain: secret },
      deflated('aes.fit', fit(FR110), { method: 99 }),
      deflated('open-b.fit', fit(SUUNTO)),
    ]);
    const { job } = await upload(token, [{ name: 'locked.zip', bytes: archive }]);
    expectAccounted(job);
    await expectRejected(runnerId, named(job, 'locked.zip/secret.fit'), 'encrypted_entry');
    await expectRejected(runnerId, named(job, 'locked.zip/aes.fit'), 'encrypted_entry');
    expect(named(job, 'locked.zip/secret.fit').message).toMatch(/password/);
    await expectImported(runnerId, named(job, 'locked.zip/open-a.fit'));
    await expectImported(runnerId, named(job, 'locked.zip/open-b.fit'));
  });

  it('unsupported methods: bzip2 (12) among valid entries, and 9/14/93/95/98 → unsupported_method, alone', async () => {
    const { token, runnerId } = await signup();
    const methods = [12, 9, 14, 93, 95, 98];
    const archive = rawZip([
      deflated('a.fit', fit(TINY)),
      ...methods.map((method) => deflated(`m${method}.fit`, fit(FR645), { method })),
      deflated('b.fit', fit(FR110)),
      { name: 'c.fit', data: fit(SUUNTO) },
    ]);
    const { job } = await upload(token, [{ name: 'methods.zip', bytes: archive }]);
    expectAccounted(job);
    for (const method of methods) await expectRejected(runnerId, named(job, `methods.zip/m${method}.fit`), 'unsupported_method');
    for (const name of ['a.fit', 'b.fit', 'c.fit']) await expectImported(runnerId, named(job, `methods.zip/${name}`));
    expect(job.counts).toMatchObject({ imported: 3, rejected: 6 });
  });

  it('truncated or damaged archives → one archive-level code, no entry fanned out; a FIT beside them imports', async () => {
    const { token, runnerId } = await signup();
    const whole = zip({ 'a.fit': fit(FR110), 'b.fit': fit(SUUNTO) });
    const { job } = await upload(token, [
      { name: 'cut-half.zip', bytes: whole.slice(0, whole.length >> 1) },
      { name: 'no-eocd.zip', bytes: whole.slice(0, whole.length - 10) },
      { name: 'cd-past-end.zip', bytes: patchCentralDirectoryOffset(whole, whole.length + 100) },
      { name: 'cd-inside.zip', bytes: patchCentralDirectoryOffset(whole, 0) },
      { name: 'ok.fit', bytes: fit(TINY) },
    ]);
    expectAccounted(job);
    for (const name of ['cut-half.zip', 'no-eocd.zip', 'cd-past-end.zip']) {
      expect(named(job, name)).toMatchObject({ status: 'rejected', code: 'truncated_archive', message: expect.stringMatching(/again|resume/) });
    }
    expect(named(job, 'cd-inside.zip')).toMatchObject({ status: 'rejected', code: 'invalid_central_directory' });
    expect(job.files.filter((f) => f.name.includes('.zip/'))).toEqual([]);
    await expectImported(runnerId, named(job, 'ok.fit'));
    expect(await keysOf(`runners/${runnerId}/archives/`)).toEqual([]);
    expect(job.counts).toMatchObject({ found: 5, imported: 1, rejected: 4 });
  });

  it('data descriptors (flag bit 3, zero sizes locally): processed normally, the CRC checked against the directory', async () => {
    const { token, runnerId } = await signup();
    const suunto = fit(SUUNTO);
    const archive = rawZip([
      deflated('dd-deflated.fit', fit(FR110), { dataDescriptor: true }),
      { name: 'dd-stored.fit', data: fit(TINY), dataDescriptor: true },
      // The descriptor holds the right CRC-32, the directory a wrong one: the directory wins.
      deflated('dd-bad-cd-crc.fit', suunto, { dataDescriptor: true, crc: crc32(suunto) ^ 0x00ff00ff }),
    ]);
    const { job } = await upload(token, [{ name: 'streamed.zip', bytes: archive }]);
    expectAccounted(job);
    await expectImported(runnerId, named(job, 'streamed.zip/dd-deflated.fit'));
    await expectImported(runnerId, named(job, 'streamed.zip/dd-stored.fit'));
    await expectRejected(runnerId, named(job, 'streamed.zip/dd-bad-cd-crc.fit'), 'crc_mismatch');
  });

  it('duplicate names: two a.fit with different bytes are both imported; the same bytes again are a duplicate', async () => {
    const { token, runnerId } = await signup();
    const archive = rawZip([
      deflated('a.fit', fit(TINY)), deflated('a.fit', fit(FR110)), deflated('b.fit', fit(SUUNTO)), deflated('a.fit', fit(TINY)),
    ]);
    const { job } = await upload(token, [{ name: 'dupes.zip', bytes: archive }]);
    expectAccounted(job);
    const as = job.files.filter((f) => f.name === 'dupes.zip/a.fit');
    expect(as).toHaveLength(3);
    expect(new Set(as.map((f) => f.id)).size).toBe(3); // keyed by index, not by name
    expect(as.map((f) => f.status).sort()).toEqual(['duplicate', 'imported', 'imported']);
    for (const f of as.filter((f) => f.status === 'imported')) await expectImported(runnerId, f);
    await expectImported(runnerId, named(job, 'dupes.zip/b.fit'));
    const dup = as.find((f) => f.status === 'duplicate')!;
    expect(dup).toMatchObject({ code: 'duplicate_file', duplicateOf: expect.any(String) });
    expect((await (await shardDb(runnerId)).prepare('SELECT count(*) AS n FROM sessions WHERE runner_id = ?').bind(runnerId).first<number>('n'))).toBe(3);
  });

  it('.fit.gz: bad CRC, bad ISIZE, two members, a 50 MiB bomb, cut short → precise codes, alone and inside a zip', async () => {
    const { token, runnerId } = await signup();
    const bad = (plain: Uint8Array) => ({
      crc: gzipMember(deflate(plain), crc32(plain) ^ 1, plain.length),
      isize: gzipMember(deflate(plain), crc32(plain), plain.length - 1),
      two: concatBytes([gzipSync(plain), gzipSync(fit(FR645))]),
      // 50 MiB of zeros (~330 KB at 159:1, built without deflating 50 MiB), declared honestly in ISIZE.
      bomb: gzipMember(zerosDeflate(50 * MiB), 0x0e9b9b34, 50 * MiB),
      cut: ((gz: Uint8Array) => gz.slice(0, gz.length >> 1))(gzipSync(plain)),
    });
    const codes = { crc: 'crc_mismatch', isize: 'size_mismatch', two: 'gzip_multi_member', bomb: 'ratio_exceeded', cut: 'truncated_data' } as const;
    const alone = bad(fit(FR110));
    const strava = zip({
      'activities/1.fit.gz': gzipSync(fit(SWIM)),
      ...Object.fromEntries(Object.entries(alone).map(([k, v]) => [`activities/${k}.fit.gz`, v])),
    });
    const { job } = await upload(token, [
      { name: 'good.fit.gz', bytes: gzipSync(fit(TINY)) },
      ...Object.entries(alone).map(([k, bytes]) => ({ name: `${k}.fit.gz`, bytes })),
      { name: 'export.zip', bytes: strava },
    ]);
    expectAccounted(job);
    for (const [k, code] of Object.entries(codes)) {
      await expectRejected(runnerId, named(job, `${k}.fit.gz`), code);
      await expectRejected(runnerId, named(job, `export.zip/activities/${k}.fit.gz`), code);
    }
    await expectImported(runnerId, named(job, 'good.fit.gz'));
    await expectImported(runnerId, named(job, 'export.zip/activities/1.fit.gz'));
  });

  it('many small files: 200,001 records → too_many_entries before fan-out; 1,000 members all accounted', async () => {
    const { token, runnerId } = await signup();
    // The real default cap (ARCHIVE_MAX_ENTRIES = 200,000), with a real archive one record over it.
    const overCap = rawZip(Array.from({ length: 200_001 }, (_, i) => ({ name: `${i.toString(36)}/`, data: new Uint8Array(0) })));
    expect(overCap.length).toBeLessThan(20 * MiB);
    const { job } = await upload(token, [{ name: 'too-many.zip', bytes: overCap }]);
    expect(job.files).toEqual([expect.objectContaining({ name: 'too-many.zip', status: 'rejected', code: 'too_many_entries' })]);
    expect(await keysOf(`runners/${runnerId}/archives/`)).toEqual([]);

    // 1,000 members: 980 ignored (JSON), 10 directories (not files), 10 copies of one FIT.
    const members: Record<string, Uint8Array> = {};
    for (let i = 0; i < 980; i++) members[`meta/${i}.json`] = text(`{"i":${i}}`);
    for (let i = 0; i < 10; i++) members[`dir${i}/`] = new Uint8Array(0);
    for (let i = 0; i < 10; i++) members[`activities/${i}.fit`] = fit(TINY);
    const res = await uploadFiles(token, [{ name: 'thousand.zip', bytes: zip(members) }]);
    expect(res.status).toBe(202);
    // Poll the light list view: 991-file job views are heavy.
    await vi.waitFor(async () => {
      const { items } = await (await api('/jobs?limit=1', { token })).json<{ items: JobJson[] }>();
      if (items[0].id !== res.body.job.id || items[0].stage !== 'done') throw new Error('open');
    }, { timeout: 60_000, interval: 250 });
    const done = await withAllFiles(token, await (await api(`/jobs/${res.body.job.id}`, { token })).json<JobJson>());
    expectAccounted(done);
    expect(done.counts).toMatchObject({ found: 991, expanded: 1, ignored: 980, imported: 1, duplicate: 9, failed: 0 });
  });

  it('huge uploads: 413 upload_too_large (declared or streamed) pointing to the resumable upload; nothing stored', async () => {
    const { token, runnerId } = await signup();
    const limit = Number(env.MAX_UPLOAD_BYTES);
    const over = new Uint8Array(limit + MiB);
    const declared = await uploadFiles(token, [{ name: 'big.zip', bytes: over }]);
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ code: 'upload_too_large', resumable: '/api/v1/uploads/multipart' });
    // No Content-Length (a streamed body): the app counts the bytes itself and removes what it
    // stored. One byte over the limit, so the body has been read to its end when it answers.
    const pieces = [...Array.from({ length: Math.floor(limit / MiB) }, () => new Uint8Array(MiB)), new Uint8Array(limit % MiB + 1)];
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = pieces.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const streamed = await api('/uploads?filename=big.fit', { method: 'POST', token, body, headers: { 'content-type': 'application/octet-stream' } });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ code: 'upload_too_large' });
    // Even the resumable upload refuses a file whose parts would not fit in one request each.
    const huge = await api('/uploads/multipart', {
      method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'huge.zip', size: 10_000 * limit + 1 }),
    });
    expect(huge.status).toBe(413);
    expect(await keysOf(`runners/${runnerId}/`)).toEqual([]);
    expect(await (await shardDb(runnerId)).prepare('SELECT count(*) AS n FROM uploads WHERE runner_id = ?').bind(runnerId).first<number>('n')).toBe(0);
  });

  it('huge uploads: the storage quota (1 GiB in tests) refuses a resumable upload that does not fit, before a byte is stored', async () => {
    const { token, runnerId } = await signup();
    const create = (name: string, size: number) => api('/uploads/multipart', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, size }) });
    const first = await create('years.zip', 700 * MiB);
    expect(first.status).toBe(201);
    const { id } = await first.json<{ id: string }>();
    const refused = await create('more.zip', 400 * MiB);
    expect(refused.status).toBe(413);
    const problem = await refused.json<{ code: string; detail: string }>();
    expect(problem).toMatchObject({ code: 'quota_exceeded' });
    expect(problem.detail).toMatch(/700\.0 MiB of 1\.00 GiB used, 324\.0 MiB left/);
    expect(await keysOf(`runners/${runnerId}/`)).toEqual([]);
    expect((await api(`/uploads/multipart/${id}`, { method: 'DELETE', token })).status).toBe(204); // the reservation is released
    expect((await create('more.zip', 400 * MiB)).status).toBe(201);
  });
});
