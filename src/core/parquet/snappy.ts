/**
 * Snappy compression for the records Parquet pages: the algorithm of hyparquet-writer 0.17.0's
 * compressor (a port of snappyjs, MIT, Copyright (c) 2016 Zhipeng Jia), byte for byte the same
 * output, written straight into one buffer of the format's worst-case size instead of a growing
 * ByteWriter (a bounds check, a DataView call and a counter per output byte). Snappy was ~8 % of
 * the Worker's CPU during a bulk import (issue 14 item 5). The golden file test and a comparison
 * with the library's compressor on corpus pages check the bytes are the same.
 */

const MAX_HASH_TABLE_BITS = 14;
const MAX_OFFSET = 0xffff;
const INPUT_MARGIN = 15;
const hashTables: Array<Uint32Array | undefined> = [];

function hashOf(key: number, shift: number): number {
  return Math.imul(key, 0x1e35a7bd) >>> shift;
}

function load32(a: Uint8Array, p: number): number {
  return a[p] + (a[p + 1] << 8) + (a[p + 2] << 16) + (a[p + 3] << 24);
}

function equals32(a: Uint8Array, p: number, q: number): boolean {
  return a[p] === a[q] && a[p + 1] === a[q + 1] && a[p + 2] === a[q + 2] && a[p + 3] === a[q + 3];
}

export function snappyCompress(input: Uint8Array): Uint8Array {
  const n = input.length;
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
    out.set(input.subarray(ip, ip + len), op);
    op += len;
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
    let nextHash = hashOf(load32(input, ip), shift);
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
        nextHash = hashOf(load32(input, nextIp), shift);
        candidate = table[hash];
        table[hash] = ip;
      } while (ip - candidate > MAX_OFFSET || !equals32(input, ip, candidate));
      literal(nextEmit, ip - nextEmit);
      do {
        const base = ip;
        let matched = 4;
        while (ip + matched < n && input[ip + matched] === input[candidate + matched]) matched++;
        ip += matched;
        copy(base - candidate, matched);
        nextEmit = ip;
        if (ip >= ipLimit) break outer;
        table[hashOf(load32(input, ip - 1), shift)] = ip - 1;
        const cur = hashOf(load32(input, ip), shift);
        candidate = table[cur];
        table[cur] = ip;
      } while (ip - candidate <= MAX_OFFSET && equals32(input, ip, candidate));
      ip++;
      nextHash = hashOf(load32(input, ip), shift);
    }
  }
  if (nextEmit < n) literal(nextEmit, n - nextEmit);
  return out.subarray(0, op);
}
