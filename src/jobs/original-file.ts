/**
 * A file's original bytes (the download, the export's originals, laps rebuilt for old sessions):
 * the object at its r2Key, or — for a ZIP member imported since the copy was dropped — its data
 * read by range from the archive it came in and inflated, checked against the CRC-32 and size the
 * import checked (the archive core's extractor). Files imported before keep their copy at r2Key.
 */
import { createArchiveError, DEFAULT_ARCHIVE_CAPS, openZipEntry, resolveArchiveCaps, type Inflater } from '../core/archive';
import type { ArchiveMemberRef, BlobStore, FitFileRow } from '../ports';
import { collectBytes, createBlobByteSource } from './archive-byte-source';
import { toZipEntry } from './archive-entry-loader';

export interface OriginalFile {
  size: number;
  body: ReadableStream<Uint8Array>;
}

/** The original as chunks, or null when its object (the copy or the archive) is gone. */
export async function openOriginalFile(blobs: BlobStore, file: Pick<FitFileRow, 'r2Key' | 'archiveMember'>, inflater?: Inflater): Promise<OriginalFile | null> {
  if (file.archiveMember) return openArchiveMember(blobs, file.archiveMember, inflater);
  const object = await blobs.get(file.r2Key);
  return object ? { size: object.size, body: object.body } : null;
}

export async function readOriginalBytes(blobs: BlobStore, file: Pick<FitFileRow, 'r2Key' | 'archiveMember'>, inflater?: Inflater): Promise<Uint8Array | null> {
  if (!file.archiveMember) return blobs.getBytes(file.r2Key);
  const chunks = await memberChunks(blobs, file.archiveMember, inflater);
  return chunks ? collectBytes(chunks) : null;
}

async function openArchiveMember(blobs: BlobStore, member: ArchiveMemberRef, inflater: Inflater | undefined): Promise<OriginalFile | null> {
  const chunks = await memberChunks(blobs, member, inflater);
  if (!chunks) return null;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() { await chunks.return(undefined); },
  });
  return { size: member.uncompressedSize, body };
}

async function memberChunks(blobs: BlobStore, member: ArchiveMemberRef, inflater: Inflater | undefined): Promise<AsyncGenerator<Uint8Array, void, undefined> | null> {
  const archiveSize = await blobs.size(member.archiveKey);
  if (archiveSize === null) return null;
  const end = member.offset + member.compressedSize;
  if (end > archiveSize) throw createArchiveError('truncated_archive', { offset: member.offset, length: member.compressedSize, size: archiveSize });
  // the member's data range as the import resolved it (its local header was checked then)
  const entry = {
    ...toZipEntry({ kind: 'zip-entry', archiveKey: member.archiveKey, index: 0, method: member.method, flags: 0, crc32: member.crc32,
      compressedSize: member.compressedSize, uncompressedSize: member.uncompressedSize, localHeaderOffset: member.offset, spanEnd: end, rawName: '' }),
    dataRange: { offset: member.offset, length: member.compressedSize },
  };
  // the import read these same immutable bytes under the caps; here the declared size and CRC bound them
  const size = Math.max(member.uncompressedSize, 1);
  const caps = resolveArchiveCaps({ ...DEFAULT_ARCHIVE_CAPS, maxEntryBytes: size, ratioGraceBytes: Math.max(size, DEFAULT_ARCHIVE_CAPS.ratioGraceBytes) });
  return openZipEntry(createBlobByteSource(blobs, member.archiveKey, archiveSize), entry, caps, { inflater });
}
