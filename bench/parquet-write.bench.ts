// Records → Parquet encoding cost for synthetic 1 Hz sessions with every channel (1 h, 10 h,
// 27.8 h): median ms, rows/s, output bytes per row, heap growth; plus the CSV export of the
// same file (read + format, what ?format=csv costs). Run: node scripts/bench.mjs parquet-write
// (bundled by esbuild, run with node --expose-gc). MB = 10^6 bytes.
import type { RecordColumns } from '../src/core/fit/types.js';
import { encodeRecordsParquet } from '../src/core/parquet/encode-records.js';
import { toRecordsFile } from '../src/core/parquet/read-records.js';
import { exportRecordsText } from '../src/core/records/export-records.js';
import { makeRun } from '../test/unit/parquet/fixtures.js';

const gc = (globalThis as { gc?: () => void }).gc;
const META = { sessionId: 'bench', sport: 'running' };

interface WriteFigures {
  rows: number;
  encodeMs: number;
  bytes: number;
  /** heap + ArrayBuffer growth from a collected heap to the end of one encode, before any forced GC (≈ peak) */
  peakBytes: number;
  /** still held after a full GC: the output bytes */
  retainedBytes: number;
  csvMs: number;
}

/** JS heap plus ArrayBuffers: the writer's buffers and the output live outside the JS heap. */
function memory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function measureWrite(records: RecordColumns, runs: number): Promise<WriteFigures> {
  encodeRecordsParquet(records, META); // warm-up (JIT)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    encodeRecordsParquet(records, META);
    times.push(performance.now() - t);
  }
  await settle();
  const before = memory();
  let bytes: Uint8Array | undefined = encodeRecordsParquet(records, META);
  const peak = memory() - before;
  await settle();
  const retained = memory() - before;
  const size = bytes.length;
  const csvMs = await measureCsv(bytes);
  bytes = undefined;
  return { rows: records.length, encodeMs: median(times), bytes: size, peakBytes: peak, retainedBytes: retained, csvMs };
}

/** Full GC twice around a turn of the event loop: ArrayBuffer backing stores are freed late. */
async function settle(): Promise<void> {
  gc?.();
  await new Promise((resolve) => setImmediate(resolve));
  gc?.();
}

async function measureCsv(bytes: Uint8Array): Promise<number> {
  const t = performance.now();
  const { chunks } = await exportRecordsText(toRecordsFile(bytes), 'csv');
  let length = 0;
  for await (const chunk of chunks) length += chunk.length;
  if (length === 0) throw new Error('empty CSV');
  return performance.now() - t;
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
  const widths = [9, 10, 10, 11, 9, 11, 12, 9];
  console.log(row(['rows', 'encode ms', 'rows/s', 'out KB', 'B/row', 'peak MB', 'kept MB', 'csv ms'], widths));
  for (const [rows, runs] of [[3_600, 9], [36_000, 5], [100_000, 3]] as const) {
    const records = makeRun({ rows, seed: rows });
    const f = await measureWrite(records, runs);
    console.log(
      row(
        [
          f.rows, f.encodeMs.toFixed(1), Math.round(f.rows / (f.encodeMs / 1000)), (f.bytes / 1000).toFixed(1),
          (f.bytes / f.rows).toFixed(1), (f.peakBytes / 1e6).toFixed(1), (f.retainedBytes / 1e6).toFixed(2), f.csvMs.toFixed(0),
        ],
        widths,
      ),
    );
  }
  console.log('13 channels + timestamp, FIT-quantised values, HR/GPS gaps. encode ms: median of runs after a warm-up.');
  console.log('peak: heap + ArrayBuffers at the end of one encode before GC (a lower bound if V8 collected mid-run).');
  console.log('csv ms: one read of the encoded file + CSV formatting of every row (the ?format=csv path).');
}

if (/parquet-write\.bench\.(m?js|ts)$/.test(process.argv[1] ?? '')) await main();
