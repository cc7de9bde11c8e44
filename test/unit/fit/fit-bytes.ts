// Hand-built FIT data sections for synthetic decoder tests (wrapped by fixtures.buildFit):
// definitions in either byte order, with developer fields, and data messages with normal or
// compressed-timestamp headers. Garmin "FIT Protocol": https://developer.garmin.com/fit/protocol/

/** [field number, size, base type byte] */
export type FieldDef = readonly [number, number, number];

export const BASE = { enum: 0x00, sint8: 0x01, uint8: 0x02, string: 0x07, uint8z: 0x0a, byte: 0x0d, sint16: 0x83, uint16: 0x84, sint32: 0x85, uint32: 0x86, float32: 0x88, uint16z: 0x8b, uint32z: 0x8c, uint64: 0x8f } as const;

/** FIT seconds of 2021-09-09T01:46:40Z, and its Unix ms. */
export const T0 = 1_000_000_000;
export const T0_MS = (631_065_600 + T0) * 1000;

export interface DefinitionOptions {
  bigEndian?: boolean;
  /** developer fields: [field number, size, developer data index] */
  developer?: readonly (readonly [number, number, number])[];
}

export function definition(local: number, global: number, fields: readonly FieldDef[], options: DefinitionOptions = {}): number[] {
  const header = 0x40 | (options.developer ? 0x20 : 0) | local;
  const globalBytes = options.bigEndian ? [global >> 8, global & 0xff] : [global & 0xff, global >> 8];
  const out = [header, 0, options.bigEndian ? 1 : 0, ...globalBytes, fields.length, ...fields.flat()];
  if (options.developer) out.push(options.developer.length, ...options.developer.flat());
  return out;
}

/** A data message with a normal header. */
export function message(local: number, ...payload: number[][]): number[] {
  return [local, ...payload.flat()];
}

/** A data message with a compressed-timestamp header (local 0-3, 5-bit time offset). */
export function compressed(local: number, timeOffset: number, ...payload: number[][]): number[] {
  return [0x80 | (local << 5) | (timeOffset & 0x1f), ...payload.flat()];
}

export function u8(value: number): number[] {
  return [value & 0xff];
}

export function u16(value: number, bigEndian = false): number[] {
  const bytes = [value & 0xff, (value >>> 8) & 0xff];
  return bigEndian ? bytes.reverse() : bytes;
}

export function u32(value: number, bigEndian = false): number[] {
  const bytes = [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
  return bigEndian ? bytes.reverse() : bytes;
}

export function text(value: string, size: number): number[] {
  const bytes = [...new TextEncoder().encode(value)];
  return [...bytes, ...new Array<number>(size - bytes.length).fill(0)];
}

/** file_id: type activity, manufacturer garmin, product 4315. */
export function fileIdMessages(local = 15): number[] {
  return [
    ...definition(local, 0, [
      [0, 1, BASE.enum],
      [1, 2, BASE.uint16],
      [2, 2, BASE.uint16],
    ]),
    ...message(local, u8(4), u16(1), u16(4315)),
  ];
}
