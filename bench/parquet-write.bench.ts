// Records → Parquet encoding cost for synthetic 1 Hz sessions with every channel (1 h, 10 h,
// 27.8 h): median ms, rows/s, output bytes per row, heap growth; plus the CSV export of the
// same file (read + format, what ?format=csv costs). Then the corpus running files (what a bulk
// import encodes): ms per file of our writer vs hyparquet-writer's generic path (the encoder
// before issue 14 item 5, same bytes), alternating in one process, as a ratio.
// Run: node scripts/bench.mjs parquet-write
// (bundled by esbuild, run with node --expose-gc). MB = 10^6 bytes.
import type { RecordColumns } from '../src/core/fit/types.js';
import { encodeRecordsParquet } from '../src/core/parquet/encode-records.js';
import { toRecordsFile } from '../src/core/parquet/read-records.js';
import { exportRecordsText } from '../src/core/records/export-records.js';
import { makeRun } from '../test/unit/parquet/fixtures.js';
import { encodeWithLibrary } from '../test/unit/parquet/library-encode.js';
import { decodeFit, sliceRecordsForSession } from '../src/core/fit/index.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

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
  await corpusBeforeAfter();
}

/** Corpus run-*.fit sessions, encoded by our writer and by the library alternately (rounds interleaved). */
async function corpusBeforeAfter(): Promise<void> {
  const corpus = resolve(process.env.FIT_CORPUS ?? join(process.cwd(), '..', 'shared', 'fit-corpus'));
  let names: string[];
  try { names = readdirSync(corpus).filter((n) => /^run-.*\.fit$/.test(n)).sort(); } catch { names = []; }
  const sessions: Array<{ records: RecordColumns; sport?: string }> = [];
  for (const name of names) {
    try {
      const decoded = await decodeFit(new Uint8Array(readFileSync(join(corpus, name))));
      for (const s of decoded.sessions) sessions.push({ records: sliceRecordsForSession(decoded.records, s), sport: s.sport });
    } catch { /* not a usable activity */ }
  }
  if (sessions.length === 0) { console.log('corpus: no run-*.fit found (set FIT_CORPUS): before/after skipped'); return; }
  const encoders = { ours: encodeRecordsParquet, library: encodeWithLibrary };
  const ms = { ours: 0, library: 0 };
  let rows = 0;
  let bytes = 0;
  const ROUNDS = 40;
  for (let r = -5; r < ROUNDS; r++) {
    for (const key of r % 2 ? (['ours', 'library'] as const) : (['library', 'ours'] as const)) {
      const t = performance.now();
      for (const s of sessions) {
        const out = encoders[key](s.records, { sessionId: 'bench', sport: s.sport });
        if (r === 0 && key === 'ours') { rows += s.records.length; bytes += out.length; }
      }
      if (r >= 0) ms[key] += performance.now() - t; // the first rounds warm the JIT
    }
  }
  const per = (x: number) => (x / ROUNDS / names.length).toFixed(2);
  console.log(`corpus running files (${names.length} files, ${rows} rows, ${(bytes / rows).toFixed(2)} B/row), ms per file over ${ROUNDS} interleaved rounds: our writer ${per(ms.ours)} vs hyparquet-writer's generic path (before) ${per(ms.library)}: ${(ms.library / ms.ours).toFixed(2)}× faster; load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
}

if (/parquet-write\.bench\.(m?js|ts)$/.test(process.argv[1] ?? '')) await main();
