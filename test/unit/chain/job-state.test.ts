import { describe, expect, it } from 'vitest';
import { addFileToCounts, allFilesTerminal, deriveJobStatus, emptyCounts, moveInCounts } from '../../../src/core/chain/job-counts';
import { isStale, transitionFile, type FileEvent, type JobFile } from '../../../src/core/chain/job-state';

const file = (over: Partial<JobFile> = {}): JobFile => ({ fileId: 'f', name: 'a.fit', status: 'queued', attempts: 0, updatedAt: 0, ...over });

function apply(start: JobFile, events: FileEvent[]) {
  let current = start;
  let counts = addFileToCounts(emptyCounts(), start.status);
  for (const event of events) {
    const t = transitionFile(current, event);
    if (t.changed) {
      counts = moveInCounts(counts, current.status, t.file.status);
      current = t.file;
    }
  }
  return { file: current, counts };
}

describe('file transitions', () => {
  it('moves queued → processing → imported and counts once', () => {
    const { file: f, counts } = apply(file(), [
      { type: 'started', at: 1, leaseUntil: 100 },
      { type: 'outcome', at: 2, outcome: { status: 'imported', sessionIds: ['s'] } },
    ]);
    expect(f).toMatchObject({ status: 'imported', attempts: 1, sessionIds: ['s'], leaseUntil: undefined, updatedAt: 2 });
    expect(counts).toMatchObject({ found: 1, imported: 1, queued: 0, processing: 0 });
  });

  it('ignores duplicate and out-of-order reports once terminal', () => {
    const { file: f, counts } = apply(file(), [
      { type: 'outcome', at: 1, outcome: { status: 'rejected', code: 'crc_mismatch', message: 'bad' } },
      { type: 'outcome', at: 2, outcome: { status: 'imported' } },
      { type: 'started', at: 3, leaseUntil: 9 },
      { type: 'requeued', at: 4 },
      { type: 'outcome', at: 5, outcome: { status: 'rejected', code: 'crc_mismatch', message: 'bad' } },
    ]);
    expect(f).toMatchObject({ status: 'rejected', code: 'crc_mismatch', updatedAt: 1 });
    expect(counts).toMatchObject({ found: 1, rejected: 1, imported: 0, processing: 0, queued: 0 });
    expect(transitionFile(f, { type: 'started', at: 9, leaseUntil: 10 })).toEqual({ changed: false, reason: 'file is already rejected' });
  });

  it('accepts an outcome reported before the start (reordered delivery)', () => {
    const { file: f } = apply(file(), [{ type: 'outcome', at: 1, outcome: { status: 'duplicate', duplicateOf: 'x' } }, { type: 'started', at: 2, leaseUntil: 3 }]);
    expect(f).toMatchObject({ status: 'duplicate', duplicateOf: 'x' });
  });

  it('counts attempts across redeliveries and requeues', () => {
    const { file: f } = apply(file(), [
      { type: 'started', at: 1, leaseUntil: 10 }, { type: 'requeued', at: 11 }, { type: 'started', at: 12, leaseUntil: 20 },
    ]);
    expect(f).toMatchObject({ status: 'processing', attempts: 2, leaseUntil: 20 });
  });

  it('finds stale files by lease or queue wait, never terminal ones', () => {
    expect(isStale(file({ status: 'processing', leaseUntil: 50, updatedAt: 0 }), 49, 1000)).toBe(false);
    expect(isStale(file({ status: 'processing', leaseUntil: 50, updatedAt: 0 }), 50, 1000)).toBe(true);
    expect(isStale(file({ status: 'queued', updatedAt: 0 }), 999, 1000)).toBe(false);
    expect(isStale(file({ status: 'queued', updatedAt: 0 }), 1000, 1000)).toBe(true);
    expect(isStale(file({ status: 'imported', updatedAt: 0 }), 1e9, 1)).toBe(false);
  });
});

describe('job status', () => {
  const counts = (over: Partial<ReturnType<typeof emptyCounts>>) => ({ ...emptyCounts(), ...over });
  it('derives queued, running and the final statuses', () => {
    expect(deriveJobStatus(counts({ found: 2, queued: 2 }), false)).toBe('queued');
    expect(deriveJobStatus(counts({ found: 2, queued: 1, imported: 1 }), true)).toBe('running');
    expect(deriveJobStatus(counts({ found: 2, imported: 1, duplicate: 1 }), true)).toBe('completed');
    expect(deriveJobStatus(counts({ found: 2, imported: 1, skipped: 1 }), true)).toBe('completed');
    expect(deriveJobStatus(counts({ found: 2, imported: 1, rejected: 1 }), true)).toBe('completed_with_errors');
    expect(deriveJobStatus(counts({ found: 2, failed: 2 }), true)).toBe('failed');
    expect(allFilesTerminal(counts({ found: 1, processing: 1 }))).toBe(false);
  });
});

describe('archive files (expanded, ignored)', () => {
  it('closes an archive as expanded and lists ignored members as terminal, without making the job an error', () => {
    const { file: archive, counts } = apply(file({ name: 'export.zip' }), [
      { type: 'started', at: 1, leaseUntil: 100 },
      { type: 'outcome', at: 2, outcome: { status: 'expanded', message: 'The archive holds 2 files' } },
      { type: 'outcome', at: 3, outcome: { status: 'rejected', code: 'crc_mismatch' } },
    ]);
    expect(archive.status).toBe('expanded');
    let all = addFileToCounts(counts, 'ignored');
    all = addFileToCounts(all, 'imported');
    expect(all).toMatchObject({ found: 3, expanded: 1, ignored: 1, imported: 1, queued: 0, processing: 0 });
    expect(allFilesTerminal(all)).toBe(true);
    expect(deriveJobStatus(all, true)).toBe('completed');
    expect(isStale(archive, 1e12, 1)).toBe(false);
  });
});
