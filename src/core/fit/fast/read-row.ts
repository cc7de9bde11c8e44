/**
 * Small messages (file_id, session, lap, event, hr) → plain rows keyed by profile field name,
 * in the shapes map-messages.ts and merge-hr.ts read (Garmin FIT Profile:
 * https://developer.garmin.com/fit/protocol/). These are few per file, so one generic reader
 * is enough; only `record` has a compiled fast path.
 */
import { readRaw, WIRE_TYPES } from './base-types.js';
import type { RowOp } from './compile-definition.js';
import { FieldMode } from './profile-subset.js';

export type Row = Record<string, unknown>;

/** Unix ms of the FIT epoch (1989-12-31T00:00:00Z). */
export const FIT_EPOCH_MS = 631_065_600_000;
/** degrees per semicircle (the reference's constant, computed the same way) */
export const SEMICIRCLE_DEGREES = 180 / Math.pow(2, 31);

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Decodes the row of one data message whose payload starts at `p`. */
export function readRow(bytes: Uint8Array, view: DataView, p: number, ops: readonly RowOp[]): Row {
  const row: Row = {};
  for (const op of ops) {
    const value = readField(bytes, view, p + op.at, op);
    // an invalid later field never erases an earlier valid one of the same name
    if (value !== undefined) row[op.spec.name] = value;
  }
  return row;
}

function readField(bytes: Uint8Array, view: DataView, at: number, op: RowOp): unknown {
  const { spec, size } = op;
  const wire = WIRE_TYPES.get(op.baseType)!;
  if (spec.mode === FieldMode.Text) return readText(bytes, at, size);
  if (!wire.kinds || size < wire.size || size % wire.size !== 0) return undefined;
  const kind = wire.kinds[op.littleEndian ? 0 : 1];
  if (spec.mode === FieldMode.Array) {
    const items: (number | null)[] = [];
    for (let k = 0; k < size; k += wire.size) {
      const raw = readRaw(bytes, view, at + k, kind);
      items.push(raw !== raw ? null : raw / spec.scale + spec.offset);
    }
    return items;
  }
  const raw = readRaw(bytes, view, at, kind);
  if (raw !== raw) return undefined;
  return transformScalar(raw, spec.mode, spec.scale, spec.offset, spec.names);
}

/** Value of a valid raw scalar, as the reference formats it. */
export function transformScalar(raw: number, mode: FieldMode, scale: number, offset: number, names?: (value: number) => string | null): number | string {
  switch (mode) {
    case FieldMode.DateTime:
      return raw * 1000 + FIT_EPOCH_MS;
    case FieldMode.Semicircles:
      return raw * SEMICIRCLE_DEGREES;
    case FieldMode.Enum:
      return names?.(raw) ?? raw;
    default:
      return raw / scale + offset;
  }
}

/** Every non-NUL byte, as UTF-8 (the reference drops NULs anywhere, not only at the end). */
function readText(bytes: Uint8Array, at: number, size: number): string {
  const kept: number[] = [];
  for (let k = 0; k < size; k++) if (bytes[at + k]) kept.push(bytes[at + k]!);
  return utf8.decode(Uint8Array.from(kept));
}
