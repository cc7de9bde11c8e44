/**
 * FIT CRC-16 (Garmin "FIT Protocol", section "File CRC": polynomial 0xA001, reflected, seed 0 —
 * the CRC-16/ARC variant). https://developer.garmin.com/fit/protocol/
 * The protocol describes a nibble-wise table; this is the equivalent byte-wise table.
 */

const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
    table[n] = crc;
  }
  return table;
}

/** CRC of bytes[start, end). Pass a previous result as `seed` to continue a running CRC. */
export function fitCrc16(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
  let crc = seed;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return crc;
}
