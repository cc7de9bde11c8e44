/**
 * Import FIT files (queue tasks), a group at a time: the import-file messages of one queue batch
 * for one runner share their round trips — one coordinator call to start them, one D1 query per
 * lookup, one D1 batch to commit them, one D1 batch for their statistics, one call to report.
 * Per file (FIT, GPX or TCX): validate, classify, dedupe (same bytes, same FIT recording, the
 * same activity from another source: import-same-activity.ts), convert each session's records to Parquet in R2, and
 * analyse the session from that Parquet (ALGORITHMS.md §1) so the chain has nothing left to send
 * for it. The commit batch is the commit point: everything before it is safely repeatable.
 *
 * Bad input is an outcome (rejected/skipped with a code), not an exception. A transient failure
 * of one file (storage, a fault) retries that file alone; a failed group query retries its wave.
 * A wave holds a bounded number of bytes, so big files never sit in memory side by side.
 */
import type { ImportFileMessage } from '../contracts/queue-messages';
import type { FileOutcome } from '../core/chain/job-state';
import type { ArchiveCaps, Inflater } from '../core/archive';
import type { AnalysisStore, BlobStore, Clock, Coordinator, Faults, FileRef, ImportStore, RunnerRepo } from '../ports';
import { isDomainError } from '../core/errors';
import { loadAnalysisContext, type AnalysisContext } from './analyse-session';
import { convertFit, duplicateOutcome, maxActivityBytes, prepareFit, type Converted, type Prepared } from './import-fit-steps';
import { decideSameActivity, decideSameRecording, deleteConvertedObjects, SAME_ACTIVITY_CODE, SAME_ACTIVITY_WHY, SAME_RECORDING_CODE, SAME_RECORDING_WHY, withdrawRaceLosers } from './import-same-activity';

export interface ImportFitDeps {
  blobs: BlobStore;
  store: ImportStore;
  coordinator: Coordinator;
  /** the runner's profile and critical speed, for the statistics computed at import */
  runners: RunnerRepo;
  analysis: AnalysisStore;
  clock: Clock;
  /** maxXmlBytes: largest GPX/TCX once unpacked (default: the core's MAX_XML_BYTES) */
  limits: { maxFitBytes: number; maxXmlBytes?: number };
  /** caps for archive members (defaults when absent) */
  archiveCaps?: ArchiveCaps;
  /** the runtime's decompressor for archive members (fflate when absent) */
  inflater?: Inflater;
  /** fault hooks at step boundaries (test and drill configs only) */
  faults?: Faults;
}

// A wave: at most this many files and bytes of FIT in memory at once (a FIT is ≤ 16 MiB; its
// decode peaks near 3× its size). A few waves run side by side, one's round trips overlapping
// another's decoding: WAVES_AT_ONCE × WAVE_BYTES stays well inside a Worker's 128 MB.
const WAVE_FILES = 8;
const WAVE_BYTES = 4 * 1_048_576;
const WAVES_AT_ONCE = 2;

/** Imports a group of one runner's tasks; returns the error of each file to retry (absent: done). */
export async function importFits(tasks: ImportFileMessage[], deps: ImportFitDeps): Promise<Map<string, unknown>> {
  const errors = new Map<string, unknown>();
  const unique = [...new Map(tasks.map((t) => [t.fileId, t])).values()];
  if (unique.length === 0) return errors;
  const runnerId = unique[0]!.runnerId;
  if (unique.some((t) => t.runnerId !== runnerId)) throw new Error('importFits: one runner per group');
  const proceed = new Set(await deps.coordinator.markFilesStarted(unique.map(ref)));
  let context: Promise<AnalysisContext | null> | undefined;
  const analysisContext = () => (context ??= loadAnalysisContext(runnerId, deps).catch(() => null));
  const waves = [...wavesOf(unique.filter((t) => proceed.has(t.fileId)), maxActivityBytes(deps.limits))];
  const runWaves = async () => {
    for (let wave = waves.shift(); wave; wave = waves.shift()) {
      try {
        const reports = await importWave(wave, deps, errors, analysisContext);
        if (reports.length > 0) await deps.coordinator.reportFileOutcomes(reports);
      } catch (error) {
        for (const t of wave) if (!errors.has(t.fileId)) errors.set(t.fileId, error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WAVES_AT_ONCE, waves.length) }, runWaves));
  return errors;
}

