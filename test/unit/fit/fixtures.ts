// Byte-level helpers to generate damaged or synthetic FIT files in code (never stored on disk).
import { fitCrc16 } from '../../../src/core/fit/crc.js';
import { concat as concatAll } from '../../support/zip-bytes.js';

/** A copy with the header CRC (14-byte header) and the final file CRC recomputed. */
export function recomputeCrcs(source: Uint8Array): Uint8Array {
  const bytes = source.slice();
  if (bytes[0] === 14) writeU16(bytes, 12, fitCrc16(bytes, 0, 12));
  writeU16(bytes, bytes.length - 2, fitCrc16(bytes, 0, bytes.length - 2));
  return bytes;
}

/** Wraps a data section in a header (12 or 14 bytes) and a file CRC. */
export function buildFit(data: readonly number[], headerSize: 12 | 14 = 14): Uint8Array {
  const bytes = new Uint8Array(headerSize + data.length + 2);
  bytes.set([headerSize, 0x20, 0x08, 0x08], 0);
  new DataView(bytes.buffer).setUint32(4, data.length, true);
  bytes.set([0x2e, 0x46, 0x49, 0x54], 8); // ".FIT"
  bytes.set(data, headerSize);
  return recomputeCrcs(bytes);
}

/** The same segment with a 12-byte header (no header CRC). */
export function toTwelveByteHeader(source: Uint8Array): Uint8Array {
  if (source[0] !== 14) throw new Error('expected a 14-byte header');
  const bytes = new Uint8Array(source.length - 2);
  bytes.set(source.subarray(0, 12), 0);
  bytes[0] = 12;
  bytes.set(source.subarray(14), 12);
  return recomputeCrcs(bytes);
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatAll(parts);
}

export function writeU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = value >>> 8;
}

/** Offsets of the first definition message and first data message of a single-segment file. */
export function firstMessages(bytes: Uint8Array): { definition: number; data: number } {
  const start = bytes[0]!;
  if ((bytes[start]! & 0xf0) !== 0x40) throw new Error('expected the data section to open with a definition');
  let pos = start;
  // skip definitions until the first data message (no developer fields in the base file's opening)
  while ((bytes[pos]! & 0x40) !== 0) pos += 6 + bytes[pos + 5]! * 3 + ((bytes[pos]! & 0x20) !== 0 ? 1 + bytes[pos + 6 + bytes[pos + 5]! * 3]! * 3 : 0);
  return { definition: start, data: pos };
}
