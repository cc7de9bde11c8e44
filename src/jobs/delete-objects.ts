/**
 * Deleting objects by prefix: a session's objects are whatever sits under its prefix (Parquet,
 * laps, detail JSON added later…), listed rather than named, so a new per-session object is
 * deleted (and its charge released) without this code knowing about it.
 */
import { sessionPrefix } from '../core/keys';
import type { BlobStore } from '../ports';

/** Deletes every object under `prefix` a page at a time; returns their total size. */
export async function deletePrefix(blobs: BlobStore, prefix: string): Promise<number> {
  let freed = 0;
  // listing again from the start after each delete: the deleted page is gone, so this is resumable
  for (;;) {
    const page = await blobs.list(prefix);
    if (page.objects.length === 0) return freed;
    await blobs.delete(page.objects.map((o) => o.key));
    freed += page.objects.reduce((sum, o) => sum + o.size, 0);
    if (!page.cursor && page.objects.length < 1000) return freed;
  }
}

export async function deleteSessionObjects(blobs: BlobStore, runnerId: string, sessionIds: string[]): Promise<void> {
  for (const id of sessionIds) await deletePrefix(blobs, sessionPrefix(runnerId, id));
}
