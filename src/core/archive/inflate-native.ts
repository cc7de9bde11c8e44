/**
 * An `Inflater` (port) standing in for fflate in the capped pump (inflate-stream.ts): the
 * runtime's own decompressor (workerd's DecompressionStream, zlib in C++) inflated an export's members at ~2–3× fflate's speed, and
 * fflate's streaming Inflate was the largest single item of the Worker's CPU profile during a
 * bulk import (issue 14 item 5). Its output gets the same checks, but the verdict on a member
 * that fails is always fflate's: the native decompressor is stricter (it refuses any byte after
 * the stream's end), its errors carry no stable code, and it takes compressed input ahead of
 * what it has inflated, so which cap trips first could differ. On any failure the member is
 * read again with fflate, which gives the code; the output already handed out is checked to be
 * the same bytes and not handed out twice. For the same reason it is used only for members
 * declaring at most `ratioGraceBytes` (1 MiB): the streaming ratio cap, which depends on how
 * much input had gone in, cannot trip before the declared size does, so a member it accepts is
 * one fflate accepts (a typical FIT is 20–400 kB; larger members keep fflate).
 */
import { readExact } from './byte-source.js';
import { createArchiveError } from './codes.js';
import { updateCrc32 } from './crc32.js';
import type { PumpSpec } from './inflate-stream.js';
import { chargeOutputBudget } from './output-budget.js';

/**
 * A raw DEFLATE (RFC 1951) or gzip (RFC 1952) decompressor: `input` is pulled as it is needed,
 * output comes back in small chunks. It throws on damaged, truncated or trailing input; what it
 * throws needs no code (the pump asks fflate for the verdict). Returning early must stop it.
 */
export interface Inflater {
  inflate(format: 'deflate-raw' | 'gzip', input: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array>;
}

type FflatePump = (spec: PumpSpec) => AsyncGenerator<Uint8Array, void, undefined>;

/** The fflate pump's output checks on the inflater's chunks; a member that fails any goes to fflate for the verdict. */
export async function* pumpWithInflater(spec: PumpSpec, inflater: Inflater, fflate: FflatePump): AsyncGenerator<Uint8Array, void, undefined> {
  const { source, range, caps, expectedSize, budget } = spec;
  let input = 0;
  let output = 0;
  let crc = 0;
  // a failed read (storage) is retried as it is, not taken for damage in the member
  let readError: unknown = null;
  async function* compressed(): AsyncGenerator<Uint8Array, void, undefined> {
    try {
      if (spec.prefix) {
        input += spec.prefix.length;
        yield spec.prefix;
      }
      for (let done = 0; done < range.length; ) {
        const block = await readExact(source, range.offset + done, Math.min(caps.readChunkBytes, range.length - done));
        done += block.length;
        // counted as handed over, slice by slice as fflate gets them, for the ratio check
        for (let i = 0; i < block.length; i += caps.inflateSliceBytes) {
          const slice = block.subarray(i, i + caps.inflateSliceBytes);
          input += slice.length;
          yield slice;
        }
      }
    } catch (error) {
      readError = error;
      throw error;
    }
  }
  const chunks = inflater.inflate(spec.engine === 'gzip' ? 'gzip' : 'deflate-raw', compressed())[Symbol.asyncIterator]();
  // the member fails (the inflater's error, or a cap): fflate gives the verdict
  let failed = false;
  let ended = false;
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch {
        failed = ended = true;
        break;
      }
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = next.value;
      const total = output + chunk.length;
      const overBudget = budget !== undefined && budget.used + chunk.length > budget.limit;
      if (total > caps.maxEntryBytes || total > expectedSize || (total > caps.ratioGraceBytes && total > input * caps.maxRatio) || overBudget) {
        failed = true;
        break;
      }
      if (chunk.length === 0) continue;
      output = total;
      if (budget) chargeOutputBudget(budget, chunk.length);
      crc = updateCrc32(crc, chunk);
      yield chunk;
    }
  } finally {
    // stopped early (a cap, or the consumer had enough): stop the inflater and its reads
    if (!ended) await chunks.return?.().catch(() => undefined);
  }
  if (readError !== null) throw readError;
  if (failed || output !== expectedSize || crc !== spec.expectedCrc) {
    yield* replayWithFflate(spec, fflate, output, crc);
    return;
  }
}

/**
 * The member again through fflate, after the inflater refused it: fflate's verdict and code
 * stand (it accepts what it always accepted). The first `delivered` bytes went out already;
 * they must be the same bytes (same CRC-32), and only what follows them is handed out.
 */
async function* replayWithFflate(spec: PumpSpec, fflate: FflatePump, delivered: number, deliveredCrc: number): AsyncGenerator<Uint8Array, void, undefined> {
  const disagree = () => createArchiveError('corrupt_data', { ...(spec.details ?? {}), reason: 'decompressors disagree' });
  let seen = 0;
  let crc = 0;
  let compared = delivered === 0;
  // already charged to the output budget as the inflater produced it
  for await (const chunk of fflate({ ...spec, budget: undefined })) {
    const skip = Math.min(chunk.length, Math.max(0, delivered - seen));
    if (skip > 0) crc = updateCrc32(crc, chunk.subarray(0, skip));
    seen += chunk.length;
    if (!compared && seen >= delivered) {
      compared = true;
      if (crc !== deliveredCrc) throw disagree();
    }
    if (skip === chunk.length) continue;
    const rest = chunk.subarray(skip);
    if (spec.budget) chargeOutputBudget(spec.budget, rest.length);
    yield rest;
  }
  if (!compared) throw disagree();
}

