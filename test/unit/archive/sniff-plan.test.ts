import { describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { listZipEntries, planArchiveEntries, resolveSniffedPlan, sniffContent } from '../../../src/core/archive/index.js';
import type { EntryPlan } from '../../../src/core/archive/index.js';
import { corpusFit, fakeFit, makeZip, source, text } from './fixtures.js';

describe('sniffContent', () => {
  it('recognises formats by magic bytes, not names', () => {
    expect(sniffContent(corpusFit('run-garmin-fenix5-tiny.fit'))).toBe('fit');
    expect(sniffContent(corpusFit('course-gpsbabel.fit'))).toBe('fit');
    expect(sniffContent(Uint8Array.of(12, 0x10, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54))).toBe('fit'); // 12-byte header
    expect(sniffContent(makeZip({ 'a.fit': fakeFit(1) }))).toBe('zip');
    expect(sniffContent(makeZip({}))).toBe('zip'); // empty archive: PK\5\6
    expect(sniffContent(gzipSync(fakeFit(1)))).toBe('gzip');
    expect(sniffContent(corpusFit('corrupt-not-fit-gpx.fit'))).toBe('gpx');
    expect(sniffContent(text('\ufeff<?xml version="1.0"?>\n<!-- c -->\n<gpx version="1.1">'))).toBe('gpx');
    expect(sniffContent(text('<?xml version="1.0" encoding="UTF-8"?><TrainingCenterDatabase xmlns="x">'))).toBe('tcx');
    expect(sniffContent(text('<ns2:TrainingCenterDatabase>'))).toBe('tcx');
    expect(sniffContent(text('Activity ID,Activity Date,Activity Name\n1,2024,Run\n'))).toBe('csv');
  });

  it('says unknown for everything else', () => {
    expect(sniffContent(new Uint8Array(0))).toBe('unknown');
    expect(sniffContent(Uint8Array.of(14, 0x20, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x58))).toBe('unknown'); // ".FIX"
    expect(sniffContent(Uint8Array.of(13, 0x20, 0, 0, 0, 0, 0, 0, 0x2e, 0x46, 0x49, 0x54))).toBe('unknown'); // size 13
    expect(sniffContent(text('<html><body>hi</body></html>'))).toBe('unknown');
    expect(sniffContent(text('just words'))).toBe('unknown');
    expect(sniffContent(Uint8Array.of(0, 1, 2, 3, 0x2c))).toBe('unknown');
  });
});

describe('planArchiveEntries', () => {
  it('classifies a mixed export for fan-out', async () => {
    const zip = makeZip({
      'DI_CONNECT/': new Uint8Array(0),
      'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0_Part1.zip': makeZip({ 'x.fit': fakeFit(1) }),
      'activities/1.fit.gz': gzipSync(fakeFit(2)),
      'activities/2.gpx': text('<gpx>'),
      'activities/3.tcx.gz': gzipSync(text('<TrainingCenterDatabase>')),
      'activities/4.FIT': fakeFit(3),
      'activities.csv': text('a,b\n'),
      'DI_CONNECT/DI-Connect-Fitness/user_summary.json': text('{}'),
      '__MACOSX/activities/._4.FIT': fakeFit(4),
      'mystery': fakeFit(5),
      'empty.fit': new Uint8Array(0),
      'locked.fit': fakeFit(6),
    });
    const { entries } = await listZipEntries(source(zip));
    const plans = planArchiveEntries(entries.map((e) => (e.displayName === 'locked.fit' ? { ...e, rejection: { index: e.index, code: 'encrypted_entry', message: '', fatal: true } } : e)));
    const byName = Object.fromEntries(entries.map((e, i) => [e.displayName, plans[i]]));
    expect(byName['DI_CONNECT/']).toMatchObject({ action: 'ignored', reason: 'directory' });
    expect(byName['DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0_Part1.zip']).toMatchObject({ action: 'nested', container: 'zip' });
    expect(byName['activities/1.fit.gz']).toMatchObject({ action: 'nested', container: 'gzip' });
    expect(byName['activities/2.gpx']).toMatchObject({ action: 'fit', basis: 'name' });
    expect(byName['activities/3.tcx.gz']).toMatchObject({ action: 'nested', container: 'gzip' });
    expect(byName['activities/4.FIT']).toMatchObject({ action: 'fit', basis: 'name' });
    expect(byName['activities.csv']).toMatchObject({ action: 'ignored', reason: 'activities_csv' });
    expect(byName['DI_CONNECT/DI-Connect-Fitness/user_summary.json']).toMatchObject({ action: 'ignored', reason: 'not_activity' });
    expect(byName['__MACOSX/activities/._4.FIT']).toMatchObject({ action: 'ignored', reason: 'system_file' });
    expect(byName['mystery']).toMatchObject({ action: 'fit', basis: 'unknown' });
    expect(byName['empty.fit']).toMatchObject({ action: 'ignored', reason: 'empty' });
    expect(byName['locked.fit']).toMatchObject({ action: 'rejected', code: 'encrypted_entry' });
    expect(plans.map((p) => p.index)).toEqual(entries.map((e) => e.index));
    expect(JSON.parse(JSON.stringify(plans))).toEqual(plans); // data only: ledger-ready
  });

  it('lets magic bytes overrule names after sniffing', () => {
    const byName: EntryPlan = { index: 3, action: 'fit', basis: 'name' };
    const unknown: EntryPlan = { index: 4, action: 'fit', basis: 'unknown' };
    const nested: EntryPlan = { index: 5, action: 'nested', container: 'zip', basis: 'name' };
    expect(resolveSniffedPlan(byName, 'zip')).toEqual({ index: 3, action: 'nested', container: 'zip', basis: 'content' });
    expect(resolveSniffedPlan(nested, 'fit')).toEqual({ index: 5, action: 'fit', basis: 'content' });
    expect(resolveSniffedPlan(nested, 'gzip')).toEqual({ index: 5, action: 'nested', container: 'gzip', basis: 'content' });
    expect(resolveSniffedPlan(byName, 'gpx')).toEqual({ index: 3, action: 'fit', basis: 'content' });
    expect(resolveSniffedPlan(unknown, 'tcx')).toEqual({ index: 4, action: 'fit', basis: 'content' });
    // A damaged .fit still reaches the FIT importer, which can say what is wrong with it.
    expect(resolveSniffedPlan(byName, 'unknown')).toBe(byName);
    expect(resolveSniffedPlan(unknown, 'unknown')).toEqual({ index: 4, action: 'ignored', reason: 'not_activity' });
    expect(resolveSniffedPlan(unknown, 'csv')).toEqual({ index: 4, action: 'ignored', reason: 'not_activity' });
    expect(resolveSniffedPlan(nested, 'unknown')).toEqual({ index: 5, action: 'rejected', code: 'not_zip' });
    expect(resolveSniffedPlan({ ...nested, container: 'gzip' }, 'csv')).toEqual({ index: 5, action: 'rejected', code: 'not_gzip' });
  });
});