function ref(task: ImportFileMessage): FileRef {
  return { jobId: task.jobId, fileId: task.fileId };
}

function* wavesOf(tasks: ImportFileMessage[], maxFitBytes: number): Generator<ImportFileMessage[]> {
  let wave: ImportFileMessage[] = [];
  let bytes = 0;
  for (const task of tasks) {
    const size = Math.min(task.size, maxFitBytes);
    if (wave.length > 0 && (wave.length >= WAVE_FILES || bytes + size > WAVE_BYTES)) { yield wave; wave = []; bytes = 0; }
    wave.push(task);
    bytes += size;
  }
  if (wave.length > 0) yield wave;
}

type Report = FileRef & { outcome: FileOutcome };

async function importWave(wave: ImportFileMessage[], deps: ImportFitDeps, errors: Map<string, unknown>, analysisContext: () => Promise<AnalysisContext | null>): Promise<Report[]> {
  const runnerId = wave[0]!.runnerId;
  const reports: Report[] = [];
  const settle = <T>(task: ImportFileMessage, run: () => Promise<T>): Promise<T | null> =>
    run().catch((error: unknown) => { errors.set(task.fileId, error); return null; });

  const duplicates: Array<{ task: ImportFileMessage; existing: { id: string; name: string }; code: string; why: string }> = [];
  // 1. a file hashed as it was received (a loose upload) whose bytes are already held is a
  // duplicate without reading it back from storage: re-sending a whole folder costs a lookup
  const hashed = [...new Set(wave.flatMap((t) => (t.sha256 === undefined ? [] : [t.sha256])))];
  const heldByDigest = new Map(hashed.length === 0 ? [] : (await deps.store.findFitFilesBySha(runnerId, hashed)).map((f) => [f.sha256, f]));
  const toLoad = wave.filter((t) => {
    const existing = t.sha256 === undefined ? undefined : heldByDigest.get(t.sha256);
    if (existing) duplicates.push({ task: t, existing, code: 'duplicate_file', why: 'has identical bytes' });
    return !existing;
  });
  // 2. bytes (ranged reads of archive members run side by side) and their digests
  const prepared: Prepared[] = [];
  for (const p of await Promise.all(toLoad.map((t) => settle(t, () => prepareFit(t, deps))))) {
    if (!p) continue;
    if ('outcome' in p) reports.push({ ...ref(p.task), outcome: p.outcome });
    else prepared.push(p);
  }
  // 3. same bytes already held → duplicate (digests not looked up above); otherwise decode and
  // look for the same recording
  const unknown = [...new Set(prepared.map((p) => p.sha256))].filter((sha) => !hashed.includes(sha));
  const bySha = new Map(unknown.length === 0 ? [] : (await deps.store.findFitFilesBySha(runnerId, unknown)).map((f) => [f.sha256, f]));
  // Identical bytes twice in one wave (a burst of the same upload): the first is converted, the
  // others take its outcome afterwards instead of each decoding and racing to commit.
  const leaders = new Map<string, ImportFileMessage>();
  const followers: Array<{ task: ImportFileMessage; leader: ImportFileMessage }> = [];
  const fresh = prepared.filter((p) => {
    const existing = bySha.get(p.sha256);
    const leader = leaders.get(p.sha256);
    if (existing) duplicates.push({ task: p.task, existing, code: 'duplicate_file', why: 'has identical bytes' });
    else if (leader) followers.push({ task: p.task, leader });
    else leaders.set(p.sha256, p.task);
    return !existing && !leader;
  });
  const converted: Converted[] = [];
  for (const p of fresh) {
    const c = await settle(p.task, () => convertFit(p, deps, analysisContext));
    if (!c) continue;
    if ('outcome' in c) { reports.push({ ...ref(p.task), outcome: c.outcome }); continue; }
    converted.push(c);
  }
  const identities = converted.flatMap((c) => (c.file.fitIdentity ? [c.file.fitIdentity] : []));
  const byIdentity = new Map((await deps.store.findFitFilesByIdentity(runnerId, identities)).map((f) => [f.fitIdentity, f]));
  const unheld = converted.filter((c) => {
    const existing = c.file.fitIdentity ? byIdentity.get(c.file.fitIdentity) : undefined;
    if (existing) duplicates.push({ task: c.task, existing, code: SAME_RECORDING_CODE, why: SAME_RECORDING_WHY });
    return !existing;
  });
  // the same recording twice in this wave (other bytes): one commits, the other follows it
  const recordings = decideSameRecording(unheld);
  // the same activity from another source (a GPX of a run also there as FIT): held file first, then the richer format
  const same = await decideSameActivity(runnerId, recordings.keep, deps.store);
  for (const d of same.held) duplicates.push({ ...d, code: SAME_ACTIVITY_CODE, why: SAME_ACTIVITY_WHY });
  const toCommit = same.keep;
  // 4. the stored objects, then the commit point for the whole wave
  const stored: Converted[] = [];
  const putErrors = await storeObjects(toCommit, deps.blobs);
  await Promise.all(toCommit.map(async (c) => {
    const stores = async () => {
      if (putErrors.has(c)) throw putErrors.get(c);
      await deps.faults?.hit('commit', c.task.fileId, c.task.name);
      return true;
    };
    if (await settle(c.task, stores)) stored.push(c);
  }));
  const committed = await deps.store.commitImports(stored.map((c) => ({ file: c.file, sessions: c.sessions })));
  // a concurrent wave may have committed the same activity first: the later one withdraws
  const committedNow = stored.filter((c) => committed.get(c.file.id)?.committed);
  const raceLosers = await withdrawRaceLosers(runnerId, committedNow, deps);
  for (const c of committedNow) {
    const existing = raceLosers.get(c.file.id);
    if (existing) duplicates.push({ task: c.task, existing, code: SAME_ACTIVITY_CODE, why: SAME_ACTIVITY_WHY });
  }
  const won = committedNow.filter((c) => !raceLosers.has(c.file.id));
  const lostRace: Converted[] = [];
  for (const c of stored) {
    const result = committed.get(c.file.id);
    if (!result || result.committed) continue;
    // Lost a race with a concurrent import of the same bytes or recording: the winner holds it,
    // and the outcome says which of the two it shares (other bytes are not a copy of the file).
    if (result.existing) {
      const sameBytes = result.existing.sha256 === c.file.sha256;
      duplicates.push({ task: c.task, existing: result.existing, code: sameBytes ? 'duplicate_file' : SAME_RECORDING_CODE, why: sameBytes ? 'was imported at the same time' : SAME_RECORDING_WHY });
      lostRace.push(c);
    }
    else errors.set(c.task.fileId, new Error('The import did not commit and no conflicting file was found; retrying.'));
  }
  // what the losers wrote is referenced by nothing: it would hold the runner's storage forever
  await deleteConvertedObjects(runnerId, lostRace, deps.blobs).catch((error: unknown) => console.warn('objects of a lost import not deleted', error));
  // 5. statistics of the new sessions; if they cannot be stored now, the chain's analyse steps do it
  const analyses = won.flatMap((c) => c.analyses);
  let analysed = analyses.length > 0;
  if (analysed) await deps.analysis.saveSessionAnalyses(analyses).catch((error: unknown) => { analysed = false; console.warn('statistics not stored at import; the chain will analyse', error); });
  for (const c of won) {
    const analysedSessionIds = analysed ? c.analyses.map((a) => a.stats.sessionId) : [];
    reports.push({ ...ref(c.task), outcome: { status: 'imported', sessionIds: c.sessions.map((s) => s.id), analysedSessionIds } });
  }
  if (duplicates.length > 0) {
    const sessionIds = await deps.store.sessionIdsOfFiles(runnerId, duplicates.map((d) => d.existing.id));
    for (const d of duplicates) reports.push({ ...ref(d.task), outcome: duplicateOutcome(d.task, d.existing, sessionIds.get(d.existing.id) ?? [], d.code, d.why) });
  }
  const outcomes = new Map(reports.map((r) => [r.fileId, r.outcome]));
  const peers = [...same.peers.map((p) => ({ ...p, code: SAME_ACTIVITY_CODE, why: SAME_ACTIVITY_WHY })), ...recordings.peers.map((p) => ({ ...p, code: SAME_RECORDING_CODE, why: SAME_RECORDING_WHY }))];
  // in this order: a recording's kept file may itself follow a same-activity leader
  for (const { task, leader, code, why } of peers) {
    const outcome = outcomes.get(leader.task.fileId);
    const mine = outcome?.status === 'imported' ? duplicateOutcome(task, { id: leader.file.id, name: leader.task.name }, outcome.sessionIds ?? [], code, why)
      : outcome?.status === 'duplicate' && outcome.duplicateOf ? { ...outcome } : undefined;
    if (mine) { reports.push({ ...ref(task), outcome: mine }); outcomes.set(task.fileId, mine); }
    else errors.set(task.fileId, errors.get(leader.task.fileId) ?? new Error('The file holding the same activity was not imported; retrying.'));
  }
  for (const { task, leader } of followers) {
    const outcome = outcomes.get(leader.fileId);
    if (outcome) reports.push({ ...ref(task), outcome: followerOutcome(task, leader, outcome) });
    else errors.set(task.fileId, errors.get(leader.fileId) ?? new Error('The file with the same bytes was not imported; retrying.'));
  }
  return reports;
}

