/**
 * Each plan day against what was run (issue 17 item 1). Sessions are matched to the day's workout
 * by local date and sport (running); when several runs share a day, the one closest to the planned
 * load is the day's, the others are extra. A matched day is scored by the share of the planned load
 * it delivered and, from the run's average speed, whether it was in the target pace range:
 *   done    ≥ 80 % of the planned load (and, for runs with a target pace, within its band),
 *   partial some of it (the share says how much),
 *   missed  a past training day with no run,
 *   extra   a run on a rest day, or a second run on a day.
 * Today and future days are not scored until a run arrives. Pure: the caller gives `today`.
 */
import type { PlanDay } from './types';

export interface ActualSession {
  sessionId: string;
  /** local date YYYY-MM-DD */
  date: string;
  sport: string | null;
  load: number | null;
  timerS: number | null;
  distanceM: number | null;
}

export type ComplianceStatus = 'done' | 'partial' | 'missed' | 'extra';

export interface DayCompliance {
  status: ComplianceStatus;
  /** share of the planned load delivered (0 … ≥ 1); absent for extra runs and rest days */
  share?: number;
  /** whether the run's average pace was in the workout's target band (±8 %; absent without a target) */
  inTargetPace?: boolean;
}

export interface DayActual {
  sessionId: string | null;
  load: number;
  compliance: DayCompliance;
  /** other runs the same day (extra) */
  extra?: Array<{ sessionId: string; load: number }>;
}

const DONE_SHARE = 0.8;
/** Average pace of a whole run (warm-up and jogs included) is looser than a rep's: ±8 % of the target. */
const PACE_BAND = 0.08;

const isRun = (s: ActualSession): boolean => s.sport === null || s.sport === 'running';

/** Average speed a workout's parts imply (what a run of it would average), when it has segments. */
function plannedAverageSpeed(day: PlanDay): number | undefined {
  if (!day.segments || day.segments.length === 0) return day.targetSpeedMps;
  const t = day.segments.reduce((s, g) => s + g.seconds, 0);
  const d = day.segments.reduce((s, g) => s + g.seconds * g.speedMps, 0);
  return t > 0 ? d / t : undefined;
}

function score(day: PlanDay, run: ActualSession): DayCompliance {
  const load = run.load ?? 0;
  const byLoad = day.load > 0 ? load / day.load : 0;
  const byTime = day.durationS > 0 && run.timerS ? run.timerS / day.durationS : 0;
  const share = Math.max(byLoad, byTime);
  const planned = plannedAverageSpeed(day);
  const speed = run.timerS && run.distanceM ? run.distanceM / run.timerS : undefined;
  const inTargetPace = planned !== undefined && speed !== undefined ? Math.abs(speed / planned - 1) <= PACE_BAND : undefined;
  const status: ComplianceStatus = share >= DONE_SHARE && inTargetPace !== false ? 'done' : 'partial';
  return { status, share: Math.round(share * 1000) / 1000, ...(inTargetPace === undefined ? {} : { inTargetPace }) };
}

/** date → what was run that day against the plan (only days with something to say). */
export function scorePlanDays(days: readonly PlanDay[], sessions: readonly ActualSession[], today: string): Map<string, DayActual> {
  const byDate = new Map<string, ActualSession[]>();
  for (const s of sessions) {
    if (!isRun(s)) continue;
    const list = byDate.get(s.date) ?? [];
    list.push(s);
    byDate.set(s.date, list);
  }
  const out = new Map<string, DayActual>();
  for (const day of days) {
    if (day.role === 'race') continue;
    const runs = [...(byDate.get(day.date) ?? [])].sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
    const training = day.role !== 'rest' && day.durationS > 0;
    if (runs.length === 0) {
      if (training && day.date < today) out.set(day.date, { sessionId: null, load: 0, compliance: { status: 'missed', share: 0 } });
      continue;
    }
    if (!training) {
      const load = runs.reduce((s, r) => s + (r.load ?? 0), 0);
      out.set(day.date, { sessionId: runs[0].sessionId, load, compliance: { status: 'extra' }, ...(runs.length > 1 ? { extra: runs.slice(1).map((r) => ({ sessionId: r.sessionId, load: r.load ?? 0 })) } : {}) });
      continue;
    }
    let best = runs[0];
    for (const r of runs) if (Math.abs((r.load ?? 0) - day.load) < Math.abs((best.load ?? 0) - day.load)) best = r;
    const others = runs.filter((r) => r !== best);
    out.set(day.date, {
      sessionId: best.sessionId, load: best.load ?? 0, compliance: score(day, best),
      ...(others.length > 0 ? { extra: others.map((r) => ({ sessionId: r.sessionId, load: r.load ?? 0 })) } : {}),
    });
  }
  return out;
}

/** A week's compliance in words for a re-plan reason: "2 missed sessions, 1 extra run". */
export function summariseWeek(days: readonly PlanDay[], actual: ReadonlyMap<string, DayActual>): { missed: number; partial: number; extra: number; done: number } {
  const count = { missed: 0, partial: 0, extra: 0, done: 0 };
  for (const d of days) {
    const a = actual.get(d.date);
    if (!a) continue;
    count[a.compliance.status]++;
    count.extra += a.extra?.length ?? 0;
  }
  return count;
}
