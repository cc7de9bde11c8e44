/**
 * Export my data (issue 13 item 3): ONE ZIP, streamed into R2 by a queue step, holding
 *   originals/<file id>-<name>   every imported file as it was uploaded (or extracted from its archive)
 *   records/<session id>.parquet each session's record stream, as stored
 *   pacelab.json                 the profile and every session with its statistics (streamed, one
 *                                session at a time)
 * and, before that, the exports the runner had (one is kept). Every object is read as a stream
 * and written through putStream's bounded parts (R2 multipart), so memory stays flat whatever
 * the account's size. Exports are not charged to the storage quota (a full account can still
 * take its data away). The export's id is its job's id.
 */
import type { BuildExportMessage } from '../contracts/queue-messages';
import type { StepOutcome } from '../core/chain/steps';
import { exportKey, exportsPrefix } from '../core/keys';
import type { AnalysisStore, BlobStore, Clock, RunnerRepo, SessionRepo, SessionRow, StreamingBlobStore } from '../ports';
import { chunksOf, streamZip, type ZipMember } from './export-zip';
import { openOriginalFile } from './original-file';

export interface BuildExportDeps {
  blobs: StreamingBlobStore;
  sessions: SessionRepo;
  analysis: AnalysisStore;
  runners: RunnerRepo;
  clock: Clock;
}

/** no ZIP64 in fflate's streaming Zip: an export stops short of 4 GiB */
export const MAX_EXPORT_BYTES = 4 * 1024 ** 3 - 64 * 1024 ** 2;
const PAGE = 100;

export async function buildExport(task: BuildExportMessage, deps: BuildExportDeps): Promise<StepOutcome> {
  const { runnerId } = task;
  const key = exportKey(runnerId, task.jobId);
  const counts = { sessions: 0, originals: 0, records: 0 };
  const exportedAt = deps.clock.now();
  const stored = await deps.blobs.putStream(key, streamZip(members(task, deps, counts, exportedAt)), { maxBytes: MAX_EXPORT_BYTES, contentType: 'application/zip' });
  await deleteOlderExports(deps.blobs, runnerId, key);
  return { status: 'succeeded', result: { exportId: task.jobId, size: stored.size, ...counts } };
}

async function* sessionPages(runnerId: string, sessions: SessionRepo): AsyncGenerator<SessionRow[]> {
  let cursor: string | undefined;
  do {
    const page = await sessions.list(runnerId, { limit: PAGE, cursor });
    yield page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

async function* members(task: BuildExportMessage, deps: BuildExportDeps, counts: Record<string, number>, exportedAt: number): AsyncGenerator<ZipMember> {
  const { runnerId } = task;
  const object = (key: string) => async () => {
    const found = await deps.blobs.get(key);
    return found ? chunksOf(found.body) : null;
  };
  // 1. the originals and the Parquet, session by session (a multisport file's original once)
  const seenFiles = new Set<string>();
  for await (const page of sessionPages(runnerId, deps.sessions)) {
    for (const s of page) {
      if (!seenFiles.has(s.fitFileId)) {
        seenFiles.add(s.fitFileId);
        const full = await deps.sessions.get(runnerId, s.id);
        if (full) {
          counts.originals++;
          const file = full.fitFile;
          const original = async () => {
            const found = await openOriginalFile(deps.blobs, file);
            return found ? chunksOf(found.body) : null;
          };
          yield { name: `originals/${s.fitFileId}-${archiveName(file.name)}`, mtime: file.createdAt, open: original };
        }
      }
      counts.records++;
      yield { name: `records/${s.id}.parquet`, mtime: s.createdAt, open: object(s.recordsKey) };
    }
  }
  // 2. the JSON: the profile, then every session with its statistics, one at a time
  const runner = await deps.runners.findById(runnerId);
  yield {
    name: 'pacelab.json', deflate: true, mtime: exportedAt,
    open: async () => sessionsJson(runnerId, deps, runner, exportedAt, counts),
  };
}

async function* sessionsJson(runnerId: string, deps: BuildExportDeps, runner: unknown, exportedAt: number, counts: Record<string, number>): AsyncGenerator<Uint8Array> {
  const text = new TextEncoder();
  yield text.encode(`{"format":"pacelab-export/1","exportedAt":${JSON.stringify(new Date(exportedAt).toISOString())},"runner":${JSON.stringify(runner)},"sessions":[`);
  let first = true;
  for await (const page of sessionPages(runnerId, deps.sessions)) {
    for (const s of page) {
      const stats = await deps.analysis.getStats(runnerId, s.id);
      counts.sessions++;
      yield text.encode(`${first ? '' : ','}\n${JSON.stringify({ ...s, stats: stats ?? null })}`);
      first = false;
    }
  }
  yield text.encode('\n]}\n');
}

/** a user's file name as a safe last path segment (no directories, no control characters) */
function archiveName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = last.replace(/[\u0000-\u001f\u007f]/g, '').replace(/^\.+/, '').slice(-120);
  return clean || 'file';
}

async function deleteOlderExports(blobs: BlobStore, runnerId: string, keep: string): Promise<void> {
  const page = await blobs.list(exportsPrefix(runnerId));
  const older = page.objects.map((o) => o.key).filter((k) => k !== keep);
  if (older.length > 0) await blobs.delete(older);
}
