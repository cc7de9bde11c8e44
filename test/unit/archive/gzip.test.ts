import { crc32 } from 'node:zlib';
import { deflateSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openGzip, readGzipHeader, resolveArchiveCaps } from '../../../src/core/archive/index.js';
import { collect, concat, corpusFit, drainUntilError, expectCode, fakeFit, setU32, source, text } from './fixtures.js';

const MiB = 1024 * 1024;

interface HeaderParts {
  extra?: Uint8Array;
  name?: string;
  comment?: string;
  headerCrc?: boolean;
  flags?: number;
}

/** Hand-built RFC 1952 member, so every optional header field can be exercised. */
function gzipMember(plain: Uint8Array, parts: HeaderParts = {}): Uint8Array {
  const flags = (parts.flags ?? 0) | (parts.extra ? 4 : 0) | (parts.name !== undefined ? 8 : 0) | (parts.comment !== undefined ? 16 : 0) | (parts.headerCrc ? 2 : 0);
  const header: number[] = [0x1f, 0x8b, 8, flags, 0x80, 0x4b, 0x94, 0x65, 0, 3];
  if (parts.extra) header.push(parts.extra.length & 0xff, parts.extra.length >> 8, ...parts.extra);
  if (parts.name !== undefined) header.push(...text(parts.name), 0);
  if (parts.comment !== undefined) header.push(...text(parts.comment), 0);
  if (parts.headerCrc) {
    const c = crc32(Uint8Array.from(header)) & 0xffff;
    header.push(c & 0xff, c >> 8);
  }
  const trailer = new Uint8Array(8);
  setU32(trailer, 0, crc32(plain));
  setU32(trailer, 4, plain.length);
  return concat([Uint8Array.from(header), deflateSync(plain), trailer]);
}

