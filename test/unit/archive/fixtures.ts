/**
 * Fixture builders for the archive tests. Everything is generated here: fflate `zipSync` /
 * `gzipSync` for ordinary archives (fine for BUILDING fixtures; never used to read), byte patches
 * of central-directory and local headers for the hostile cases, python3's zipfile for ZIP64 and
 * data descriptors (a real third-party writer), and corpus FIT files for realistic content.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { expect } from 'vitest';
import { deflateSync, zipSync, type Zippable } from 'fflate';
import type { MemoryByteSource } from '../../../src/core/archive/index.js';
import { createMemoryByteSource } from '../../../src/core/archive/index.js';
import { centralRecords, concat, eocdOffset, setU16, setU32, u16, u32 } from '../../support/zip-bytes.js';

export { centralRecords, concat, eocdOffset, setU16, setU32, u16, u32 };

const CORPUS = process.env.PACELAB_FIT_CORPUS ?? '/work/shared/fit-corpus';

export function corpusFit(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(CORPUS, name)));
}

/** A FIT-looking file (valid 14-byte header shape, ".FIT" signature) with seeded varied bytes. */
export function fakeFit(seed: number, size = 2000): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = (Math.imul(seed, 2654435761) + 1) >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = (x >>> 16) & 0x3f; // 6 bits: compresses ~1.3:1, like FIT
  }
  bytes.set([14, 0x20, 0x00, 0x08], 0);
  bytes.set([0x2e, 0x46, 0x49, 0x54], 8);
  return bytes;
}

export function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

/** fflate zipSync; level 0 stores, 6 deflates. */
export function makeZip(files: Zippable, level: 0 | 6 = 6): Uint8Array {
  return zipSync(files, { level, mtime: new Date('2024-01-01T00:00:00Z') });
}

export function source(bytes: Uint8Array): MemoryByteSource {
  return createMemoryByteSource(bytes);
}

export function localHeader(zip: Uint8Array, index: number): number {
  return u32(zip, centralRecords(zip)[index] + 42);
}

/** Data offset of entry `index` (after its local header, name and extra field). */
export function dataOffset(zip: Uint8Array, index: number): number {
  const at = localHeader(zip, index);
  return at + 30 + u16(zip, at + 26) + u16(zip, at + 28);
}

/** Patches a field in both the central record and the local header of entry `index`. */
export function patchBoth(zip: Uint8Array, index: number, field: 'flags' | 'method' | 'crc' | 'compressed' | 'uncompressed', value: number): void {
  const cd = centralRecords(zip)[index];
  const local = localHeader(zip, index);
  const at = { flags: [8, 6], method: [10, 8], crc: [16, 14], compressed: [20, 18], uncompressed: [24, 22] }[field];
  const write = field === 'flags' || field === 'method' ? setU16 : setU32;
  write(zip, cd + at[0], value);
  write(zip, local + at[1], value);
}

/** Runs a python3 snippet that writes the fixture bytes to stdout. */
export function python(script: string): Uint8Array {
  const out = execFileSync('python3', ['-c', `import sys, io, zipfile\n${script}`], { maxBuffer: 1 << 30 });
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return concat(parts);
}

/** Drains an iterable, recording how much output arrived before it threw. */
export async function drainUntilError(chunks: AsyncIterable<Uint8Array>): Promise<{ error: unknown; received: number; largestChunk: number }> {
  let received = 0;
  let largestChunk = 0;
  try {
    for await (const chunk of chunks) {
      received += chunk.length;
      largestChunk = Math.max(largestChunk, chunk.length);
    }
  } catch (error) {
    return { error, received, largestChunk };
  }
  return { error: null, received, largestChunk };
}

/** Asserts a promise rejects with a DomainError carrying `code` (and a human message). */
export async function expectCode(work: Promise<unknown>, code: string): Promise<void> {
  await expect(work).rejects.toMatchObject({ name: 'DomainError', code, message: expect.stringMatching(/\w+ \w+/) });
}

export interface RawEntry {
  readonly name: string;
  /** The bytes stored in the archive (already compressed when method is 8). */
  readonly data: Uint8Array;
  /** The uncompressed bytes, for the default CRC and size. */
  readonly plain?: Uint8Array;
  readonly method?: number;
  readonly flags?: number;
  readonly crc?: number;
  readonly size?: number;
  /** Declares this uncompressed size through a ZIP64 extra field (local and central). */
  readonly zip64Size?: number;
}

/** A minimal ZIP writer for hostile fixtures that fflate would refuse to produce. */
export function rawZip(entries: readonly RawEntry[]): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = text(entry.name);
    const plain = entry.plain ?? entry.data;
    const extra = new Uint8Array(entry.zip64Size === undefined ? 0 : 12);
    if (entry.zip64Size !== undefined) {
      setU16(extra, 0, 1);
      setU16(extra, 2, 8);
      setU32(extra, 4, entry.zip64Size % 2 ** 32);
      setU32(extra, 8, Math.floor(entry.zip64Size / 2 ** 32));
    }
    const fields = (header: Uint8Array, at: number) => {
      setU16(header, at, 45);
      setU16(header, at + 2, entry.flags ?? 0x800);
      setU16(header, at + 4, entry.method ?? 0);
      setU32(header, at + 10, entry.crc ?? crc32(plain));
      setU32(header, at + 14, entry.data.length);
      setU32(header, at + 18, entry.zip64Size === undefined ? (entry.size ?? plain.length) : 0xffffffff);
      setU16(header, at + 22, name.length);
      setU16(header, at + 24, extra.length);
    };
    const local = new Uint8Array(30);
    setU32(local, 0, 0x04034b50);
    fields(local, 4);
    locals.push(local, name, extra, entry.data);
    const central = new Uint8Array(46);
    setU32(central, 0, 0x02014b50);
    setU16(central, 4, 45);
    fields(central, 6);
    setU32(central, 42, offset);
    centrals.push(central, name, extra);
    offset += 30 + name.length + extra.length + entry.data.length;
  }
  const cd = concat(centrals);
  const eocd = new Uint8Array(22);
  setU32(eocd, 0, 0x06054b50);
  setU16(eocd, 8, entries.length);
  setU16(eocd, 10, entries.length);
  setU32(eocd, 12, cd.length);
  setU32(eocd, 16, offset);
  return concat([...locals, cd, eocd]);
}

/** Three deflated members: damaged data, a stream cut in half, and a good one (→ corrupt_data, truncated_data, the bytes). */
export function damagedDeflateZip(): { zip: Uint8Array; plain: Uint8Array } {
  const plain = fakeFit(1, 20_000);
  const stream = deflateSync(plain);
  const zip = rawZip([
    { name: 'corrupt.fit', method: 8, data: Uint8Array.of(0xff, 0xff, 0xff, 0xff), plain },
    { name: 'cut.fit', method: 8, data: stream.subarray(0, stream.length >> 1), plain },
    { name: 'ok.fit', method: 8, data: stream, plain },
  ]);
  return { zip, plain };
}
