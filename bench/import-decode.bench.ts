// FIT import cost per corpus file: structural validation, full decode (validation + parser +
// mapping), records/s and heap per MB of FIT. Run: node scripts/bench.mjs import-decode
// (bundled by esbuild, run with node --expose-gc). MB = 10^6 bytes.
import { decodeFit, type DecodedFit, validateFitStructure } from '../src/core/fit/index.js';
import { hasCorpus, readCorpusFile, readCorpusManifest } from '../test/unit/support/corpus.js';
import { parseManifest } from '../test/unit/fit/manifest.js';

export interface DecodeFigures {
  bytes: number;
  records: number;
  validateMs: number;
  decodeMs: number;
  /** heap + array buffers grown from a collected heap to the end of one decode, before any forced GC (≈ peak; a lower bound, minor GCs may run) */
  peakHeapBytes: number;
  /** heap still held by the decoded result after a full GC */
  /** bytes of the record columns the DecodedFit keeps (exact; GC-based retained readings proved unreliable) */
  columnBytes: number;
}

/** Module-level so V8 cannot treat the result as dead before the heap reading. */
let sink: DecodedFit | undefined;

const gc = (globalThis as { gc?: () => void }).gc;

/** Median-of-`runs` timings plus one heap measurement; reusable by later import benchmarks. */
export async function measureDecode(bytes: Uint8Array, runs = 5): Promise<DecodeFigures> {
  const options = { maxBytes: 64 * 1024 * 1024 };
  const validateTimes: number[] = [];
  const decodeTimes: number[] = [];
  await decodeFit(bytes, options); // warm-up (JIT)
  for (let i = 0; i < runs; i++) {
    let t = performance.now();
    validateFitStructure(bytes, options);
    validateTimes.push(performance.now() - t);
    t = performance.now();
    await decodeFit(bytes, options);
    decodeTimes.push(performance.now() - t);
  }
  fullGc();
  const before = heapBytes();
  sink = await decodeFit(bytes, options);
  const peak = heapBytes() - before;
  const { records } = sink;
  const columnBytes = Object.values(records.channels).reduce((n, c) => n + c.byteLength, records.timestamp.byteLength);
  sink = undefined;
  return {
    bytes: bytes.length,
    records: records.length,
    validateMs: median(validateTimes),
    decodeMs: median(decodeTimes),
    peakHeapBytes: peak,
    columnBytes,
  };
}

function fullGc(): void {
  gc?.();
  gc?.();
}

/** JS heap + ArrayBuffer backing stores (the record columns are Float64Arrays, off the JS heap). */
function heapBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
}

async function main(): Promise<void> {
  if (!gc) console.warn('global.gc is not available (run with node --expose-gc): heap figures are noisy.');
  if (!hasCorpus()) return;
  const files = parseManifest(readCorpusManifest()).filter((f) => !f.mustReject);
  const widths = [46, 9, 8, 12, 12, 11, 13, 13];
  console.log(row(['file', 'KB', 'records', 'valid ms/MB', 'decode ms/MB', 'records/s', 'peak MB/MB', 'columns MB/MB'], widths));
  const total = { bytes: 0, records: 0, validateMs: 0, decodeMs: 0, peakWorst: 0, keptWorst: 0 };
  for (const file of files) {
    const bytes = readCorpusFile(file.name);
    const f = await measureDecode(bytes, bytes.length > 1_000_000 ? 3 : 5);
    const mb = f.bytes / 1e6;
    const peakPerMb = f.peakHeapBytes / 1e6 / mb;
    const keptPerMb = f.columnBytes / 1e6 / mb;
    console.log(
      row(
        [file.name, (f.bytes / 1000).toFixed(1), f.records, (f.validateMs / mb).toFixed(1), (f.decodeMs / mb).toFixed(0), f.records ? Math.round(f.records / (f.decodeMs / 1000)) : '-', peakPerMb.toFixed(1), keptPerMb.toFixed(1)],
        widths,
      ),
    );
    total.bytes += f.bytes;
    total.records += f.records;
    total.validateMs += f.validateMs;
    total.decodeMs += f.decodeMs;
    if (f.bytes > 100_000) {
      total.peakWorst = Math.max(total.peakWorst, peakPerMb);
      total.keptWorst = Math.max(total.keptWorst, keptPerMb);
    }
  }
  const mb = total.bytes / 1e6;
  console.log(
    row(
      [`TOTAL (${files.length} files)`, (total.bytes / 1000).toFixed(1), total.records, (total.validateMs / mb).toFixed(1), (total.decodeMs / mb).toFixed(0), Math.round(total.records / (total.decodeMs / 1000)), `≤${total.peakWorst.toFixed(1)}`, `≤${total.keptWorst.toFixed(1)}`],
      widths,
    ),
  );
  console.log('ms/MB: median per run; TOTAL = summed medians / summed MB. Heap (JS heap + ArrayBuffers): worst over files > 100 KB (small files are noise); columns = Float64Array bytes of the decoded records.');
}

if (/import-decode\.bench\.(m?js|ts)$/.test(process.argv[1] ?? '')) await main();
