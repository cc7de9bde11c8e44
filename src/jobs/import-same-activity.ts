/**
 * The same activity from another file (core/activity/same-activity.ts): decided for a wave of
 * converted files before their commit, and checked again after it.
 *
 * Before: against the sessions already held (the held file wins, whichever format it is), then
 * among the wave itself (FIT > TCX > GPX, then the smaller file id: the same winner on every
 * redelivery). After: two waves running side by side (or two queue batches) cannot see each
 * other's files before they commit, so each looks again once committed; of two files that turn
 * out to be the same activity, the one committed first (smaller fit_files rowid) stays and the
 * other withdraws its rows and objects and ends `duplicate`. Both sides apply the same rule, so
 * exactly one remains whatever the timing.
 */
import { compareForKeeping, isSameFile, SAME_START_MS, type ActivityKey } from '../core/activity';
import type { ImportFileMessage } from '../contracts/queue-messages';
import type { BlobStore, ImportStore, NearbySession } from '../ports';
import type { Converted } from './import-fit-steps';
import { deleteSessionObjects } from './delete-objects';

export const SAME_ACTIVITY_CODE = 'same_activity';
export const SAME_ACTIVITY_WHY = 'is the same activity (same sport, start within 60 s, duration within 5 %)';
export const SAME_RECORDING_CODE = 'duplicate_activity';
export const SAME_RECORDING_WHY = 'is the same recording (device and creation time)';

/**
 * Files of one wave with the same FIT identity (device serial + time_created) are one recording,
 * whatever their content: a watch never writes two activities under one identity, so other bytes
 * mean a re-saved or edited export of it. One is kept — by the same rule as the same activity,
 * so every redelivery keeps the same one — and the others follow its outcome. Decided here, before
 * any object is written: left to the unique index, whichever insert reached D1 first won, and the
 * other was called a copy of identical bytes.
 */
export function decideSameRecording(files: Converted[]): { keep: Converted[]; peers: Array<{ task: ImportFileMessage; leader: Converted }> } {
  const leaders = new Map<string, Converted>();
  const keep: Converted[] = [];
  const peers: Array<{ task: ImportFileMessage; leader: Converted }> = [];
  const ordered = [...files].sort((a, b) => compareForKeeping({ format: a.format, id: a.file.id }, { format: b.format, id: b.file.id }));
  for (const c of ordered) {
    const identity = c.file.fitIdentity;
    const leader = identity ? leaders.get(identity) : undefined;
    if (leader) { peers.push({ task: c.task, leader }); continue; }
    if (identity) leaders.set(identity, c);
    keep.push(c);
  }
  return { keep, peers };
}

export interface SameActivityDecision {
  /** files to commit */
  keep: Converted[];
  /** duplicates of a file already held */
  held: Array<{ task: ImportFileMessage; existing: { id: string; name: string } }>;
  /** duplicates of a file of this wave: their outcome follows that file's */
  peers: Array<{ task: ImportFileMessage; leader: Converted }>;
}

function keysOf(c: Converted): ActivityKey[] {
  return c.sessions.map((s) => ({ sport: s.sport, startTime: s.startTime, elapsedS: s.elapsedS }));
}

function startsOf(files: Converted[]): number[] {
  return files.flatMap((c) => c.sessions.flatMap((s) => (s.startTime !== undefined ? [s.startTime] : [])));
}

function byFile(sessions: NearbySession[]): Map<string, NearbySession[]> {
  const out = new Map<string, NearbySession[]>();
  for (const s of sessions) out.set(s.fitFileId, [...(out.get(s.fitFileId) ?? []), s]);
  return out;
}

export async function decideSameActivity(runnerId: string, files: Converted[], store: ImportStore): Promise<SameActivityDecision> {
  const decision: SameActivityDecision = { keep: [], held: [], peers: [] };
  if (files.length === 0) return decision;
  const heldFiles = byFile(await store.findSessionsNear(runnerId, startsOf(files), SAME_START_MS));
  const ordered = [...files].sort((a, b) => compareForKeeping({ format: a.format, id: a.file.id }, { format: b.format, id: b.file.id }));
  for (const c of ordered) {
    const mine = keysOf(c);
    const held = [...heldFiles].find(([fileId, sessions]) => fileId !== c.file.id && isSameFile(mine, sessions));
    if (held) { decision.held.push({ task: c.task, existing: { id: held[0], name: held[1][0]!.fileName } }); continue; }
    const leader = decision.keep.find((k) => isSameFile(mine, keysOf(k)));
    if (leader) { decision.peers.push({ task: c.task, leader }); continue; }
    decision.keep.push(c);
  }
  return decision;
}

/**
 * After the commit: the committed files that lost a race to a file committed earlier, each with
 * that file. Their rows are withdrawn here and their objects deleted (best effort).
 */
export async function withdrawRaceLosers(runnerId: string, committed: Converted[], deps: { store: ImportStore; blobs: BlobStore }): Promise<Map<string, { id: string; name: string }>> {
  const losers = new Map<string, { id: string; name: string }>();
  if (committed.length === 0) return losers;
  const files = byFile(await deps.store.findSessionsNear(runnerId, startsOf(committed), SAME_START_MS));
  for (const c of committed) {
    const own = files.get(c.file.id)?.[0]?.fileSeq;
    if (own === undefined) continue;
    const mine = keysOf(c);
    const earlier = [...files].filter(([id, sessions]) => id !== c.file.id && sessions[0]!.fileSeq < own && isSameFile(mine, sessions));
    if (earlier.length > 0) {
      const [id, sessions] = earlier.sort((a, b) => a[1][0]!.fileSeq - b[1][0]!.fileSeq)[0]!;
      losers.set(c.file.id, { id, name: sessions[0]!.fileName });
    }
  }
  if (losers.size === 0) return losers;
  await deps.store.withdrawImports(runnerId, [...losers.keys()]);
  await deleteConvertedObjects(runnerId, committed.filter((c) => losers.has(c.file.id)), deps.blobs)
    .catch((error: unknown) => console.warn('objects of a withdrawn duplicate not deleted', error));
  return losers;
}

/** The objects a converted file wrote that nothing references (it did not commit, or withdrew): every session's prefix and its extracted copy. */
export async function deleteConvertedObjects(runnerId: string, converted: Converted[], blobs: BlobStore): Promise<void> {
  if (converted.length === 0) return;
  await blobs.delete(converted.flatMap((c) => (c.file.r2Key !== c.task.key ? [c.file.r2Key] : [])));
  await deleteSessionObjects(blobs, runnerId, converted.flatMap((c) => c.sessions.map((s) => s.id)));
}
