/** ALGORITHMS.md §2: PBs as a derived view, recomputed from all efforts. */
import { describe, expect, it } from 'vitest';
import { computePersonalBests, diffPersonalBests } from '../../../src/core/bests';
import type { EffortRecord } from '../../../src/core/bests';
import { DomainError } from '../../../src/core/errors';

const day = (d: number): string => new Date(Date.UTC(2024, 0, d)).toISOString();

const efforts: EffortRecord[] = [
  { sessionId: 's1', distanceM: 5000, timeS: 1500, achievedAt: day(1) },
  { sessionId: 's2', distanceM: 5000, timeS: 1450, achievedAt: day(5) },
  { sessionId: 's3', distanceM: 5000, timeS: 1470, achievedAt: day(9) },
  { sessionId: 's4', distanceM: 5000, timeS: 1400, achievedAt: day(12) },
  { sessionId: 's4', distanceM: 1000, timeS: 250, achievedAt: day(12) },
  { sessionId: 's2', distanceM: 1000, timeS: 262, achievedAt: day(5) },
  { sessionId: 's9', distanceM: 1234, timeS: 100, achievedAt: day(3) },
];

describe('computePersonalBests', () => {
  it('current best per distance with the earlier bests as history, oldest first', () => {
    const pb = computePersonalBests(efforts);
    expect(pb.items.map((p) => p.distanceM)).toEqual([1000, 5000]);
    const five = pb.items[1];
    expect(five).toMatchObject({ timeS: 1400, sessionId: 's4', achievedAt: day(12) });
    expect(five.history.map((h) => [h.sessionId, h.timeS])).toEqual([['s1', 1500], ['s2', 1450]]);
    expect(pb.items[0].history.map((h) => h.sessionId)).toEqual(['s2']);
  });

  it('deleting the PB session yields the second-best PB (recomputed, not restored from memory)', () => {
    const pb = computePersonalBests(efforts.filter((e) => e.sessionId !== 's4'));
    const five = pb.items.find((p) => p.distanceM === 5000)!;
    expect(five).toMatchObject({ timeS: 1450, sessionId: 's2' });
    expect(five.history.map((h) => h.sessionId)).toEqual(['s1']);
    expect(pb.items.find((p) => p.distanceM === 1000)).toMatchObject({ sessionId: 's2', timeS: 262 });
  });

  it('ties go to the earlier session, then to the smaller id, whatever the input order', () => {
    const tied: EffortRecord[] = [
      { sessionId: 'b', distanceM: 1000, timeS: 240, achievedAt: day(2) },
      { sessionId: 'a', distanceM: 1000, timeS: 240, achievedAt: day(2) },
      { sessionId: '0', distanceM: 1000, timeS: 240, achievedAt: day(3) },
    ];
    expect(computePersonalBests(tied).items[0].sessionId).toBe('a');
    expect(computePersonalBests([...tied].reverse()).items[0].sessionId).toBe('a');
  });

  it('accepts ms dates and ignores non-standard distances', () => {
    const pb = computePersonalBests([{ sessionId: 'x', distanceM: 400, timeS: 80, achievedAt: Date.UTC(2024, 1, 1) }, efforts[6]]);
    expect(pb.items).toHaveLength(1);
    expect(pb.items[0].achievedAt).toBe('2024-02-01T00:00:00.000Z');
  });

  it('rejects malformed efforts with invalid_options', () => {
    expect(() => computePersonalBests([{ sessionId: 'x', distanceM: 1000, timeS: NaN, achievedAt: day(1) }])).toThrowError(DomainError);
    expect(() => computePersonalBests([{ sessionId: 'x', distanceM: 1000, timeS: 200, achievedAt: 'yesterday' }])).toThrow(/achievedAt/);
  });
});

describe('diffPersonalBests', () => {
  it('names the changed distances and whether CS must be refitted', () => {
    const before = computePersonalBests(efforts);
    const after = computePersonalBests(efforts.filter((e) => e.sessionId !== 's4'));
    expect(diffPersonalBests(before, after)).toEqual({ changedDistancesM: [1000, 5000], affectsCriticalSpeed: true });
    expect(diffPersonalBests(before, before)).toEqual({ changedDistancesM: [], affectsCriticalSpeed: false });
  });
  it('a change outside 2–20 min does not touch CS', () => {
    const a = computePersonalBests([{ sessionId: 'm', distanceM: 42195, timeS: 12000, achievedAt: day(1) }]);
    const b = computePersonalBests([{ sessionId: 'n', distanceM: 42195, timeS: 11900, achievedAt: day(2) }]);
    expect(diffPersonalBests(a, b)).toEqual({ changedDistancesM: [42195], affectsCriticalSpeed: false });
  });
});
