/**
 * FIT CRC-16 (Garmin "FIT Protocol", section "File CRC": polynomial 0xA001, reflected, seed 0 —
 * the CRC-16/ARC variant). https://developer.garmin.com/fit/protocol/
 * The protocol describes a nibble-wise table; this is the equivalent byte-wise table, sliced by
 * four (Intel's "slicing-by-N": TABLES[k][n] is byte n followed by k zero bytes), so four bytes
 * cost four independent lookups instead of a chain of four: every upload is CRC-checked whole.
 */

const TABLES = buildTables();

function buildTables(): Uint16Array[] {
  const t0 = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    t0[n] = crc;
  }
  const tables = [t0];
  for (let k = 1; k < 4; k++) {
    const previous = tables[k - 1]!;
    tables.push(Uint16Array.from(previous, (value) => (value >>> 8) ^ t0[value & 0xff]!));
  }
  return tables;
}

/** CRC of bytes[start, end). Pass a previous result as `seed` to continue a running CRC. */
export function fitCrc16(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
  const [t0, t1, t2, t3] = TABLES as [Uint16Array, Uint16Array, Uint16Array, Uint16Array];
  let crc = seed;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const x = crc ^ bytes[i]! ^ (bytes[i + 1]! << 8);
    crc = t3[x & 0xff]! ^ t2[x >>> 8]! ^ t1[bytes[i + 2]!]! ^ t0[bytes[i + 3]!]!;
  }
  for (; i < end; i++) crc = (crc >>> 8) ^ t0[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}
