/**
 * What becomes of each member of an archive being inspected. Names only suggest; FIT candidates
 * and nested archives are confirmed by their first bytes (sniffed through a windowed source, so
 * thousands of members cost a few ranged GETs). A member that cannot be read is rejected with
 * the archive core's code, alone: its siblings go on.
 */
import type { InspectArchiveMessage } from '../contracts/queue-messages';
import type { ArchiveCaps, ByteSource, EntryPlan, IgnoredReason, Inflater, ZipEntry } from '../core/archive';
import { ARCHIVE_MESSAGES, planEntry, readZipEntryHead, resolveArchiveCaps, resolveSniffedPlan, SNIFF_BYTES, sniffContent } from '../core/archive';
import type { ArchiveCode } from '../core/archive';
import type { FileOutcome } from '../core/chain/job-state';
import { isDomainError } from '../core/errors';

export type Member =
  /** decided here: listed with its outcome, nothing to run */
  | { kind: 'outcome'; fileId: string; name: string; outcome: FileOutcome }
  /** a FIT, GPX or TCX (or a .gz holding one) to import from the archive by range */
  | { kind: 'import'; fileId: string; name: string; entry: ZipEntry; gzip: boolean }
  /** a ZIP inside: written to R2 and inspected in turn */
  | { kind: 'nested'; fileId: string; name: string; entry: ZipEntry };

const IGNORED_MESSAGES: Record<Exclude<IgnoredReason, 'directory'>, string> = {
  system_file: 'A system file (__MACOSX, .DS_Store, …); nothing to import.',
  empty: 'The file is empty; nothing to import.',
  activities_csv: "The export's list of activities (activities.csv); the activities themselves are imported from their own files.",
  not_activity: 'Not an activity file (FIT, GPX and TCX files are imported).',
};

const MAX_NAME = 1000;

/** Deterministic per member, so a redelivered inspection lists the same files. */
export function memberFileId(archiveFileId: string, index: number): string {
  return `${archiveFileId}e${index}`;
}

/** The path inside the archive(s), for display: "export.zip/activities/123.fit.gz". */
export function memberName(archiveName: string, displayName: string): string {
  const name = `${archiveName}/${displayName}`;
  return name.length <= MAX_NAME ? name : `…${name.slice(name.length - MAX_NAME + 1)}`;
}

export function rejectedOutcome(code: ArchiveCode): FileOutcome {
  return { status: 'rejected', code, message: ARCHIVE_MESSAGES[code] };
}

export async function classifyMembers(entries: readonly ZipEntry[], sniffer: ByteSource, task: InspectArchiveMessage, caps: ArchiveCaps, inflater?: Inflater): Promise<Member[]> {
  // Sniffing needs a few bytes: small reads, served from the window.
  const sniffCaps = resolveArchiveCaps({ ...caps, readChunkBytes: 64 * 1024, inflateSliceBytes: Math.min(caps.inflateSliceBytes, 64 * 1024) });
  const members: Member[] = [];
  for (const entry of entries) {
    const fileId = memberFileId(task.fileId, entry.index);
    const name = memberName(task.name, entry.displayName);
    let plan = planEntry(entry);
    if (plan.action === 'fit' || plan.action === 'nested') {
      try {
        plan = resolveSniffedPlan(plan, sniffContent(await readZipEntryHead(sniffer, entry, SNIFF_BYTES, sniffCaps, { inflater })));
      } catch (error) {
        if (!isDomainError(error) || error.retryable) throw error;
        members.push({ kind: 'outcome', fileId, name, outcome: { status: 'rejected', code: error.code, message: error.message } });
        continue;
      }
    }
    const member = toMember(plan, entry, fileId, name, task.depth, caps);
    if (member) members.push(member);
  }
  // Registered (and so sent) FIT first, then TCX, then GPX: when an export holds one activity in
  // two formats, the richer file is usually decided first and the other ends `same_activity`.
  return members.map((m, i) => [m, i] as const).sort(([a, i], [b, j]) => sendRank(a) - sendRank(b) || i - j).map(([m]) => m);
}

function sendRank(member: Member): number {
  if (member.kind !== 'import') return 0;
  const format = /\.(tcx|gpx)(\.gz)?$/i.exec(member.name)?.[1]?.toLowerCase();
  return format === 'gpx' ? 2 : format === 'tcx' ? 1 : 0;
}

function toMember(plan: EntryPlan, entry: ZipEntry, fileId: string, name: string, depth: number, caps: ArchiveCaps): Member | null {
  switch (plan.action) {
    case 'rejected':
      return { kind: 'outcome', fileId, name, outcome: rejectedOutcome(plan.code) };
    case 'ignored':
      // Directories are structure, not files: they are not listed at all.
      if (plan.reason === 'directory') return null;
      return { kind: 'outcome', fileId, name, outcome: { status: 'ignored', code: plan.reason, message: IGNORED_MESSAGES[plan.reason] } };
    case 'fit':
      return { kind: 'import', fileId, name, entry, gzip: false };
    case 'nested':
      if (plan.container === 'gzip') return { kind: 'import', fileId, name, entry, gzip: true };
      // The upload is depth 1: a ZIP inside it is 2, one inside that 3, …
      if (depth + 1 > caps.maxNestingDepth) return { kind: 'outcome', fileId, name, outcome: rejectedOutcome('nesting_too_deep') };
      return { kind: 'nested', fileId, name, entry };
  }
}
