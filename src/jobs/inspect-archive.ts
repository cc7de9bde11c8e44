/**
 * Inspect an archive (a queue task) and fan out: list it by ranged reads, decide every member,
 * take the members' share of the upload's output budget, write nested archives to R2, register
 * the members with the coordinator (ledger rows FIRST), then send their tasks in batches of
 * ≤ 100. Only then is the archive's own file closed as `expanded`, so the job never looks
 * finished in between. Every id and key is derived from the archive's file id and the member's
 * index, so a redelivered inspection lists, writes and sends the same things again.
 */
import type { ImportFileMessage, InspectArchiveMessage, TaskMessage } from '../contracts/queue-messages';
import type { ArchiveCaps, Inflater } from '../core/archive';
import { checkNestingDepth, createOutputBudget, listZipEntries, openZipEntry } from '../core/archive';
import type { FileOutcome } from '../core/chain/job-state';
import { isDomainError } from '../core/errors';
import { nestedArchiveKey } from '../core/keys';
import type { ArchiveBudgetStore, Clock, Coordinator, NewJobFile, StreamingBlobStore, TaskQueue } from '../ports';
import { MAX_ACTIVITIES_CSV_BYTES, readActivityNames } from '../core/activity';
import type { ZipEntry } from '../core/archive';
import { collectBytes, createBlobByteSource, openBlobByteSource } from './archive-byte-source';
import { toZipEntrySource } from './archive-entry-loader';
import { classifyMembers, rejectedOutcome, type Member } from './inspect-archive-members';

export interface InspectArchiveDeps {
  blobs: StreamingBlobStore;
  coordinator: Coordinator;
  queue: TaskQueue;
  budget: ArchiveBudgetStore;
  clock: Clock;
  caps: ArchiveCaps;
  /** the runtime's decompressor for members (fflate when absent) */
  inflater?: Inflater;
}

/** One window of the archive cached while sniffing members (bounded memory, few GETs). */
const SNIFF_WINDOW_BYTES = 4 * 1024 * 1024;
/** Files per coordinator call: keeps each RPC small for exports of many thousand members. */
const LEDGER_CHUNK = 500;

export async function inspectArchive(task: InspectArchiveMessage, deps: InspectArchiveDeps): Promise<FileOutcome | null> {
  const { proceed } = await deps.coordinator.markFileStarted(task.jobId, task.fileId);
  if (!proceed) return null; // already expanded or rejected: a redelivery
  const outcome = await expandArchive(task, deps);
  await deps.coordinator.reportFileOutcome(task.jobId, task.fileId, outcome);
  return outcome;
}

async function expandArchive(task: InspectArchiveMessage, deps: InspectArchiveDeps): Promise<FileOutcome> {
  let members: Member[];
  let source;
  let listing;
  try {
    checkNestingDepth(task.depth, deps.caps);
    source = await openBlobByteSource(deps.blobs, task.key);
    if (!source) return { status: 'failed', code: 'missing_upload', message: 'The uploaded bytes are no longer in storage.' };
    listing = await listZipEntries(source, deps.caps);
    const sniffer = createBlobByteSource(deps.blobs, task.key, source.size, SNIFF_WINDOW_BYTES);
    members = await classifyMembers(listing.entries, sniffer, task, deps.caps, deps.inflater);
  } catch (error) {
    // Whole-archive problems (truncated, overlapping entries, too many entries, …): permanent.
    if (isDomainError(error) && !error.retryable) return { status: 'rejected', code: error.code, message: error.message };
    throw error;
  }
  members = await applyOutputBudget(members, task, deps);
  const names = await readExportNames(listing.entries, source, deps.caps, deps.inflater);
  const files: NewJobFile[] = [];
  for (const member of members) files.push(await toJobFile(member, source, task, deps, names));
  for (let i = 0; i < files.length; i += LEDGER_CHUNK) await deps.coordinator.addFiles(task.jobId, files.slice(i, i + LEDGER_CHUNK));
  // The coordinator sends the members' tasks itself, a window at a time per runner (fairness).
  return { status: 'expanded', message: summarise(files) };
}

