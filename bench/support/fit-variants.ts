/**
 * Distinct copies of a real FIT file for benchmarks: the file_id message's serial_number (and
 * time_created, when present) get new values and the file CRC is recomputed, so every copy has
 * its own SHA-256 and its own recording identity (device + creation time) and imports as a new
 * activity, at the cost of a real import. Single-segment files only (chained files are skipped).
 */
import { fitCrc16 } from '../../src/core/fit/crc.js';

export interface FileIdOffsets {
  littleEndian: boolean;
  /** byte offset of file_id.serial_number (field 3, 4 bytes), if the file has one */
  serial?: number;
  /** byte offset of file_id.time_created (field 4, 4 bytes), if the file has one */
  timeCreated?: number;
}

/** Walks the records up to the first file_id data message; null when the file does not fit the plan. */
export function findFileId(bytes: Uint8Array): FileIdOffsets | null {
  if (bytes.length < 14) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = bytes[0]!;
  const dataSize = view.getUint32(4, true);
  if (headerSize + dataSize + 2 !== bytes.length) return null; // chained or trailing bytes
  const end = headerSize + dataSize;
  const defs = new Map<number, { global: number; little: boolean; fields: Array<{ num: number; size: number }>; devSize: number }>();
  let at = headerSize;
  for (let steps = 0; at < end && steps < 100_000; steps++) {
    const h = bytes[at++]!;
    if (!(h & 0x80) && h & 0x40) {
      const little = bytes[at + 1] === 0;
      const global = view.getUint16(at + 2, little);
      const count = bytes[at + 4]!;
      const fields: Array<{ num: number; size: number }> = [];
      for (let i = 0; i < count; i++) fields.push({ num: bytes[at + 5 + i * 3]!, size: bytes[at + 6 + i * 3]! });
      at += 5 + count * 3;
      let devSize = 0;
      if (h & 0x20) {
        const devCount = bytes[at++]!;
        for (let i = 0; i < devCount; i++) devSize += bytes[at + i * 3 + 1]!;
        at += devCount * 3;
      }
      defs.set(h & 0x0f, { global, little, fields, devSize });
      continue;
    }
    const local = h & 0x80 ? (h >> 5) & 0x03 : h & 0x0f;
    const def = defs.get(local);
    if (!def) return null;
    if (def.global === 0) {
      const out: FileIdOffsets = { littleEndian: def.little };
      let offset = at;
      for (const f of def.fields) {
        if (f.num === 3 && f.size === 4) out.serial = offset;
        if (f.num === 4 && f.size === 4) out.timeCreated = offset;
        offset += f.size;
      }
      return out;
    }
    at += def.fields.reduce((n, f) => n + f.size, 0) + def.devSize;
  }
  return null;
}

/** Copy `k` (0 ≤ k < 2^27) of `bytes`: new serial number / creation time, CRC recomputed. */
export function variantOf(bytes: Uint8Array, offsets: FileIdOffsets, k: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  if (offsets.serial !== undefined) view.setUint32(offsets.serial, 0x10000000 + k, offsets.littleEndian);
  if (offsets.timeCreated !== undefined) {
    const t = view.getUint32(offsets.timeCreated, offsets.littleEndian);
    if (t !== 0xffffffff) view.setUint32(offsets.timeCreated, (t + k) >>> 0, offsets.littleEndian);
  }
  const crc = fitCrc16(copy, 0, copy.length - 2);
  copy[copy.length - 2] = crc & 0xff;
  copy[copy.length - 1] = crc >> 8;
  return copy;
}
