/**
 * Laps per session on the whole corpus (issue 12 item 4), the way the import stores them: every
 * lap message of a file lands in exactly one session, so the file's lap count equals MANIFEST.md's
 * (the workerd test checks the API for the files its bindings carry; this covers the large ones).
 */
import { describe, expect, it } from 'vitest';
import { assignSessionLaps, assignSessionRecords, decodeFit } from '../../../src/core/fit/index.js';
import { toActivityLaps } from '../../../src/core/laps/activity-lap';
import { hasCorpus, readCorpusFile, readCorpusManifest } from '../support/corpus.js';
import { parseManifest } from '../fit/manifest.js';

describe.skipIf(!hasCorpus())('corpus laps', () => {
  const files = hasCorpus() ? parseManifest(readCorpusManifest()).filter((f) => !f.mustReject && f.fileType === 'activity') : [];
  it.each(files.map((f) => [f.name, f.laps] as const))('%s: %s laps, each in one session', async (name, expected) => {
    const decoded = await decodeFit(readCorpusFile(name));
    const owned = assignSessionRecords(decoded.records, decoded.sessions);
    const bySession = assignSessionLaps(decoded.laps, owned.map((o) => o.window));
    const laps = bySession.map((l, i) => toActivityLaps(l, owned[i]!.window?.startMs));
    expect(laps.flat().length).toBe(expected);
    for (const l of laps.flat()) expect(l.startOffsetS === undefined || l.startOffsetS >= -1).toBe(true);
  });
});
