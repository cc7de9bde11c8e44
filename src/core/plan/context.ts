/**
 * Everything the decoder and the renderer need, resolved once from a validated PlanInput:
 * dates, template, Banister constants (e^(−1/τ) precomputed once, §6.3), caps and bounds.
 */
import { DomainError } from '../errors';
import { predictRaceTimes } from '../critical-speed/predictions';
import { DEFAULT_BANISTER, DEFAULT_CS_MPS, DEFAULT_D_PRIME_M, DEFAULT_PLAN_SCHEMA, DEFAULT_WORKOUT_LIBRARY } from './defaults';
import { buildWorkout, type PaceContext } from './workouts';
import { pickWorkoutType } from './week-workouts';
import { buildWeekTemplate, raceWeekRoles, sharesForRoles, type WeekTemplate } from './template';
import { checkAthleteState, checkPlanRequest, type CheckedRequest } from './validate';
import { weekdayIndex } from './dates';
import type { BanisterParams, DayRole, PhaseName, PlanInput, PlanSchema, TrainingRole, WorkoutLibrary } from './types';

export interface PlanContext {
  input: PlanInput;
  request: CheckedRequest;
  schema: PlanSchema;
  library: WorkoutLibrary;
  model: BanisterParams;
  template: WeekTemplate;
  /** Shares of plan days 0 … 6 of every week but the race week (the plan starts on `startDay`'s weekday). */
  weekShares: number[];
  /** Per plan week: roles and shares of its days 0 … 6 (the race week differs when it holds the race). */
  rolesByWeek: DayRole[][];
  sharesByWeek: number[][];
  /** Per plan week: the largest day share (session cap = sessionCap / maxShare). */
  maxShareByWeek: number[];
  /** Race on day 6 of the last week (race morning = after the last week's day 5). */
  raceInLastWeek: boolean;
  e1: number;
  e2: number;
  a1: number;
  a2: number;
  /** Banister sums at the plan start (g = CTL/α₄₂, h = ATL/α₇). */
  g0: number;
  h0: number;
  history: [number, number, number];
  minLoad: number;
  maxLoad: number;
  sessionCap: number;
  maxShare: number;
  phases: PhaseName[];
  pace: PaceContext;
  /** Per week: L such that every day's load fits its workout's longest duration (Infinity if off). */
  capacity: number[];
}

/** base/build/specific by the schema's fractions of the non-taper weeks, then 2 taper weeks. */
export function assignPhases(schema: PlanSchema, weeks: number): PhaseName[] {
  const n = weeks - 2;
  const out: PhaseName[] = [];
  let acc = 0;
  for (const rule of schema.phases.filter((p) => p.phase !== 'taper')) {
    acc += rule.weekFraction;
    const end = Math.min(n, Math.round(acc * n));
    while (out.length < end) out.push(rule.phase);
  }
  while (out.length < n) out.push('specific');
  return [...out, 'taper', 'taper'];
}

function raceSpeed(cs: number, dPrime: number, distanceM: number): number {
  const p = predictRaceTimes(cs, dPrime, [distanceM])[0];
  return p ? distanceM / p.timeS : distanceM / Math.max(1, (distanceM - dPrime) / cs);
}

function resolveModel(m: Partial<BanisterParams> | undefined): BanisterParams {
  const model = { ...DEFAULT_BANISTER, ...(m ?? {}) };
  for (const [k, v] of Object.entries(model)) {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new DomainError('invalid_plan_request', `model.${k} must be a finite number > 0, got ${String(v)}`, { details: { field: `model.${k}` } });
    }
  }
  return model;
}

