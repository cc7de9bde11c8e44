/**
 * Best DE vector → the plan the API returns (PRODUCT.md `GET /api/v1/plans/{id}`): weeks with
 * phase, target load and what capped it, days with workouts and CS-based paces, the projected
 * CTL/ATL/TSB curve (α = 1 − e^(−1/τ); TSB today = CTL − ATL of yesterday, §4.1), where the
 * critical speed comes from (`csSource`), the predicted finish (§3.4 hybrid), notes in a runner's
 * words and the optimiser's details apart (`details`: the API and a fold on the page).
 */
import { DomainError } from '../errors';
import { buildPlanContext, type PlanContext } from './context';
import { decodePlan, type CapReason } from './decoder';
import { addPredictionIntervals } from '../critical-speed/prediction-interval';
import { predictRaceTimes } from '../critical-speed/predictions';
import { formatIsoDay } from './dates';
import { buildWeekWorkouts } from './week-workouts';
import { formatPace, formatSpan } from './workouts';
import type { CsSource, PlanDay, PlanInput, PlanProjectionPoint, PlanWeek, RacePredictionView, RenderedPlan } from './types';

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

/** Where the paces come from, and what the runner can do to measure it when it is a default. */
export const HOW_TO_MEASURE_CS =
  'Run a hard 3-minute effort and a hard 12-minute effort (on separate days, or in one session with a long recovery), or race a 5K or 10K, and upload it: the plan will then use your own critical speed.';

function csSourceOf(c: PlanContext): CsSource {
  const a = c.input.athlete;
  const { csMps, dPrimeM } = c.pace;
  if (a.csMps == null) return { kind: 'default', csMps, dPrimeM, howToMeasure: HOW_TO_MEASURE_CS };
  return { kind: 'measured', csMps, dPrimeM, efforts: (a.csEfforts ?? []).map((e) => ({ ...e })) };
}

const BASIS: Record<string, string> = {
  cs: 'your critical speed and D′ (the distance you can run above it)',
  'riegel-from-cs-10k': "your critical-speed 10K time, extended with Riegel's formula",
  'pct-cs-norm': 'the share of critical speed runners of your level hold over this distance (Smyth & Muniz-Pumares 2020)',
};

function predictionOf(c: PlanContext, source: CsSource): RacePredictionView {
  const distance = c.input.request.raceDistanceM;
  const p = predictRaceTimes(c.pace.csMps, c.pace.dPrimeM, [distance])[0];
  const finishS = Math.round(p ? p.timeS : distance / c.pace.raceSpeedMps);
  const method = p?.method ?? 'cs';
  const fromDefault = source.kind === 'default';
  const basis = fromDefault
    ? `A placeholder from a typical critical speed (${formatPace(c.pace.csMps)}), not from your runs. ${HOW_TO_MEASURE_CS}`
    : `Predicted from ${BASIS[method] ?? BASIS.cs}.`;
  const view: RacePredictionView = { finishS, basis, method, fromDefault };
  if (p && !fromDefault) {
    const [withInterval] = addPredictionIntervals(c.pace.csMps, c.pace.dPrimeM, c.input.athlete.csSpread, [p]);
    view.lowS = Math.round(withInterval.lowS as number);
    view.highS = Math.round(withInterval.highS as number);
    if (c.input.athlete.csBacktest) view.backtest = c.input.athlete.csBacktest;
  }
  return view;
}

