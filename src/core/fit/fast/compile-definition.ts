/**
 * Compiles one FIT definition message into the plan its data messages are read with (Garmin
 * "FIT Protocol", sections "Definition Message" and "Developer Data":
 * https://developer.garmin.com/fit/protocol/). Per field we resolve, once, the endian-specific
 * reader, its byte offset and what the value becomes, so the hot loop never interprets a field
 * definition again. Developer fields are only counted into the message size (skipped by size).
 *
 * Field rules follow fit-file-parser 6.1.2 so both decoders agree value for value: a field
 * keeps its profile meaning only when its wire base type agrees with the profile; a size that
 * is not a whole number of elements makes the field invalid; a bigger size than one element
 * reads the first element (arrays read them all).
 */
import { isProfileCompatible, scalarKind, WIRE_TYPES } from './base-types.js';
import { FieldMode, type FieldSpec, GLOBAL, PROFILE_SUBSET } from './profile-subset.js';

/**
 * The record fields of a definition, flat for the hot loop: per field, `ints` holds
 * [byte offset, reader kind, slot, PLAN mode] and `floats` [scale, offset].
 */
export interface RecordPlan {
  count: number;
  ints: Int32Array;
  floats: Float64Array;
}

/**
 * What the hot loop does with a record field's raw value. `raw` is scale 1 / offset 0, where the
 * reference's `raw / 1 + 0` is the raw integer itself: no division. `packed*` are
 * compressed_speed_distance: 3 raw bytes kept packed, or another size (unusable).
 */
export const PLAN = { raw: 0, scale: 1, semicircles: 2, dateTime: 3, packed: 4, packedUnusable: 5 } as const;

function planMode(spec: FieldSpec): number {
  if (spec.mode === FieldMode.Semicircles) return PLAN.semicircles;
  if (spec.mode === FieldMode.DateTime) return PLAN.dateTime;
  return spec.scale === 1 && spec.offset === 0 ? PLAN.raw : PLAN.scale;
}

/** One field of a small message (file_id, session, lap, event, length, hr), decoded into a row. */
export interface RowOp {
  at: number;
  size: number;
  spec: FieldSpec;
  baseType: number;
  littleEndian: boolean;
}

export interface CompiledDefinition {
  global: number;
  /** bytes of the definition message itself, header included */
  length: number;
  /** payload bytes of each data message using it (native + developer fields) */
  size: number;
  /**
   * The last native `timestamp` (253) field, which sets the compressed-timestamp base:
   * offset (-1 = none) and reader kind (-1 = unreadable, so it clears the base).
   */
  timestampAt: number;
  timestampKind: number;
  /** the first field is 253: the reference skips it without advancing in compressed messages */
  firstFieldIsTimestamp: boolean;
  record?: RecordPlan;
  rowOps?: RowOp[];
}

/** Which messages a segment decode keeps: 'record' into columns, 'row' as small objects. */
export type MessageWants = ReadonlyMap<number, 'record' | 'row'>;

export function compileDefinition(bytes: Uint8Array, pos: number, wants: MessageWants): CompiledDefinition {
  const littleEndian = bytes[pos + 2] === 0;
  const global = littleEndian ? bytes[pos + 3]! | (bytes[pos + 4]! << 8) : (bytes[pos + 3]! << 8) | bytes[pos + 4]!;
  const fieldCount = bytes[pos + 5]!;
  const want = wants.get(global);
  const profile = want ? PROFILE_SUBSET[global] : undefined;
  // every field in the literal, set or not: a field added later gives the object another shape,
  // which V8 drops at a full GC once no definition holds it, and the decoder's code with it
  const compiled: CompiledDefinition = { global, length: 6 + fieldCount * 3, size: 0, timestampAt: -1, timestampKind: -1, firstFieldIsTimestamp: false, record: undefined, rowOps: undefined };
  const recordOps: number[][] = [];
  const rowOps: RowOp[] = [];
  for (let i = 0, cursor = pos + 6; i < fieldCount; i++, cursor += 3) {
    const number = bytes[cursor]!;
    const size = bytes[cursor + 1]!;
    const baseType = bytes[cursor + 2]!;
    const at = compiled.size;
    compiled.size += size;
    if (number === 253) {
      compiled.timestampAt = at;
      compiled.timestampKind = scalarKind(baseType, size, littleEndian);
      if (i === 0) compiled.firstFieldIsTimestamp = true;
    }
    const spec = profile?.[number];
    if (!spec || !isProfileCompatible(spec.base, WIRE_TYPES.get(baseType)?.name)) continue;
    if (want === 'row') {
      rowOps.push({ at, size, spec, baseType, littleEndian });
      continue;
    }
    if (spec.mode === FieldMode.Array) {
      // byte-sized elements (the profile check above); a size-0 field is invalid, not an array
      if (size > 0) recordOps.push([at, 0, spec.slot!, size === 3 ? PLAN.packed : PLAN.packedUnusable, 1, 0]);
      continue;
    }
    const kind = scalarKind(baseType, size, littleEndian);
    if (kind >= 0) recordOps.push([at, kind, spec.slot!, planMode(spec), spec.scale, spec.offset]);
  }
  if (bytes[pos]! & 0x20) {
    const devStart = pos + compiled.length;
    const devCount = bytes[devStart]!;
    for (let k = 0; k < devCount; k++) compiled.size += bytes[devStart + 1 + k * 3 + 1]!;
    compiled.length += 1 + devCount * 3;
  }
  if (want === 'record') compiled.record = toPlan(recordOps);
  if (want === 'row') compiled.rowOps = rowOps;
  return compiled;
}

function toPlan(ops: number[][]): RecordPlan {
  const ints = new Int32Array(ops.length * 4);
  const floats = new Float64Array(ops.length * 2);
  ops.forEach(([at, kind, slot, mode, scale, offset], k) => {
    ints.set([at!, kind!, slot!, mode!], k * 4);
    floats.set([scale!, offset!], k * 2);
  });
  return { count: ops.length, ints, floats };
}

/** Definitions the first segment needs, and those of a chained HRM segment. */
export const ACTIVITY_WANTS: MessageWants = new Map([
  [GLOBAL.fileId, 'row'],
  [GLOBAL.session, 'row'],
  [GLOBAL.lap, 'row'],
  [GLOBAL.event, 'row'],
  [GLOBAL.activity, 'row'],
  [GLOBAL.length, 'row'],
  [GLOBAL.timestampCorrelation, 'row'],
  [GLOBAL.record, 'record'],
]);
export const HR_WANTS: MessageWants = new Map([[GLOBAL.hr, 'row']]);
