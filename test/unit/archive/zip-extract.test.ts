import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  createOutputBudget, DEFAULT_ARCHIVE_CAPS, listZipEntries, openZipEntry, readZipEntryHead, resolveArchiveCaps, resolveZipEntryData,
} from '../../../src/core/archive/index.js';
import {
  collect, corpusFit, dataOffset, drainUntilError, expectCode, fakeFit, localHeader, makeZip, patchBoth, python, rawZip, setU16, setU32, source,
  damagedDeflateZip,
} from './fixtures.js';

const MiB = 1024 * 1024;

async function extractAll(zip: Uint8Array) {
  const src = source(zip);
  const { entries } = await listZipEntries(src);
  return Promise.all(entries.map((e) => collect(openZipEntry(src, e)).catch((error: { code: string }) => error.code)));
}

describe('openZipEntry', () => {
  it('round-trips stored and deflated corpus FIT files byte for byte', async () => {
    const tiny = corpusFit('run-garmin-fenix5-tiny.fit');
    const run = corpusFit('run-garmin-fr645m-hr-gps.fit');
    const zip = makeZip({ 'stored.fit': [tiny, { level: 0 }], 'deflated.fit': [run, { level: 9 }], 'empty.fit': new Uint8Array(0) });
    const [stored, deflated, empty] = await extractAll(zip);
    expect(stored).toEqual(tiny);
    expect(deflated).toEqual(run);
    expect(empty).toEqual(new Uint8Array(0));
  });

  it('resolves the data range from a local header that agrees with the directory', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2) });
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    const reads = src.reads;
    const range = await resolveZipEntryData(src, entries[1]);
    expect(range).toEqual({ offset: dataOffset(zip, 1), length: entries[1].compressedSize });
    expect(src.reads - reads).toBe(1);
    // A caller that stored the range skips the local header on the next open.
    expect(await collect(openZipEntry(src, { ...entries[1], dataRange: range }))).toEqual(fakeFit(2));
  });

  it('extracts data-descriptor entries (python3 zipfile on a non-seekable stream)', async () => {
    const zip = python(`
class Sink(io.RawIOBase):
    def __init__(self): self.b = bytearray()
    def writable(self): return True
    def write(self, d): self.b += d; return len(d)
w = Sink()
with zipfile.ZipFile(w, 'w') as z:
    z.writestr('deflated.fit', bytes(range(256)) * 40, compress_type=zipfile.ZIP_DEFLATED)
    z.writestr('stored.fit', bytes(range(256)) * 3, compress_type=zipfile.ZIP_STORED)
sys.stdout.buffer.write(bytes(w.b))`);
    const { entries } = await listZipEntries(source(zip));
    expect(entries.map((e) => e.hasDataDescriptor)).toEqual([true, true]);
    const [deflated, stored] = await extractAll(zip);
    const pattern = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(deflated).toEqual(Uint8Array.from({ length: 10240 }, (_, i) => pattern[i % 256]));
    expect(stored).toEqual(Uint8Array.from({ length: 768 }, (_, i) => pattern[i % 256]));
  });

  it('extracts a force_zip64 entry (ZIP64 sizes in the local header)', async () => {
    const zip = python(`
b = io.BytesIO()
with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('run.fit', 'w', force_zip64=True) as f:
        f.write(bytes(range(256)) * 100)
sys.stdout.buffer.write(b.getvalue())`);
    const [run] = await extractAll(zip);
    expect((run as Uint8Array).length).toBe(25600);
  });

  it('rejects local headers that disagree with the directory (local_header_mismatch)', async () => {
    const variants: Array<(zip: Uint8Array) => void> = [
      (zip) => (zip[localHeader(zip, 0)] = 0), // signature
      (zip) => (zip[localHeader(zip, 0) + 30] = 0x7a), // name bytes
      (zip) => setU16(zip, localHeader(zip, 0) + 8, 0), // method
      (zip) => setU16(zip, localHeader(zip, 0) + 6, 0x0808), // data-descriptor flag
      (zip) => setU32(zip, localHeader(zip, 0) + 18, 5), // compressed size
      (zip) => setU32(zip, localHeader(zip, 0) + 22, 5), // uncompressed size
      (zip) => setU32(zip, localHeader(zip, 0) + 14, 5), // crc
    ];
    for (const patch of variants) {
      const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2) });
      patch(zip);
      expect(await extractAll(zip)).toEqual(['local_header_mismatch', fakeFit(2)]);
    }
  });

  it('rejects a local extra field that pushes data into the next entry (overlapping_entries)', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2) });
    setU16(zip, localHeader(zip, 0) + 28, 200);
    expect(await extractAll(zip)).toEqual(['overlapping_entries', fakeFit(2)]);
  });

  it('detects a flipped byte with crc_mismatch (stored and deflated)', async () => {
    const stored = makeZip({ 'a.fit': [fakeFit(1), { level: 0 }], 'b.fit': fakeFit(2) });
    stored[dataOffset(stored, 0) + 100] ^= 1;
    expect(await extractAll(stored)).toEqual(['crc_mismatch', fakeFit(2)]);
    const deflated = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2) });
    patchBoth(deflated, 0, 'crc', 0x12345678);
    expect(await extractAll(deflated)).toEqual(['crc_mismatch', fakeFit(2)]);
  });

  it('rejects declared-size lies with size_mismatch and never hands out more than declared', async () => {
    const tenMiB = fakeFit(7, 10 * MiB);
    const zip = makeZip({ 'liar.fit': tenMiB });
    patchBoth(zip, 0, 'uncompressed', 1000);
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    const result = await drainUntilError(openZipEntry(src, entries[0]));
    expect(result.error).toMatchObject({ code: 'size_mismatch', details: { index: 0 } });
    expect(result.received).toBeLessThanOrEqual(1000);
    const short = makeZip({ 'short.fit': fakeFit(1) });
    patchBoth(short, 0, 'uncompressed', 3000);
    expect(await extractAll(short)).toEqual(['size_mismatch']);
  });

  it('rejects data continuing after the deflate stream ends (compressed size lie)', async () => {
    const plain = fakeFit(3, 5000);
    const junk = fakeFit(4, 300 * 1024);
    const zip = rawZip([{ name: 'a.fit', method: 8, data: new Uint8Array([...deflateSync(plain), ...junk]), plain }, { name: 'b.fit', data: fakeFit(2) }]);
    expect(await extractAll(zip)).toEqual(['size_mismatch', fakeFit(2)]);
  });

  it('stops a 1000:1 deflate bomb with ratio_exceeded after a few MiB, not 50', async () => {
    const zeros = new Uint8Array(50 * MiB);
    const kernel = deflateSync(zeros, { level: 9 });
    expect(zeros.length / kernel.length).toBeGreaterThan(1000);
    // Padding after the stream makes the declared ratio look innocent (< 100:1).
    const padded = new Uint8Array(Math.ceil(zeros.length / 90));
    padded.set(kernel);
    const zip = rawZip([{ name: 'bomb.fit', method: 8, data: padded, plain: zeros }, { name: 'ok.fit', data: fakeFit(1) }]);
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    expect(entries[0].rejection).toBeNull();
    const before = src.bytesRead;
    const result = await drainUntilError(openZipEntry(src, entries[0]));
    expect(result.error).toMatchObject({ code: 'ratio_exceeded' });
    expect(result.received).toBeLessThanOrEqual(1 * MiB);
    expect(src.bytesRead - before).toBeLessThanOrEqual(DEFAULT_ARCHIVE_CAPS.readChunkBytes + 1024);
    expect(await collect(openZipEntry(src, entries[1]))).toEqual(fakeFit(1));
  });

  it('rejects an honest high-ratio entry at listing time (no task spent on it)', async () => {
    const zip = makeZip({ 'bomb.fit': new Uint8Array(20 * MiB), 'ok.fit': fakeFit(1) });
    const { entries } = await listZipEntries(source(zip));
    expect(entries.map((e) => e.rejection?.code ?? 'ok')).toEqual(['ratio_exceeded', 'ok']);
    await expectCode(collect(openZipEntry(source(zip), entries[0])), 'ratio_exceeded');
  });

  it('rejects a ZIP64 entry declaring 5 GB with entry_too_large, without inflating', async () => {
    const zip = rawZip([{ name: 'huge.fit', method: 8, data: deflateSync(new Uint8Array(1000)), plain: new Uint8Array(1000), zip64Size: 5e9 }]);
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    expect(entries[0]).toMatchObject({ uncompressedSize: 5e9, rejection: { code: 'entry_too_large' } });
    const reads = src.reads;
    await expectCode(collect(openZipEntry(src, entries[0])), 'entry_too_large');
    expect(src.reads).toBe(reads);
  });

  it('enforces the per-entry output cap while streaming', async () => {
    const zip = makeZip({ 'big.fit': fakeFit(5, 300 * 1024) });
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    const result = await drainUntilError(openZipEntry(src, entries[0], resolveArchiveCaps({ maxEntryBytes: 100 * 1024 })));
    expect(result.error).toMatchObject({ code: 'entry_too_large' });
    expect(result.received).toBeLessThanOrEqual(100 * 1024);
  });

  it('maps damaged deflate data to corrupt_data and a cut stream to truncated_data', async () => {
    const { zip, plain } = damagedDeflateZip();
    expect(await extractAll(zip)).toEqual(['corrupt_data', 'truncated_data', plain]);
  });

  it('refuses rejected entries with their own code while siblings extract', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2), 'c.fit': fakeFit(3) });
    patchBoth(zip, 0, 'flags', 1);
    patchBoth(zip, 1, 'method', 12);
    expect(await extractAll(zip)).toEqual(['encrypted_entry', 'unsupported_method', fakeFit(3)]);
  });

  it('rejects entries encrypted by the zip CLI (zip -P) with encrypted_entry', async () => {
    let hasZip = true;
    try {
      execFileSync('which', ['zip']);
    } catch {
      hasZip = false;
    }
    // The byte-patched case above always runs; this one adds a real encrypting writer.
    if (!hasZip) return;
    const dir = mkdtempSync(join(tmpdir(), 'pacelab-zip-'));
    writeFileSync(join(dir, 'secret.fit'), fakeFit(1));
    writeFileSync(join(dir, 'open.fit'), fakeFit(2));
    execFileSync('zip', ['-q', '-P', 'pw', join(dir, 'locked.zip'), 'secret.fit'], { cwd: dir });
    execFileSync('zip', ['-q', join(dir, 'locked.zip'), 'open.fit'], { cwd: dir });
    const zip = new Uint8Array(readFileSync(join(dir, 'locked.zip')));
    expect(await extractAll(zip)).toEqual(['encrypted_entry', fakeFit(2)]);
  });

  it('charges the upload output budget and stops with output_budget_exceeded', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1, 50_000), 'b.fit': fakeFit(2, 50_000) });
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    const budget = { limit: 80_000, used: 0 };
    await collect(openZipEntry(src, entries[0], undefined, { budget }));
    expect(budget.used).toBe(50_000);
    // The caller persists `used` as a number and rebuilds the budget in the next task.
    const resumed = createOutputBudget(zip.length, budget.used, resolveArchiveCaps({ outputBudgetFactor: 1 }));
    expect(resumed.limit).toBe(zip.length);
    await expectCode(collect(openZipEntry(src, entries[1], undefined, { budget: { limit: 80_000, used: budget.used } })), 'output_budget_exceeded');
  });

  it('reads just the head of an entry for sniffing', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1, 500_000) });
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    const head = await readZipEntryHead(src, entries[0], 64);
    expect(head).toEqual(fakeFit(1, 500_000).subarray(0, 64));
  });
});
