/**
 * Types of the training-plan model (ALGORITHMS.md §§5.2–5.6). The plan schema (phases and their
 * rules) and the workout library are DATA: the job reads them from D1 and passes them in; the
 * defaults in `defaults.ts` are what the migration seeds.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type DayRole = 'rest' | 'easy' | 'recovery' | 'long' | 'quality1' | 'quality2';
export type TrainingRole = Exclude<DayRole, 'rest'>;
export type PhaseName = 'base' | 'build' | 'specific' | 'taper';

/** What the runner asks for (POST /api/v1/plans), plus the caller-provided `today`. */
export interface PlanRequest {
  /** Goal race distance in metres (800 … 100 000). */
  raceDistanceM: number;
  /** Race day, YYYY-MM-DD (runner's local calendar); 4 to 30 weeks after `today`. */
  raceDate: string;
  /** Today's local date, YYYY-MM-DD (given by the caller: the core never reads a clock). */
  today: string;
  /** Running days per week, 3 … 7 (counting the long run). */
  daysPerWeek: number;
  /** Days the runner never trains (hard zeros). Default: none beyond what daysPerWeek implies. */
  restDays?: Weekday[];
  /** Long-run day; must not be a rest day. Default 'sun'. */
  longRunDay?: Weekday;
  /** Weekly load bounds [L_min, L_max] in load units (AU); defaults 0.5× / 2.5× the recent weekly mean. */
  minWeeklyLoad?: number;
  maxWeeklyLoad?: number;
  /** Upper bound on one session's load (AU); combined with 1.2 × the largest session of 90 days. */
  maxSessionLoad?: number;
  /** DE seed (uint32); the caller derives it from (athlete id, plan id) when absent. */
  seed?: number;
  /** Set on re-plans (never by a runner): the horizon may then be as short as 2 weeks. */
  revision?: number;
}

/** The runner's current state, from the history and critical-speed features. */
export interface AthleteState {
  /** CTL and ATL on the morning of `today` (normalised EWMAs, α = 1 − e^(−1/τ), §4.1). */
  ctl: number;
  atl: number;
  /** Weekly loads of the last 3 weeks, oldest first (for the ACWR of the first plan weeks). */
  recentWeeklyLoads: [number, number, number];
  /** Largest single-session load of the last 90 days (session cap = 1.2 × this, §5.6). */
  maxSessionLoad90d?: number;
  /** Critical speed (m/s) and D′ (m); null/absent → defaults, and the plan says so. */
  csMps?: number | null;
  dPrimeM?: number | null;
  /** The best efforts the CS fit used (so the plan can say where its paces come from). */
  csEfforts?: CsEffortRef[];
  /** The CS fit's spread (for the prediction's interval) and its backtest sentence on past races. */
  csSpread?: import('../critical-speed/types').CsSpread;
  csBacktest?: string;
  /** The runner's own Banister parameters when their history supports a fit (§4.4), and its quality. */
  model?: BanisterParams;
  modelFit?: ModelFitSummary;
}

export interface ModelFitSummary {
  status: 'fitted' | 'insufficient';
  reason?: string;
  r2: number;
  rmse: number;
  tests: number;
  spanDays: number;
}

export interface CsEffortRef {
  distanceM: number;
  timeS: number;
  sessionId: string;
  achievedAt?: string;
}

/** Where the plan's critical speed comes from, said so on the page and in the API. */
export type CsSource =
  | { kind: 'measured'; csMps: number; dPrimeM: number; efforts: CsEffortRef[] }
  | { kind: 'default'; csMps: number; dPrimeM: number; howToMeasure: string };

/** The goal race's predicted finish time and how it was predicted, in words. */
export interface RacePredictionView {
  finishS: number;
  basis: string;
  /** 'cs' ≤ 10 km, 'riegel-from-cs-10k' to the half, 'pct-cs-norm' beyond when slower */
  method: string;
  /** true when it rests on the default critical speed (a placeholder, not a prediction of this runner) */
  fromDefault: boolean;
  /** 80 % interval (core/critical-speed/prediction-interval.ts); absent on a default CS */
  lowS?: number;
  highS?: number;
  /** how predictions did on the runner's past races, in words (≥ 2 races predicted) */
  backtest?: string;
}

/** Banister impulse–response parameters (§4.1); defaults 1, 2, 42, 7. */
export interface BanisterParams {
  k1: number;
  k2: number;
  tau1: number;
  tau2: number;
}

export interface PhaseRule {
  phase: PhaseName;
  /** Share of the non-taper weeks (base/build/specific; taper weeks are fixed by `rules.taperWeeks`). */
  weekFraction: number;
  /** Workout type id per role. */
  workouts: Record<TrainingRole, string>;
  /** Overrides for goals longer than `rules.longGoalM` (e.g. marathon-pace long runs). */
  longGoalWorkouts?: Partial<Record<TrainingRole, string>>;
}

