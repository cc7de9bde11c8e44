// Bounded, seeded fuzz of decodeFit (issue 7): a few thousand mutations of small FIT files
// (≤ 60 KB corpus files plus generated ones, so it runs without the corpus too). Every case must
// return quickly and either decode into columns no longer than the input allows, or throw a
// DomainError with a known code. Most mutants get their CRCs recomputed: otherwise nearly all of
// them stop at `crc_mismatch` and the decoder proper is never reached.
// A failure names the case (`seed#index`, mutation) so it replays alone with the same PRNG.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { fitCrc16 } from '../../../src/core/fit/crc.js';
import { decodeFit } from '../../../src/core/fit/decode-fit.js';
import type { DecodedFit } from '../../../src/core/fit/types.js';
import { hasCorpus, readCorpusFile, readCorpusManifest } from '../support/corpus.js';
import { BASE, compressed, definition, fileIdMessages, message, T0, u16, u32, u8 } from './fit-bytes.js';
import { buildFit, concat } from './fixtures.js';
import { parseManifest } from './manifest.js';
import { buildLongRun } from './synthetic.js';
import { mulberry32 } from '../../support/mulberry32';

/** Every code the FIT core throws (validate-structure, header, walk-messages, decode-segment). */
const KNOWN_CODES = new Set(['empty_file', 'too_large', 'not_fit', 'bad_header', 'truncated', 'header_crc_mismatch', 'crc_mismatch', 'trailing_bytes', 'no_messages', 'bad_record_header', 'bad_definition', 'decode_failed']);
// FIT_FUZZ_CASES / FIT_FUZZ_SEED widen a local bug hunt; `npm test` keeps the bounded default.
const TOTAL_CASES = Number(process.env.FIT_FUZZ_CASES ?? 3_600);
const RUN_SEED = Number(process.env.FIT_FUZZ_SEED ?? 0x9e3779b9);
const MAX_SEED_BYTES = 60_000;
/** A 60 KB decode takes ~1 ms; the cap only catches super-linear blow-ups on a noisy machine. */
const CASE_MS_CAP = 1_000;
const HEAP_GROWTH_CAP = 256 * 1024 * 1024;


type Rng = () => number;
const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
const pick = <T>(rng: Rng, items: readonly T[]): T => items[int(rng, items.length)]!;
const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x40, 0x20, 0x0f, 0x10, 0xfe, 0x01];

/** Offsets of the definition and data messages of a valid file's first segment. */
interface Layout {
  definitions: number[];
  data: number[];
}

function layout(bytes: Uint8Array): Layout {
  const out: Layout = { definitions: [], data: [] };
  const sizes = new Int32Array(16);
  const end = bytes[0]! + (bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | (bytes[7]! << 24));
  for (let pos = bytes[0]!; pos < end; ) {
    const header = bytes[pos]!;
    if ((header & 0xc0) === 0x40) {
      out.definitions.push(pos);
      let size = 0;
      let cursor = pos + 6;
      for (let k = 0; k < bytes[pos + 5]!; k++, cursor += 3) size += bytes[cursor + 1]!;
      if (header & 0x20) for (let k = 0, n = bytes[cursor++]!; k < n; k++, cursor += 3) size += bytes[cursor + 1]!;
      sizes[header & 0x0f] = size;
      pos = cursor;
    } else {
      out.data.push(pos);
      pos += 1 + sizes[header & 0x80 ? (header >> 5) & 3 : header & 0x0f]!;
    }
  }
  return out;
}

/** Mutators: each edits `b` in place or returns a new array, and says what it did. */
type Mutator = (b: Uint8Array, rng: Rng, seed: Seed) => [Uint8Array, string];

