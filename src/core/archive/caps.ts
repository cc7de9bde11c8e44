/**
 * Limits applied while reading untrusted archives. Defaults follow reliability.md §2 ("proposed
 * default caps"); every field is overridable and the whole set is validated once, up front, by
 * `resolveArchiveCaps`, so the readers can trust the numbers they are given.
 */
import { createArchiveError } from './codes.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export interface ArchiveCaps {
  /** Largest archive (or .gz) object accepted, in bytes. Default 10 GiB. */
  readonly maxArchiveBytes: number;
  /** Most central-directory records in one archive. Default 200,000. */
  readonly maxEntries: number;
  /** Largest central directory, in bytes. Default 64 MiB. */
  readonly maxCentralDirectoryBytes: number;
  /** Longest entry name, in raw bytes; longer names reject the entry. Default 1,024. */
  readonly maxNameBytes: number;
  /** Deepest archive level (the upload itself is depth 1). Default 2: zip → zip → .fit. */
  readonly maxNestingDepth: number;
  /** Largest decompressed entry, in bytes (the FIT importer may pass a smaller one). Default 64 MiB. */
  readonly maxEntryBytes: number;
  /** Highest output:input ratio once output passes `ratioGraceBytes`. Default 100 (FIT is ~2:1). */
  readonly maxRatio: number;
  /** Output allowed before the ratio cap applies, so tiny files may compress well. Default 1 MiB. */
  readonly ratioGraceBytes: number;
  /** Total decompressed bytes per upload = min(factor × upload size, maxOutputBudgetBytes). Default 30. */
  readonly outputBudgetFactor: number;
  /** Ceiling of the per-upload output budget. Default 60 GiB. */
  readonly maxOutputBudgetBytes: number;
  /** Longest gzip member header (FEXTRA + FNAME + FCOMMENT). Default 64 KiB. */
  readonly maxGzipHeaderBytes: number;
  /**
   * Size of each ranged read of entry data. Every read is an R2 subrequest (Workers cap those per
   * invocation), so reads are large and the inflater gets small slices of them. Default 1 MiB.
   */
  readonly readChunkBytes: number;
  /** Size of each ranged read while walking the central directory. Default 1 MiB. */
  readonly centralDirectoryChunkBytes: number;
  /**
   * Compressed bytes pushed to the inflater at once. One push of a bomb yields up to ~1,032× its
   * size before we can look at the output ([measured] 4 KB → 4.19 MB), so keep this small; each
   * push also costs fflate a fresh ~160 KB output buffer, so tiny slices are slow. Default 8 KiB
   * (≤ 8.5 MB per push worst case; bench/archive.bench.ts shows the speed trade-off).
   */
  readonly inflateSliceBytes: number;
}

export const DEFAULT_ARCHIVE_CAPS: ArchiveCaps = Object.freeze({
  maxArchiveBytes: 10 * GiB,
  maxEntries: 200_000,
  maxCentralDirectoryBytes: 64 * MiB,
  maxNameBytes: 1024,
  maxNestingDepth: 2,
  maxEntryBytes: 64 * MiB,
  maxRatio: 100,
  ratioGraceBytes: 1 * MiB,
  outputBudgetFactor: 30,
  maxOutputBudgetBytes: 60 * GiB,
  maxGzipHeaderBytes: 64 * KiB,
  readChunkBytes: 1 * MiB,
  centralDirectoryChunkBytes: 1 * MiB,
  inflateSliceBytes: 8 * KiB,
});

/** Merges overrides onto the defaults and validates the result; throws `invalid_caps`. */
export function resolveArchiveCaps(overrides: Partial<ArchiveCaps> = {}): ArchiveCaps {
  const caps: ArchiveCaps = { ...DEFAULT_ARCHIVE_CAPS, ...overrides };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(caps)) {
    if (!(key in DEFAULT_ARCHIVE_CAPS)) problems.push(`${key} is not a known cap`);
    else if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      problems.push(`${key} must be a positive integer`);
    }
  }
  // gzip only records the size modulo 2^32 (RFC 1952 ISIZE); below that it is exact.
  if (caps.maxEntryBytes >= 2 ** 32) problems.push('maxEntryBytes must be below 4 GiB');
  if (caps.inflateSliceBytes > caps.readChunkBytes) problems.push('inflateSliceBytes must not exceed readChunkBytes');
  if (caps.maxGzipHeaderBytes < 10) problems.push('maxGzipHeaderBytes must be at least 10');
  if (problems.length > 0) throw createArchiveError('invalid_caps', { problems });
  return Object.freeze(caps);
}

/**
 * Depth is counted by the caller (the upload is 1, an archive inside it 2, …) because nested
 * archives are separate jobs; this is the one place the rule lives.
 */
export function checkNestingDepth(depth: number, caps: ArchiveCaps = DEFAULT_ARCHIVE_CAPS): void {
  if (depth > caps.maxNestingDepth) {
    throw createArchiveError('nesting_too_deep', { depth, maxNestingDepth: caps.maxNestingDepth });
  }
}
