/**
 * The value encodings the records writer (records-writer.ts) writes itself, byte-equal to
 * hyparquet-writer 0.17.0's: DELTA_BINARY_PACKED of timestamps in Number arithmetic, and the
 * RLE/bit-packed hybrid of levels and dictionary indexes, into a growable byte sink.
 *
 * Reference: Apache Parquet format, Encodings.md (RLE/bit-packed hybrid, DELTA_BINARY_PACKED);
 * hyparquet-writer 0.17.0 src/encoding.js, src/delta.js. records-writer.test holds the bytes equal.
 */
const DELTA_BLOCK = 128;
const MINIBLOCKS = 4;
const MINIBLOCK = DELTA_BLOCK / MINIBLOCKS;
const MAX_STEP = 2 ** 31;

/**
 * hyparquet-writer's DELTA_BINARY_PACKED of INT64 values (delta.js deltaBinaryPackBigInt: blocks of
 * 128, 4 miniblocks, zigzag varint min delta, bit-packed adjusted deltas) in Number arithmetic,
 * exact while every step is within ±2^31 (adjusted deltas < 2^33); undefined otherwise.
 */
export function deltaPackSmallSteps(source: ArrayLike<number>, start: number, end: number): Uint8Array | undefined {
  const count = end - start;
  for (let i = start + 1; i < end; i++) {
    const step = source[i]! - source[i - 1]!;
    if (!(step <= MAX_STEP && step >= -MAX_STEP)) return undefined;
  }
  const out = new ByteSink(64 + count * 2);
  out.varint(DELTA_BLOCK);
  out.varint(MINIBLOCKS);
  out.varint(count);
  if (count === 0) {
    out.varint(0);
    return out.bytes();
  }
  // the first value as the library writes it: zigzag in 64 bits (one BigInt per page)
  const first = BigInt(source[start]!);
  let zz = BigInt.asUintN(64, (first << 1n) ^ (first >> 63n));
  while (zz > 0x7fn) {
    out.u8(Number(zz & 0x7fn) | 0x80);
    zz >>= 7n;
  }
  out.u8(Number(zz));
  const deltas = new Float64Array(DELTA_BLOCK);
  const widths = new Uint8Array(MINIBLOCKS);
  for (let index = start + 1; index < end; index += DELTA_BLOCK) {
    const blockSize = Math.min(DELTA_BLOCK, end - index);
    let minDelta = 0;
    for (let i = 0; i < blockSize; i++) {
      const delta = source[index + i]! - source[index + i - 1]!;
      deltas[i] = delta;
      if (i === 0 || delta < minDelta) minDelta = delta;
    }
    writeZigZagNumber(out, minDelta);
    for (let mb = 0; mb < MINIBLOCKS; mb++) {
      let max = 0;
      for (let i = mb * MINIBLOCK; i < Math.min((mb + 1) * MINIBLOCK, blockSize); i++) {
        const adjusted = deltas[i]! - minDelta;
        if (adjusted > max) max = adjusted;
      }
      widths[mb] = max === 0 ? 0 : max > 0xffffffff ? 33 : 32 - Math.clz32(max);
    }
    for (let mb = 0; mb < MINIBLOCKS; mb++) out.u8(widths[mb]!);
    for (let mb = 0; mb < MINIBLOCKS; mb++) {
      const width = widths[mb]!;
      if (width === 0) continue;
      const from = mb * MINIBLOCK;
      // < 8 pending bits + ≤ 33 new ones: below 2^41, exact in a double
      let buffer = 0;
      let bits = 0;
      for (let i = 0; i < MINIBLOCK; i++) {
        const adjusted = from + i < blockSize ? deltas[from + i]! - minDelta : 0;
        buffer += adjusted * 2 ** bits;
        bits += width;
        while (bits >= 8) {
          out.u8(buffer % 0x100);
          buffer = Math.floor(buffer / 0x100);
          bits -= 8;
        }
      }
    }
  }
  return out.bytes();
}

/** Zigzag varint of a whole number within ±2^32, as the library's 64-bit zigzag writes it. */
function writeZigZagNumber(out: ByteSink, v: number): void {
  let z = v >= 0 ? 2 * v : -2 * v - 1;
  while (z > 0x7f) {
    out.u8((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  out.u8(z);
}

/** A growable byte buffer for levels and indexes (sizes are rarely known exactly). */
export class ByteSink {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  u8(v: number): void {
    if (this.length === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = v;
  }

  varint(v: number): void {
    while ((v & ~0x7f) !== 0) {
      this.u8((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    this.u8(v);
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * The RLE/bit-packed hybrid exactly as hyparquet-writer's encoding.js writes it: a run of ≥ 8
 * equal values is an RLE run; otherwise groups of 8 values are bit-packed, pending groups
 * flushed before the next run (a group may swallow the start of a run — same bytes as the library).
 */
export function writeRleBitPackedHybrid(out: ByteSink, values: ArrayLike<number>, length: number, bitWidth: number): void {
  let pendingGroups = 0;
  let packedStart = 0;
  let i = 0;
  while (i < length) {
    const first = values[i]!;
    const run = countRun(values, i, length);
    if (run >= 8) {
      if (pendingGroups) {
        writeBitPackedGroups(out, values, length, packedStart, pendingGroups, bitWidth);
        pendingGroups = 0;
      }
      out.varint(run << 1);
      const width = (bitWidth + 7) >> 3;
      for (let j = 0; j < width; j++) out.u8((first >> (j << 3)) & 0xff);
      i += run;
    } else {
      if (pendingGroups === 0) packedStart = i;
      pendingGroups++;
      i += 8;
    }
  }
  if (pendingGroups) writeBitPackedGroups(out, values, length, packedStart, pendingGroups, bitWidth);
}

// The scan for a run is its own function: inlined in the loop above, a long run (a column of one
// value) made V8 compile that inner loop on-stack and drop the code as the loop ended, once per
// call — ~480 deopts and recompiles in a 1,000-activity import.
function countRun(values: ArrayLike<number>, start: number, length: number): number {
  const first = values[start];
  let end = start + 1;
  while (end < length && values[end] === first) end++;
  return end - start;
}

function writeBitPackedGroups(out: ByteSink, values: ArrayLike<number>, length: number, start: number, groups: number, bitWidth: number): void {
  out.varint((groups << 1) | 1);
  if (bitWidth === 0) return;
  const mask = (1 << bitWidth) - 1;
  let buffer = 0;
  let bits = 0;
  const total = groups * 8;
  for (let k = 0; k < total; k++) {
    const idx = start + k;
    const v = idx < length ? values[idx]! & mask : 0;
    buffer |= v << bits;
    bits += bitWidth;
    while (bits >= 8) {
      out.u8(buffer & 0xff);
      buffer >>>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.u8(buffer & 0xff);
}
