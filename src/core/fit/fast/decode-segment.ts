/**
 * One pass over one FIT segment's data section (Garmin "FIT Protocol", sections "Record
 * Header", "Normal Header", "Compressed Timestamp Header", "Definition Message":
 * https://developer.garmin.com/fit/protocol/). Runs after validate-structure.ts has walked the
 * same bytes, so record headers, local types and sizes are known to be sound here and the loop
 * carries no bounds checks. Records go straight into columns; wanted small messages into rows;
 * everything else is skipped by its size.
 */
import { DomainError } from '../../errors.js';
import type { FitSegmentInfo } from '../validate-structure.js';
import { readRaw } from './base-types.js';
import { type CompiledDefinition, compileDefinition, type MessageWants, type RecordPlan } from './compile-definition.js';
import { SLOT } from './profile-subset.js';
import { FIT_EPOCH_MS, readRow, type Row, SEMICIRCLE_DEGREES } from './read-row.js';
import { type RecordBuilder, reserveRecord, slotColumn } from './record-builder.js';

/** Rows per global message number. */
export type SegmentRows = Map<number, Row[]>;

/**
 * Decodes `segment`; records into `records` (when given). Throws `decode_failed` where the
 * reference decoder fails too: a compressed timestamp with no earlier timestamp to extend, or one
 * beyond the uint32 range.
 */
export function decodeSegment(bytes: Uint8Array, view: DataView, segment: FitSegmentInfo, wants: MessageWants, records?: RecordBuilder): SegmentRows {
  const rows: SegmentRows = new Map();
  const definitions: (CompiledDefinition | undefined)[] = new Array(16);
  const end = segment.offset + segment.headerSize + segment.dataSize;
  // FIT seconds of the last timestamp field; NaN when the last one was invalid (or none yet)
  let lastTimestamp = NaN;
  let pos = segment.offset + segment.headerSize;
  while (pos < end) {
    const header = bytes[pos]!;
    if ((header & 0xc0) === 0x40) {
      const compiled = compileDefinition(bytes, pos, wants);
      definitions[header & 0x0f] = compiled;
      pos += compiled.length;
      continue;
    }
    const compressed = (header & 0x80) !== 0;
    const definition = definitions[compressed ? (header >> 5) & 0x03 : header & 0x0f]!;
    const p = pos + 1;
    if (compressed && definition.firstFieldIsTimestamp) {
      throw failed(segment, `the compressed-timestamp message at byte ${pos} uses a definition that opens with a timestamp field`);
    }
    const record = records && definition.record ? reserveRecord(records) : -1;
    if (record >= 0) readRecord(bytes, view, p, definition.record!, records!, record);
    const row = definition.rowOps ? readRow(bytes, view, p, definition.rowOps) : undefined;
    if (!compressed) {
      if (definition.timestampAt >= 0) {
        lastTimestamp = definition.timestampKind < 0 ? NaN : readRaw(bytes, view, p + definition.timestampAt, definition.timestampKind);
      }
    } else {
      lastTimestamp = extendTimestamp(lastTimestamp, header & 0x1f, segment, pos);
      if (record >= 0) slotColumn(records!, SLOT.timestamp)[record] = lastTimestamp * 1000 + FIT_EPOCH_MS;
      if (row) row.timestamp = lastTimestamp * 1000 + FIT_EPOCH_MS;
    }
    if (row) pushRow(rows, definition.global, row);
    pos = p + definition.size;
  }
  return rows;
}

/**
 * The hot path: every mapped field of record message `index` straight into its slot column.
 * An invalid value leaves the slot absent, so a later duplicate field may still set it.
 */
