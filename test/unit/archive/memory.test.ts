/**
 * Constant memory: a 50 MB entry is inflated while only small chunks are alive. Retained memory
 * (heap + ArrayBuffers, measured after a forced GC) is sampled during the stream and must not grow
 * with the entry: the source bytes are allocated before the baseline, so growth is the reader's.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ARCHIVE_CAPS, listZipEntries, openZipEntry } from '../../../src/core/archive/index.js';
import { fakeFit, makeZip, source } from './fixtures.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;
const MiB = 1024 * 1024;

function retained(): number {
  // Twice: ArrayBuffer backing stores freed by the first pass are only accounted after the second.
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function measure(level: 0 | 6) {
  const plain = fakeFit(42, 50 * MiB);
  const zip = makeZip({ 'big.fit': [plain, { level }] }, level);
  const src = source(zip);
  const { entries } = await listZipEntries(src);
  const baseline = retained();
  let peak = 0;
  let largest = 0;
  let total = 0;
  let nextSample = 0;
  for await (const chunk of openZipEntry(src, entries[0])) {
    largest = Math.max(largest, chunk.length);
    total += chunk.length;
    if (total >= nextSample) {
      peak = Math.max(peak, retained() - baseline);
      nextSample += 5 * MiB;
    }
  }
  return { total, largest, peak, reads: src.reads, expectedSize: plain.length };
}

describe('constant memory', () => {
  it('inflates a 50 MB deflated entry holding only small chunks', async () => {
    const { total, largest, peak, expectedSize } = await measure(6);
    expect(total).toBe(expectedSize);
    expect(largest).toBeLessThanOrEqual(256 * 1024);
    expect(peak).toBeLessThan(8 * MiB);
  });

  it('streams a 50 MB stored entry in read-sized chunks', async () => {
    const { total, largest, peak, reads } = await measure(0);
    expect(total).toBe(50 * MiB);
    expect(largest).toBeLessThanOrEqual(DEFAULT_ARCHIVE_CAPS.inflateSliceBytes);
    expect(peak).toBeLessThan(8 * MiB);
    expect(reads).toBeLessThanOrEqual(Math.ceil((50 * MiB) / DEFAULT_ARCHIVE_CAPS.readChunkBytes) + 3);
  });
});
