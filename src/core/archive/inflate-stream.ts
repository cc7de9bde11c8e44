/**
 * The capped decompression pump shared by ZIP entries and gzip files. Compressed bytes are read
 * by range in `readChunkBytes` pieces and pushed to a streaming fflate engine (`Inflate` for raw
 * DEFLATE, RFC 1951; `Gunzip` for RFC 1952) `inflateSliceBytes` at a time, so one push of a bomb
 * can only yield ~1,032× a small slice. After every push the output is checked against the entry
 * cap, the declared size, the ratio cap and the upload's output budget, then handed out; the
 * CRC-32 and final size are checked at the end. Consumers must discard everything they received
 * if iteration throws: output is only known good once the iterator finishes.
 *
 * The runtime's own decompressor may stand in for fflate (inflate-native.ts).
 */
import { Gunzip, Inflate } from 'fflate';
import type { ArchiveCaps } from './caps.js';
import type { ByteRange, ByteSource } from './byte-source.js';
import { readExact } from './byte-source.js';
import type { ArchiveCode } from './codes.js';
import { createArchiveError } from './codes.js';
import { isDomainError } from '../errors.js';
import { updateCrc32 } from './crc32.js';
import type { OutputBudget } from './output-budget.js';
import { chargeOutputBudget } from './output-budget.js';
import type { Inflater } from './inflate-native.js';
import { pumpWithInflater } from './inflate-native.js';

export type { Inflater } from './inflate-native.js';

export type DecompressionEngine = 'stored' | 'deflate' | 'gzip';

export interface PumpSpec {
  readonly source: ByteSource;
  /** The compressed bytes (for gzip: everything after the member header). */
  readonly range: ByteRange;
  readonly engine: DecompressionEngine;
  /** Output must be exactly this long (declared in the central directory or the gzip ISIZE). */
  readonly expectedSize: number;
  readonly expectedCrc: number;
  readonly caps: ArchiveCaps;
  readonly budget?: OutputBudget;
  /** Added to error details, e.g. `{ index }`. */
  readonly details?: Record<string, unknown>;
  /** Bytes pushed before `range` (gzip: a canonical header standing in for the checked one). */
  readonly prefix?: Uint8Array;
  /** The runtime's decompressor, when it has one (else fflate does the work). */
  readonly inflater?: Inflater;
}


/**
 * A DEFLATE stream that ended early leaves fflate buffering (and re-copying) every later input
 * byte. Real streams produce output at least once per stored block (≤ 65,535 bytes) plus a
 * block header, so this much input without output means the data after the stream is junk.
 */
function stallLimit(caps: ArchiveCaps): number {
  return 65_540 + 1024 + 2 * caps.inflateSliceBytes;
}

interface Engine {
  push(chunk: Uint8Array, final: boolean): void;
}

function createEngine(kind: DecompressionEngine, sink: (chunk: Uint8Array) => void, details: Record<string, unknown>): Engine {
  const ondata = (chunk: Uint8Array) => {
    if (chunk.length > 0) sink(chunk);
  };
  if (kind === 'stored') return { push: (chunk) => ondata(chunk) };
  if (kind === 'deflate') return new Inflate(ondata);
  const gunzip = new Gunzip(ondata);
  // Policy (see gzip.ts): one member per file. fflate announces a second member here.
  gunzip.onmember = (offset) => {
    throw createArchiveError('gzip_multi_member', { ...details, offset });
  };
  return gunzip;
}

export async function* pumpDecompressed(spec: PumpSpec): AsyncGenerator<Uint8Array, void, undefined> {
  // Only where the ratio cap cannot apply (inflate-native.ts says why): most activity files.
  if (spec.inflater && spec.engine !== 'stored' && spec.expectedSize <= spec.caps.ratioGraceBytes) yield* pumpWithInflater(spec, spec.inflater, pumpWithFflate);
  else yield* pumpWithFflate(spec);
}

async function* pumpWithFflate(spec: PumpSpec): AsyncGenerator<Uint8Array, void, undefined> {
  const { source, range, caps, expectedSize, budget } = spec;
  const details = spec.details ?? {};
  const fail = (code: ArchiveCode, extra: Record<string, unknown> = {}) => createArchiveError(code, { ...details, ...extra });
  const pending: Uint8Array[] = [];
  const engine = createEngine(spec.engine, (chunk) => pending.push(chunk), details);
  let input = 0;
  let output = 0;
  let crc = 0;
  let sinceOutput = 0;

  function push(slice: Uint8Array, final: boolean): void {
    try {
      engine.push(slice, final);
    } catch (error) {
      throw translateEngineError(error, spec.engine, details);
    }
    input += slice.length;
    sinceOutput = pending.length > 0 ? 0 : sinceOutput + slice.length;
    if (sinceOutput > stallLimit(caps)) {
      throw fail(spec.engine === 'gzip' ? 'trailing_data' : 'size_mismatch', { reason: 'data continues after the compressed stream ended' });
    }
  }

  // Checks each new chunk before anyone sees it; the order puts the most specific code first.
  function* drain(): Generator<Uint8Array, void, undefined> {
    for (const chunk of pending.splice(0)) {
      output += chunk.length;
      if (output > caps.maxEntryBytes) throw fail('entry_too_large', { output, maxEntryBytes: caps.maxEntryBytes });
      if (output > expectedSize) throw fail('size_mismatch', { output, expectedSize });
      if (output > caps.ratioGraceBytes && output > input * caps.maxRatio) throw fail('ratio_exceeded', { output, input });
      if (budget) chargeOutputBudget(budget, chunk.length);
      crc = updateCrc32(crc, chunk);
      yield chunk;
    }
  }

  if (spec.prefix) push(spec.prefix, false);
  if (range.length === 0) push(new Uint8Array(0), true);
  for (let done = 0; done < range.length; ) {
    const block = await readExact(source, range.offset + done, Math.min(caps.readChunkBytes, range.length - done));
    done += block.length;
    for (let i = 0; i < block.length; i += caps.inflateSliceBytes) {
      push(block.subarray(i, i + caps.inflateSliceBytes), done === range.length && i + caps.inflateSliceBytes >= block.length);
      yield* drain();
    }
  }
  yield* drain();
  if (output !== expectedSize) throw fail('size_mismatch', { output, expectedSize });
  if (crc !== spec.expectedCrc) throw fail('crc_mismatch', { crc, expectedCrc: spec.expectedCrc });
}

/** fflate error codes (FlateErrorCode in fflate 0.8.3) → our stable codes. */
function translateEngineError(error: unknown, engine: DecompressionEngine, details: Record<string, unknown>): unknown {
  if (isDomainError(error)) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 0) return createArchiveError('truncated_data', details, error);
  // The real gzip header was checked before the stream started, so a bad "header" can only be
  // bytes after the first member.
  if (code === 6 && engine === 'gzip') return createArchiveError('trailing_data', details, error);
  return createArchiveError('corrupt_data', { ...details, engineCode: code }, error);
}
