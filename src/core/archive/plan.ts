/**
 * Decides what the fan-out does with each entry, as plain data the caller can write to its ledger
 * before sending any message. Names only suggest: FIT candidates and nested archives are
 * confirmed by `sniffContent` on their first bytes (`resolveSniffedPlan`) before being acted on.
 */
import type { ArchiveCode } from './codes.js';
import type { SniffedContent } from './sniff.js';
import type { ZipEntry } from './zip-entry.js';

export type IgnoredReason = 'directory' | 'empty' | 'system_file' | 'activities_csv' | 'not_activity';

export type EntryPlan =
  /** Import as an activity (FIT, GPX or TCX) after sniffing; `basis: 'unknown'` when the name said nothing either way. */
  | { readonly index: number; readonly action: 'fit'; readonly basis: 'name' | 'unknown' | 'content' }
  /** Walk as an archive (zip) or unwrap (gzip) after confirming the magic bytes. */
  | { readonly index: number; readonly action: 'nested'; readonly container: 'zip' | 'gzip'; readonly basis: 'name' | 'content' }
  | { readonly index: number; readonly action: 'ignored'; readonly reason: IgnoredReason }
  | { readonly index: number; readonly action: 'rejected'; readonly code: ArchiveCode };

// Extensions that are certainly not activities (Garmin exports hold thousands of .json files):
// ignored without reading a byte. Anything else unrecognised is sniffed.
const NOT_ACTIVITY = new Set(['csv', 'json', 'txt', 'md', 'html', 'htm', 'xml', 'pdf', 'jpg', 'jpeg', 'png', 'gif', 'heic', 'webp', 'mp4', 'mov', 'kml', 'kmz', 'db', 'sqlite', 'log', 'ini', 'plist', 'ds_store']);

export function planArchiveEntries(entries: readonly ZipEntry[]): EntryPlan[] {
  return entries.map(planEntry);
}

export function planEntry(entry: ZipEntry): EntryPlan {
  const index = entry.index;
  if (entry.rejection) return { index, action: 'rejected', code: entry.rejection.code };
  if (entry.isDirectory) return { index, action: 'ignored', reason: 'directory' };
  const path = entry.displayName.replace(/\\/g, '/').toLowerCase();
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith('__macosx/') || base.startsWith('._') || base === '.ds_store') return { index, action: 'ignored', reason: 'system_file' };
  if (entry.uncompressedSize === 0) return { index, action: 'ignored', reason: 'empty' };
  if (base === 'activities.csv') return { index, action: 'ignored', reason: 'activities_csv' };
  if (base.endsWith('.fit') || base.endsWith('.gpx') || base.endsWith('.tcx')) return { index, action: 'fit', basis: 'name' };
  if (base.endsWith('.zip')) return { index, action: 'nested', container: 'zip', basis: 'name' };
  if (base.endsWith('.gz')) return { index, action: 'nested', container: 'gzip', basis: 'name' };
  const dot = base.lastIndexOf('.');
  if (dot > 0 && NOT_ACTIVITY.has(base.slice(dot + 1))) return { index, action: 'ignored', reason: 'not_activity' };
  return { index, action: 'fit', basis: 'unknown' };
}

/**
 * The final decision once the first bytes are known. Magic bytes win over the name. When they
 * match nothing, a name that promised something is not silently ignored (that would hide a
 * damaged activity): a `.fit`, `.gpx` or `.tcx` still goes to the importer, which can say what is wrong, and a
 * `.zip`/`.gz` is rejected as not_zip/not_gzip.
 */
export function resolveSniffedPlan(plan: EntryPlan, content: SniffedContent): EntryPlan {
  if (plan.action !== 'fit' && plan.action !== 'nested') return plan;
  const index = plan.index;
  switch (content) {
    case 'fit':
    case 'gpx':
    case 'tcx':
      return { index, action: 'fit', basis: 'content' };
    case 'zip':
    case 'gzip':
      return { index, action: 'nested', container: content, basis: 'content' };
    default:
      if (plan.action === 'nested') return { index, action: 'rejected', code: plan.container === 'zip' ? 'not_zip' : 'not_gzip' };
      if (plan.basis === 'name') return plan;
      return { index, action: 'ignored', reason: 'not_activity' };
  }
}
