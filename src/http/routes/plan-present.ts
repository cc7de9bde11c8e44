/** PlanRow (+ its job, while running) → the API's plan shapes. */
import type { z } from '@hono/zod-openapi';
import type { JobView, PlanActualsSource, PlanRow } from '../../ports';
import { buildHrZoneTable, describeHrTargets, describeHrZones, hrTargetForSegment, scorePlanDays, type ActualSession, type DayActual, type HrZoneTable, type PlanDay } from '../../core/plan';
import { resolveHrSettings } from '../../core/metrics/heart-rate';
import type { RunnerProfile } from '../../ports';
import type { PlanDetailSchema, PlanSummarySchema } from './plan-schemas';

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export function presentPlanSummary(p: PlanRow): z.infer<typeof PlanSummarySchema> {
  return {
    id: p.id, status: p.status, seed: p.seed, jobId: p.jobId, objective: p.objective ?? null,
    raceDate: p.request.raceDate, raceDistanceM: p.request.raceDistanceM,
    createdAt: new Date(p.createdAt).toISOString(), finishedAt: iso(p.finishedAt),
  };
}

/**
 * A chunk that died in the dead-letter queue cannot update the plan row (the job records it),
 * so an open plan whose job failed is shown as failed with the job's reason.
 */
export function presentPlan(p: PlanRow, job: JobView | null, actual: ReadonlyMap<string, DayActual> = new Map(), zones?: HrZoneTable): z.infer<typeof PlanDetailSchema> {
  const jobFailed = (p.status === 'queued' || p.status === 'running') && job?.status === 'failed';
  const problem = job?.problems?.[0];
  const error = p.errorCode
    ? { code: p.errorCode, message: p.errorMessage ?? '' }
    : jobFailed ? { code: problem?.code ?? 'plan_failed', message: problem?.message ?? 'The optimisation failed.' } : undefined;
  const r = p.result;
  return {
    ...presentPlanSummary(p),
    status: jobFailed ? 'failed' : p.status,
    performance: r?.performance ?? (p.objective === undefined ? null : -p.objective),
    progress: { generation: p.generation, evaluations: p.evaluations },
    request: { ...p.request, seed: p.seed },
    startDate: r?.startDate ?? null, csMps: r?.csMps ?? null, dPrimeM: r?.dPrimeM ?? null,
    csSource: r?.csSource ?? null, prediction: r?.prediction ?? null, model: r?.model ?? null,
    weeks: (r?.weeks ?? []).map((w) => ({ ...w, days: w.days.map((d) => ({
      ...d, label: d.label ?? labelOf(d.type), actual: actual.get(d.date) ?? null, heartRate: r && zones ? heartRateOf(d, r.csMps, zones) : null,
    })) })),
    heartRateZones: zones ? describeHrZones(zones) : null,
    revision: p.revision ?? 0,
    projection: r?.projection ?? [], notes: r?.notes ?? p.notes, details: r?.details ?? [],
    ...(error ? { error } : {}),
  };
}

/** Plans stored before days carried a label: the type id in words. */
function labelOf(type: string): string {
  const known: Record<string, string> = { rest: 'Rest', race: 'Race', cs_intervals: 'CS intervals', vo2_intervals: 'VO₂max intervals' };
  return known[type] ?? type.charAt(0).toUpperCase() + type.slice(1).replace(/_/g, ' ');
}

/** The plan's days against the runner's runs up to `today` (compliance, issue 17 item 1). */
export async function readPlanActuals(p: PlanRow, actuals: PlanActualsSource, today: string, pieces?: PiecesLoader): Promise<Map<string, DayActual>> {
  const r = p.result;
  if (!r || r.startDate > today) return new Map();
  const days = r.weeks.flatMap((w) => w.days);
  const sessions = await actuals.read(p.runnerId, r.startDate, today);
  if (pieces) {
    // Laps/intervals only for runs on training days (the ones scored against a workout), read in parallel.
    const training = new Set(days.filter((d) => d.role !== 'rest' && d.role !== 'race' && d.durationS > 0).map((d) => d.date));
    await Promise.all(sessions.map(async (s) => {
      if (!training.has(s.date) || (s.sport !== null && s.sport !== 'running')) return;
      const found = await pieces(p.runnerId, s.sessionId);
      if (found) s.pieces = found;
    }));
  }
  return scorePlanDays(days, sessions, today);
}

export type PiecesLoader = (runnerId: string, sessionId: string) => Promise<ActualSession['pieces']>;

/** The runner's heart-rate zones as of now (their settings, else age or the typical default). */
export function hrZonesOf(runner: Pick<RunnerProfile, 'maxHr' | 'restingHr' | 'thresholdHr' | 'zoneModel'> | null, nowMs: number): HrZoneTable {
  return buildHrZoneTable(resolveHrSettings({ maxHr: runner?.maxHr, restingHr: runner?.restingHr, thresholdHr: runner?.thresholdHr, zoneModel: runner?.zoneModel }, nowMs));
}

/** A day's heart-rate targets: the sentence (as in the ICS) and one range per part long enough for one. */
function heartRateOf(d: PlanDay, csMps: number, zones: HrZoneTable) {
  const text = describeHrTargets(d, csMps, zones);
  if (!text) return null;
  const parts = (d.segments ?? []).flatMap((g) => {
    const t = hrTargetForSegment(g, csMps, zones);
    return t ? [{ part: g.label, ...t }] : [];
  });
  return { text, parts };
}