function readRecord(bytes: Uint8Array, view: DataView, p: number, plan: RecordPlan, records: RecordBuilder, index: number): void {
  const { ints, floats } = plan;
  for (let k = 0; k < plan.count; k++) {
    const at = p + ints[k * 4]!;
    const slot = ints[k * 4 + 2]!;
    const mode = ints[k * 4 + 3]!; // PLAN values as literals: this loop runs per field per record
    if (mode >= 4) {
      // compressed_speed_distance: a later array replaces an earlier one even when unusable
      const packed = mode === 4 ? bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) : 0xffffff;
      const value = packed === 0xffffff ? NaN : packed;
      if (value === value || records.slots[slot]) slotColumn(records, slot)[index] = value;
      continue;
    }
    // readRaw (base-types.ts), inlined by hand: V8 will not inline a switch this size, and a call
    // boxes every uint32 / NaN result as a heap number (garbage per field per record)
    let raw: number;
    let x: number;
    switch (ints[k * 4 + 1]) {
      case 0: // u8
        raw = bytes[at] === 0xff ? NaN : bytes[at]!;
        break;
      case 1: // s8
        raw = bytes[at] === 0x7f ? NaN : (bytes[at]! << 24) >> 24;
        break;
      case 2: // u8z
        raw = bytes[at] === 0 ? NaN : bytes[at]!;
        break;
      case 3: // u16le
        x = bytes[at]! | (bytes[at + 1]! << 8);
        raw = x === 0xffff ? NaN : x;
        break;
      case 4: // u16be
        x = (bytes[at]! << 8) | bytes[at + 1]!;
        raw = x === 0xffff ? NaN : x;
        break;
      case 5: // s16le
        x = ((bytes[at]! | (bytes[at + 1]! << 8)) << 16) >> 16;
        raw = x === 0x7fff ? NaN : x;
        break;
      case 6: // s16be
        x = (((bytes[at]! << 8) | bytes[at + 1]!) << 16) >> 16;
        raw = x === 0x7fff ? NaN : x;
        break;
      case 7: // u16zle
        x = bytes[at]! | (bytes[at + 1]! << 8);
        raw = x === 0 ? NaN : x;
        break;
      case 8: // u16zbe
        x = (bytes[at]! << 8) | bytes[at + 1]!;
        raw = x === 0 ? NaN : x;
        break;
      case 9: // u32le
        x = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
        raw = x === 0xffffffff ? NaN : x;
        break;
      case 10: // u32be
        x = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
        raw = x === 0xffffffff ? NaN : x;
        break;
      case 11: // s32le
        x = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
        raw = x === 0x7fffffff ? NaN : x;
        break;
      case 12: // s32be
        x = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
        raw = x === 0x7fffffff ? NaN : x;
        break;
      case 13: // u32zle
        x = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
        raw = x === 0 ? NaN : x;
        break;
      case 14: // u32zbe
        x = ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
        raw = x === 0 ? NaN : x;
        break;
      case 15: // f32le
        raw = view.getFloat32(at, true);
        break;
      case 16: // f32be
        raw = view.getFloat32(at, false);
        break;
      case 17: // f64le
        raw = view.getFloat64(at, true);
        break;
      default:
        raw = view.getFloat64(at, false);
        break;
    }
    if (raw !== raw) continue;
    const value = mode === 0 ? raw : mode === 1 ? raw / floats[k * 2]! + floats[k * 2 + 1]! : mode === 2 ? raw * SEMICIRCLE_DEGREES : raw * 1000 + FIT_EPOCH_MS;
    const column = records.slots[slot] ?? slotColumn(records, slot);
    column[index] = value;
  }
}

/** Compressed header: a 5-bit offset from the last full timestamp, rolling over every 32 s. */
function extendTimestamp(previous: number, offset: number, segment: FitSegmentInfo, pos: number): number {
  if (previous !== previous) throw failed(segment, `the compressed-timestamp message at byte ${pos} has no earlier timestamp to extend`);
  const previousOffset = previous & 0x1f;
  const timestamp = previous - previousOffset + offset + (offset < previousOffset ? 0x20 : 0);
  if (timestamp >= 0xffffffff) throw failed(segment, `the compressed timestamp at byte ${pos} exceeds the FIT uint32 range`);
  return timestamp;
}

function pushRow(rows: SegmentRows, global: number, row: Row): void {
  const list = rows.get(global);
  if (list) list.push(row);
  else rows.set(global, [row]);
}

function failed(segment: FitSegmentInfo, reason: string): DomainError {
  return new DomainError('decode_failed', `The FIT segment at byte ${segment.offset} could not be decoded: ${reason}.`, {
    details: { offset: segment.offset },
  });
}