export function buildPlanContext(input: PlanInput): PlanContext {
  const raceInLastWeek = input.schema?.rules.raceInLastWeek !== false;
  const request = checkPlanRequest(input.request, { raceInLastWeek });
  checkAthleteState(input.athlete);
  const schema = input.schema ?? DEFAULT_PLAN_SCHEMA;
  const library = input.library ?? DEFAULT_WORKOUT_LIBRARY;
  // An explicit model wins (tests, experiments); else the runner's fitted one; else the defaults.
  const model = resolveModel(input.model ?? input.athlete.model);
  const template = buildWeekTemplate(request.daysPerWeek, request.restDays, request.longRunDay, schema);
  const startWd = weekdayIndex(request.startDay);
  const weekShares = Array.from({ length: 7 }, (_, i) => template.shares[(startWd + i) % 7]);
  const weekRoles = Array.from({ length: 7 }, (_, i) => template.roles[(startWd + i) % 7]);
  const lastRoles = raceInLastWeek ? raceWeekRoles(weekRoles) : weekRoles;
  const lastShares = raceInLastWeek ? sharesForRoles(lastRoles, schema) : weekShares;
  const rolesByWeek = Array.from({ length: request.weeks }, (_, w) => (w === request.weeks - 1 ? lastRoles : weekRoles));
  const sharesByWeek = rolesByWeek.map((_, w) => (w === request.weeks - 1 ? lastShares : weekShares));
  const e1 = Math.exp(-1 / model.tau1);
  const e2 = Math.exp(-1 / model.tau2);
  const a1 = 1 - e1;
  const a2 = 1 - e2;
  const { athlete } = input;
  const hist = athlete.recentWeeklyLoads;
  const baseline = (hist[0] + hist[1] + hist[2]) / 3;
  // Days between today and the plan start (0–6): assume the recent daily average continues.
  let ctl = athlete.ctl;
  let atl = athlete.atl;
  for (let d = request.todayDay; d < request.startDay; d++) {
    ctl += a1 * (baseline / 7 - ctl);
    atl += a2 * (baseline / 7 - atl);
  }
  const r = schema.rules;
  const minLoad = input.request.minWeeklyLoad ?? r.minWeeklyLoadFactor * baseline;
  const maxLoad = input.request.maxWeeklyLoad ?? Math.max(r.maxWeeklyLoadFactor * baseline, 2 * minLoad, 1);
  const caps = [input.request.maxSessionLoad, athlete.maxSessionLoad90d === undefined ? undefined : r.sessionCapFactor * athlete.maxSessionLoad90d];
  const sessionCap = Math.min(...caps.map((c) => c ?? Infinity));
  const cs = athlete.csMps ?? DEFAULT_CS_MPS;
  const dPrime = athlete.dPrimeM ?? DEFAULT_D_PRIME_M;
  const pace: PaceContext = { csMps: cs, dPrimeM: dPrime, raceSpeedMps: raceSpeed(cs, dPrime, input.request.raceDistanceM) };
  const c: PlanContext = {
    input, request, schema, library, model, template, weekShares, rolesByWeek, sharesByWeek,
    maxShareByWeek: sharesByWeek.map((sh) => Math.max(...sh)), raceInLastWeek, e1, e2, a1, a2,
    g0: ctl / a1, h0: atl / a2, history: [hist[0], hist[1], hist[2]],
    minLoad, maxLoad, sessionCap, maxShare: Math.max(...template.shares),
    phases: assignPhases(schema, request.weeks), pace, capacity: [],
  };
  c.capacity = c.phases.map((phase, w) => (r.capByWorkoutDurations ? weekCapacity(c, phase, w) : Infinity));
  return c;
}

/** Largest weekly load whose every day fits its workout type at the type's longest duration. */
function weekCapacity(c: PlanContext, phase: PhaseName, w: number): number {
  let cap = Infinity;
  const shares = c.sharesByWeek[w];
  c.rolesByWeek[w].forEach((role, i) => {
    if (role === 'rest' || shares[i] <= 0) return;
    const most = buildWorkout(pickWorkoutType(c, phase, role as TrainingRole), 1e9, c.pace).load;
    cap = Math.min(cap, most / shares[i]);
  });
  return cap;
}
