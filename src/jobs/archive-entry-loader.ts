/**
 * Where an import task's FIT bytes come from: the uploaded object itself, a ZIP member inflated
 * by range (CRC-32 and sizes checked against the central directory), or a gzip unwrapped (an
 * uploaded run.fit.gz, or Strava's activities/*.fit.gz inside an export). A FIT is ≤ 16 MiB, so
 * one member's bytes are collected in memory; the caps stop anything bigger long before that.
 * A damaged member is an outcome with the archive core's code, never an exception.
 */
import type { FitSource, ImportFileMessage, ZipEntrySource } from '../contracts/queue-messages';
import type { ArchiveCaps, ByteSource, Inflater, ZipEntry } from '../core/archive';
import { createMemoryByteSource, openGzip, openZipEntry, resolveArchiveCaps, resolveZipEntryData, SNIFF_BYTES, sniffContent } from '../core/archive';
import type { FileOutcome } from '../core/chain/job-state';
import { isDomainError } from '../core/errors';
import { extractedFitKey } from '../core/keys';
import type { ArchiveMemberRef, BlobStore } from '../ports';
import { collectBytes, openBlobByteSource } from './archive-byte-source';

/**
 * `member`: a ZIP member's location in its archive (not gzipped inside it): the original is read
 * from there later (original-file.ts), so no copy is stored at `key`. Without it, an extracted
 * file (a .fit.gz's content) is stored at `key`.
 */
export type LoadedFit = { bytes: Uint8Array; key: string; extracted: boolean; member?: ArchiveMemberRef } | { outcome: FileOutcome };

/** Largest member span read in one GET (compressed activity files are mostly well under it). */
const MEMBER_SPAN_BYTES = 1_048_576;

const MISSING: LoadedFit = { outcome: { status: 'failed', code: 'missing_upload', message: 'The uploaded bytes are no longer in storage.' } };

export async function loadFitBytes(task: ImportFileMessage, deps: { blobs: BlobStore; caps: ArchiveCaps; maxFitBytes: number; inflater?: Inflater }): Promise<LoadedFit> {
  if (!task.source) {
    const bytes = await deps.blobs.getBytes(task.key);
    return bytes ? { bytes, key: task.key, extracted: false } : MISSING;
  }
  // A member's output may not exceed what the importer accepts anyway (maxFitBytes: the largest activity file).
  const caps = resolveArchiveCaps({ ...deps.caps, maxEntryBytes: Math.min(deps.caps.maxEntryBytes, deps.maxFitBytes) });
  let extracted: { bytes: Uint8Array; member?: ArchiveMemberRef } | null;
  try {
    extracted = await extract(task.source, deps.blobs, caps, deps.inflater);
  } catch (error) {
    if (isDomainError(error) && !error.retryable) return { outcome: { status: 'rejected', code: error.code, message: error.message } };
    throw error;
  }
  if (!extracted) return MISSING;
  const { bytes, member } = extracted;
  switch (sniffContent(bytes.subarray(0, SNIFF_BYTES))) {
    case 'zip':
    case 'gzip':
      return { outcome: { status: 'rejected', code: 'unsupported_archive', message: 'An archive compressed with gzip is not supported; upload the archive itself.' } };
    default:
      return { bytes, key: extractedFitKey(task.runnerId, task.fileId), extracted: true, ...(member ? { member } : {}) };
  }
}

async function extract(source: FitSource, blobs: BlobStore, caps: ArchiveCaps, inflater: Inflater | undefined): Promise<{ bytes: Uint8Array; member?: ArchiveMemberRef } | null> {
  if (source.kind === 'gzip') {
    const object = await openBlobByteSource(blobs, source.key);
    return object ? { bytes: await collectBytes(openGzip(object, caps, { inflater })) } : null;
  }
  const archive = await openMemberSpan(blobs, source);
  if (!archive) return null;
  // the local header checked once: its data range is where the original is read from later
  const entry = toZipEntry(source);
  const data = await resolveZipEntryData(archive, entry);
  const bytes = await collectBytes(openZipEntry(archive, { ...entry, dataRange: data }, caps, { inflater }));
  if (source.gzip) return { bytes: await collectBytes(openGzip(createMemoryByteSource(bytes), caps, { inflater })) };
  const member = { archiveKey: source.archiveKey, offset: data.offset, compressedSize: data.length, uncompressedSize: source.uncompressedSize, crc32: source.crc32, method: source.method };
  return { bytes, member };
}

/**
 * A member's span (local header to the next entry, as the inspector measured it) read in ONE
 * ranged GET when it is small, as an activity file's nearly always is: no HEAD for the archive's
 * size and no second GET for the data — per file of a bulk import, two R2 calls fewer. The
 * extractor reads nothing outside the span (resolveZipEntryData keeps header and data inside
 * spanEnd). A larger span is read by range as it goes, in bounded memory.
 */
async function openMemberSpan(blobs: BlobStore, source: ZipEntrySource): Promise<ByteSource | null> {
  const start = source.localHeaderOffset;
  const length = source.spanEnd - start;
  if (!(length > 0 && length <= MEMBER_SPAN_BYTES)) return openBlobByteSource(blobs, source.archiveKey);
  const span = await blobs.getRange(source.archiveKey, start, length);
  if (!span) return null;
  // a short answer (the object changed) reads short: readExact makes it a retryable error
  return { size: source.spanEnd, read: async (offset, n) => (offset < start ? new Uint8Array(0) : span.subarray(offset - start, offset - start + n)) };
}

/** The entry as the inspector saw it; the extractor checks it again against the local header. */
export function toZipEntry(source: ZipEntrySource): ZipEntry {
  return {
    index: source.index,
    rawName: Uint8Array.from(atob(source.rawName), (c) => c.charCodeAt(0)),
    displayName: '',
    method: source.method,
    flags: source.flags,
    compressedSize: source.compressedSize,
    uncompressedSize: source.uncompressedSize,
    crc32: source.crc32,
    localHeaderOffset: source.localHeaderOffset,
    encrypted: (source.flags & 0x0001) !== 0 || source.method === 99,
    isDirectory: false,
    hasDataDescriptor: (source.flags & 0x0008) !== 0,
    hostileName: false,
    spanEnd: source.spanEnd,
    dataRange: null,
    rejection: null,
  };
}

export function toZipEntrySource(archiveKey: string, entry: ZipEntry, gzip: boolean): ZipEntrySource {
  let raw = '';
  for (let i = 0; i < entry.rawName.length; i++) raw += String.fromCharCode(entry.rawName[i]);
  return {
    kind: 'zip-entry', archiveKey, index: entry.index, method: entry.method, flags: entry.flags, crc32: entry.crc32,
    compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, localHeaderOffset: entry.localHeaderOffset,
    spanEnd: entry.spanEnd, rawName: btoa(raw), ...(gzip ? { gzip } : {}),
  };
}
