/**
 * Issue 17 item 1, the pace share from laps: a run uploaded with laps (half of each work part on
 * target, half 15 % slow) is scored against its plan day lap by lap — GET /plans/{id} gives the
 * share of the planned work time in the target pace range, computed from the stored laps.
 */
import { describe, expect, it } from 'vitest';
import { buildActivity } from '../unit/analysis/generated-activity';
import { computeInRangeShare, formatIsoDay, parseIsoDay } from '../../src/core/plan';
import type { PlanDay } from '../../src/core/plan';
import { api, signup, uploadFiles, waitForJob } from './helpers';
import { postPlan } from './plans-support';

const FIT_EPOCH_S = 631_065_600;
const todayDay = parseIsoDay(new Date().toISOString().slice(0, 10)) as number;
const WORK = new Set(['main', 'rep', 'finish']);

/** The day's workout as laps: each part one lap, each work part two (on target, then 15 % slow). */
function lapsFor(day: PlanDay): Array<{ seconds: number; speedMps: number }> {
  return day.segments!.flatMap((g) => (WORK.has(g.label)
    ? [{ seconds: Math.floor(g.seconds / 2), speedMps: g.speedMps }, { seconds: g.seconds - Math.floor(g.seconds / 2), speedMps: g.speedMps * 0.85 }]
    : [{ seconds: g.seconds, speedMps: g.speedMps }]));
}

function runWithLaps(date: string, pieces: Array<{ seconds: number; speedMps: number }>): Uint8Array {
  const base = Math.floor(Date.parse(`${date}T07:00:00Z`) / 1000) - FIT_EPOCH_S;
  const records = [];
  const laps = [];
  let t = 0;
  let d = 0;
  for (const p of pieces) {
    laps.push({ start: t, elapsed: p.seconds, timer: p.seconds, distance: p.seconds * p.speedMps, trigger: 0 });
    for (let k = 0; k < p.seconds; k += 5) records.push({ t: t + k, distance: d + k * p.speedMps, speed: p.speedMps, hr: 150 });
    t += p.seconds;
    d += p.seconds * p.speedMps;
  }
  records.push({ t, distance: d, speed: pieces.at(-1)!.speedMps, hr: 150 });
  return buildActivity({ base, records, laps, sessions: [{ start: 0, elapsed: t, timer: t, distance: d, avgHr: 150, sport: 1 }] });
}

interface PlanJson { weeks: Array<{ days: Array<PlanDay & { actual: { sessionId: string | null; compliance: { status: string; inRangeShare?: number; inRangeSource?: string } } | null }> }> }

describe('compliance from laps', () => {
  it('a run with laps is scored by the share of its work time in the target pace range', async () => {
    const { token } = await signup('Lapper');
    const startDate = formatIsoDay(todayDay - 7);
    const accepted = await (await postPlan(token, { raceDistanceM: 10_000, raceDate: formatIsoDay(todayDay + 34), startDate, daysPerWeek: 5, restDays: ['fri'], longRunDay: 'sun', seed: 7 }))
      .json<{ job: { id: string }; plan: { id: string } }>();
    expect((await waitForJob(token, accepted.job.id, 60_000)).status).toBe('completed');
    const planId = accepted.plan.id;
    const before = await (await api(`/plans/${planId}`, { token })).json<PlanJson>();
    const day = before.weeks[0].days.find((d) => d.role !== 'rest' && d.segments && d.segments.length > 0)!;
    const pieces = lapsFor(day);
    const upload = await uploadFiles(token, [{ name: `${day.date}-laps.fit`, bytes: runWithLaps(day.date, pieces) }]);
    expect((await waitForJob(token, upload.body.job.id, 120_000)).status).toBe('completed');

    const after = await (await api(`/plans/${planId}`, { token })).json<PlanJson>();
    const scored = after.weeks.flatMap((w) => w.days).find((d) => d.date === day.date)!.actual!;
    const expected = computeInRangeShare(day, pieces)!;
    expect(expected).toBeGreaterThan(0.4);
    expect(expected).toBeLessThan(0.6);
    expect(scored.compliance.inRangeSource).toBe('laps');
    expect(scored.compliance.inRangeShare).toBeCloseTo(expected, 2);
    expect(scored.compliance.status).toBe('partial');
  }, 240_000);
});
