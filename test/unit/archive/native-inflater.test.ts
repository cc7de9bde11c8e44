/**
 * An Inflater (the runtime's decompressor) in the capped pump: the same bytes and the same
 * stable codes as the fflate pump on good, damaged, trailing, truncated and hostile members,
 * since a refusal by the inflater is judged again by fflate (inflate-native.ts).
 *
 * The port asks for a strict decompressor, as workerd's DecompressionStream is (any byte after
 * the stream's end is an error: test/workers/native-inflater.test.ts). Node's is lenient (it
 * ignores trailing bytes and reads a second gzip member), so the hostile cases here run with a
 * strict one over node:zlib; the adapter itself (Node's stream) runs the well-formed ones.
 */
import { inflateRawSync } from 'node:zlib';
import { deflateSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { nativeInflater } from '../../../src/adapters/native-inflater.js';
import type { Inflater } from '../../../src/core/archive/index.js';
import { createOutputBudget, listZipEntries, openGzip, openZipEntry, readZipEntryHead, resolveArchiveCaps } from '../../../src/core/archive/index.js';
import { collect, concat, corpusFit, damagedDeflateZip, drainUntilError, fakeFit, makeZip, patchBoth, rawZip, setU32, source, text } from './fixtures.js';

const MiB = 1024 * 1024;

/** Strict like workerd's: the whole input must be exactly one stream (gzip: header, body, trailer). */
const strictInflater: Inflater = {
  async *inflate(format, input) {
    const parts: Uint8Array[] = [];
    for await (const chunk of input) parts.push(chunk);
    const all = concat(parts);
    const body = format === 'gzip' ? all.subarray(10) : all;
    const { buffer, engine } = inflateRawSync(body, { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
    const rest = body.length - engine.bytesWritten;
    if (rest !== (format === 'gzip' ? 8 : 0)) throw new TypeError('Trailing bytes after end of compressed data');
    for (let i = 0; i < buffer.length; i += 4096) yield new Uint8Array(buffer.subarray(i, i + 4096));
  },
};

/** Every entry through both pumps: the bytes, or the error code. */
async function bothWays(zip: Uint8Array, caps = resolveArchiveCaps({}), inflater: Inflater = strictInflater) {
  const run = async (inflater?: Inflater) => {
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    return Promise.all(entries.map((e) => collect(openZipEntry(src, e, caps, { inflater })).catch((error: { code: string }) => error.code)));
  };
  const [fflate, native] = [await run(), await run(inflater)];
  expect(native).toEqual(fflate);
  return native;
}

async function gzipBothWays(gz: Uint8Array) {
  const run = (inflater?: Inflater) => collect(openGzip(source(gz), undefined, { inflater })).catch((error: { code: string }) => error.code);
  const [fflate, native] = [await run(), await run(strictInflater)];
  expect(native).toEqual(fflate);
  return native;
}

function gzipTrailer(plain: Uint8Array, crc: number): Uint8Array {
  const trailer = new Uint8Array(8);
  setU32(trailer, 0, crc);
  setU32(trailer, 4, plain.length);
  return trailer;
}

describe('native inflater in the capped pump', () => {
  it('inflates corpus FIT members byte for byte, stored and deflated', async () => {
    const run = corpusFit('run-garmin-fr645m-hr-gps.fit');
    const tiny = corpusFit('run-garmin-fenix5-tiny.fit');
    const zip = makeZip({ 'a.fit': run, 'b.fit': [tiny, { level: 0 }], 'c.fit': tiny });
    expect(await bothWays(zip)).toEqual([run, tiny, tiny]);
    expect(await bothWays(zip, undefined, nativeInflater)).toEqual([run, tiny, tiny]);
  });

  it('gives the fflate codes for a bad CRC, declared-size lies, damaged and cut streams', async () => {
    const deflated = makeZip({ 'a.fit': fakeFit(1), 'b.fit': fakeFit(2) });
    patchBoth(deflated, 0, 'crc', 0x12345678);
    expect(await bothWays(deflated)).toEqual(['crc_mismatch', fakeFit(2)]);
    const liar = makeZip({ 'liar.fit': fakeFit(7, 300_000) });
    patchBoth(liar, 0, 'uncompressed', 1000);
    expect(await bothWays(liar)).toEqual(['size_mismatch']);
    const short = makeZip({ 'short.fit': fakeFit(1) });
    patchBoth(short, 0, 'uncompressed', 3000);
    expect(await bothWays(short)).toEqual(['size_mismatch']);
    const { zip, plain } = damagedDeflateZip();
    expect(await bothWays(zip)).toEqual(['corrupt_data', 'truncated_data', plain]);
  });

  it('judges bytes after the stream as fflate does: a few tolerated, a lot refused', async () => {
    // the native decompressor refuses both; fflate's verdict stands and nothing is handed out twice
    const plain = fakeFit(3, 50_000);
    const zip = rawZip([
      { name: 'few.fit', method: 8, data: concat([deflateSync(plain), text('junk')]), plain },
      { name: 'lots.fit', method: 8, data: concat([deflateSync(plain), fakeFit(4, 300 * 1024)]), plain },
    ]);
    expect(await bothWays(zip)).toEqual([plain, 'size_mismatch']);
  });

  it('keeps the caps: a 1000:1 bomb, the entry cap and the output budget', async () => {
    const zeros = new Uint8Array(50 * MiB);
    const padded = new Uint8Array(Math.ceil(zeros.length / 90));
    padded.set(deflateSync(zeros, { level: 9 }));
    const bomb = rawZip([{ name: 'bomb.fit', method: 8, data: padded, plain: zeros }]);
    const src = source(bomb);
    const { entries } = await listZipEntries(src);
    for (const inflater of [nativeInflater, strictInflater]) {
      const result = await drainUntilError(openZipEntry(src, entries[0], undefined, { inflater }));
      expect(result.error).toMatchObject({ code: 'ratio_exceeded' });
      expect(result.received).toBeLessThanOrEqual(4 * MiB);
    }
    const big = makeZip({ 'big.fit': fakeFit(5, 300 * 1024) });
    expect(await bothWays(big, resolveArchiveCaps({ maxEntryBytes: 100 * 1024 }))).toEqual(['entry_too_large']);
    const two = makeZip({ 'a.fit': fakeFit(1, 50_000), 'b.fit': fakeFit(2, 50_000) });
    const twoSrc = source(two);
    const listed = (await listZipEntries(twoSrc)).entries;
    const budget = createOutputBudget(80_000);
    expect(budget.limit).toBeGreaterThan(100_000);
    await collect(openZipEntry(twoSrc, listed[0], undefined, { budget, inflater: nativeInflater }));
    expect(budget.used).toBe(50_000);
    await expect(collect(openZipEntry(twoSrc, listed[1], undefined, { budget: { limit: 80_000, used: budget.used }, inflater: nativeInflater }))).rejects.toMatchObject({ code: 'output_budget_exceeded' });
  });

  it('stops early when the consumer has enough (sniffing a head)', async () => {
    const zip = makeZip({ 'a.fit': fakeFit(1, 500_000) });
    const src = source(zip);
    const { entries } = await listZipEntries(src);
    const parts: Uint8Array[] = [];
    for await (const chunk of openZipEntry(src, entries[0], undefined, { inflater: nativeInflater })) { parts.push(chunk); break; }
    expect(parts[0]).toEqual(fakeFit(1, 500_000).subarray(0, parts[0].length));
    expect(await readZipEntryHead(src, entries[0], 64)).toEqual(fakeFit(1, 500_000).subarray(0, 64));
  });

  it('gzip: good, second member, trailing garbage and a bad trailer get the fflate outcome', async () => {
    const fit = corpusFit('run-garmin-fenix5-tiny.fit');
    expect(await gzipBothWays(gzipSync(fit))).toEqual(fit);
    const one = gzipSync(fakeFit(1, 3000));
    expect(await gzipBothWays(concat([one, gzipSync(fakeFit(2, 3000))]))).toBe('gzip_multi_member');
    expect(await gzipBothWays(concat([one, text('this is not gzip at all')]))).toBe('trailing_data');
    const plain = fakeFit(1, 5000);
    const badCrc = concat([gzipSync(plain).subarray(0, -8), gzipTrailer(plain, 1)]);
    expect(await gzipBothWays(badCrc)).toBe('crc_mismatch');
  });
});
