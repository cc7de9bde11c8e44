/**
 * Byte helpers for hand-built ZIP fixtures, shared by the Node tests and the workerd tests (pure:
 * no node: imports, so workerd can load it). Little-endian fields, the EOCD and the central
 * directory of a well-formed, non-ZIP64 fixture.
 */
export function u16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

export function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

export function setU16(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value & 0xff;
  bytes[at + 1] = (value >>> 8) & 0xff;
}

export function setU32(bytes: Uint8Array, at: number, value: number): void {
  setU16(bytes, at, value & 0xffff);
  setU16(bytes, at + 2, value >>> 16);
}

/** Offset of the (comment-less) EOCD of a fixture. */
export function eocdOffset(zip: Uint8Array): number {
  for (let i = zip.length - 22; i >= 0; i--) if (u32(zip, i) === 0x06054b50) return i;
  throw new Error('fixture has no EOCD');
}

/** Offsets of each central-directory record of a (well-formed, non-ZIP64) fixture. */
export function centralRecords(zip: Uint8Array): number[] {
  const eocd = eocdOffset(zip);
  const offsets: number[] = [];
  let at = u32(zip, eocd + 16);
  for (let i = 0; i < u16(zip, eocd + 10); i++) {
    offsets.push(at);
    at += 46 + u16(zip, at + 28) + u16(zip, at + 30) + u16(zip, at + 32);
  }
  return offsets;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
