/**
 * The archive core: ZIP (with ZIP64) and gzip read by byte range in constant memory, every cap
 * and stable code of reliability.md §2A, content sniffing and fan-out planning. Pure: the only
 * I/O is the `ByteSource` the caller passes in (R2 ranged GETs in production).
 */
export type { ByteRange, ByteSource, MemoryByteSource } from './byte-source.js';
export { createMemoryByteSource, readExact } from './byte-source.js';
export type { ArchiveCaps } from './caps.js';
export { checkNestingDepth, DEFAULT_ARCHIVE_CAPS, resolveArchiveCaps } from './caps.js';
export type { ArchiveCode, EntryIssue } from './codes.js';
export { ARCHIVE_MESSAGES, createArchiveError } from './codes.js';
export { computeCrc32, updateCrc32 } from './crc32.js';
export type { GzipHeader, GzipOptions } from './gzip.js';
export type { Inflater } from './inflate-native.js';
export { openGzip, readGzipHeader } from './gzip.js';
export type { OutputBudget } from './output-budget.js';
export { chargeOutputBudget, createOutputBudget } from './output-budget.js';
export type { EntryPlan, IgnoredReason } from './plan.js';
export { planArchiveEntries, planEntry, resolveSniffedPlan } from './plan.js';
export type { SniffedContent } from './sniff.js';
export { SNIFF_BYTES, sniffContent } from './sniff.js';
export type { ZipLayout } from './zip-eocd.js';
export { locateZipLayout } from './zip-eocd.js';
export type { ZipEntry } from './zip-entry.js';
export type { ExtractOptions } from './zip-extract.js';
export { openZipEntry, readZipEntryHead } from './zip-extract.js';
export type { ZipListing } from './zip-list.js';
export { listZipEntries } from './zip-list.js';
export { resolveZipEntryData } from './zip-local-header.js';
