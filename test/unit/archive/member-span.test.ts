/**
 * An import task's archive member is read in one ranged GET of its span when the span is small
 * (no HEAD, no second GET), and by range as before when it is large; the bytes and the outcomes
 * (missing archive, damaged member) do not depend on which.
 */
import { describe, expect, it } from 'vitest';
import { createMemoryByteSource, DEFAULT_ARCHIVE_CAPS, listZipEntries } from '../../../src/core/archive';
import type { ImportFileMessage } from '../../../src/contracts/queue-messages';
import { loadFitBytes, toZipEntrySource } from '../../../src/jobs/archive-entry-loader';
import type { BlobStore } from '../../../src/ports';
import { fakeFit, makeZip } from './fixtures';

function countingBlobs(objects: Map<string, Uint8Array>) {
  const calls: string[] = [];
  const blobs = {
    async getRange(key: string, offset: number, length: number) {
      calls.push(`range ${length}`);
      const bytes = objects.get(key);
      return bytes ? bytes.slice(offset, offset + length) : null;
    },
    async size(key: string) {
      calls.push('size');
      return objects.get(key)?.length ?? null;
    },
  } as unknown as BlobStore;
  return { blobs, calls };
}

async function tasksOf(zip: Uint8Array, archiveKey: string): Promise<ImportFileMessage[]> {
  const listing = await listZipEntries(createMemoryByteSource(zip));
  return listing.entries.map((entry, i) => ({
    type: 'import-file', runnerId: 'r1', jobId: 'j1', fileId: `f${i}`, uploadId: 'u1', key: archiveKey, name: `m${i}.fit`,
    size: entry.uncompressedSize, source: toZipEntrySource(archiveKey, entry, false),
  }));
}

const deps = (blobs: BlobStore) => ({ blobs, caps: DEFAULT_ARCHIVE_CAPS, maxFitBytes: 16 * 1_048_576 });

describe('archive member reads', () => {
  const small = [fakeFit(1), fakeFit(2, 30_000), fakeFit(3, 500)];
  const large = fakeFit(4, 1_100_000);

  it('a small member: one ranged GET of its span, no HEAD; a large one by range as before', async () => {
    for (const level of [0, 6] as const) {
      const zip = makeZip({ 'a.fit': small[0]!, 'b.fit': small[1]!, 'big.fit': level === 0 ? large : fakeFit(5, 1_000), 'c.fit': small[2]! }, level);
      const tasks = await tasksOf(zip, 'archive');
      const expected = [small[0]!, small[1]!, level === 0 ? large : fakeFit(5, 1_000), small[2]!];
      for (const [i, task] of tasks.entries()) {
        const { blobs, calls } = countingBlobs(new Map([['archive', zip]]));
        const loaded = await loadFitBytes(task, deps(blobs));
        expect('bytes' in loaded && loaded.bytes).toEqual(expected[i]);
        if (level === 0 && i === 2) {
          expect(calls[0]).toBe('size');
          expect(calls.length).toBeGreaterThan(2);
        } else {
          expect(calls).toEqual([`range ${task.source!.kind === 'zip-entry' ? task.source!.spanEnd - task.source!.localHeaderOffset : 0}`]);
        }
      }
    }
  });

  it('a missing archive is missing_upload; a damaged member keeps its code', async () => {
    const zip = makeZip({ 'a.fit': small[0]!, 'b.fit': small[1]! });
    const [task] = await tasksOf(zip, 'archive');
    expect(await loadFitBytes(task!, deps(countingBlobs(new Map()).blobs))).toMatchObject({ outcome: { status: 'failed', code: 'missing_upload' } });
    const damaged = zip.slice();
    damaged[task!.source!.kind === 'zip-entry' ? task!.source!.localHeaderOffset : 0] ^= 0xff; // the local header's signature
    expect(await loadFitBytes(task!, deps(countingBlobs(new Map([['archive', damaged]])).blobs))).toMatchObject({ outcome: { status: 'rejected', code: 'local_header_mismatch' } });
  });
});
