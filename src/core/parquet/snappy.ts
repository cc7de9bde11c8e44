/**
 * Snappy compression for the records Parquet pages: the algorithm of hyparquet-writer 0.17.0's
 * compressor (a port of snappyjs, MIT, Copyright (c) 2016 Zhipeng Jia), byte for byte the same
 * output, written straight into one buffer of the format's worst-case size instead of a growing
 * ByteWriter (a bounds check, a DataView call and a counter per output byte). Snappy was ~8 % of
 * the Worker's CPU during a bulk import (issue 14 item 5). Since then also: 32-bit loads through a
 * DataView (one call instead of four byte reads and adds) and short literals copied by a loop
 * rather than subarray + set — on FIT record columns 2.0× faster than the library's compressor
 * (1.5× before). The golden file test and a comparison with the library's compressor on corpus
 * pages check the bytes are the same.
 */

const MAX_HASH_TABLE_BITS = 14;
const MAX_OFFSET = 0xffff;
const INPUT_MARGIN = 15;
const hashTables: Array<Uint32Array | undefined> = [];

function hashOf(key: number, shift: number): number {
  return Math.imul(key, 0x1e35a7bd) >>> shift;
}


export function snappyCompress(input: Uint8Array): Uint8Array {
  const n = input.length;
  // 32-bit little-endian loads in one call (the library adds four bytes): same values, same hashes
  const view = new DataView(input.buffer, input.byteOffset, input.byteLength);
  // varint length + literals with their tags: the format's bound (32 + n + n / 6)
  const out = new Uint8Array(32 + n + Math.ceil(n / 6));
  let op = 0;
  for (let v = n; ; v >>>= 7) {
    if ((v & ~0x7f) === 0) { out[op++] = v; break; }
    out[op++] = (v & 0x7f) | 0x80;
  }
  const literal = (ip: number, len: number) => {
    if (len <= 60) out[op++] = (len - 1) << 2;
    else {
      const value = len - 1;
      const bytes = value < 0x100 ? 1 : value < 0x10000 ? 2 : value < 0x1000000 ? 3 : 4;
      out[op++] = (59 + bytes) << 2;
      for (let i = 0; i < bytes; i++) out[op++] = value >>> (i * 8);
    }
    // FIT doubles leave many short literals between 4-byte matches: a loop beats a subarray + set
    if (len <= 16) for (let k = 0; k < len; k++) out[op++] = input[ip + k];
    else {
      out.set(input.subarray(ip, ip + len), op);
      op += len;
    }
  };
  const copyLessThan64 = (offset: number, len: number) => {
    if (len < 12 && offset < 2048) {
      out[op++] = 1 + ((len - 4) << 2) + ((offset >>> 8) << 5);
      out[op++] = offset & 0xff;
    } else {
      out[op++] = 2 + ((len - 1) << 2);
      out[op++] = offset & 0xff;
      out[op++] = offset >>> 8;
    }
  };
  const copy = (offset: number, len: number) => {
    while (len >= 68) { copyLessThan64(offset, 64); len -= 64; }
    if (len > 64) { copyLessThan64(offset, 60); len -= 60; }
    copyLessThan64(offset, len);
  };

  let bits = 1;
  while (1 << bits <= n && bits <= MAX_HASH_TABLE_BITS) bits++;
  bits--;
  const shift = 32 - bits;
  const table = (hashTables[bits] ??= new Uint32Array(1 << bits));
  table.fill(0);
  let ip = 0;
  let nextEmit = 0;
  if (n >= INPUT_MARGIN) {
    const ipLimit = n - INPUT_MARGIN;
    ip++;
    let nextHash = hashOf(view.getInt32(ip, true), shift);
    let candidate = 0;
    outer: for (;;) {
      let skip = 32;
      let nextIp = ip;
      do {
        ip = nextIp;
        const hash = nextHash;
        const step = skip >>> 5;
        skip++;
        nextIp = ip + step;
        if (ip > ipLimit) break outer;
        // a skip may reach past the end; that hash is never used (the loop stops at ipLimit first)
        nextHash = nextIp + 4 <= n ? hashOf(view.getInt32(nextIp, true), shift) : 0;
        candidate = table[hash];
        table[hash] = ip;
      } while (ip - candidate > MAX_OFFSET || view.getInt32(ip, true) !== view.getInt32(candidate, true));
      literal(nextEmit, ip - nextEmit);
      do {
        const base = ip;
        let matched = 4;
        while (ip + matched < n && input[ip + matched] === input[candidate + matched]) matched++;
        ip += matched;
        copy(base - candidate, matched);
        nextEmit = ip;
        if (ip >= ipLimit) break outer;
        table[hashOf(view.getInt32(ip - 1, true), shift)] = ip - 1;
        const cur = hashOf(view.getInt32(ip, true), shift);
        candidate = table[cur];
        table[cur] = ip;
      } while (ip - candidate <= MAX_OFFSET && view.getInt32(ip, true) === view.getInt32(candidate, true));
      ip++;
      nextHash = hashOf(view.getInt32(ip, true), shift);
    }
  }
  if (nextEmit < n) literal(nextEmit, n - nextEmit);
  return out.subarray(0, op);
}
