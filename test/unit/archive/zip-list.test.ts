import { describe, expect, it } from 'vitest';
import { listZipEntries, resolveArchiveCaps } from '../../../src/core/archive/index.js';
import {
  centralRecords, eocdOffset, expectCode, fakeFit, localHeader, makeZip, patchBoth, python, setU16, setU32, source, text, u16,
} from './fixtures.js';

const threeFits = () => makeZip({ 'a.fit': fakeFit(1), 'dir/b.fit': fakeFit(2), 'c.fit': [fakeFit(3), { level: 0 }] });

describe('listZipEntries', () => {
  it('lists every entry by index with sizes, methods and names', async () => {
    const { entries, issues, layout } = await listZipEntries(source(threeFits()));
    expect(issues).toEqual([]);
    expect(layout.zip64).toBe(false);
    expect(entries.map((e) => [e.index, e.displayName, e.method, e.uncompressedSize])).toEqual([
      [0, 'a.fit', 8, 2000],
      [1, 'dir/b.fit', 8, 2000],
      [2, 'c.fit', 0, 2000],
    ]);
    expect(entries.every((e) => e.rejection === null && e.dataRange === null && e.spanEnd > e.localHeaderOffset)).toBe(true);
  });

  it('accepts an empty archive and an EOCD followed by a comment', async () => {
    expect((await listZipEntries(source(makeZip({})))).entries).toEqual([]);
    const zip = threeFits();
    const comment = text('exported by a watch \u0050\u004b\u0005\u0006 with a fake signature inside');
    const withComment = new Uint8Array(zip.length + comment.length);
    withComment.set(zip);
    withComment.set(comment, zip.length);
    setU16(withComment, eocdOffset(zip) + 20, comment.length);
    expect((await listZipEntries(source(withComment))).entries).toHaveLength(3);
  });

  it('rejects non-zip input with not_zip', async () => {
    await expectCode(listZipEntries(source(fakeFit(1))), 'not_zip');
    await expectCode(listZipEntries(source(new Uint8Array(0))), 'not_zip');
  });

  it('rejects archives cut short with truncated_archive', async () => {
    const zip = threeFits();
    await expectCode(listZipEntries(source(zip.subarray(0, zip.length >> 1))), 'truncated_archive');
    await expectCode(listZipEntries(source(zip.subarray(0, zip.length - 1))), 'truncated_archive');
    const pointsPastEnd = zip.slice();
    setU32(pointsPastEnd, eocdOffset(zip) + 16, zip.length + 10);
    await expectCode(listZipEntries(source(pointsPastEnd)), 'truncated_archive');
  });

  it('rejects damaged central directories with invalid_central_directory', async () => {
    const badSignature = threeFits();
    badSignature[centralRecords(badSignature)[1]] = 0;
    await expectCode(listZipEntries(source(badSignature)), 'invalid_central_directory');
    const countTooSmall = threeFits();
    setU16(countTooSmall, eocdOffset(countTooSmall) + 8, 2);
    setU16(countTooSmall, eocdOffset(countTooSmall) + 10, 2);
    await expectCode(listZipEntries(source(countTooSmall)), 'invalid_central_directory');
  });

  it('rejects split archives with multi_disk_archive', async () => {
    const zip = threeFits();
    setU16(zip, eocdOffset(zip) + 4, 1);
    await expectCode(listZipEntries(source(zip)), 'multi_disk_archive');
  });

  it('applies the entry-count, directory-size and archive-size caps before reading the directory', async () => {
    const big = makeZip(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}.fit`, fakeFit(i, 100)])));
    const counted = source(big);
    await expectCode(listZipEntries(counted, resolveArchiveCaps({ maxEntries: 49 })), 'too_many_entries');
    expect(counted.reads).toBe(1); // the tail only
    await expectCode(listZipEntries(source(big), resolveArchiveCaps({ maxCentralDirectoryBytes: 1000 })), 'central_directory_too_large');
    await expectCode(listZipEntries(source(big), resolveArchiveCaps({ maxArchiveBytes: 1000 })), 'archive_too_large');
  });

  it("rejects Fifield's overlapping-entry bomb before inflating anything", async () => {
    // N central records all pointing at one local header (the plain variant).
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2), 'c.fit': fakeFit(3) });
    const first = localHeader(zip, 0);
    for (const record of centralRecords(zip).slice(1)) setU32(zip, record + 42, first);
    const counted = source(zip);
    await expect(listZipEntries(counted)).rejects.toMatchObject({ code: 'overlapping_entries' });
    expect(counted.reads).toBe(1); // never touched a local header or any data
  });

  it('rejects the quoted-overlap variant (a header inside another entry\'s data)', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2) });
    // Entry 0 claims a compressed size that swallows entry 1's header: both still "agree" locally.
    patchBoth(zip, 0, 'compressed', localHeader(zip, 1) - localHeader(zip, 0));
    await expectCode(listZipEntries(source(zip)), 'overlapping_entries');
  });

  it('rejects an entry reaching into the central directory as overlapping', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1) });
    setU32(zip, centralRecords(zip)[0] + 20, 3000);
    await expectCode(listZipEntries(source(zip)), 'overlapping_entries');
  });

  it('keeps duplicate names, keyed by index, and flags both', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2), 'c.fit': fakeFit(3) });
    const cd = centralRecords(zip)[1];
    zip[cd + 46] = 0x61; // b.fit → a.fit in the directory…
    zip[localHeader(zip, 1) + 30] = 0x61; // …and in its local header
    const { entries, issues } = await listZipEntries(source(zip));
    expect(entries.map((e) => e.displayName)).toEqual(['a.fit', 'a.fit', 'c.fit']);
    expect(entries.every((e) => e.rejection === null)).toBe(true);
    expect(issues).toEqual([
      expect.objectContaining({ index: 0, code: 'duplicate_name', fatal: false }),
      expect.objectContaining({ index: 1, code: 'duplicate_name', fatal: false }),
    ]);
  });

  it('flags encrypted and unsupported-method entries without blocking siblings', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2), 'c.fit': fakeFit(3), 'd.fit': fakeFit(4) });
    patchBoth(zip, 0, 'flags', 1); // traditional PKWARE encryption bit
    patchBoth(zip, 1, 'method', 99); // WinZip AES
    patchBoth(zip, 2, 'method', 12); // bzip2
    const { entries, issues } = await listZipEntries(source(zip));
    expect(entries.map((e) => e.rejection?.code ?? 'ok')).toEqual(['encrypted_entry', 'encrypted_entry', 'unsupported_method', 'ok']);
    expect(entries[0].encrypted && entries[1].encrypted).toBe(true);
    expect(issues.every((i) => i.fatal && i.message.length > 10)).toBe(true);
  });

  it('flags declared sizes beyond the caps and impossible stored sizes', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': [fakeFit(2), { level: 0 }], 'c.fit': fakeFit(3) });
    setU32(zip, centralRecords(zip)[0] + 24, 100 * 1024 * 1024); // declared 100 MiB > 64 MiB
    setU32(zip, centralRecords(zip)[1] + 24, 1999); // stored: compressed ≠ uncompressed
    setU32(zip, centralRecords(zip)[2] + 24, 60 * 1024 * 1024); // honest-looking bomb: ratio ≫ 100
    const { entries } = await listZipEntries(source(zip));
    expect(entries.map((e) => e.rejection?.code)).toEqual(['entry_too_large', 'size_mismatch', 'ratio_exceeded']);
  });

  it('shows hostile names escaped and flagged, rejects over-long names', async () => {
    const names = ['../../evil.fit', '/abs.fit', 'C:\\x.fit', 'nul\u0000.fit', 'run\u202Etif.fit', '<img onerror=x>.fit'];
    const files = Object.fromEntries(names.map((n, i) => [n, fakeFit(i, 50)]));
    files['x'.repeat(1100) + '.fit'] = fakeFit(9, 50);
    const { entries, issues } = await listZipEntries(source(makeZip(files)));
    expect(entries.map((e) => e.displayName).slice(0, 6)).toEqual(['../../evil.fit', '/abs.fit', 'C:\\x.fit', 'nul.fit', 'runtif.fit', '<img onerror=x>.fit']);
    expect(entries.slice(0, 5).every((e) => e.hostileName && e.rejection === null)).toBe(true);
    expect(entries[5].hostileName).toBe(false); // HTML is the renderer's job, not a path trick
    expect(entries[6].rejection?.code).toBe('name_too_long');
    expect(issues.filter((i) => i.code === 'hostile_name').map((i) => i.index)).toEqual([0, 1, 2, 3, 4]);
  });

  it('decodes names per bit 11: UTF-8 when set, CP437 otherwise', async () => {
    const zip = makeZip({ 'Läufe/morgen.fit': fakeFit(1, 50), 'plain.fit': fakeFit(2, 50) });
    const { entries } = await listZipEntries(source(zip));
    expect(entries[0].displayName).toBe('Läufe/morgen.fit');
    const cp437 = zip.slice();
    const record = centralRecords(cp437)[1];
    setU16(cp437, record + 8, u16(cp437, record + 8) & ~0x800);
    cp437[record + 46] = 0x94; // ö in CP437
    const listed = await listZipEntries(source(cp437));
    expect(listed.entries[1].displayName).toBe('ölain.fit');
  });

  it('lists 10,000 entries with a handful of range reads', async () => {
    const files = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`activities/${i}.fit`, fakeFit(i, 20)]));
    const counted = source(makeZip(files, 0));
    const { entries } = await listZipEntries(counted);
    expect(entries).toHaveLength(10_000);
    expect(entries[9_999].displayName).toBe('activities/9999.fit');
    expect(counted.reads).toBeLessThanOrEqual(3);
  });

  it('reads the central directory in bounded chunks', async () => {
    const files = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`f${i}.fit`, fakeFit(i, 16)]));
    const counted = source(makeZip(files, 0));
    const caps = resolveArchiveCaps({ centralDirectoryChunkBytes: 4096 });
    const { entries, layout } = await listZipEntries(counted, caps);
    expect(entries).toHaveLength(2_000);
    const chunks = Math.ceil(layout.centralDirectorySize / 4096);
    expect(counted.reads).toBeGreaterThanOrEqual(chunks);
    expect(counted.reads).toBeLessThanOrEqual(chunks * 2 + 2); // records straddling chunk edges
  });
});

describe('ZIP64 (python3 zipfile)', () => {
  it('lists a force_zip64 archive (ZIP64 extra fields in every record)', async () => {
    const zip = python(`
b = io.BytesIO()
with zipfile.ZipFile(b, 'w', zipfile.ZIP_DEFLATED) as z:
    for i in range(3):
        with z.open(f'run{i}.fit', 'w', force_zip64=True) as f:
            f.write(bytes(range(256)) * (i + 1))
sys.stdout.buffer.write(b.getvalue())`);
    const { entries, issues } = await listZipEntries(source(zip));
    expect(issues).toEqual([]);
    expect(entries.map((e) => e.uncompressedSize)).toEqual([256, 512, 768]);
  });

  it('lists 70,000 entries through the ZIP64 end records', async () => {
    const zip = python(`
b = io.BytesIO()
with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
    for i in range(70000):
        z.writestr(zipfile.ZipInfo(f'{i}.fit', (2024, 1, 1, 0, 0, 0)), b'x')
sys.stdout.buffer.write(b.getvalue())`);
    const counted = source(zip);
    const { entries, layout } = await listZipEntries(counted);
    expect(layout.zip64).toBe(true);
    expect(entries).toHaveLength(70_000);
    expect(entries[69_999].displayName).toBe('69999.fit');
    expect(counted.reads).toBeLessThanOrEqual(8);
  });

  it('rejects an entry whose ZIP64 field is missing with invalid_entry', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2) });
    setU32(zip, centralRecords(zip)[0] + 24, 0xffffffff); // says "see ZIP64 field", has none
    const { entries } = await listZipEntries(source(zip));
    expect(entries.map((e) => e.rejection?.code ?? 'ok')).toEqual(['invalid_entry', 'ok']);
  });
});

describe('ByteSource contract', () => {
  it('turns a short read into a retryable source_read_failed', async () => {
    const zip = threeFits();
    const flaky = { size: zip.length, read: async (offset: number, length: number) => zip.subarray(offset, offset + length - 1) };
    await expect(listZipEntries(flaky)).rejects.toMatchObject({ code: 'source_read_failed', retryable: true });
  });
});