/**
 * The wave's objects in one reservation (putMany): one D1 round trip for the wave instead of one
 * per charged object. When the wave does not fit in the quota, each file reserves its own, so a
 * file that fits is still stored and only the others are refused (quota_exceeded), none of their
 * objects stored. Answers each file's failure (absent: all its objects stored).
 */
async function storeObjects(files: Converted[], blobs: BlobStore): Promise<Map<Converted, unknown>> {
  const failures = new Map<Converted, unknown>();
  const putFiles = async (group: Converted[]) => {
    const results = await blobs.putMany(group.flatMap((c) => c.objects));
    let at = 0;
    for (const c of group) {
      const failed = results.slice(at, at += c.objects.length).find((r) => r.status === 'rejected');
      if (failed) failures.set(c, failed.reason);
    }
  };
  try {
    await putFiles(files);
  } catch (error) {
    if (files.length === 1 || !isDomainError(error) || error.code !== 'quota_exceeded') {
      for (const c of files) failures.set(c, error);
      return failures;
    }
    await Promise.all(files.map((c) => putFiles([c]).catch((refused: unknown) => { failures.set(c, refused); })));
  }
  return failures;
}

/** A copy's outcome from the first file with its bytes: a duplicate of it, or the same verdict. */
function followerOutcome(task: ImportFileMessage, leader: ImportFileMessage, outcome: FileOutcome): FileOutcome {
  if (outcome.status === 'imported') return duplicateOutcome(task, { id: leader.fileId, name: leader.name }, outcome.sessionIds ?? [], 'duplicate_file', 'has identical bytes');
  const { analysedSessionIds: _analysed, ...same } = outcome;
  return same;
}