const MUTATORS: Mutator[] = [
  (b, rng) => {
    const flips = 1 + int(rng, 4);
    for (let k = 0; k < flips; k++) b[int(rng, b.length)]! ^= 1 << int(rng, 8);
    return [b, `flip ${flips} bits`];
  },
  (b, rng) => {
    const at = int(rng, b.length);
    b[at] = rng() < 0.7 ? pick(rng, INTERESTING) : int(rng, 256);
    return [b, `set byte ${at}`];
  },
  (b, rng) => {
    const length = int(rng, b.length);
    return [b.slice(0, length), `truncate to ${length}`];
  },
  (b, rng, seed) => {
    const donor = pick(rng, SEEDS).bytes;
    const from = int(rng, donor.length);
    const chunk = donor.subarray(from, from + 1 + int(rng, 64));
    const at = int(rng, b.length);
    if (rng() < 0.5) return [concat(b.subarray(0, at), chunk, b.subarray(at)), `insert ${chunk.length} bytes at ${at} (${seed.name})`];
    const out = b.slice();
    out.set(chunk.subarray(0, out.length - at), at);
    return [out, `overwrite ${chunk.length} bytes at ${at}`];
  },
  (b, rng) => {
    const at = int(rng, b.length);
    const n = 1 + int(rng, 32);
    return [concat(b.subarray(0, at), b.subarray(at + n)), `delete ${n} bytes at ${at}`];
  },
  (b, rng) => {
    // header data size: off by a little, zero, or absurd
    if (b.length < 8) return [b, 'no header to edit'];
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const size = view.getUint32(4, true);
    const next = pick(rng, [0, 1, size - 1 - int(rng, 8), size + 1 + int(rng, 8), 0xffffffff, int(rng, 0x10000)]) >>> 0;
    view.setUint32(4, next, true);
    return [b, `data size ${size} → ${next}`];
  },
  (b, rng) => {
    const at = pick(rng, [0, 0, 1, 2, 3, 8, 9, 10, 11, 12, 13]);
    b[at] = at === 0 ? pick(rng, [12, 14, 0, 13, 15, 255]) : int(rng, 256);
    return [b, `header byte ${at} = ${b[at]}`];
  },
  (b, rng, seed) => {
    // a definition's architecture, global number, field count, or one field's number/size/type
    const pos = pick(rng, seed.layout.definitions);
    const fields = b[pos + 5]!;
    const field = pos + 6 + 3 * int(rng, Math.max(fields, 1));
    const edits: [number, number][] = [
      [pos, (b[pos]! & 0xf0) | int(rng, 16)],
      [pos, b[pos]! ^ 0x20],
      [pos + 2, pick(rng, [0, 1, 2])],
      [pos + 3, pick(rng, [0, 18, 19, 20, 21, 132, int(rng, 256)])],
      [pos + 5, pick(rng, [0, 1, fields - 1, fields + 1, 255])],
      [field, pick(rng, [253, 0, 3, 7, 78, 73, int(rng, 256)])],
      [field + 1, pick(rng, [0, 1, 2, 3, 4, 8, 255, int(rng, 256)])],
      [field + 2, pick(rng, [0x00, 0x01, 0x02, 0x07, 0x0a, 0x0d, 0x83, 0x84, 0x85, 0x86, 0x88, 0x89, 0x8b, 0x8c, 0x8e, 0x8f, 0x90, 0x04, int(rng, 256)])],
    ];
    const [at, value] = pick(rng, edits);
    b[at] = value & 0xff;
    return [b, `definition at ${pos}: byte ${at} = ${b[at]}`];
  },
  (b, rng, seed) => {
    // a data message: another local type, a compressed-timestamp header, or an invalid/extreme payload
    const pos = pick(rng, seed.layout.data);
    const choice = int(rng, 3);
    if (choice === 0) b[pos] = int(rng, 16);
    else if (choice === 1) b[pos] = 0x80 | (int(rng, 4) << 5) | int(rng, 32);
    else for (let k = 1, n = 1 + int(rng, 8); k <= n && pos + k < b.length; k++) b[pos + k] = pick(rng, INTERESTING);
    return [b, `data message at ${pos}: ${['local type', 'compressed header', 'payload'][choice]}`];
  },
];

/** Recomputes the header and file CRCs of every segment the (possibly damaged) headers declare. */
function fixCrcs(b: Uint8Array): void {
  for (let offset = 0; offset + 12 <= b.length; ) {
    const headerSize = b[offset]!;
    if (headerSize !== 12 && headerSize !== 14) return;
    if (headerSize === 14 && offset + 14 <= b.length) writeU16(b, offset + 12, fitCrc16(b, offset, offset + 12));
    const dataSize = (b[offset + 4]! | (b[offset + 5]! << 8) | (b[offset + 6]! << 16) | (b[offset + 7]! << 24)) >>> 0;
    const end = offset + headerSize + dataSize + 2;
    if (end > b.length) return;
    writeU16(b, end - 2, fitCrc16(b, offset, end - 2));
    offset = end;
  }
}

function writeU16(b: Uint8Array, at: number, value: number): void {
  b[at] = value & 0xff;
  b[at + 1] = value >>> 8;
}

interface Seed {
  name: string;
  bytes: Uint8Array;
  layout: Layout;
}

/** FIT seconds where buildLongRun starts (2024-06-01T05:00:00Z). */
const RUN_START = (Date.parse('2024-06-01T05:00:00Z') - 631_065_600_000) / 1000;

/** A short run plus a chained HRM segment (anchor + packed messages), so merge-hr is fuzzed too. */
function chainedHrRun(): Uint8Array {
  const packed = [...u32(0x00200100), ...u32(0x00500400), ...u32(0x00800700)]; // 8 rolling 12-bit tick counts
  const hr = buildFit([
    ...definition(0, 132, [[253, 4, BASE.uint32], [0, 2, BASE.uint16], [9, 4, BASE.uint32], [6, 1, BASE.uint8]]),
    ...message(0, u32(RUN_START), u16(0), u32(1024), u8(120)),
    ...definition(1, 132, [[10, 12, BASE.byte], [6, 8, BASE.uint8]]),
    ...message(1, packed, [121, 122, 123, 124, 125, 126, 127, 128]),
  ]);
  return concat(buildLongRun(40), hr);
}

