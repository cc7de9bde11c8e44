import { describe, expect, it } from 'vitest';
import { activityTotals, groupActivities, legName, multisportName } from '../../../src/http/pages/multisport';
import type { SessionRow } from '../../../src/ports';

function leg(fitFileId: string, sessionIndex: number, sport: string, startTime: number, extra: Partial<SessionRow> = {}): SessionRow {
  return { id: `${fitFileId}-${sessionIndex}`, runnerId: 'r', fitFileId, sessionIndex, sport, startTime, device: {}, recordCount: 1, recordsKey: 'k', createdAt: 0, ...extra };
}

describe('a multisport file as one activity', () => {
  const tri = [
    leg('tri', 4, 'running', 5000, { distanceM: 10000, timerS: 2800, avgHr: 170 }),
    leg('tri', 3, 'transition', 4900, { distanceM: 30, timerS: 60 }),
    leg('tri', 2, 'cycling', 2000, { distanceM: 40000, timerS: 2900, avgHr: 160 }),
    leg('tri', 1, 'transition', 1900, { distanceM: 100, timerS: 100 }),
    leg('tri', 0, 'swimming', 0, { distanceM: 1500, timerS: 1800, avgHr: 150 }),
  ];

  it('groups the legs of one file (newest first in the list) into one activity in file order', () => {
    const groups = groupActivities([leg('a', 0, 'running', 9000), ...tri, leg('b', 0, 'cycling', -1)]);
    expect(groups.map((g) => g.kind)).toEqual(['single', 'multi', 'single']);
    const multi = groups[1]!;
    expect(multi.kind === 'multi' && multi.legs.map((l) => l.sport)).toEqual(['swimming', 'transition', 'cycling', 'transition', 'running']);
  });

  it('names the activity and its legs', () => {
    expect(multisportName(tri)).toBe('Triathlon');
    expect(multisportName([{ sport: 'running' }, { sport: 'cycling' }, { sport: 'running' }])).toBe('Duathlon');
    expect(multisportName([{ sport: 'cycling' }, { sport: 'running' }])).toBe('Cycling → Running');
    expect(legName({ sport: 'transition' })).toBe('Transition');
    expect(legName({ sport: 'swimming', subSport: 'open_water' })).toBe('Swimming (open water)');
  });

  it('adds distance and time over the legs and weights HR by time', () => {
    const t = activityTotals(tri);
    expect(t.distanceM).toBe(51630);
    expect(t.timerS).toBe(7660);
    expect(t.startTime).toBe(0);
    expect(t.avgHr).toBeCloseTo((170 * 2800 + 160 * 2900 + 150 * 1800) / 7500, 6);
  });
});
