/**
 * Distinct copies of a real FIT file for benchmarks: the file_id message's serial_number (and
 * time_created, when present) get new values, every date_time of the activity (each message's
 * timestamp, session/lap/length start_time, activity local_timestamp) moves back by a whole
 * number of days, and the file CRC is recomputed, so every copy has its own SHA-256, its own
 * recording identity (device + creation time) and its own start (the importer's same-activity
 * rule — same sport, start within 60 s — would otherwise take copies for duplicates), and
 * imports as a new activity, at the cost of a real import. The shift is a multiple of 32 s, so
 * compressed-timestamp headers (5-bit offsets from the last full timestamp) stay valid.
 * Single-segment files only (chained files are skipped).
 */
import { fitCrc16 } from '../../src/core/fit/crc.js';

export interface FileIdOffsets {
  littleEndian: boolean;
  /** byte offset of file_id.serial_number (field 3, 4 bytes), if the file has one */
  serial?: number;
  /** byte offset of file_id.time_created (field 4, 4 bytes), if the file has one */
  timeCreated?: number;
  /** byte offsets of every 4-byte date_time field in the file (file_id.time_created included) */
  times: Array<{ at: number; little: boolean }>;
}

/** Walks every message: the file_id fields and every date_time; null when the file does not fit the plan. */
export function findFileId(bytes: Uint8Array): FileIdOffsets | null {
  if (bytes.length < 14) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerSize = bytes[0]!;
  const dataSize = view.getUint32(4, true);
  if (headerSize + dataSize + 2 !== bytes.length) return null; // chained or trailing bytes
  const end = headerSize + dataSize;
  const defs = new Map<number, { global: number; little: boolean; fields: Array<{ num: number; size: number }>; devSize: number }>();
  let out: FileIdOffsets | null = null;
  const times: FileIdOffsets['times'] = [];
  let at = headerSize;
  for (let steps = 0; at < end && steps < 1_000_000; steps++) {
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
    let offset = at;
    for (const f of def.fields) {
      if (f.size === 4 && isDateTime(def.global, f.num)) times.push({ at: offset, little: def.little });
      if (def.global === 0 && !out) {
        if (f.num === 3 && f.size === 4) (out ??= { littleEndian: def.little, times }).serial = offset;
        if (f.num === 4 && f.size === 4) (out ??= { littleEndian: def.little, times }).timeCreated = offset;
      }
      offset += f.size;
    }
    if (def.global === 0) out ??= { littleEndian: def.little, times };
    at = offset + def.devSize;
  }
  return at === end ? out : null;
}

/** FIT date_time fields: 253 (timestamp) in any message; file_id 4; session/lap/length 2 (start_time); activity 5 (local_timestamp). */
function isDateTime(global: number, field: number): boolean {
  if (field === 253) return true;
  if (global === 0) return field === 4;
  if (global === 18 || global === 19 || global === 101) return field === 2;
  if (global === 34) return field === 5;
  return false;
}

/** Days copy `k` is moved back (distinct for k < 4096), plus 128 s steps beyond that (multiples of 32 s). */
function shiftSecondsOf(k: number): number {
  return (k % 4096) * 86_400 + (Math.floor(k / 4096) % 512) * 128;
}

/** Copy `k` (0 ≤ k < 2^27) of `bytes`: new serial number / creation time, every date_time moved back, CRC recomputed. */
export function variantOf(bytes: Uint8Array, offsets: FileIdOffsets, k: number): Uint8Array {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  if (offsets.serial !== undefined) view.setUint32(offsets.serial, 0x10000000 + k, offsets.littleEndian);
  const shift = shiftSecondsOf(k);
  for (const { at, little } of offsets.times) {
    const t = view.getUint32(at, little);
    // 0xFFFFFFFF is "invalid"; below 0x10000000 is a device-relative time, not a date
    if (t !== 0xffffffff && t >= 0x10000000 + shift) view.setUint32(at, t - shift, little);
  }
  if (offsets.timeCreated !== undefined) {
    const t = view.getUint32(offsets.timeCreated, offsets.littleEndian);
    if (t !== 0xffffffff) view.setUint32(offsets.timeCreated, (t + k) >>> 0, offsets.littleEndian);
  }
  const crc = fitCrc16(copy, 0, copy.length - 2);
  copy[copy.length - 2] = crc & 0xff;
  copy[copy.length - 1] = crc >> 8;
  return copy;
}
