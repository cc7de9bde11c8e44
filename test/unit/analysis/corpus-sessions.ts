/**
 * Every session of every valid corpus activity file, decoded and sliced the way the import job
 * does it (decodeFit → classifyFit → assignSessionRecords). Shared by the corpus-*.test.ts files.
 */
import { assignSessionLaps, assignSessionRecords, classifyFit, decodeFit, type SessionWindow } from '../../../src/core/fit/index.js';
import type { FitEvent, FitLap, FitSession, RecordColumns } from '../../../src/core/fit/types.js';
import { toSwimLengths, type SwimLength } from '../../../src/core/swim/swim-length.js';
import { readCorpusFile, readCorpusManifest } from '../support/corpus.js';
import { parseManifest } from '../fit/manifest.js';

export interface CorpusSession {
  file: string;
  session: FitSession;
  records: RecordColumns;
  window?: SessionWindow;
  events: FitEvent[];
  laps: FitLap[];
  /** pool lengths (swim/swim-length.ts), as the import stores them */
  lengths: SwimLength[];
}

/** Valid activity files named by the MANIFEST (must-reject and non-activity files excluded). */
export function corpusActivityFiles(): string[] {
  return parseManifest(readCorpusManifest())
    .filter((f) => !f.mustReject && f.fileType === 'activity')
    .map((f) => f.name)
    .sort();
}

export async function loadCorpusSessions(): Promise<CorpusSession[]> {
  const out: CorpusSession[] = [];
  for (const file of corpusActivityFiles()) {
    const decoded = await decodeFit(readCorpusFile(file));
    if (classifyFit(decoded).kind !== 'activity') throw new Error(`${file}: the MANIFEST says activity, classifyFit disagrees`);
    const owned = assignSessionRecords(decoded.records, decoded.sessions);
    const lapsBySession = assignSessionLaps(decoded.laps, owned.map((o) => o.window));
    const lengthsBySession = assignSessionLaps(decoded.lengths ?? [], owned.map((o) => o.window));
    decoded.sessions.forEach((session, i) => {
      const laps = lapsBySession[i]!;
      const lengths = toSwimLengths(lengthsBySession[i]!, session.poolLengthM, owned[i]!.window?.startMs);
      out.push({ file, session, records: owned[i]!.records, window: owned[i]!.window, events: decoded.events, laps, lengths });
    });
  }
  return out;
}
