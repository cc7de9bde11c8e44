/**
 * Lists a ZIP archive read by range: EOCD (+ ZIP64), central directory, then two whole-archive
 * checks that need every entry: duplicate names (flagged, both kept: entries are keyed by index)
 * and overlapping spans (David Fifield, "A better zip bomb", 2019: many directory records sharing
 * one compressed kernel), which rejects the archive before anything is inflated.
 */
import type { ArchiveCaps } from './caps.js';
import { DEFAULT_ARCHIVE_CAPS } from './caps.js';
import type { ByteSource } from './byte-source.js';
import type { EntryIssue } from './codes.js';
import { createArchiveError, createEntryIssue } from './codes.js';
import { readCentralDirectory } from './zip-central-directory.js';
import type { ZipLayout } from './zip-eocd.js';
import { readZipTail } from './zip-eocd.js';
import type { MutableZipEntry, ZipEntry } from './zip-entry.js';
import { decodeLatin1 } from './zip-names.js';

/** Fixed part of a local file header (§4.3.7). */
export const LOCAL_HEADER_SIZE = 30;

export interface ZipListing {
  readonly layout: ZipLayout;
  /** Every central-directory record, in directory order (`entries[i].index === i`). */
  readonly entries: readonly ZipEntry[];
  /** Rejections (fatal) and warnings for individual entries, in index order. */
  readonly issues: readonly EntryIssue[];
}

export async function listZipEntries(source: ByteSource, caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS): Promise<ZipListing> {
  const { layout, tail, tailStart } = await readZipTail(source, caps);
  const entries: MutableZipEntry[] = [];
  for await (const entry of readCentralDirectory(source, layout, caps, { bytes: tail, start: tailStart })) entries.push(entry);
  assignSpans(entries, layout);
  const duplicates = findDuplicateNames(entries);
  const issues: EntryIssue[] = [];
  for (const entry of entries) {
    if (entry.rejection) issues.push(entry.rejection);
    if (entry.hostileName) issues.push(createEntryIssue(entry.index, 'hostile_name'));
    if (duplicates.has(entry.index)) issues.push(createEntryIssue(entry.index, 'duplicate_name'));
  }
  return { layout, entries, issues };
}

/**
 * Sorts entries by local-header offset and requires each one's smallest possible span
 * (header + name + compressed data) to end before the next header, and the last before the
 * central directory: the CPython / Info-ZIP rule. Equal offsets are the plain Fifield bomb,
 * a header inside another entry's data the "quoted" variant. O(n log n).
 */
function assignSpans(entries: MutableZipEntry[], layout: ZipLayout): void {
  // Entries whose ZIP64 field is damaged have no trustworthy offset; they are rejected anyway.
  const placed = entries.filter((e) => e.rejection?.code !== 'invalid_entry');
  placed.sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < placed.length; i++) {
    const entry = placed[i];
    const limit = i + 1 < placed.length ? placed[i + 1].localHeaderOffset : layout.centralDirectoryOffset;
    const minimumEnd = entry.localHeaderOffset + LOCAL_HEADER_SIZE + entry.rawName.length + entry.compressedSize;
    if (minimumEnd > limit) {
      throw createArchiveError('overlapping_entries', {
        index: entry.index,
        next: i + 1 < placed.length ? placed[i + 1].index : 'central directory',
      });
    }
    entry.spanEnd = limit;
  }
}

/** Indexes of entries whose raw name bytes occur more than once. */
function findDuplicateNames(entries: readonly ZipEntry[]): Set<number> {
  const firstByName = new Map<string, number>();
  const duplicates = new Set<number>();
  for (const entry of entries) {
    // One char per byte, so distinct byte strings never collide (unlike a lossy decode).
    const key = decodeLatin1(entry.rawName);
    const first = firstByName.get(key);
    if (first === undefined) firstByName.set(key, entry.index);
    else duplicates.add(first).add(entry.index);
  }
  return duplicates;
}

