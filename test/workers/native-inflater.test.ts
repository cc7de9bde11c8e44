/**
 * The Worker's Inflater (src/adapters/native-inflater.ts) in workerd: DecompressionStream is as
 * strict as the port asks (any byte after the stream's end, a second gzip member, a cut stream:
 * errors), and through the capped pump every outcome is the fflate pump's, bytes and codes.
 */
import { describe, expect, it } from 'vitest';
import { deflateSync, gzipSync, zipSync } from 'fflate';
import { nativeInflater } from '../../src/adapters/native-inflater';
import { createMemoryByteSource, listZipEntries, openGzip, openZipEntry, type Inflater } from '../../src/core/archive';

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
const bytes = (seed: number, size: number) => Uint8Array.from({ length: size }, (_, i) => ((i * 31 + seed * 7) % 251) ^ (i >> 10));
const outcome = (work: AsyncIterable<Uint8Array>) => collect(work).catch((error: { code?: string }) => error.code ?? String(error));

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return concat(...parts);
}

async function raw(format: 'deflate-raw' | 'gzip', input: Uint8Array): Promise<string> {
  async function* slices() { for (let i = 0; i < input.length; i += 8192) yield input.subarray(i, i + 8192); }
  try { return `ok ${(await collect(nativeInflater.inflate(format, slices()))).length}`; } catch { return 'error'; }
}

describe('native inflater (workerd DecompressionStream)', () => {
  it('is strict: trailing bytes, a second gzip member and a cut stream are errors', async () => {
    const plain = bytes(1, 50_000);
    const stream = deflateSync(plain);
    expect(await raw('deflate-raw', stream)).toBe('ok 50000');
    expect(await raw('deflate-raw', concat(stream, Uint8Array.of(1, 2, 3, 4)))).toBe('error');
    expect(await raw('deflate-raw', stream.subarray(0, stream.length - 10))).toBe('error');
    const gz = gzipSync(plain);
    expect(await raw('gzip', gz)).toBe('ok 50000');
    expect(await raw('gzip', concat(gz, gz))).toBe('error');
  });

  it('gives the fflate pump\'s bytes and codes through ZIP and gzip', async () => {
    const plain = bytes(2, 300_000);
    const zip = zipSync({ 'a.fit': plain, 'b.fit': bytes(3, 2000) });
    const zipRun = async (inflater?: Inflater) => {
      const src = createMemoryByteSource(zip);
      const { entries } = await listZipEntries(src);
      return Promise.all(entries.map((e) => outcome(openZipEntry(src, e, undefined, { inflater }))));
    };
    const viaNative = await zipRun(nativeInflater);
    expect(viaNative).toEqual(await zipRun());
    expect(viaNative[0]).toEqual(plain);
    const one = gzipSync(bytes(4, 3000));
    for (const gz of [one, concat(one, gzipSync(bytes(5, 3000))), concat(one, new TextEncoder().encode('not gzip at all')), one.subarray(0, one.length - 20)]) {
      const [fflate, native] = [await outcome(openGzip(createMemoryByteSource(gz))), await outcome(openGzip(createMemoryByteSource(gz), undefined, { inflater: nativeInflater }))];
      expect(native).toEqual(fflate);
    }
    expect(await outcome(openGzip(createMemoryByteSource(concat(one, one)), undefined, { inflater: nativeInflater }))).toBe('gzip_multi_member');
  });
});
