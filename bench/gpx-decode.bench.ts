// GPX decoding cost on a generated 50 MB GPX (1 Hz run with HR, cadence, elevation, power),
// next to the FIT decoder on a generated 24 h run: MB/s and peak heap per MB of input.
// Two GPX inputs: the file in memory (as the Worker holds an archive member), and a stream
// generated chunk by chunk (never held whole: memory stays flat in the file size, only the
// columns grow). Peak heap = the highest heap + array buffers sampled between chunks, above a
// collected heap before the decode, input bytes excluded. Run: npm run bench -- gpx-decode.
import { decodeGpx } from '../src/core/activity/index.js';
import { decodeFit } from '../src/core/fit/index.js';
import { buildGpx, gpxPoint, wanderingTrack } from '../test/support/gpx-tcx-fixtures.js';
import { buildLongRun } from '../test/unit/fit/synthetic.js';

const gc = (globalThis as { gc?: () => void }).gc;
const MB = 1e6;
const TARGET = 50 * MB;
const memory = () => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
const fullGc = () => { gc?.(); gc?.(); };

/** The 50 MB GPX as chunks of ~1 MB, generated from a deterministic track. */
function* gpxChunks(): Generator<Uint8Array> {
  const encoder = new TextEncoder();
  const head = buildGpx({ points: [], name: 'Bench run', type: '9' }).split('<trkseg>')[0] + '<trkseg>\n';
  yield encoder.encode(head);
  let produced = head.length;
  let start = Date.parse('2024-01-01T06:00:00Z');
  while (produced < TARGET) {
    const points = wanderingTrack(3000, { start }).map((p, i) => ({ ...p, power: 250 + (i % 30) }));
    start += 3000 * 1000;
    const text = points.map((p) => gpxPoint(p, 'gpxtpx:', '', true)).join('');
    produced += text.length;
    yield encoder.encode(text);
  }
  yield encoder.encode('</trkseg>\n</trk>\n</gpx>\n');
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

async function* sampled(chunks: Iterable<Uint8Array>, peak: { value: number }): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    peak.value = Math.max(peak.value, memory());
    yield chunk;
  }
}

async function measure(label: string, bytes: number, run: (peak: { value: number }) => Promise<number>, heldBytes: number): Promise<void> {
  await run({ value: 0 }); // warm-up
  const times: number[] = [];
  let points = 0;
  let peakPerMb = Infinity;
  for (let i = 0; i < 3; i++) {
    fullGc();
    const before = memory();
    const peak = { value: before };
    const t = performance.now();
    points = await run(peak);
    times.push(performance.now() - t);
    peak.value = Math.max(peak.value, memory());
    peakPerMb = Math.min(peakPerMb, (peak.value - before - heldBytes) / (bytes / MB));
  }
  times.sort((a, b) => a - b);
  const ms = times[1]!;
  console.log(`${label.padEnd(34)} ${(bytes / MB).toFixed(1).padStart(6)} MB  ${String(points).padStart(7)} points  ${((bytes / MB) / (ms / 1000)).toFixed(1).padStart(6)} MB/s  peak heap ${(Math.max(0, peakPerMb) / MB).toFixed(2)} MB per MB`);
}

const parts = [...gpxChunks()];
const file = concat(parts);
parts.length = 0;
console.log(`generated GPX: ${(file.length / MB).toFixed(1)} MB`);
await measure('GPX, file in memory (decodeGpx)', file.length, async (peak) => {
  const chunks = function* () { for (let i = 0; i < file.length; i += 1 << 20) yield file.subarray(i, i + (1 << 20)); };
  return (await decodeGpx(sampled(chunks(), peak))).decoded.records.length;
}, 0);
await measure('GPX, generated stream (+ generation)', file.length, async (peak) => (await decodeGpx(sampled(gpxChunks(), peak))).decoded.records.length, 0);

const fit = buildLongRun(86_400);
await measure('FIT 24 h 1 Hz (decodeFit)', fit.length, async () => (await decodeFit(fit, { maxBytes: 64 * 1024 * 1024 })).records.length, 0);
