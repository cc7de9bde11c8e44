/**
 * Export-shaped archives walked the way the fan-out will walk them: list → plan → sniff →
 * extract / recurse, every entry accounted for, every FIT found exactly once.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { OutputBudget } from '../../../src/core/archive/index.js';
import { isDomainError } from '../../../src/core/errors.js';
import {
  checkNestingDepth, createOutputBudget, listZipEntries, openGzip, openZipEntry, planArchiveEntries,
  readZipEntryHead, resolveSniffedPlan, SNIFF_BYTES, sniffContent,
} from '../../../src/core/archive/index.js';
import { collect, corpusFit, fakeFit, makeZip, source, text } from './fixtures.js';

interface Outcome {
  path: string;
  status: string;
}

interface Walk {
  fits: Map<string, Uint8Array>;
  outcomes: Outcome[];
}

async function walkZip(bytes: Uint8Array, prefix: string, depth: number, budget: OutputBudget, walk: Walk): Promise<void> {
  checkNestingDepth(depth);
  const src = source(bytes);
  const { entries } = await listZipEntries(src);
  for (const initial of planArchiveEntries(entries)) {
    const entry = entries[initial.index];
    const path = `${prefix}/${entry.displayName}`;
    try {
      let plan = initial;
      if (plan.action === 'fit' || plan.action === 'nested') plan = resolveSniffedPlan(plan, sniffContent(await readZipEntryHead(src, entry, SNIFF_BYTES)));
      if (plan.action === 'fit') {
        walk.fits.set(path, await collect(openZipEntry(src, entry, undefined, { budget })));
        walk.outcomes.push({ path, status: 'fit' });
      } else if (plan.action === 'nested') {
        const child = await collect(openZipEntry(src, entry, undefined, { budget }));
        if (plan.container === 'zip') await walkZip(child, path, depth + 1, budget, walk);
        else {
          checkNestingDepth(depth + 1);
          const inner = await collect(openGzip(source(child), undefined, { budget }));
          walk.fits.set(path, inner);
          walk.outcomes.push({ path, status: ['fit', 'gpx', 'tcx'].includes(sniffContent(inner)) ? 'fit' : 'not_activity' });
        }
      } else {
        walk.outcomes.push({ path, status: plan.action === 'rejected' ? `${plan.action}:${plan.code}` : `ignored:${plan.reason}` });
      }
    } catch (error) {
      if (!isDomainError(error)) throw error;
      walk.outcomes.push({ path, status: `rejected:${error.code}` });
    }
  }
}

async function walkUpload(bytes: Uint8Array): Promise<Walk> {
  const walk: Walk = { fits: new Map(), outcomes: [] };
  await walkZip(bytes, 'upload.zip', 1, createOutputBudget(bytes.length), walk);
  return walk;
}

const CORPUS_RUNS = ['run-garmin-fenix5-tiny.fit', 'run-garmin-fr645m-hr-gps.fit', 'run-coros-power.fit', 'run-garmin-fr110-2013.fit'];

describe('export-shaped archives', () => {
  it('imports every FIT of a Garmin-shaped export exactly once', async () => {
    const fits = CORPUS_RUNS.map(corpusFit);
    const part1 = makeZip({ [`${1001}_ACTIVITY.fit`]: fits[0], [`${1002}_ACTIVITY.fit`]: fits[1], 'notes.txt': text('<gpx></gpx>') });
    const part2 = makeZip({ [`${1003}_ACTIVITY.fit`]: [fits[2], { level: 0 }], [`${1004}_ACTIVITY.fit`]: fits[3] });
    const exportZip = makeZip({
      DI_CONNECT: {
        'DI-Connect-Fitness': { 'user_summary.json': text('{"a":1}'), 'personal_records.json': text('[]') },
        'DI-Connect-Uploaded-Files': { 'UploadedFiles_0_Part1.zip': [part1, { level: 0 }], 'UploadedFiles_0_Part2.zip': part2 },
      },
    });
    const walk = await walkUpload(exportZip);
    const base = 'upload.zip/DI_CONNECT/DI-Connect-Uploaded-Files';
    expect([...walk.fits.keys()].sort()).toEqual([
      `${base}/UploadedFiles_0_Part1.zip/1001_ACTIVITY.fit`,
      `${base}/UploadedFiles_0_Part1.zip/1002_ACTIVITY.fit`,
      `${base}/UploadedFiles_0_Part2.zip/1003_ACTIVITY.fit`,
      `${base}/UploadedFiles_0_Part2.zip/1004_ACTIVITY.fit`,
    ]);
    expect([...walk.fits.values()].sort((a, b) => a.length - b.length)).toEqual([...fits].sort((a, b) => a.length - b.length));
    expect(walk.outcomes.filter((o) => o.status !== 'fit').map((o) => o.status).sort()).toEqual([
      'ignored:directory', 'ignored:directory', 'ignored:directory', 'ignored:not_activity', 'ignored:not_activity', 'ignored:not_activity',
    ]);
  });

  it('imports a Strava-shaped export: .fit.gz unwrapped, GPX and .tcx.gz go to the importer, CSV ignored', async () => {
    const fits = CORPUS_RUNS.map(corpusFit);
    const exportZip = makeZip({
      'activities.csv': text('Activity ID,Activity Date,Activity Name,Filename\n1,2024,Run,activities/1.fit.gz\n'),
      'activities/1.fit.gz': gzipSync(fits[0]),
      'activities/2.fit.gz': [gzipSync(fits[1]), { level: 0 }],
      'activities/3.fit.gz': gzipSync(fits[2]),
      'activities/4.gpx': text('<?xml version="1.0"?><gpx></gpx>'),
      'activities/5.tcx.gz': gzipSync(text('<TrainingCenterDatabase/>')),
      'activities/6.fit': fits[3],
      'media/photo.jpg': fakeFit(9, 100),
      'profile.csv': text('a,b\n'),
    });
    const walk = await walkUpload(exportZip);
    expect(walk.fits.size).toBe(6);
    expect(walk.fits.get('upload.zip/activities/2.fit.gz')).toEqual(fits[1]);
    expect(walk.fits.get('upload.zip/activities/6.fit')).toEqual(fits[3]);
    const status = Object.fromEntries(walk.outcomes.map((o) => [o.path, o.status]));
    expect(status).toEqual({
      'upload.zip/activities.csv': 'ignored:activities_csv',
      'upload.zip/activities/1.fit.gz': 'fit',
      'upload.zip/activities/2.fit.gz': 'fit',
      'upload.zip/activities/3.fit.gz': 'fit',
      'upload.zip/activities/4.gpx': 'fit',
      'upload.zip/activities/5.tcx.gz': 'fit',
      'upload.zip/activities/6.fit': 'fit',
      'upload.zip/media/photo.jpg': 'ignored:not_activity',
      'upload.zip/profile.csv': 'ignored:not_activity',
    });
  });

  it('finds nested archives by magic bytes whatever their names, and stops at depth 3', async () => {
    const deepest = makeZip({ 'deep.fit': fakeFit(3) });
    const level2 = makeZip({ 'inner.fit': fakeFit(2), 'looks-like.fit': deepest });
    const upload = makeZip({ 'outer.fit': fakeFit(1), 'disguised.dat': level2 });
    const walk = await walkUpload(upload);
    expect([...walk.fits.keys()].sort()).toEqual(['upload.zip/disguised.dat/inner.fit', 'upload.zip/outer.fit']);
    expect(walk.outcomes).toContainEqual({ path: 'upload.zip/disguised.dat/looks-like.fit', status: 'rejected:nesting_too_deep' });
  });

  it('keeps going past bad entries: every entry ends in exactly one outcome', async () => {
    const upload = makeZip({ 'a.fit': fakeFit(1), 'bomb.fit': new Uint8Array(30 * 1024 * 1024), 'c.fit': fakeFit(3), 'bad.fit.gz': text('not gzip') });
    const walk = await walkUpload(upload);
    expect(walk.outcomes.map((o) => o.status)).toEqual(['fit', 'rejected:ratio_exceeded', 'fit', 'rejected:not_gzip']);
  });
});
