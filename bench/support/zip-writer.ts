/**
 * A ZIP written straight to a file, entry by entry (classic ZIP, no ZIP64: the file must stay
 * below 4 GiB): sizes and CRC-32 sit in the local header (no data descriptors); the CRC is
 * computed while the data is written and patched into the header afterwards. Memory stays at one
 * chunk whatever the archive size.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { deflateSync } from 'fflate';

const crc32 = (zlib as unknown as { crc32(data: Uint8Array, value?: number): number }).crc32;

interface Central { name: Buffer; method: number; crc: number; csize: number; usize: number; offset: number }

export class ZipFileWriter {
  private readonly fd: number;
  private offset = 0;
  private readonly central: Central[] = [];

  constructor(path: string) { this.fd = openSync(path, 'w'); }

  get bytesWritten(): number { return this.offset; }

  private write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.offset + done);
    this.offset += bytes.length;
  }

  private localHeader(name: Buffer, method: number, crc: number, csize: number, usize: number): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(0, 6); h.writeUInt16LE(method, 8);
    h.writeUInt16LE(0, 10); h.writeUInt16LE(0x5a21, 12); // 2025-01-01 00:00
    h.writeUInt32LE(crc >>> 0, 14); h.writeUInt32LE(csize, 18); h.writeUInt32LE(usize, 22);
    h.writeUInt16LE(name.length, 26); h.writeUInt16LE(0, 28);
    return h;
  }

  /** A small member held in memory, deflated (level 6). */
  addDeflated(nameText: string, data: Uint8Array): void {
    const name = Buffer.from(nameText);
    const packed = deflateSync(data, { level: 6 });
    const entry: Central = { name, method: 8, crc: crc32(data) >>> 0, csize: packed.length, usize: data.length, offset: this.offset };
    this.write(this.localHeader(name, 8, entry.crc, entry.csize, entry.usize));
    this.write(name);
    this.write(packed);
    this.central.push(entry);
  }

  /** A stored member of `size` bytes produced chunk by chunk by `fill(chunk, index)`. */
  addStoredStream(nameText: string, size: number, chunkBytes: number, fill: (chunk: Buffer, index: number) => void): void {
    const name = Buffer.from(nameText);
    const offset = this.offset;
    this.write(this.localHeader(name, 0, 0, size, size));
    this.write(name);
    const chunk = Buffer.alloc(chunkBytes);
    let crc = 0;
    for (let done = 0, i = 0; done < size; i++) {
      const n = Math.min(chunkBytes, size - done);
      fill(chunk, i);
      const part = chunk.subarray(0, n);
      crc = crc32(part, crc);
      this.write(part);
      done += n;
    }
    const crcBytes = Buffer.alloc(4);
    crcBytes.writeUInt32LE(crc >>> 0, 0);
    writeSync(this.fd, crcBytes, 0, 4, offset + 14);
    this.central.push({ name, method: 0, crc: crc >>> 0, csize: size, usize: size, offset });
  }

  close(): number {
    const cdStart = this.offset;
    for (const e of this.central) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(20, 6); h.writeUInt16LE(0, 8);
      h.writeUInt16LE(e.method, 10); h.writeUInt16LE(0, 12); h.writeUInt16LE(0x5a21, 14);
      h.writeUInt32LE(e.crc, 16); h.writeUInt32LE(e.csize, 20); h.writeUInt32LE(e.usize, 24);
      h.writeUInt16LE(e.name.length, 28); h.writeUInt32LE(e.offset, 42);
      this.write(h);
      this.write(e.name);
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(this.central.length, 8); eocd.writeUInt16LE(this.central.length, 10);
    eocd.writeUInt32LE(this.offset - cdStart, 12); eocd.writeUInt32LE(cdStart, 16);
    this.write(eocd);
    closeSync(this.fd);
    if (this.offset >= 2 ** 32 || this.central.length >= 0xffff) throw new Error('this writer makes classic ZIPs only (< 4 GiB, < 65,535 entries)');
    return this.offset;
  }
}
