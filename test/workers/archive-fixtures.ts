/**
 * Archive fixtures for the workerd tests, built in code from corpus FIT files: fflate zipSync /
 * gzipSync only BUILD fixtures (the app reads archives with its own reader), plus byte patches.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { deflateSync, gzipSync, zipSync, type Zippable } from 'fflate';
import worker from '../../workers/test-entry';
import type { InspectArchiveMessage } from '../../src/contracts/queue-messages';
import { uploadKey } from '../../src/core/keys';
import { centralRecords, concat, eocdOffset, setU16, setU32, u16, u32 } from '../support/zip-bytes';
import { shardDb, stageUnsentJob } from './helpers';

export { eocdOffset };
export const concatBytes = concat;

export { gzipSync };

export function zip(files: Zippable, level: 0 | 6 = 6): Uint8Array {
  return zipSync(files, { level, mtime: new Date('2024-01-01T00:00:00Z') });
}

export function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

/** Flips the CRC-32 of entry `index` in both headers: only inflating the data can tell. */
export function patchCrc(z: Uint8Array, index: number): Uint8Array {
  const out = z.slice();
  const cd = centralRecords(out)[index];
  const local = u32(out, cd + 42);
  const crc = (u32(out, cd + 16) ^ 0x5a5a5a5a) >>> 0;
  setU32(out, cd + 16, crc);
  setU32(out, local + 14, crc);
  return out;
}

/** Fifield's bomb in small: `copies` directory records all pointing at one local file. */
export function overlappingBomb(z: Uint8Array, copies: number): Uint8Array {
  const eocd = eocdOffset(z);
  const cdStart = u32(z, eocd + 16);
  const record = z.subarray(cdStart, eocd);
  const out = new Uint8Array(cdStart + record.length * copies + 22);
  out.set(z.subarray(0, cdStart), 0);
  for (let i = 0; i < copies; i++) out.set(record, cdStart + i * record.length);
  const end = cdStart + record.length * copies;
  out.set(z.subarray(eocd, eocd + 22), end);
  setU16(out, end + 8, copies);
  setU16(out, end + 10, copies);
  setU32(out, end + 12, record.length * copies);
  return out;
}

export function randomBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  return out;
}

/** An archive job registered with the coordinator whose inspect message was never sent. */
export async function archiveJobWithUnsentTask(runnerId: string, name: string, bytes: Uint8Array): Promise<{ jobId: string; task: InspectArchiveMessage }> {
  const jobId = `job_${crypto.randomUUID()}`;
  const fileId = `up_${crypto.randomUUID().replace(/-/g, '')}`;
  const key = uploadKey(runnerId, fileId);
  await env.FILES.put(key, bytes);
  const task: InspectArchiveMessage = { type: 'inspect-archive', runnerId, jobId, fileId, uploadId: fileId, key, name, size: bytes.length, depth: 1, rootSize: bytes.length };
  await stageUnsentJob({ jobId, runnerId, kind: 'upload', files: [{ fileId, name, task }] });
  return { jobId, task };
}

export async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch('pacelab-tasks', bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env);
  return getQueueResult(batch, ctx);
}

