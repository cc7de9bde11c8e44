/**
 * CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320) as used by ZIP (APPNOTE 4.4.7)
 * and gzip (RFC 1952 §8). fflate 0.8.3 does not export its CRC, so this is a slice-by-4 table
 * implementation: four lookups per 32-bit word keep it well ahead of inflate throughput.
 */
const TABLES = buildTables();

function buildTables(): Uint32Array[] {
  const base = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    base[n] = c >>> 0;
  }
  const tables = [base];
  for (let t = 1; t < 4; t++) {
    const prev = tables[t - 1];
    const next = new Uint32Array(256);
    for (let n = 0; n < 256; n++) next[n] = (base[prev[n] & 0xff] ^ (prev[n] >>> 8)) >>> 0;
    tables.push(next);
  }
  return tables;
}

/** Continues a running CRC (start with 0) over `bytes`; returns the unsigned 32-bit result. */
export function updateCrc32(crc: number, bytes: Uint8Array): number {
  const [t0, t1, t2, t3] = TABLES;
  let c = ~crc;
  let i = 0;
  const end4 = bytes.length - (bytes.length & 3);
  for (; i < end4; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = t3[c & 0xff] ^ t2[(c >>> 8) & 0xff] ^ t1[(c >>> 16) & 0xff] ^ t0[c >>> 24];
  }
  for (; i < bytes.length; i++) c = t0[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

export function computeCrc32(bytes: Uint8Array): number {
  return updateCrc32(0, bytes);
}