export function renderPlan(input: PlanInput, bestX: readonly number[]): RenderedPlan {
  const c = buildPlanContext(input);
  if (!Array.isArray(bestX) || bestX.length !== c.request.weeks || bestX.some((v) => !Number.isFinite(v))) {
    throw new DomainError('invalid_plan_solution', `the solution must hold ${c.request.weeks} finite numbers (one per week)`);
  }
  const decoded = decodePlan(c, bestX);
  const { phases, pace } = c;
  const a = input.athlete;
  const csSource = csSourceOf(c);
  const csDefaulted = csSource.kind === 'default';
  const cs = pace.csMps;
  const dPrime = pace.dPrimeM;
  const prediction = predictionOf(c, csSource);
  const notes: string[] = [];
  const details: string[] = [];
  if (csDefaulted) notes.push(`Your paces use a typical critical speed of ${formatPace(cs)}, not yours. ${HOW_TO_MEASURE_CS}`);
  else if (a.dPrimeM == null) notes.push('The pace of the fast repeats uses a typical sprint reserve (D′), not yours; it will be measured from your hard efforts.');
  if (c.template.monotony > c.schema.rules.monotonyMax) notes.push('Your days are very alike in load: fewer running days or a longer long run would give your body more contrast between hard and easy.');
  const fit = a.modelFit;
  const fitted = c.input.model === undefined && a.model !== undefined;
  if (!fitted) notes.push(`How you respond to training is not measured yet, so the plan uses textbook values. ${fit?.reason ?? 'It needs a few hard efforts spread over at least two months.'}`);
  details.push(fitted && fit
    ? `Fitness–fatigue model fitted to your history: ${fit.tests} weekly best efforts over ${fit.spanDays} days, R² ${fit.r2.toFixed(2)}.`
    : 'Fitness–fatigue model: textbook defaults (Banister 1975; k₁ 1, k₂ 2, τ₁ 42 d, τ₂ 7 d).');
  details.push(`Critical speed ${cs.toFixed(3)} m/s (${formatPace(cs)}), D′ ${Math.round(dPrime)} m${csDefaulted ? ' (defaults)' : ''}; Banister model k₁ ${c.model.k1}, k₂ ${c.model.k2}, τ₁ ${c.model.tau1} d, τ₂ ${c.model.tau2} d.`);
  details.push(`Banister performance on race morning p(R) = ${decoded.performance.toFixed(1)} (the quantity the optimiser maximises).`);

  const weeks: PlanWeek[] = [];
  const projection: PlanProjectionPoint[] = [];
  let ctl = c.a1 * c.g0;
  let atl = c.a2 * c.h0;
  const raceDate = formatIsoDay(c.request.raceDay);
  const raceDay = (): PlanDay => ({
    date: raceDate, type: 'race', label: 'Race', role: 'race', durationS: prediction.finishS, distanceM: input.request.raceDistanceM,
    targetSpeedMps: input.request.raceDistanceM / prediction.finishS, load: 0,
    description: `Race day: ${formatRaceKm(input.request.raceDistanceM)} at ${formatPace(input.request.raceDistanceM / prediction.finishS)} (predicted finish ${formatSpan(prediction.finishS)})`,
  });
  decoded.loads.forEach((load, w) => {
    const day0 = c.request.startDay + 7 * w;
    const built = buildWeekWorkouts(c, w, load, pace);
    const days: PlanDay[] = built.days.map((d, i) => {
      const date = formatIsoDay(day0 + i);
      const wk = d.workout;
      const dayLoad = wk?.load ?? 0;
      const tsb = ctl - atl;
      ctl += c.a1 * (dayLoad - ctl);
      atl += c.a2 * (dayLoad - atl);
      projection.push({ date, ctl, atl, tsb });
      if (date === raceDate) return raceDay();
      if (!wk) return { date, type: 'rest', label: 'Rest', role: 'rest', durationS: 0, load: 0, description: 'Rest day' };
      return {
        date, type: wk.type, label: wk.label, role: d.role, durationS: wk.durationS, distanceM: Math.round(wk.distanceM), targetSpeedMps: wk.targetSpeedMps,
        load: wk.load, description: wk.description, segments: wk.segments.map((g) => ({ ...g })),
      };
    });
    const atCap = Math.abs(load - decoded.caps[w]) <= 1e-9 * Math.max(1, decoded.caps[w]);
    const limitedBy = `${atCap ? 'At its ceiling, set by' : 'Below its ceiling, which is set by'} ${explain(c, decoded.reasons[w])}.`;
    // Whole-minute rounding leaves ≲ 1 AU per run unplaced; report only what the duration limits left out.
    const runs = built.days.filter((d) => d.workout).length;
    if (built.unplaced > 1.5 * runs + 0.5) details.push(`Week ${w + 1}: ${Math.round(built.unplaced)} AU did not fit the workout duration limits; the week is that much lighter (safer) than optimised.`);
    if (built.hardShare > c.schema.rules.intensityShareMax) details.push(`Week ${w + 1}: ${Math.round(built.hardShare * 100)} % of running time at ≥ 0.88 CS exceeds ${Math.round(c.schema.rules.intensityShareMax * 100)} % (Seiler 2010).`);
    weeks.push({ index: w, phase: phases[w], startDate: formatIsoDay(day0), targetLoad: load, limitedBy, days });
  });
  if (!c.raceInLastWeek) {
    // The exact §5.3 timeline: the race is the morning after the last plan day.
    projection.push({ date: raceDate, ctl, atl, tsb: ctl - atl });
    weeks[weeks.length - 1].days.push(raceDay());
  }
  return {
    raceDate, raceDistanceM: input.request.raceDistanceM, startDate: formatIsoDay(c.request.startDay),
    performance: decoded.performance, csMps: cs, dPrimeM: dPrime, csDefaulted, csSource, prediction, weeks, projection, notes, details,
    model: { source: fitted ? 'fitted' : 'default', params: { ...c.model }, ...(fit ? { fit: { ...fit } } : {}) },
  };
}

function formatRaceKm(m: number): string {
  const named: Record<number, string> = { 42195: 'marathon', 21097.5: 'half marathon' };
  return named[m] ?? `${Number((m / 1000).toFixed(2))} km`;
}