export async function sessionCount(runnerId: string): Promise<number> {
  return (await (await shardDb(runnerId)).prepare('SELECT count(*) AS n FROM sessions WHERE runner_id = ?').bind(runnerId).first<number>('n')) ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Hand-built hostile archives for the §2A catalogue (test/workers/archive-catalogue.test.ts).
// workerd has no python3 and no zip CLI, so what the Node unit tests get from python3's zipfile
// (ZIP64, data descriptors) and `zip -P` (ZipCrypto) is written byte by byte here, per APPNOTE.TXT
// 6.3.10. CRC-32 is computed here too, independently of the app's own implementation.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309, as ZIP and gzip use it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Raw DEFLATE (RFC 1951), default level: the compressed bytes of a method-8 entry. */
export function deflate(plain: Uint8Array): Uint8Array {
  return deflateSync(plain, { level: 6 });
}

export interface RawZipEntry {
  /** A string is written as UTF-8 (bit 11 set); raw bytes are written as they are. */
  readonly name: string | Uint8Array;
  /** The bytes as stored: already compressed for method 8, already encrypted when flag bit 0 is set. */
  readonly data: Uint8Array;
  /** The uncompressed bytes, for the default CRC-32 and size (defaults to `data`). */
  readonly plain?: Uint8Array;
  /** Compression method; default 0 (stored). */
  readonly method?: number;
  /** General-purpose flags; default bit 11 (UTF-8 name). Bit 3 is added by `dataDescriptor`. */
  readonly flags?: number;
  /** CRC-32 written in both headers (default: of `plain`). */
  readonly crc?: number;
  /** Declared uncompressed size in both headers (default: `plain.length`); above 4 GiB needs `zip64`. */
  readonly size?: number;
  /** Sizes (and, in the directory, the offset) in ZIP64 extra fields, 32-bit slots saturated, as python3's force_zip64. */
  readonly zip64?: boolean;
  /** Flag bit 3 (python3 zipfile on a non-seekable stream): zero CRC/sizes locally, a signed descriptor after the data. */
  readonly dataDescriptor?: boolean;
}

/**
 * A ZIP written entry by entry in one buffer (200,000 entries cost one allocation). With
 * `zip64End`, or more than 65,535 entries, the ZIP64 end record and locator precede the EOCD,
 * whose counts are then saturated.
 */
export function rawZip(entries: readonly RawZipEntry[], options: { zip64End?: boolean } = {}): Uint8Array {
  const encoder = new TextEncoder();
  const prepared = entries.map((e) => {
    const name = typeof e.name === 'string' ? encoder.encode(e.name) : e.name;
    const plain = e.plain ?? e.data;
    const size = e.size ?? plain.length;
    const flags = (e.flags ?? 0x0800) | (e.dataDescriptor ? 0x0008 : 0);
    const crc = e.crc ?? crc32(plain);
    const zip64 = e.zip64 === true || size >= 0xffffffff || e.data.length >= 0xffffffff;
    const descriptor = e.dataDescriptor ? (zip64 ? 24 : 16) : 0;
    return { e, name, size, flags, crc, zip64, descriptor, localExtra: zip64 ? 20 : 0, centralExtra: zip64 ? 28 : 0 };
  });
  const localBytes = prepared.reduce((n, p) => n + 30 + p.name.length + p.localExtra + p.e.data.length + p.descriptor, 0);
  const centralBytes = prepared.reduce((n, p) => n + 46 + p.name.length + p.centralExtra, 0);
  const zip64End = options.zip64End === true || entries.length > 0xffff || localBytes + centralBytes > 0xffffffff;
  const out = new Uint8Array(localBytes + centralBytes + (zip64End ? 56 + 20 : 0) + 22);
  const u64 = (at: number, v: number) => { setU32(out, at, v % 2 ** 32); setU32(out, at + 4, Math.floor(v / 2 ** 32)); };
  const offsets: number[] = [];
  let at = 0;
  for (const p of prepared) {
    offsets.push(at);
    const dd = p.e.dataDescriptor === true;
    setU32(out, at, 0x04034b50);
    setU16(out, at + 4, p.zip64 ? 45 : 20);
    setU16(out, at + 6, p.flags);
    setU16(out, at + 8, p.e.method ?? 0);
    setU32(out, at + 10, 0x58210000); // 2024-01-01 00:00 (DOS date high, time low)
    setU32(out, at + 14, dd ? 0 : p.crc);
    setU32(out, at + 18, dd ? 0 : p.zip64 ? 0xffffffff : p.e.data.length);
    setU32(out, at + 22, dd ? 0 : p.zip64 ? 0xffffffff : p.size);
    setU16(out, at + 26, p.name.length);
    setU16(out, at + 28, p.localExtra);
    out.set(p.name, at + 30);
    at += 30 + p.name.length;
    if (p.zip64) {
      setU16(out, at, 1);
      setU16(out, at + 2, 16);
      u64(at + 4, dd ? 0 : p.size);
      u64(at + 12, dd ? 0 : p.e.data.length);
      at += 20;
    }
    out.set(p.e.data, at);
    at += p.e.data.length;
    if (dd) {
      setU32(out, at, 0x08074b50);
      setU32(out, at + 4, crc32(p.e.plain ?? p.e.data));
      if (p.zip64) { u64(at + 8, p.e.data.length); u64(at + 16, p.size); } else { setU32(out, at + 8, p.e.data.length); setU32(out, at + 12, p.size); }
      at += p.descriptor;
    }
  }
  const cdStart = at;
  prepared.forEach((p, i) => {
    setU32(out, at, 0x02014b50);
    setU16(out, at + 4, (3 << 8) | 45);
    setU16(out, at + 6, p.zip64 ? 45 : 20);
    setU16(out, at + 8, p.flags);
    setU16(out, at + 10, p.e.method ?? 0);
    setU32(out, at + 12, 0x58210000);
    setU32(out, at + 16, p.crc);
    setU32(out, at + 20, p.zip64 ? 0xffffffff : p.e.data.length);
    setU32(out, at + 24, p.zip64 ? 0xffffffff : p.size);
    setU16(out, at + 28, p.name.length);
    setU16(out, at + 30, p.centralExtra);
    setU32(out, at + 42, p.zip64 ? 0xffffffff : offsets[i]);
    out.set(p.name, at + 46);
    at += 46 + p.name.length;
    if (p.zip64) {
      setU16(out, at, 1);
      setU16(out, at + 2, 24);
      u64(at + 4, p.size);
      u64(at + 12, p.e.data.length);
      u64(at + 20, offsets[i]);
      at += 28;
    }
  });
  const cdSize = at - cdStart;
  if (zip64End) {
    const record = at;
    setU32(out, at, 0x06064b50);
    u64(at + 4, 44);
    setU16(out, at + 12, 45);
    setU16(out, at + 14, 45);
    u64(at + 24, entries.length);
    u64(at + 32, entries.length);
    u64(at + 40, cdSize);
    u64(at + 48, cdStart);
    at += 56;
    setU32(out, at, 0x07064b50);
    u64(at + 8, record);
    setU32(out, at + 16, 1);
    at += 20;
  }
  setU32(out, at, 0x06054b50);
  setU16(out, at + 8, zip64End ? 0xffff : entries.length);
  setU16(out, at + 10, zip64End ? 0xffff : entries.length);
  setU32(out, at + 12, zip64End ? 0xffffffff : cdSize);
  setU32(out, at + 16, zip64End ? 0xffffffff : cdStart);
  return out;
}

/** Offset of entry `index`'s data in a fixture without ZIP64 fields (after its local header). */
export function entryDataOffset(z: Uint8Array, index: number): number {
  const local = u32(z, centralRecords(z)[index] + 42);
  return local + 30 + u16(z, local + 26) + u16(z, local + 28);
}

/** Local-header offset of entry `index` in a fixture without ZIP64 fields. */
export function entryLocalOffset(z: Uint8Array, index: number): number {
  return u32(z, centralRecords(z)[index] + 42);
}

/** Writes one field of entry `index` in both its directory record and its local header. */
export function patchEntry(z: Uint8Array, index: number, field: 'flags' | 'method' | 'crc' | 'compressed' | 'uncompressed', value: number): Uint8Array {
  const out = z.slice();
  const cd = centralRecords(out)[index];
  const local = u32(out, cd + 42);
  const [central, own] = { flags: [8, 6], method: [10, 8], crc: [16, 14], compressed: [20, 18], uncompressed: [24, 22] }[field];
  const write = field === 'flags' || field === 'method' ? setU16 : setU32;
  write(out, cd + central, value);
  write(out, local + own, value);
  return out;
}

/** Sets the EOCD's central-directory offset (a damaged or cut-short archive). */
export function patchCentralDirectoryOffset(z: Uint8Array, offset: number): Uint8Array {
  const out = z.slice();
  setU32(out, eocdOffset(out) + 16, offset);
  return out;
}

/**
 * A raw DEFLATE stream of `prefix` then `zeros` zero bytes, in one fixed-Huffman block (RFC 1951
 * §3.2.6): the prefix as literals, then a literal 0 and (length 258, distance 1) copies, 13 bits
 * per 258 bytes (~159:1). Built bit by bit, so a "1 GiB of zeros" entry costs ~7 MB and no
 * gigabyte of input is ever deflated in the test.
 */
export function zerosDeflate(zeros: number, prefix: Uint8Array = new Uint8Array(0)): Uint8Array {
  const copies = zeros > 0 ? Math.floor((zeros - 1) / 258) : 0;
  const tail = zeros > 0 ? (zeros - 1) % 258 : 0;
  const bits = 3 + (prefix.length + tail + (zeros > 0 ? 1 : 0)) * 9 + copies * 13 + 7;
  const out = new Uint8Array(Math.ceil(bits / 8) + 1);
  let acc = 0;
  let count = 0;
  let at = 0;
  const put = (value: number, n: number) => { // LSB first (header and extra bits); n ≤ 16
    acc |= value << count;
    count += n;
    while (count >= 8) { out[at++] = acc & 0xff; acc >>>= 8; count -= 8; }
  };
  const reversed = (value: number, n: number) => { // Huffman codes go most significant bit first
    let r = 0;
    for (let i = 0; i < n; i++) r |= ((value >>> i) & 1) << (n - 1 - i);
    return r;
  };
  const code = (value: number, n: number) => put(reversed(value, n), n);
  const literal = (byte: number) => (byte < 144 ? code(0x30 + byte, 8) : code(0x190 + byte - 144, 9));
  put(1, 1); // BFINAL
  put(1, 2); // BTYPE 01: fixed Huffman
  for (const byte of prefix) literal(byte);
  if (zeros > 0) literal(0);
  // length symbol 285 (= 258, 8-bit code 0xc5, no extra bits) then distance code 0 (= 1, 5 bits)
  const copy = reversed(0xc5, 8) | (reversed(0, 5) << 8);
  // Eight copies are 104 bits = 13 whole bytes, so from the second group on (whose first byte
  // starts with the tail of the group before) the output repeats every 13 bytes: copy it instead
  // of encoding 4 M symbols one by one.
  const groups = Math.floor(copies / 8);
  for (let i = 0; i < Math.min(groups, 2) * 8; i++) put(copy, 13);
  if (groups > 2) {
    const start = at - 13;
    for (let g = 2; g < groups; g++) out.copyWithin(at + (g - 2) * 13, start, start + 13);
    at += (groups - 2) * 13;
  }
  for (let i = groups * 8; i < copies; i++) put(copy, 13);
  for (let i = 0; i < tail; i++) literal(0);
  code(0, 7); // end of block (256)
  if (count > 0) out[at++] = acc;
  return out.subarray(0, at);
}

/** A gzip member (RFC 1952) around raw DEFLATE data, with the given trailer values. */
export function gzipMember(deflated: Uint8Array, crc: number, size: number): Uint8Array {
  const out = new Uint8Array(10 + deflated.length + 8);
  out.set([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
  out.set(deflated, 10);
  setU32(out, out.length - 8, crc);
  setU32(out, out.length - 4, size % 2 ** 32);
  return out;
}

/**
 * PKWARE traditional encryption ("ZipCrypto", APPNOTE §6.1), what `zip -P` writes: a 12-byte
 * header (last byte = CRC high byte) then the data, encrypted with keys derived from `password`.
 * The entry's compressed size includes the header and flag bit 0 must be set.
 */
export function zipCryptoEncrypt(data: Uint8Array, password: string, crc: number): Uint8Array {
  const keys = [0x12345678, 0x23456789, 0x34567890];
  const crcByte = (c: number, b: number) => (CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)) >>> 0;
  const update = (byte: number) => {
    keys[0] = crcByte(keys[0], byte);
    keys[1] = (Math.imul((keys[1] + (keys[0] & 0xff)) >>> 0, 134775813) + 1) >>> 0;
    keys[2] = crcByte(keys[2], keys[1] >>> 24);
  };
  const streamByte = () => {
    const t = (keys[2] | 2) & 0xffff;
    return (Math.imul(t, t ^ 1) >>> 8) & 0xff;
  };
  for (const byte of new TextEncoder().encode(password)) update(byte);
  const header = Uint8Array.from({ length: 12 }, (_, i) => (i === 11 ? crc >>> 24 : (i * 37 + 11) & 0xff));
  const plain = concatBytes([header, data]);
  const out = new Uint8Array(plain.length);
  for (let i = 0; i < plain.length; i++) {
    out[i] = plain[i] ^ streamByte();
    update(plain[i]);
  }
  return out;
}

/** Raw DEFLATE made only of stored blocks (BTYPE 00, ≤ 65,535 bytes each): data bytes pass through unchanged. */
export function deflateStoredBlocks(plain: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let at = 0; at < plain.length || at === 0; at += 65_535) {
    const block = plain.subarray(at, at + 65_535);
    const last = at + 65_535 >= plain.length;
    parts.push(Uint8Array.of(last ? 1 : 0, block.length & 0xff, block.length >> 8, ~block.length & 0xff, (~block.length >> 8) & 0xff), block);
    if (last) break;
  }
  return concatBytes(parts);
}
