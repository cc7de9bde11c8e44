/**
 * FIT base types and their invalid values (Garmin "FIT Protocol", table "Base Types":
 * https://developer.garmin.com/fit/protocol/). The table is keyed by the exact base-type byte of
 * a field definition, as fit-file-parser 6.1.2 keys its `fit_base_type` table: a byte outside
 * it (0x04 = uint16 without the endian-ability bit, 0x82…) leaves the field unreadable there,
 * so it does here too, which keeps the two decoders value-for-value equal.
 *
 * A read returns the element, or NaN when it is the type's invalid value: NaN is this decoder's
 * single "absent" marker (floats use NaN as their invalid value anyway).
 */

/**
 * Reader kinds: one small integer per (base type, endianness), so the hot loop reads with a
 * `switch` (one monomorphic function V8 can inline) instead of calling per-field closures.
 */
export const KIND = {
  u8: 0, s8: 1, u8z: 2,
  u16le: 3, u16be: 4, s16le: 5, s16be: 6, u16zle: 7, u16zbe: 8,
  u32le: 9, u32be: 10, s32le: 11, s32be: 12, u32zle: 13, u32zbe: 14,
  f32le: 15, f32be: 16, f64le: 17, f64be: 18,
} as const;

export interface WireType {
  /** fit-file-parser's name for the type ('uint16', 'string', …) */
  name: string;
  /** bytes per element; 0 for strings */
  size: number;
  /** [little-endian, big-endian] reader kinds; undefined = never readable (64-bit types, strings) */
  kinds?: readonly [number, number];
}

/** Base-type byte → wire type (exactly fit-file-parser 6.1.2's `fit_base_type` keys). */
export const WIRE_TYPES: ReadonlyMap<number, WireType> = new Map<number, WireType>([
  [0x00, { name: 'enum', size: 1, kinds: [KIND.u8, KIND.u8] }],
  [0x01, { name: 'sint8', size: 1, kinds: [KIND.s8, KIND.s8] }],
  [0x02, { name: 'uint8', size: 1, kinds: [KIND.u8, KIND.u8] }],
  [0x07, { name: 'string', size: 0 }],
  [0x0a, { name: 'uint8z', size: 1, kinds: [KIND.u8z, KIND.u8z] }],
  [0x0d, { name: 'byte', size: 1, kinds: [KIND.u8, KIND.u8] }],
  [0x83, { name: 'sint16', size: 2, kinds: [KIND.s16le, KIND.s16be] }],
  [0x84, { name: 'uint16', size: 2, kinds: [KIND.u16le, KIND.u16be] }],
  [0x85, { name: 'sint32', size: 4, kinds: [KIND.s32le, KIND.s32be] }],
  [0x86, { name: 'uint32', size: 4, kinds: [KIND.u32le, KIND.u32be] }],
  [0x88, { name: 'float32', size: 4, kinds: [KIND.f32le, KIND.f32be] }],
  [0x89, { name: 'float64', size: 8, kinds: [KIND.f64le, KIND.f64be] }],
  [0x8b, { name: 'uint16z', size: 2, kinds: [KIND.u16zle, KIND.u16zbe] }],
  [0x8c, { name: 'uint32z', size: 4, kinds: [KIND.u32zle, KIND.u32zbe] }],
  // 64-bit values do not fit a double; the reference cannot read them either
  [0x8e, { name: 'sint64', size: 8 }],
  [0x8f, { name: 'uint64', size: 8 }],
  [0x90, { name: 'uint64z', size: 8 }],
]);

/**
 * The element at `at` read as `kind`, or NaN when it is the base type's invalid value.
 * Signed values are sign-extended with shifts; the invalid value is checked on the final number,
 * as the reference does. Cases are literals (not KIND.x) so V8 builds a jump table.
 */
export function readRaw(b: Uint8Array, view: DataView, at: number, kind: number): number {
  let x: number;
  switch (kind) {
    case 0: // u8
      return b[at] === 0xff ? NaN : b[at]!;
    case 1: // s8
      return b[at] === 0x7f ? NaN : (b[at]! << 24) >> 24;
    case 2: // u8z
      return b[at] === 0 ? NaN : b[at]!;
    case 3: // u16le
      x = b[at]! | (b[at + 1]! << 8);
      return x === 0xffff ? NaN : x;
    case 4: // u16be
      x = (b[at]! << 8) | b[at + 1]!;
      return x === 0xffff ? NaN : x;
    case 5: // s16le
      x = ((b[at]! | (b[at + 1]! << 8)) << 16) >> 16;
      return x === 0x7fff ? NaN : x;
    case 6: // s16be
      x = (((b[at]! << 8) | b[at + 1]!) << 16) >> 16;
      return x === 0x7fff ? NaN : x;
    case 7: // u16zle
      x = b[at]! | (b[at + 1]! << 8);
      return x === 0 ? NaN : x;
    case 8: // u16zbe
      x = (b[at]! << 8) | b[at + 1]!;
      return x === 0 ? NaN : x;
    case 9: // u32le
      x = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
      return x === 0xffffffff ? NaN : x;
    case 10: // u32be
      x = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
      return x === 0xffffffff ? NaN : x;
    case 11: // s32le
      x = b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24);
      return x === 0x7fffffff ? NaN : x;
    case 12: // s32be
      x = (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
      return x === 0x7fffffff ? NaN : x;
    case 13: // u32zle
      x = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
      return x === 0 ? NaN : x;
    case 14: // u32zbe
      x = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
      return x === 0 ? NaN : x;
    case 15: // f32le
      return view.getFloat32(at, true);
    case 16: // f32be
      return view.getFloat32(at, false);
    case 17: // f64le
      return view.getFloat64(at, true);
    default:
      return view.getFloat64(at, false);
  }
}

/**
 * The reader kind for a field of `size` bytes declared with `baseType`, reading its first
 * element; -1 when the field can never hold a number (unknown or 64-bit type, string, or a size
 * that is not a whole number of elements — such fields are skipped by size, keeping alignment).
 */
export function scalarKind(baseType: number, size: number, littleEndian: boolean): number {
  const wire = WIRE_TYPES.get(baseType);
  if (!wire?.kinds || size < wire.size || size % wire.size !== 0) return -1;
  return wire.kinds[littleEndian ? 0 : 1];
}

/** Profile base types that producers interchange (same width and representation). */
const BYTE_FAMILY = new Set(['enum', 'uint8', 'byte']);

/** fit-file-parser's rule: a field keeps its profile meaning only when the wire type agrees. */
export function isProfileCompatible(profileBase: string, wireName: string | undefined): boolean {
  return profileBase === wireName || (wireName !== undefined && BYTE_FAMILY.has(profileBase) && BYTE_FAMILY.has(wireName));
}
