/**
 * Structural walk of one FIT segment's data section (Garmin "FIT Protocol", sections "Record
 * Header", "Definition Message", "Developer Data", "Compressed Timestamp Header"):
 * https://developer.garmin.com/fit/protocol/
 *
 * Reads record headers and definitions only — no field values — so it stays ~10 ms/MB and
 * catches damage a CRC cannot (a writer bug or bytes patched with the CRC recomputed).
 */
import { DomainError } from '../errors.js';

export interface SegmentMessageCounts {
  /** data messages (normal + compressed-timestamp headers) */
  dataMessages: number;
  definitionMessages: number;
  /** definition messages that carry developer fields */
  developerDefinitions: number;
  compressedTimestampMessages: number;
  /** data messages per global message number (20 = record, 18 = session, 19 = lap, 132 = hr) */
  byGlobal: Record<number, number>;
}

const LOCAL_TYPES = 16;
/** highest FIT base type number (0x10 = uint64z); bits 5-6 of the base type byte are reserved */
const MAX_BASE_TYPE = 0x10;

/** Walks bytes[dataStart, dataEnd). Throws `bad_record_header`, `bad_definition` or `truncated`. */
export function walkSegmentMessages(bytes: Uint8Array, dataStart: number, dataEnd: number): SegmentMessageCounts {
  const globals = new Int32Array(LOCAL_TYPES).fill(-1);
  const sizes = new Int32Array(LOCAL_TYPES);
  const counts: SegmentMessageCounts = { dataMessages: 0, definitionMessages: 0, developerDefinitions: 0, compressedTimestampMessages: 0, byGlobal: {} };
  let pos = dataStart;
  while (pos < dataEnd) {
    const header = bytes[pos]!;
    if (header & 0x80) {
      // compressed timestamp header: bits 5-6 local type (0-3), bits 0-4 time offset
      const local = (header >> 5) & 0x03;
      pos = dataMessage(bytes, pos, dataEnd, local, globals, sizes, counts);
      counts.compressedTimestampMessages++;
    } else if (header & 0x40) {
      if (header & 0x10) throw recordHeaderError(pos, header, 'reserved bit 4 is set');
      pos = definitionMessage(bytes, pos, dataEnd, header, globals, sizes);
      counts.definitionMessages++;
      if (header & 0x20) counts.developerDefinitions++;
    } else {
      if (header & 0x30) throw recordHeaderError(pos, header, 'reserved bits 4-5 of a data message header are set');
      pos = dataMessage(bytes, pos, dataEnd, header & 0x0f, globals, sizes, counts);
    }
  }
  return counts;
}

function dataMessage(
  bytes: Uint8Array,
  pos: number,
  dataEnd: number,
  local: number,
  globals: Int32Array,
  sizes: Int32Array,
  counts: SegmentMessageCounts,
): number {
  const global = globals[local]!;
  if (global < 0) throw recordHeaderError(pos, bytes[pos]!, `it uses local message type ${local}, which no definition message has defined`);
  const end = pos + 1 + sizes[local]!;
  if (end > dataEnd) throw overrun(pos, end, dataEnd, 'data message');
  counts.dataMessages++;
  counts.byGlobal[global] = (counts.byGlobal[global] ?? 0) + 1;
  return end;
}

function definitionMessage(bytes: Uint8Array, pos: number, dataEnd: number, header: number, globals: Int32Array, sizes: Int32Array): number {
  // header, reserved, architecture, global number (2), field count
  let cursor = pos + 6;
  if (cursor > dataEnd) throw overrun(pos, cursor, dataEnd, 'definition message');
  const architecture = bytes[pos + 2]!;
  if (architecture > 1) {
    throw new DomainError('bad_definition', `The definition message at byte ${pos} has architecture byte ${architecture}; only 0 (little-endian) and 1 (big-endian) exist.`, {
      details: { offset: pos + 2 },
    });
  }
  const global = architecture === 0 ? bytes[pos + 3]! | (bytes[pos + 4]! << 8) : (bytes[pos + 3]! << 8) | bytes[pos + 4]!;
  const fieldCount = bytes[pos + 5]!;
  let size = 0;
  const fieldsEnd = cursor + fieldCount * 3;
  if (fieldsEnd > dataEnd) throw overrun(pos, fieldsEnd, dataEnd, 'definition message');
  for (; cursor < fieldsEnd; cursor += 3) {
    const fieldSize = bytes[cursor + 1]!;
    const baseType = bytes[cursor + 2]!;
    if ((baseType & 0x1f) > MAX_BASE_TYPE || (baseType & 0x60) !== 0) {
      throw new DomainError('bad_definition', `The definition message at byte ${pos} declares field ${bytes[cursor]} with unknown base type 0x${baseType.toString(16)} (at byte ${cursor + 2}).`, {
        details: { offset: cursor + 2 },
      });
    }
    size += fieldSize;
  }
  if (header & 0x20) {
    if (cursor + 1 > dataEnd) throw overrun(pos, cursor + 1, dataEnd, 'definition message');
    const devEnd = cursor + 1 + bytes[cursor]! * 3;
    if (devEnd > dataEnd) throw overrun(pos, devEnd, dataEnd, 'definition message');
    for (cursor += 1; cursor < devEnd; cursor += 3) size += bytes[cursor + 1]!;
  }
  const local = header & 0x0f;
  globals[local] = global;
  sizes[local] = size;
  return cursor;
}

function recordHeaderError(pos: number, header: number, why: string): DomainError {
  return new DomainError('bad_record_header', `Invalid record header 0x${header.toString(16).padStart(2, '0')} at byte ${pos}: ${why}.`, {
    details: { offset: pos },
  });
}

function overrun(pos: number, end: number, dataEnd: number, what: string): DomainError {
  return new DomainError('truncated', `The ${what} at byte ${pos} runs ${end - dataEnd} bytes past the end of the data section (byte ${dataEnd}).`, {
    details: { offset: pos },
  });
}
