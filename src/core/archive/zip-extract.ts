/**
 * Extracts one ZIP entry by range (APPNOTE.TXT 6.3.10 §4.4.5: methods 0 stored and 8 deflate
 * only). Each entry is its own unit of work: the local header is checked, then the data is
 * streamed through the capped pump and verified against the central directory's size and CRC-32
 * (authoritative even with a data descriptor, §4.3.9).
 */
import type { ArchiveCaps } from './caps.js';
import { DEFAULT_ARCHIVE_CAPS } from './caps.js';
import type { ByteSource } from './byte-source.js';
import type { Inflater } from './inflate-stream.js';
import { pumpDecompressed } from './inflate-stream.js';
import type { OutputBudget } from './output-budget.js';
import type { ZipEntry } from './zip-entry.js';
import { METHOD_STORED } from './zip-entry.js';
import { resolveZipEntryData } from './zip-local-header.js';

export interface ExtractOptions {
  /** The upload's running output budget; charged as output is produced. */
  readonly budget?: OutputBudget;
  /** The runtime's decompressor (inflate-stream.ts); fflate when absent. */
  readonly inflater?: Inflater;
}

/**
 * The entry's decompressed bytes as small chunks. Rejections are DomainErrors with
 * `details.index`; output received before a throw must be discarded (the CRC is checked last).
 */
export async function* openZipEntry(
  source: ByteSource,
  entry: ZipEntry,
  caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS,
  options: ExtractOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const range = await resolveZipEntryData(source, entry);
  yield* pumpDecompressed({
    source,
    range,
    engine: entry.method === METHOD_STORED ? 'stored' : 'deflate',
    expectedSize: entry.uncompressedSize,
    expectedCrc: entry.crc32,
    caps,
    budget: options.budget,
    inflater: options.inflater,
    details: { index: entry.index },
  });
}

/** Reads at most `limit` leading bytes of an entry (for `sniffContent`), stopping early. */
export async function readZipEntryHead(source: ByteSource, entry: ZipEntry, limit: number, caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS, options: ExtractOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of openZipEntry(source, entry, caps, options)) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= limit) break;
  }
  const head = new Uint8Array(Math.min(length, limit));
  let at = 0;
  for (const part of parts) {
    const take = part.subarray(0, head.length - at);
    head.set(take, at);
    at += take.length;
    if (at === head.length) break;
  }
  return head;
}
