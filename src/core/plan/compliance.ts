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
 *
 * When the run has laps or intervals (at least two pieces), the pace check is made piece by piece:
 * `inRangeShare` is the share of the planned WORK time (main part, reps, fast finish — not warm-up,
 * cool-down, jogs or strides) run within ±5 % of its target speed. Each piece (a lap or an interval,
 * with its time and average speed) counts toward the work part whose target it is nearest, and a
 * part never counts more than its planned time. A day is done only if ≥ 80 % of the work was in
 * range; without pieces, the whole run's average pace (±8 %) decides as before.
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
  /** the run's laps or intervals (time and average speed of each), when it has ≥ 2 */
  pieces?: { source: 'laps' | 'intervals'; items: Array<{ seconds: number; speedMps: number }> };
}

export type ComplianceStatus = 'done' | 'partial' | 'missed' | 'extra';

export interface DayCompliance {
  status: ComplianceStatus;
  /** share of the planned load delivered (0 … ≥ 1); absent for extra runs and rest days */
  share?: number;
  /** whether the run's average pace was in the workout's target band (±8 %; absent without a target) */
  inTargetPace?: boolean;
  /** share of the planned work time run in its target pace range, from laps or intervals (0 … 1) */
  inRangeShare?: number;
  inRangeSource?: 'laps' | 'intervals';
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

/** A lap's or an interval's average is steadier than a whole run's: ±5 % of the part's target. */
const PIECE_BAND = 0.05;
const WORK_LABELS = new Set(['main', 'rep', 'finish']);

const isRun = (s: ActualSession): boolean => s.sport === null || s.sport === 'running';

/** Share of the planned work time run in its target range, piece by piece (see the header). */
export function computeInRangeShare(day: PlanDay, pieces: ReadonlyArray<{ seconds: number; speedMps: number }>): number | undefined {
  const segments = day.segments && day.segments.length > 0
    ? day.segments.filter((g) => WORK_LABELS.has(g.label))
    : day.targetSpeedMps ? [{ seconds: day.durationS, speedMps: day.targetSpeedMps, label: 'main' as const }] : [];
  const targets = new Map<number, { planned: number; inRange: number }>();
  for (const g of segments) {
    if (!(g.speedMps > 0) || !(g.seconds > 0)) continue;
    const key = Math.round(g.speedMps * 1000);
    const t = targets.get(key) ?? { planned: 0, inRange: 0 };
    t.planned += g.seconds;
    targets.set(key, t);
  }
  if (targets.size === 0) return undefined;
  const keys = [...targets.keys()];
  for (const p of pieces) {
    if (!(p.seconds > 0) || !(p.speedMps > 0)) continue;
    const key = keys.reduce((a, b) => (Math.abs(b / 1000 - p.speedMps) < Math.abs(a / 1000 - p.speedMps) ? b : a));
    if (Math.abs(p.speedMps / (key / 1000) - 1) <= PIECE_BAND) targets.get(key)!.inRange += p.seconds;
  }
  let planned = 0;
  let inRange = 0;
  for (const t of targets.values()) {
    planned += t.planned;
    inRange += Math.min(t.planned, t.inRange);
  }
  return planned > 0 ? inRange / planned : undefined;
}

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
  const pieces = run.pieces && run.pieces.items.length >= 2 ? run.pieces : undefined;
  const inRange = pieces ? computeInRangeShare(day, pieces.items) : undefined;
  const paceOk = inRange !== undefined ? inRange >= DONE_SHARE : inTargetPace !== false;
  const status: ComplianceStatus = share >= DONE_SHARE && paceOk ? 'done' : 'partial';
  return {
    status, share: Math.round(share * 1000) / 1000, ...(inTargetPace === undefined ? {} : { inTargetPace }),
    ...(inRange === undefined ? {} : { inRangeShare: Math.round(inRange * 1000) / 1000, inRangeSource: pieces!.source }),
  };
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
