/**
 * Stable codes for every archive and compression failure (reliability.md §2A). A code is part of
 * the API contract: never reword or reuse one. Whole-archive problems are thrown as DomainError;
 * per-entry problems travel as `EntryIssue`s so one bad entry never blocks its siblings.
 */
import { DomainError } from '../errors.js';

export const ARCHIVE_MESSAGES = {
  // Whole archive (thrown by listZipEntries / the caller's fan-out).
  not_zip: 'The file is not a ZIP archive.',
  truncated_archive: 'The archive is incomplete: its table of contents is missing or points past the end of the file. Upload it again or resume the upload.',
  archive_too_large: 'The archive is larger than the allowed size.',
  multi_disk_archive: 'Split or spanned archives are not supported; zip the files again as a single archive.',
  invalid_central_directory: "The archive's table of contents is damaged.",
  too_many_entries: 'The archive holds more files than the allowed number.',
  central_directory_too_large: "The archive's table of contents is larger than the allowed size.",
  overlapping_entries: 'The archive has files that overlap each other (a known decompression-bomb trick); it was rejected without extracting anything.',
  nesting_too_deep: 'The archive is nested inside too many other archives.',
  output_budget_exceeded: 'The upload expands to more data than allowed in total; the remaining files were not extracted.',
  source_read_failed: 'The stored upload could not be read completely; trying again may help.',
  invalid_caps: 'The archive limits are not valid.',
  // gzip streams (.fit.gz).
  not_gzip: 'The file is not a gzip file.',
  gzip_header_invalid: 'The gzip header is damaged or unreasonably long.',
  gzip_multi_member: 'The gzip file holds several concatenated parts; only single-part gzip files are accepted.',
  trailing_data: 'The file has unexpected data after its end.',
  // Per entry.
  encrypted_entry: 'The file is password-protected; export it again without encryption.',
  unsupported_method: 'The file is compressed with a method other than stored or deflate.',
  entry_too_large: 'The file is larger than the allowed size once decompressed.',
  size_mismatch: 'The file does not decompress to the size the archive declares.',
  crc_mismatch: 'The file is damaged: its checksum does not match.',
  ratio_exceeded: 'The file decompresses to far more data than its compressed size suggests (a decompression bomb).',
  local_header_mismatch: "The file's own header disagrees with the archive's table of contents.",
  invalid_entry: "The file's entry in the archive's table of contents is damaged.",
  corrupt_data: 'The compressed data is damaged and cannot be decompressed.',
  truncated_data: 'The compressed data ends early; the file is incomplete.',
  name_too_long: 'The file name is longer than the allowed length.',
  // Warnings: the entry is still processed.
  duplicate_name: 'Another file in the archive has the same name; both are kept.',
  hostile_name: 'The file name contains path tricks or invisible characters; it is shown escaped and never used as a path.',
} as const;

export type ArchiveCode = keyof typeof ARCHIVE_MESSAGES;

/** A problem with one entry. `fatal` entries are rejected; the others are warnings. */
export interface EntryIssue {
  readonly index: number;
  readonly code: ArchiveCode;
  readonly message: string;
  readonly fatal: boolean;
}

const WARNING_CODES: ReadonlySet<ArchiveCode> = new Set<ArchiveCode>(['duplicate_name', 'hostile_name']);

export function createEntryIssue(index: number, code: ArchiveCode): EntryIssue {
  return { index, code, message: ARCHIVE_MESSAGES[code], fatal: !WARNING_CODES.has(code) };
}

export function createArchiveError(code: ArchiveCode, details?: Record<string, unknown>, cause?: unknown): DomainError {
  // Only a short read of the stored object is transient; everything else is the input's fault.
  return new DomainError(code, ARCHIVE_MESSAGES[code], { retryable: code === 'source_read_failed', details, cause });
}
