// The same-activity rule and activities.csv names, in plain Node.
import { describe, expect, it } from 'vitest';
import { compareForKeeping, isSameActivity, isSameFile, readActivityNames } from '../../../src/core/activity';
import { utf8 } from '../../support/gpx-tcx-fixtures';

const run = { sport: 'running', startTime: Date.parse('2021-01-10T08:54:22Z'), elapsedS: 5133 };

describe('same activity', () => {
  it('same family, start within 60 s, elapsed within 5 %', () => {
    expect(isSameActivity(run, { sport: 'running', startTime: run.startTime + 6_000, elapsedS: 5127 })).toBe(true);
    expect(isSameActivity(run, { sport: 'walking', startTime: run.startTime + 60_000, elapsedS: 5133 * 0.951 })).toBe(true);
    expect(isSameActivity(run, { sport: 'running', startTime: run.startTime + 61_000, elapsedS: 5133 })).toBe(false);
    expect(isSameActivity(run, { sport: 'running', startTime: run.startTime, elapsedS: 5133 * 0.94 })).toBe(false);
    expect(isSameActivity(run, { sport: 'cycling', startTime: run.startTime, elapsedS: 5133 })).toBe(false);
    expect(isSameActivity(run, { sport: 'running', elapsedS: 5133 })).toBe(false);
  });

  it('a file is the same when each of its sessions matches one of the other file', () => {
    const tri = [{ sport: 'swimming', startTime: run.startTime - 3_600_000, elapsedS: 1800 }, run];
    expect(isSameFile([run], tri)).toBe(true);
    expect(isSameFile(tri, [run])).toBe(false);
    expect(isSameFile([], [run])).toBe(false);
  });

  it('decided together: FIT > TCX > GPX, then the smaller id', () => {
    const files = [{ format: 'gpx' as const, id: 'a' }, { format: 'fit' as const, id: 'z' }, { format: 'tcx' as const, id: 'b' }, { format: 'fit' as const, id: 'c' }];
    expect([...files].sort(compareForKeeping).map((f) => `${f.format}:${f.id}`)).toEqual(['fit:c', 'fit:z', 'tcx:b', 'gpx:a']);
  });
});

describe('activities.csv names', () => {
  it('finds the columns by header; quoted commas, quotes and newlines; unknown and repeated columns; a BOM', () => {
    const csv = '\ufeffActivity ID,Activity Date,Activity Name,Distance,Filename,Distance,New Column\n'
      + '1,"Jan 1, 2024","Run, ""easy""\nwith Ana",5.0,activities/1.fit.gz,5000,?\n'
      + '2,"Jan 2, 2024",,5.0,activities/2.gpx,5000,\n'
      + '3,"Jan 3, 2024",No file,5.0,,5000\n';
    const names = readActivityNames(utf8(csv), 'export_1/');
    expect([...names]).toEqual([['export_1/activities/1.fit.gz', 'Run, "easy" with Ana']]);
  });

  it('gives nothing (never throws) for a list without the columns or an unparsable one', () => {
    expect(readActivityNames(utf8('a,b\n1,2\n')).size).toBe(0);
    expect(readActivityNames(utf8('Activity Name,Filename\n"unterminated,x\n')).size).toBe(0);
  });
});
