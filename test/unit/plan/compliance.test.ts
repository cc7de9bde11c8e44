import { describe, expect, it } from 'vitest';
import { scorePlanDays, summariseWeek } from '../../../src/core/plan';
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
