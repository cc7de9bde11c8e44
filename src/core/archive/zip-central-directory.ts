/**
 * Walks the central directory (APPNOTE.TXT 6.3.10 §4.3.12) in bounded ranged reads: a window of
 * `centralDirectoryChunkBytes` slides over it, so a 64 MiB directory never sits in memory at once
 * and listing 10,000 entries costs a handful of reads, not one per entry.
 */
import type { ArchiveCaps } from './caps.js';
import type { ByteSource } from './byte-source.js';
import { readExact } from './byte-source.js';
import { readU16, readU32 } from './bytes.js';
import { createArchiveError } from './codes.js';
import type { ZipLayout } from './zip-eocd.js';
import type { MutableZipEntry } from './zip-entry.js';
import { CENTRAL_RECORD_SIGNATURE, CENTRAL_RECORD_SIZE, parseCentralRecord } from './zip-entry.js';

export async function* readCentralDirectory(
  source: ByteSource,
  layout: ZipLayout,
  caps: ArchiveCaps,
  preloaded?: { readonly bytes: Uint8Array; readonly start: number },
): AsyncGenerator<MutableZipEntry, void, undefined> {
  const end = layout.centralDirectoryOffset + layout.centralDirectorySize;
  let window: Uint8Array = new Uint8Array(0);
  let windowStart = layout.centralDirectoryOffset;
  let at = 0; // position inside `window`
  // Small archives: the EOCD search already read the directory, so listing costs one read.
  if (preloaded && preloaded.start <= windowStart && end <= preloaded.start + preloaded.bytes.length) {
    window = preloaded.bytes.subarray(windowStart - preloaded.start, end - preloaded.start);
  }

  // Makes `length` bytes from `at` available, reading the next chunk of the directory if needed.
  async function ensure(length: number): Promise<void> {
    if (at + length <= window.length) return;
    const start = windowStart + at;
    if (start + length > end) throw createArchiveError('invalid_central_directory', { reason: 'record runs past the directory', at: start });
    const size = Math.min(end - start, Math.max(caps.centralDirectoryChunkBytes, length));
    window = await readExact(source, start, size);
    windowStart = start;
    at = 0;
  }

  for (let index = 0; index < layout.entryCount; index++) {
    await ensure(CENTRAL_RECORD_SIZE);
    if (readU32(window, at) !== CENTRAL_RECORD_SIGNATURE) {
      throw createArchiveError('invalid_central_directory', { reason: 'bad record signature', index, at: windowStart + at });
    }
    const length = CENTRAL_RECORD_SIZE + readU16(window, at + 28) + readU16(window, at + 30) + readU16(window, at + 32);
    await ensure(length);
    yield parseCentralRecord(window, at, index, caps);
    at += length;
  }
  // Records must fill the directory exactly; a mismatch means the count or the size is lying.
  if (windowStart + at !== end) {
    throw createArchiveError('invalid_central_directory', { reason: 'entry count does not fill the directory', entryCount: layout.entryCount });
  }
}