/**
 * The upload's total output budget (min(factor × upload size, ceiling)) is shared by every
 * archive in it. This archive asks for what its members declare (the extractor never lets a
 * member produce more than it declares) and keeps, in index order, the members that fit.
 */
async function applyOutputBudget(members: Member[], task: InspectArchiveMessage, deps: InspectArchiveDeps): Promise<Member[]> {
  const want = members.reduce((sum, m) => sum + (m.kind === 'outcome' ? 0 : m.entry.uncompressedSize), 0);
  if (want === 0) return members;
  const limit = createOutputBudget(task.rootSize, 0, deps.caps).limit;
  const granted = await deps.budget.grant({ runnerId: task.runnerId, rootUploadId: task.uploadId, archiveFileId: task.fileId, want, limit, now: deps.clock.now() });
  let used = 0;
  let exhausted = false;
  return members.map((m) => {
    if (m.kind === 'outcome') return m;
    used += m.entry.uncompressedSize;
    exhausted ||= used > granted;
    return exhausted ? { kind: 'outcome', fileId: m.fileId, name: m.name, outcome: rejectedOutcome('output_budget_exceeded') } : m;
  });
}

/**
 * Activity names from the export's activities.csv (Strava), keyed by member path. The list is
 * small and read whole; one that cannot be read only leaves the activities their own titles.
 */
async function readExportNames(entries: readonly ZipEntry[], source: Parameters<typeof openZipEntry>[0], caps: ArchiveCaps, inflater: Inflater | undefined): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const entry of entries) {
    const path = entry.displayName.replace(/\\/g, '/');
    const slash = path.lastIndexOf('/');
    if (path.slice(slash + 1).toLowerCase() !== 'activities.csv' || entry.rejection || entry.uncompressedSize > MAX_ACTIVITIES_CSV_BYTES) continue;
    try {
      const bytes = await collectBytes(openZipEntry(source, entry, caps, { inflater }));
      for (const [file, name] of readActivityNames(bytes, path.slice(0, slash + 1))) names.set(file, name);
    } catch (error) {
      if (!isDomainError(error) || error.retryable) throw error;
    }
  }
  return names;
}

async function toJobFile(member: Member, source: Parameters<typeof openZipEntry>[0], task: InspectArchiveMessage, deps: InspectArchiveDeps, names: Map<string, string>): Promise<NewJobFile> {
  const { fileId, name } = member;
  const base = { runnerId: task.runnerId, jobId: task.jobId, fileId, uploadId: task.uploadId, name };
  switch (member.kind) {
    case 'outcome':
      return { fileId, name, outcome: member.outcome };
    case 'import': {
      const source = toZipEntrySource(task.key, member.entry, member.gzip);
      const title = names.get(member.entry.displayName.replace(/\\/g, '/'));
      const importTask: ImportFileMessage = { type: 'import-file', ...base, key: task.key, size: member.entry.uncompressedSize, source, ...(title ? { title } : {}) };
      return { fileId, name, task: importTask };
    }
    case 'nested': {
      const key = nestedArchiveKey(task.runnerId, fileId);
      try {
        // Streamed in parts; CRC-32, sizes and ratio are checked while it is written.
        await deps.blobs.putStream(key, openZipEntry(source, member.entry, deps.caps, { inflater: deps.inflater }), { maxBytes: deps.caps.maxEntryBytes, contentType: 'application/zip' });
      } catch (error) {
        if (!isDomainError(error) || error.retryable) throw error;
        return { fileId, name, outcome: { status: 'rejected', code: error.code, message: error.message } };
      }
      const inspect: TaskMessage = { type: 'inspect-archive', ...base, key, size: member.entry.uncompressedSize, depth: task.depth + 1, rootSize: task.rootSize };
      return { fileId, name, task: inspect };
    }
  }
}

function summarise(files: NewJobFile[]): string {
  const count = (status: string) => files.filter((f) => (f.outcome?.status ?? 'queued') === status).length;
  const parts = [`${count('queued')} to import or expand`, `${count('skipped')} skipped`, `${count('ignored')} ignored`, `${count('rejected')} rejected`];
  return `The archive holds ${files.length} file${files.length === 1 ? '' : 's'}: ${parts.join(', ')}.`;
}