export interface PlanRules {
  ctlRampPerWeek: number;
  acwrMax: number;
  tsbFloor: number;
  recoveryEvery: number;
  recoveryFactor: number;
  /** Taper depth ρ bounds and split σ bounds (§5.2). */
  taperDepth: [number, number];
  taperSplit: [number, number];
  sessionCapFactor: number;
  minWeeklyLoadFactor: number;
  maxWeeklyLoadFactor: number;
  longRunShareMax: number;
  /** Max share of weekly running time at ≥ 0.88 CS (Seiler 2010). */
  intensityShareMax: number;
  monotonyMax: number;
  /** Goals above this distance use `longGoalWorkouts` (half marathon and up). */
  longGoalM: number;
  /**
   * Also cap each week so every day's load fits its workout type's maximum duration (L ≤ maxLoad_d / share_d).
   * Off reproduces the exact §5.3 decoder; on (default) keeps the plan placeable as workouts.
   */
  capByWorkoutDurations: boolean;
  /**
   * The race is the last day of the last plan week (no 8-day week; no quality day or long run in
   * the two days before it). Absent = true; false reproduces the exact §5.3 timeline (race the
   * morning after 7·W plan days).
   */
  raceInLastWeek?: boolean;
}

export interface PlanSchema {
  id: string;
  version: number;
  /** base, build, specific, taper — in this order. */
  phases: PhaseRule[];
  rules: PlanRules;
  /** Relative load share per role before normalisation (§5.3 template: 0.30/0.18/0.16/0.12). */
  roleShares: Record<TrainingRole, number>;
}

export type WorkoutStructure = 'steady' | 'intervals' | 'progression' | 'strides';

export interface WorkoutType {
  id: string;
  name: string;
  structure: WorkoutStructure;
  /** Speed as a fraction of CS [lo, hi]; the target is the midpoint. */
  speedCs: [number, number];
  /** Total duration bounds in seconds. */
  durationS: [number, number];
  /** intervals: rep length, jog length and its speed (fraction of CS), count bounds. */
  reps?: { workS: number; jogS: number; jogSpeedCs: number; count: [number, number]; dPrimeFraction?: number };
  /** progression: final share of the run at `finishSpeedCs` (e.g. marathon pace). */
  finish?: { share: number; speedCs: number | 'race' };
  /** strides: count × seconds at `speedCs` appended to an easy run. */
  strides?: { count: number; seconds: number };
  warmupS?: number;
  cooldownS?: number;
  description: string;
}

export interface WorkoutLibrary {
  id: string;
  version: number;
  types: WorkoutType[];
}

export interface PlanInput {
  request: PlanRequest;
  athlete: AthleteState;
  schema?: PlanSchema;
  library?: WorkoutLibrary;
  model?: Partial<BanisterParams>;
}

export interface PlanDay {
  date: string;
  type: string;
  /** The workout's name in a runner's words ("CS intervals", "VO₂max intervals", "Rest", "Race"). */
  label?: string;
  role: DayRole | 'race';
  durationS: number;
  distanceM?: number;
  targetSpeedMps?: number;
  load: number;
  description: string;
  /**
   * The workout's parts in order (whole seconds). The text, the calendar and the FIT workout are
   * all written from these, so they say the same durations. Absent on rest days (and old plans).
   */
  segments?: PlanSegment[];
}

export interface PlanSegment {
  seconds: number;
  speedMps: number;
  label: 'warm-up' | 'main' | 'rep' | 'jog' | 'finish' | 'strides' | 'cool-down';
}

export interface PlanWeek {
  index: number;
  phase: PhaseName;
  startDate: string;
  /** Decoded weekly load (AU) and what capped it, in words. */
  targetLoad: number;
  limitedBy: string;
  days: PlanDay[];
}

export interface PlanProjectionPoint {
  date: string;
  ctl: number;
  atl: number;
  tsb: number;
}

export interface RenderedPlan {
  raceDate: string;
  raceDistanceM: number;
  startDate: string;
  performance: number;
  csMps: number;
  dPrimeM: number;
  csDefaulted: boolean;
  csSource?: CsSource;
  prediction?: RacePredictionView;
  weeks: PlanWeek[];
  projection: PlanProjectionPoint[];
  /** For the runner, in their words. */
  notes: string[];
  /** How the plan was computed (optimiser, model, binding rules): the API and a fold on the page. */
  details?: string[];
  /** The optimiser's best x (for warm-starting a re-plan, §5.6). */
  solution?: number[];
  /** The fitness–fatigue model the plan used: the runner's own, or the textbook defaults (and why). */
  model?: { source: 'fitted' | 'default'; params: BanisterParams; fit?: ModelFitSummary };
}