/** Big-endian records, developer fields and compressed timestamps in one small file. */
function oddRecords(): Uint8Array {
  const be = true;
  return buildFit([
    ...fileIdMessages(),
    ...definition(0, 20, [[253, 4, BASE.uint32], [3, 1, BASE.uint8], [7, 2, BASE.uint16], [0, 4, BASE.sint32]], { bigEndian: be, developer: [[0, 2, 0]] }),
    ...message(0, u32(T0, be), u8(140), u16(250, be), u32(0x20000000, be), u16(7, be)),
    ...definition(1, 20, [[3, 1, BASE.uint8], [5, 4, BASE.uint32]]),
    ...compressed(1, 3, u8(141), u32(1_000)),
    ...compressed(1, 2, u8(142), u32(2_000)),
    ...definition(2, 18, [[2, 4, BASE.uint32], [7, 4, BASE.uint32], [5, 1, BASE.enum]]),
    ...message(2, u32(T0), u32(40_000), u8(1)),
  ]);
}

function loadSeeds(): Seed[] {
  const named: [string, Uint8Array][] = [
    ['generated-run-240s', buildLongRun(240)],
    ['generated-chained-hr', chainedHrRun()],
    ['generated-odd-records', oddRecords()],
  ];
  if (hasCorpus()) {
    for (const file of parseManifest(readCorpusManifest())) {
      if (!file.mustReject && file.bytes <= MAX_SEED_BYTES) named.push([file.name, readCorpusFile(file.name)]);
    }
  }
  return named.map(([name, bytes]) => ({ name, bytes, layout: layout(bytes) }));
}

const SEEDS = loadSeeds();

/** The allocation check: no column longer than the input has room for records. */
function checkDecoded(decoded: DecodedFit, input: Uint8Array): void {
  const { records } = decoded;
  // a record message is at least its 1-byte header
  expect(records.length).toBeLessThanOrEqual(input.length);
  expect(records.timestamp.length).toBe(records.length);
  for (const column of Object.values(records.channels)) expect(column.length).toBe(records.length);
  expect(decoded.sessions.length + decoded.laps.length + decoded.events.length).toBeLessThanOrEqual(input.length);
  expect(decoded.segments).toBeGreaterThanOrEqual(1);
}

function heapBytes(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

describe('decodeFit fuzz: seeded mutations of small FIT files', () => {
  it('every seed decodes unmutated', async () => {
    expect(SEEDS.length).toBeGreaterThanOrEqual(3);
    for (const seed of SEEDS) expect(seed.bytes.length, seed.name).toBeLessThanOrEqual(MAX_SEED_BYTES);
    for (const seed of SEEDS) checkDecoded(await decodeFit(seed.bytes), seed.bytes);
  });

  it(`${TOTAL_CASES} mutants: each decodes within bounds or throws a known DomainError code`, async () => {
    const outcomes = new Map<string, number>();
    const baseline = heapBytes();
    let peakGrowth = 0;
    const perSeed = Math.ceil(TOTAL_CASES / SEEDS.length);
    for (const [s, seed] of SEEDS.entries()) {
      const rng = mulberry32(RUN_SEED ^ (s * 7919));
      for (let i = 0; i < perSeed; i++) {
        let bytes: Uint8Array = seed.bytes.slice();
        const steps: string[] = [];
        for (let k = 0, n = rng() < 0.8 ? 1 : 2; k < n && bytes.length > 0; k++) {
          const [next, what] = pick(rng, MUTATORS)(bytes, rng, seed);
          bytes = next;
          steps.push(what);
        }
        if (rng() < 0.85) fixCrcs(bytes);
        const id = `${seed.name}#${i} (${steps.join('; ')})`;
        const started = performance.now();
        let outcome = 'decoded';
        try {
          checkDecoded(await decodeFit(bytes), bytes);
        } catch (error) {
          if (!(error instanceof DomainError)) throw new Error(`${id}: ${String(error)}`, { cause: error });
          expect(KNOWN_CODES.has(error.code), `${id}: unknown code ${error.code}`).toBe(true);
          expect(error.message.length, id).toBeGreaterThan(10);
          outcome = error.code;
        }
        expect(performance.now() - started, id).toBeLessThan(CASE_MS_CAP);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (i % 50 === 0) peakGrowth = Math.max(peakGrowth, heapBytes() - baseline);
      }
    }
    expect(peakGrowth).toBeLessThan(HEAP_GROWTH_CAP);
    // the mutants must reach past the CRC check into the walk and the decoder
    const count = (code: string): number => outcomes.get(code) ?? 0;
    expect(count('decoded')).toBeGreaterThan(TOTAL_CASES * 0.05);
    expect(count('bad_record_header') + count('bad_definition') + count('truncated')).toBeGreaterThan(TOTAL_CASES * 0.05);
  }, Math.max(60_000, TOTAL_CASES * 5));
});
