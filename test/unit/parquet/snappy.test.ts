/** src/core/parquet/snappy.ts writes exactly what hyparquet-writer's compressor writes, faster. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snappyCompress as library } from 'hyparquet-writer/src/snappy.js';
import { snappyCompress } from '../../../src/core/parquet/snappy.js';

const CORPUS = process.env.PACELAB_FIT_CORPUS ?? process.env.FIT_CORPUS ?? '/work/shared/fit-corpus';

function seeded(seed: number, length: number, alphabet: number): Uint8Array {
  let x = seed >>> 0 || 1;
  return Uint8Array.from({ length }, () => ((x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) % alphabet);
}

describe('snappyCompress', () => {
  it('gives the library\'s bytes on empty, tiny, repetitive, random and FIT-like input', () => {
    const inputs = [
      new Uint8Array(0), Uint8Array.of(7), seeded(1, 14, 256), seeded(2, 15, 256), new Uint8Array(100_000),
      seeded(3, 70_000, 4), ...[16, 17, 19, 31, 64, 1000, 4099].map((n) => seeded(n, n, 256)), seeded(4, 200_000, 256), seeded(5, 1 << 20, 16), new Float64Array(Array.from({ length: 50_000 }, (_, i) => 45 + i * 1e-5)).buffer,
      ...readdirSync(CORPUS).filter((n) => n.endsWith('.fit')).slice(0, 12).map((n) => readFileSync(join(CORPUS, n))),
    ].map((b) => new Uint8Array(b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    for (const input of inputs) expect(snappyCompress(input)).toEqual(library(input));
  });
});
