import type { RecordsFile } from '../core/parquet/read-records';
import type { BlobStore } from '../ports';

/** A stored records Parquet file read by ranges (hyparquet reads the footer, then the columns). */
export function blobRecordsFile(blobs: BlobStore, key: string, size: number): RecordsFile {
  return {
    byteLength: size,
    async slice(start, end = size) {
      const bytes = await blobs.getRange(key, start, end - start);
      if (!bytes) throw new Error(`records object ${key} vanished while reading`);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}
