/** Little-endian field readers for ZIP and gzip headers (APPNOTE 4.4.1.1: all values are LE). */

export function readU16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * A 64-bit field as a JS number, or NaN beyond 2^53: ZIP64 values that large cannot describe a
 * real object in R2 (≤ 5 TiB), so callers treat NaN as a damaged field rather than using BigInt.
 */
export function readU64(bytes: Uint8Array, at: number): number {
  const high = readU32(bytes, at + 4);
  if (high >= 0x200000) return Number.NaN;
  return high * 0x1_0000_0000 + readU32(bytes, at);
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
