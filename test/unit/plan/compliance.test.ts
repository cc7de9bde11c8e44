import { describe, expect, it } from 'vitest';
import { computeInRangeShare, scorePlanDays, summariseWeek } from '../../../src/core/plan';
import type { ActualSession, PlanDay } from '../../../src/core/plan';

const day = (date: string, role: PlanDay['role'], load: number, durationS: number, speed = 2.5): PlanDay => ({
  date, type: role === 'rest' ? 'rest' : 'easy', role, load, durationS, description: '', targetSpeedMps: role === 'rest' ? undefined : speed,
  segments: role === 'rest' ? undefined : [{ seconds: durationS, speedMps: speed, label: 'main' }],
});
const run = (sessionId: string, date: string, load: number, timerS: number, speed = 2.5, sport: string | null = 'running'): ActualSession => ({ sessionId, date, sport, load, timerS, distanceM: timerS * speed });

describe('compliance: each plan day against what was run', () => {
  const days = [
    day('2026-11-02', 'easy', 50, 3000), day('2026-11-03', 'rest', 0, 0), day('2026-11-04', 'quality1', 70, 3600, 3.2),
    day('2026-11-05', 'easy', 50, 3000), day('2026-11-06', 'long', 120, 7200), day('2026-11-07', 'easy', 40, 2400), day('2026-11-08', 'easy', 40, 2400),
  ];
  const sessions = [
    run('a', '2026-11-02', 49, 2950), // done
    run('b', '2026-11-03', 30, 1800), // extra on a rest day
    run('c', '2026-11-04', 35, 1800, 3.2), // partial: half
    run('d', '2026-11-06', 118, 7100), run('e', '2026-11-06', 20, 1200), // closest by load is the day's, the other extra
    run('f', '2026-11-07', 45, 2400, 3.3), // off pace: partial even with the load
    run('g', '2026-11-08', 40, 2400, 2.5, 'cycling'), // another sport does not count
  ];
  const actual = scorePlanDays(days, sessions, '2026-11-09');

  it('scores done, partial, missed and extra', () => {
    expect(actual.get('2026-11-02')).toEqual({ sessionId: 'a', load: 49, compliance: { status: 'done', share: 0.983, inTargetPace: true } });
    expect(actual.get('2026-11-03')).toMatchObject({ sessionId: 'b', compliance: { status: 'extra' } });
    expect(actual.get('2026-11-04')!.compliance).toMatchObject({ status: 'partial', share: 0.5 });
    expect(actual.get('2026-11-05')).toEqual({ sessionId: null, load: 0, compliance: { status: 'missed', share: 0 } });
    expect(actual.get('2026-11-06')).toMatchObject({ sessionId: 'd', compliance: { status: 'done' }, extra: [{ sessionId: 'e', load: 20 }] });
    expect(actual.get('2026-11-07')!.compliance).toMatchObject({ status: 'partial', inTargetPace: false });
    expect(actual.get('2026-11-08')!.compliance.status).toBe('missed');
    expect(summariseWeek(days, actual)).toEqual({ missed: 2, partial: 2, extra: 2, done: 2 });
  });

  it('does not call today or future days missed', () => {
    const early = scorePlanDays(days, [], '2026-11-05');
    expect([...early.keys()]).toEqual(['2026-11-02', '2026-11-04']);
  });
});

describe('compliance from laps and intervals: share of the planned work time in target pace range', () => {
  // 15 min warm-up, 5 × (4 min at 4.0 m/s, 90 s jog), 10 min cool-down
  const segments: NonNullable<PlanDay['segments']> = [{ seconds: 900, speedMps: 2.6, label: 'warm-up' }];
  for (let i = 0; i < 5; i++) segments.push({ seconds: 240, speedMps: 4.0, label: 'rep' }, { seconds: 90, speedMps: 2.4, label: 'jog' });
  segments.push({ seconds: 600, speedMps: 2.6, label: 'cool-down' });
  const durationS = segments.reduce((s, g) => s + g.seconds, 0);
  const intervalsDay: PlanDay = { date: '2026-11-04', type: 'cs_intervals', role: 'quality1', load: 60, durationS, description: '', targetSpeedMps: 4.0, segments };
  /** laps as a watch records them: warm-up, each rep and jog, cool-down */
  const lapsOf = (repSpeeds: number[]) => [
    { seconds: 900, speedMps: 2.6 },
    ...repSpeeds.flatMap((v) => [{ seconds: 240, speedMps: v }, { seconds: 90, speedMps: 2.4 }]),
    { seconds: 600, speedMps: 2.6 },
  ];
  const sessionWith = (items: Array<{ seconds: number; speedMps: number }>, source: 'laps' | 'intervals' = 'laps'): ActualSession => ({
    sessionId: 's', date: '2026-11-04', sport: 'running', load: 60, timerS: durationS,
    distanceM: items.reduce((s, p) => s + p.seconds * p.speedMps, 0), pieces: { source, items },
  });

  it('3 of 5 reps in range (2 at −10 %): 60 % of the work → partial, though the load was all there', () => {
    const a = scorePlanDays([intervalsDay], [sessionWith(lapsOf([4.0, 4.1, 3.6, 3.9, 3.6]))], '2026-11-05').get('2026-11-04')!;
    expect(a.compliance).toMatchObject({ status: 'partial', share: 1, inRangeShare: 0.6, inRangeSource: 'laps' });
  });

  it('every rep within ±5 %: done; a rep 10 % too fast is out of range too', () => {
    expect(scorePlanDays([intervalsDay], [sessionWith(lapsOf([4.0, 4.15, 3.85, 4.0, 4.1]), 'intervals')], '2026-11-05').get('2026-11-04')!.compliance)
      .toMatchObject({ status: 'done', inRangeShare: 1, inRangeSource: 'intervals' });
    expect(computeInRangeShare(intervalsDay, lapsOf([4.4, 4.0, 4.0, 4.0, 4.0]))).toBeCloseTo(0.8, 12);
  });

  it('a part never counts more than its planned time, and slow jogs or an easy warm-up add nothing to the reps', () => {
    const allFast = lapsOf([4.0, 4.0, 4.0, 4.0, 4.0]).map((p) => ({ ...p, speedMps: 4.0 }));
    expect(computeInRangeShare(intervalsDay, allFast)).toBe(1);
    const noReps = lapsOf([3.0, 3.0, 3.0, 3.0, 3.0]);
    expect(computeInRangeShare(intervalsDay, noReps)).toBe(0);
  });

  it('an easy run in 1 km auto laps: in range lap by lap; one lap only falls back to the average pace', () => {
    const easy = day('2026-11-02', 'easy', 50, 3000, 2.5);
    const kmLaps = Array.from({ length: 7 }, (_, k) => ({ seconds: 400, speedMps: k === 6 ? 2.9 : 2.5 }));
    const a = scorePlanDays([easy], [{ ...run('a', '2026-11-02', 50, 2800), pieces: { source: 'laps', items: kmLaps } }], '2026-11-03').get('2026-11-02')!;
    expect(a.compliance.inRangeShare).toBeCloseTo(2400 / 3000, 3);
    expect(a.compliance.status).toBe('done');
    const one = scorePlanDays([easy], [{ ...run('a', '2026-11-02', 50, 3000), pieces: { source: 'laps', items: [{ seconds: 3000, speedMps: 2.5 }] } }], '2026-11-03').get('2026-11-02')!;
    expect(one.compliance.inRangeShare).toBeUndefined();
    expect(one.compliance).toMatchObject({ status: 'done', inTargetPace: true });
  });
});
