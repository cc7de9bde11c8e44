/**
 * Archive core figures: listing a 10,000-entry ZIP (time, range reads) and inflating a 50 MB
 * entry (MB/s, retained-memory increase), with fflate's one-shot inflateSync as the speed
 * reference (used here only to measure, never on untrusted data) and the slice-size trade-off.
 * Run: node scripts/bench.mjs archive
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync, inflateSync, zipSync } from 'fflate';
import { createMemoryByteSource, listZipEntries, openZipEntry, resolveArchiveCaps } from '../src/core/archive/index.js';
import type { ArchiveCaps, ZipEntry } from '../src/core/archive/index.js';

const MiB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** FIT-like bytes: 6 random bits per byte, compresses ~1.3:1 (real FIT: 1.6–2.1:1). */
function varied(size: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed >>> 0;
  for (let i = 0; i < size; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    bytes[i] = (x >>> 16) & 0x3f;
  }
  return bytes;
}

/** Real FIT bytes (the shared corpus, concatenated to `size`), or null without the corpus. */
function corpusBytes(size: number): Uint8Array | null {
  const dir = process.env.PACELAB_FIT_CORPUS ?? '/work/shared/fit-corpus';
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /^(run|ride|multisport)-.*\.fit$/.test(f));
  } catch {
    return null;
  }
  const out = new Uint8Array(size);
  for (let at = 0, i = 0; at < size; i++) {
    const bytes = readFileSync(join(dir, files[i % files.length]));
    out.set(bytes.subarray(0, size - at), at);
    at += Math.min(bytes.length, size - at);
  }
  return out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

function retained(): number {
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function benchListing(): Promise<void> {
  const files: Record<string, Uint8Array> = {};
  for (let i = 0; i < 10_000; i++) files[`DI_CONNECT/DI-Connect-Uploaded-Files/activity_${i}.fit`] = varied(64, i);
  const zip = zipSync(files, { level: 0 });
  const times: number[] = [];
  let reads = 0;
  for (let run = 0; run < 7; run++) {
    const source = createMemoryByteSource(zip);
    const started = performance.now();
    const { entries } = await listZipEntries(source);
    times.push(performance.now() - started);
    reads = source.reads;
    if (entries.length !== 10_000) throw new Error('listing lost entries');
  }
  const source = createMemoryByteSource(zip);
  const before = retained();
  const listing = await listZipEntries(source);
  const held = retained() - before;
  console.log(`list 10,000 entries (${(zip.length / MiB).toFixed(1)} MiB zip): median ${median(times).toFixed(1)} ms, ${reads} range reads, listing holds ${(held / MiB).toFixed(1)} MiB (${Math.round(held / listing.entries.length)} B/entry)`);
}

async function inflateOnce(zip: Uint8Array, entry: ZipEntry, caps: ArchiveCaps, sampleMemory: boolean) {
  const source = createMemoryByteSource(zip);
  const baseline = sampleMemory ? retained() : 0;
  let peak = 0;
  let total = 0;
  let nextSample = 0;
  const started = performance.now();
  for await (const chunk of openZipEntry(source, entry, caps)) {
    total += chunk.length;
    if (sampleMemory && total >= nextSample) {
      peak = Math.max(peak, retained() - baseline);
      nextSample += 5 * MiB;
    }
  }
  const ms = performance.now() - started;
  return { ms, mbps: total / 1e6 / (ms / 1000), peak, reads: source.reads };
}

async function benchInflate(name: string, plain: Uint8Array): Promise<void> {
  const compressedRef = deflateSync(plain, { level: 6 });
  console.log(`${name}: deflate ratio ${(plain.length / compressedRef.length).toFixed(2)}:1`);
  for (const level of [6, 0] as const) {
    const zip = zipSync({ 'big.fit': [plain, { level }] }, { level });
    const { entries } = await listZipEntries(createMemoryByteSource(zip));
    const kind = level === 0 ? 'stored ' : 'deflate';
    const slices = level === 0 ? [8192] : [4096, 8192, 16384];
    for (const slice of slices) {
      const caps = resolveArchiveCaps({ inflateSliceBytes: slice });
      const speed = [] as number[];
      let reads = 0;
      for (let run = 0; run < 3; run++) {
        const result = await inflateOnce(zip, entries[0], caps, false);
        speed.push(result.mbps);
        reads = result.reads;
      }
      const memory = await inflateOnce(zip, entries[0], caps, true);
      console.log(`  ${kind} 50 MiB entry, ${slice / 1024} KiB slices: ${median(speed).toFixed(0)} MB/s, ${reads} range reads, peak retained +${(memory.peak / MiB).toFixed(2)} MiB`);
    }
  }
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    inflateSync(compressedRef);
    times.push(performance.now() - started);
  }
  console.log(`  reference: fflate inflateSync (one-shot, whole buffer in memory): ${(plain.length / 1e6 / (median(times) / 1000)).toFixed(0)} MB/s`);
}

await benchListing();
const corpus = corpusBytes(50 * MiB);
if (corpus) await benchInflate('corpus FIT files, concatenated', corpus);
await benchInflate('synthetic 6-bit noise (worst case for inflate)', varied(50 * MiB, 42));
