/**
 * Best DE vector → the plan the API returns (PRODUCT.md `GET /api/v1/plans/{id}`): weeks with
 * phase, target load and what capped it, days with workouts and CS-based paces, the projected
 * CTL/ATL/TSB curve (α = 1 − e^(−1/τ); TSB today = CTL − ATL of yesterday, §4.1) and notes.
 */
import { DomainError } from '../errors';
import { buildPlanContext, type PlanContext } from './context';
import { decodePlan, type CapReason } from './decoder';
import { formatIsoDay, weekdayIndex } from './dates';
import { buildWeekWorkouts } from './week-workouts';
import { formatPace } from './workouts';
import type { PlanDay, PlanInput, PlanProjectionPoint, PlanWeek, RenderedPlan } from './types';

function explain(c: PlanContext, reason: CapReason): string {
  const r = c.schema.rules;
  const texts: Record<CapReason, string> = {
    'max weekly load': `the maximum weekly load (${Math.round(c.maxLoad)} AU)`,
    'session cap': `the session cap (${Math.round(c.sessionCap)} AU on the biggest day)`,
    'CTL ramp': `the fitness ramp limit (CTL +${r.ctlRampPerWeek} per week)`,
    ACWR: `the acute:chronic workload ratio limit (${r.acwrMax})`,
    'TSB floor': `the daily form floor (TSB ≥ ${r.tsbFloor})`,
    'recovery week': `a recovery week (≤ ${Math.round(r.recoveryFactor * 100)} % of the previous week)`,
    taper: 'the taper depth and split chosen by the optimiser',
    'no load possible': 'fatigue already below the form floor (no load fits)',
    'workout durations': 'the longest workouts the library allows on some day of the week',
  };
  return texts[reason];
}

export function renderPlan(input: PlanInput, bestX: readonly number[]): RenderedPlan {
  const c = buildPlanContext(input);
  if (!Array.isArray(bestX) || bestX.length !== c.request.weeks || bestX.some((v) => !Number.isFinite(v))) {
    throw new DomainError('invalid_plan_solution', `the solution must hold ${c.request.weeks} finite numbers (one per week)`);
  }
  const decoded = decodePlan(c, bestX);
  const { phases, pace } = c;
  const a = input.athlete;
  const csDefaulted = a.csMps == null;
  const cs = pace.csMps;
  const dPrime = pace.dPrimeM;
  const notes: string[] = [];
  if (csDefaulted) notes.push(`No critical speed on file: paces use a default CS of ${cs} m/s (${formatPace(cs)}) and D′ ${dPrime} m. Upload hard efforts (2–20 min) to personalise them.`);
  else if (a.dPrimeM == null) notes.push(`No D′ on file: VO₂ and stride paces use a default D′ of ${dPrime} m.`);
  if (c.template.monotony > c.schema.rules.monotonyMax) notes.push(`Weekly template monotony ${c.template.monotony.toFixed(2)} exceeds ${c.schema.rules.monotonyMax} (Foster 1998): consider fewer running days or a bigger long run.`);

  const weeks: PlanWeek[] = [];
  const projection: PlanProjectionPoint[] = [];
  let ctl = c.a1 * c.g0;
  let atl = c.a2 * c.h0;
  decoded.loads.forEach((load, w) => {
    const day0 = c.request.startDay + 7 * w;
    const built = buildWeekWorkouts(c, phases[w], load, weekdayIndex(day0), pace);
    const days: PlanDay[] = built.days.map((d, i) => {
      const date = formatIsoDay(day0 + i);
      const wk = d.workout;
      const dayLoad = wk?.load ?? 0;
      const tsb = ctl - atl;
      ctl += c.a1 * (dayLoad - ctl);
      atl += c.a2 * (dayLoad - atl);
      projection.push({ date, ctl, atl, tsb });
      if (!wk) return { date, type: 'rest', role: 'rest', durationS: 0, load: 0, description: 'Rest day' };
      return { date, type: wk.type, role: d.role, durationS: wk.durationS, distanceM: Math.round(wk.distanceM), targetSpeedMps: wk.targetSpeedMps, load: wk.load, description: wk.description };
    });
    const atCap = Math.abs(load - decoded.caps[w]) <= 1e-9 * Math.max(1, decoded.caps[w]);
    const limitedBy = `${atCap ? 'At its ceiling, set by' : 'Below its ceiling, which is set by'} ${explain(c, decoded.reasons[w])}.`;
    if (built.unplaced > 0.5) notes.push(`Week ${w + 1}: ${Math.round(built.unplaced)} AU did not fit the workout duration limits; the week is that much lighter (safer) than optimised.`);
    if (built.hardShare > c.schema.rules.intensityShareMax) notes.push(`Week ${w + 1}: ${Math.round(built.hardShare * 100)} % of running time at ≥ 0.88 CS exceeds ${Math.round(c.schema.rules.intensityShareMax * 100)} % (Seiler 2010).`);
    weeks.push({ index: w, phase: phases[w], startDate: formatIsoDay(day0), targetLoad: load, limitedBy, days });
  });
  projection.push({ date: formatIsoDay(c.request.raceDay), ctl, atl, tsb: ctl - atl });
  const raceTimeS = Math.round(input.request.raceDistanceM / pace.raceSpeedMps);
  weeks[weeks.length - 1].days.push({
    date: formatIsoDay(c.request.raceDay), type: 'race', role: 'race', durationS: raceTimeS, distanceM: input.request.raceDistanceM,
    targetSpeedMps: pace.raceSpeedMps, load: 0, description: `Race day: ${(input.request.raceDistanceM / 1000).toFixed(1)} km at ${formatPace(pace.raceSpeedMps)} (predicted from CS)`,
  });
  return {
    raceDate: formatIsoDay(c.request.raceDay), raceDistanceM: input.request.raceDistanceM, startDate: formatIsoDay(c.request.startDay),
    performance: decoded.performance, csMps: cs, dPrimeM: dPrime, csDefaulted, weeks, projection, notes,
  };
}
