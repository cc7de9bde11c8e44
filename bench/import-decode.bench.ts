// FIT import cost per corpus file, fast decoder vs fit-file-parser side by side: ms/MB,
// records/s, peak heap per MB of FIT and the speed ratio, per file and in total; plus the
// structural validation alone, a bare byte scan (the floor), and a generated 24 h run.
// Run: node scripts/bench.mjs import-decode (bundled by esbuild, node --expose-gc). MB = 10^6 bytes.
import { decodeFit, type DecodedFit, validateFitStructure } from '../src/core/fit/index.js';
import { decodeFitReference } from '../src/core/fit/decode-fit-reference.js';
import { hasCorpus, readCorpusFile, readCorpusManifest } from '../test/unit/support/corpus.js';
import { parseManifest } from '../test/unit/fit/manifest.js';
import { buildLongRun } from '../test/unit/fit/synthetic.js';

type Decoder = (bytes: Uint8Array, options: { maxBytes: number }) => Promise<DecodedFit>;

export interface DecodeFigures {
  bytes: number;
  records: number;
  ms: number;
  /** heap + array buffers grown from a collected heap to the end of one decode, before any forced GC (≈ peak; a lower bound, minor GCs may run) */
  peakHeapBytes: number;
}

const OPTIONS = { maxBytes: 64 * 1024 * 1024 };
/** Module-level so V8 cannot treat the result as dead before the heap reading. */
let sink: DecodedFit | undefined;
let scanSink = 0;
const gc = (globalThis as { gc?: () => void }).gc;

/** Median-of-`runs` time plus heap measurements from a collected heap. */
export async function measureDecode(decode: Decoder, bytes: Uint8Array, runs = 5): Promise<DecodeFigures> {
  await decode(bytes, OPTIONS); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await decode(bytes, OPTIONS);
    times.push(performance.now() - t);
  }
  // least of three readings: unrelated allocation (JIT code, feedback) only ever adds to one
  let peak = Infinity;
  let records = 0;
  for (let i = 0; i < 3; i++) {
    fullGc();
    const before = heapBytes();
    sink = await decode(bytes, OPTIONS);
    peak = Math.min(peak, heapBytes() - before);
    records = sink.records.length;
    sink = undefined;
  }
  return { bytes: bytes.length, records, ms: median(times), peakHeapBytes: peak };
}

/** Median ms of `run` (after one warm-up call). */
function timeIt(run: () => void, runs: number): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** The floor: touch every byte once. */
function scanBytes(bytes: Uint8Array): void {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + bytes[i]!) | 0;
  scanSink ^= sum;
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

const WIDTHS = [44, 8, 7, 6, 6, 8, 9, 7, 10, 10, 7, 7];
const HEAD = ['file', 'KB', 'records', 'scan', 'valid', 'fast', 'ffp', 'ratio', 'fast rec/s', 'ffp rec/s', 'fast pk', 'ffp pk'];

function row(cells: (string | number)[]): string {
  return cells.map((c, i) => (i === 0 ? String(c).padEnd(WIDTHS[i]!) : String(c).padStart(WIDTHS[i]!))).join(' ');
}

interface Line {
  name: string;
  bytes: number;
  records: number;
  scanMs: number;
  validateMs: number;
  fast: DecodeFigures;
  ref: DecodeFigures;
}

async function measureFile(name: string, bytes: Uint8Array): Promise<Line> {
  const runs = bytes.length > 1_000_000 ? 3 : 5;
  const fast = await measureDecode(decodeFit, bytes, runs * 4);
  const ref = await measureDecode(decodeFitReference, bytes, runs);
  const scanMs = timeIt(() => scanBytes(bytes), 9);
  const validateMs = timeIt(() => validateFitStructure(bytes, OPTIONS), 9);
  return { name, bytes: bytes.length, records: fast.records, scanMs, validateMs, fast, ref };
}

function print(line: Line): void {
  const mb = line.bytes / 1e6;
  const perSecond = (f: DecodeFigures): string | number => (f.records ? Math.round(f.records / (f.ms / 1000)) : '-');
  console.log(
    row([
      line.name,
      (line.bytes / 1000).toFixed(1),
      line.records,
      (line.scanMs / mb).toFixed(2),
      (line.validateMs / mb).toFixed(1),
      (line.fast.ms / mb).toFixed(1),
      (line.ref.ms / mb).toFixed(0),
      `${(line.ref.ms / line.fast.ms).toFixed(1)}×`,
      perSecond(line.fast),
      perSecond(line.ref),
      (line.fast.peakHeapBytes / line.bytes).toFixed(1),
      (line.ref.peakHeapBytes / line.bytes).toFixed(1),
    ]),
  );
}

async function main(): Promise<void> {
  if (!gc) console.warn('global.gc is not available (run with node --expose-gc): heap figures are noisy.');
  if (!hasCorpus()) return;
  const files = parseManifest(readCorpusManifest()).filter((f) => !f.mustReject);
  console.log(row(HEAD));
  const lines: Line[] = [];
  for (const file of files) {
    const line = await measureFile(file.name, readCorpusFile(file.name));
    print(line);
    lines.push(line);
  }
  const sum = (pick: (l: Line) => number): number => lines.reduce((n, l) => n + pick(l), 0);
  const big = lines.filter((l) => l.bytes > 100_000);
  const worst = (pick: (l: Line) => number): number => Math.max(...big.map((l) => pick(l) / l.bytes));
  const total: Line = {
    name: `TOTAL (${lines.length} files)`,
    bytes: sum((l) => l.bytes),
    records: sum((l) => l.records),
    scanMs: sum((l) => l.scanMs),
    validateMs: sum((l) => l.validateMs),
    fast: { bytes: 0, records: sum((l) => l.records), ms: sum((l) => l.fast.ms), peakHeapBytes: 0 },
    ref: { bytes: 0, records: sum((l) => l.records), ms: sum((l) => l.ref.ms), peakHeapBytes: 0 },
  };
  total.fast.peakHeapBytes = worst((l) => l.fast.peakHeapBytes) * total.bytes;
  total.ref.peakHeapBytes = worst((l) => l.ref.peakHeapBytes) * total.bytes;
  print(total);
  console.log('\nGenerated 24 h run at 1 Hz (HR, power, GPS, running dynamics; fit-file-parser encoder):');
  print(await measureFile('synthetic-24h-run.fit', buildLongRun(86_400)));
  console.log(
    '\nscan/valid/fast/ffp: ms per MB (median of runs; TOTAL = summed medians / summed MB); valid = structural validation alone (included in fast and ffp);' +
      '\nratio = ffp ms / fast ms; pk = peak heap growth during one decode (JS heap + ArrayBuffers, from a collected heap, no GC forced during it; least of 3) per byte of FIT;' +
      ' TOTAL pk = worst over files > 100 KB (small files are noise).',
  );
  if (scanSink === 0.5) console.log(scanSink);
}

if (/import-decode\.bench\.(m?js|ts)$/.test(process.argv[1] ?? '')) await main();