describe('openGzip', () => {
  it('inflates a corpus FIT gzipped by fflate', async () => {
    const fit = corpusFit('run-garmin-fenix5-tiny.fit');
    expect(await collect(openGzip(source(gzipSync(fit))))).toEqual(fit);
  });

  it('parses FEXTRA, FNAME, FCOMMENT and FHCRC and checks the header CRC', async () => {
    const plain = fakeFit(1, 5000);
    const gz = gzipMember(plain, { extra: Uint8Array.of(0x41, 0x70, 2, 0, 1, 2), name: '../12345\u202E.fit', comment: 'from Strava', headerCrc: true });
    const header = await readGzipHeader(source(gz));
    expect(header).toMatchObject({ name: '../12345.fit', extraLength: 6, mtime: 0x65944b80, os: 3 });
    expect(await collect(openGzip(source(gz)))).toEqual(plain);
    const badHeaderCrc = gz.slice();
    badHeaderCrc[header.headerLength - 1] ^= 0xff;
    await expectCode(collect(openGzip(source(badHeaderCrc))), 'gzip_header_invalid');
  });

  it('rejects reserved flag bits, endless names, wrong magic and other methods', async () => {
    await expectCode(readGzipHeader(source(gzipMember(fakeFit(1), { flags: 0x20 }))), 'gzip_header_invalid');
    const endless = gzipMember(fakeFit(1), { name: 'x'.repeat(70_000) });
    await expectCode(readGzipHeader(source(endless)), 'gzip_header_invalid');
    await expectCode(readGzipHeader(source(fakeFit(1))), 'not_gzip');
    const deflate64 = gzipMember(fakeFit(1));
    deflate64[2] = 9;
    await expectCode(readGzipHeader(source(deflate64)), 'unsupported_method');
  });

  it('verifies the trailer: crc_mismatch and a lying ISIZE (size_mismatch)', async () => {
    const gz = gzipMember(fakeFit(1, 5000));
    const badCrc = gz.slice();
    badCrc[badCrc.length - 8] ^= 1;
    await expectCode(collect(openGzip(source(badCrc))), 'crc_mismatch');
    const badSize = gz.slice();
    setU32(badSize, badSize.length - 4, 4999);
    const result = await drainUntilError(openGzip(source(badSize)));
    expect(result.error).toMatchObject({ code: 'size_mismatch' });
    expect(result.received).toBeLessThanOrEqual(4999);
  });

  it('rejects a second member (policy: single member) and trailing garbage', async () => {
    const two = concat([gzipMember(fakeFit(1, 3000)), gzipMember(fakeFit(2, 3000))]);
    await expectCode(collect(openGzip(source(two))), 'gzip_multi_member');
    const garbage = concat([gzipMember(fakeFit(1, 3000)), text('this is not gzip at all')]);
    await expectCode(collect(openGzip(source(garbage))), 'trailing_data');
  });

  it('stops a gzip bomb (50 MiB of zeros) after the first slice', async () => {
    const zeros = new Uint8Array(50 * MiB);
    const bomb = gzipSync(zeros, { level: 9 });
    const honest = await drainUntilError(openGzip(source(bomb)));
    expect(honest.error).toMatchObject({ code: 'ratio_exceeded' });
    expect(honest.received).toBe(0);
    // ISIZE lying low: the stream itself trips the declared-size check long before 50 MiB.
    const liar = bomb.slice();
    setU32(liar, liar.length - 4, 100_000);
    const result = await drainUntilError(openGzip(source(liar)));
    expect(result.error).toMatchObject({ code: 'size_mismatch' });
    expect(result.received).toBeLessThanOrEqual(100_000);
  });

  it('applies the ratio cap only once output passes the grace', async () => {
    const member = gzipMember(new Uint8Array(20 * MiB));
    const lenient = await drainUntilError(openGzip(source(member), resolveArchiveCaps({ maxRatio: 100_000 })));
    expect(lenient).toMatchObject({ error: null, received: 20 * MiB });
    const strict = await drainUntilError(openGzip(source(member), resolveArchiveCaps({ ratioGraceBytes: 4 * MiB })));
    expect(strict.error).toMatchObject({ code: 'ratio_exceeded' });
    expect(strict.received).toBeLessThanOrEqual(4 * MiB + 8 * MiB);
  });

  it('gives up on an endless second header quickly (trailing_data, no quadratic buffering)', async () => {
    const tail = concat([Uint8Array.of(0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3), new Uint8Array(3 * MiB).fill(0x78)]);
    const started = performance.now();
    await expectCode(collect(openGzip(source(concat([gzipMember(fakeFit(1, 3000)), tail])))), 'trailing_data');
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('rejects truncated gzip files with truncated_data', async () => {
    const gz = gzipMember(fakeFit(1, 20_000));
    await expectCode(collect(openGzip(source(gz.subarray(0, gz.length >> 1)))), 'truncated_data');
    await expectCode(collect(openGzip(source(gz.subarray(0, 12)))), 'truncated_data');
    await expectCode(readGzipHeader(source(gzipMember(fakeFit(1), { name: 'abc' }).subarray(0, 12))), 'truncated_data');
  });

  it('enforces the per-entry output cap from a plausible ISIZE, before inflating', async () => {
    const gz = gzipMember(fakeFit(1, 300_000));
    const counted = source(gz);
    await expectCode(collect(openGzip(counted, resolveArchiveCaps({ maxEntryBytes: 100_000 }))), 'entry_too_large');
    expect(counted.reads).toBe(2); // header and trailer only
  });

  it('enforces the per-entry output cap while streaming when ISIZE lies', async () => {
    const gz = gzipMember(fakeFit(1, 300_000));
    setU32(gz, gz.length - 4, 0xfffffff0);
    const result = await drainUntilError(openGzip(source(gz), resolveArchiveCaps({ maxEntryBytes: 100_000 })));
    expect(result.error).toMatchObject({ code: 'entry_too_large' });
    expect(result.received).toBeLessThanOrEqual(100_000);
  });
});
