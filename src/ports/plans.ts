/** Ports: Training plans. */
export type PlanStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface PlanRow {
  id: string;
  runnerId: string;
  jobId: string;
  status: PlanStatus;
  seed: number;
  /** as optimised: `today` and `seed` resolved */
  request: import('../core/plan/types').PlanRequest;
  /** snapshot at request time, so every chunk optimises the same problem */
  athlete: import('../core/plan/types').AthleteState;
  /** why defaults were used */
  notes: string[];
  schemaRef: { id: string; version: number };
  libraryRef: { id: string; version: number };
  objective?: number;
  generation: number;
  evaluations: number;
  checkpointKey?: string;
  checkpointStep?: number;
  result?: import('../core/plan/types').RenderedPlan;
  errorCode?: string;
  errorMessage?: string;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
  /** the revision `result` holds (0 = as first optimised) */
  revision?: number;
}

export interface PlanProgress {
  checkpointKey: string;
  checkpointStep: number;
  objective: number;
  generation: number;
  evaluations: number;
}

export interface PlanRepo {
  insert(row: PlanRow): Promise<void>;
  get(runnerId: string, planId: string): Promise<PlanRow | null>;
  list(runnerId: string, query: { limit: number; cursor?: string }): Promise<{ items: PlanRow[]; nextCursor: string | null }>;
  /** deletes and returns the row (its checkpoints are the caller's to remove) */
  remove(runnerId: string, planId: string): Promise<PlanRow | null>;
  /** monotone: a late or duplicated chunk never moves the checkpoint backwards */
  saveProgress(runnerId: string, planId: string, progress: PlanProgress, now: number): Promise<void>;
  complete(runnerId: string, planId: string, progress: PlanProgress, result: import('../core/plan/types').RenderedPlan, now: number): Promise<void>;
  fail(runnerId: string, planId: string, code: string, message: string, now: number): Promise<void>;
  /** completed plans whose race is on or after `today` (re-planned after history changes) */
  listActive(runnerId: string, today: string): Promise<PlanRow[]>;
  /** installs a re-plan's merged result, only if it is newer than the one held */
  applyRevision(runnerId: string, planId: string, revision: number, result: import('../core/plan/types').RenderedPlan, now: number): Promise<boolean>;
}

export type PlanRevisionStatus = 'running' | 'completed' | 'failed' | 'superseded';

export interface PlanRevisionRow {
  planId: string;
  runnerId: string;
  revision: number;
  status: PlanRevisionStatus;
  jobId: string;
  triggerJobId?: string;
  frozenWeeks: number;
  request: import('../core/plan/types').PlanRequest;
  athlete: import('../core/plan/types').AthleteState;
  x0?: number[];
  reasons?: string[];
  weeks?: Array<{ index: number; startDate: string; targetLoad: number }>;
  createdAt: number;
  finishedAt?: number;
}

export interface PlanRevisionRepo {
  /** the next revision number for the plan (1, 2, …) */
  next(runnerId: string, planId: string): Promise<number>;
  insert(row: PlanRevisionRow): Promise<void>;
  get(runnerId: string, planId: string, revision: number): Promise<PlanRevisionRow | null>;
  list(runnerId: string, planId: string): Promise<PlanRevisionRow[]>;
  finish(runnerId: string, planId: string, revision: number, outcome: { status: PlanRevisionStatus; reasons?: string[]; weeks?: PlanRevisionRow['weeks'] }, now: number): Promise<void>;
}

/** The runner's runs on plan days (session_stats), for compliance. */
export interface PlanActualsSource {
  read(runnerId: string, from: string, to: string): Promise<import('../core/plan/compliance').ActualSession[]>;
}

/** The plan schema and workout library: data in D1, seeded by a migration. */
export interface PlanCatalog {
  schema(ref: { id: string; version: number }): Promise<import('../core/plan/types').PlanSchema | null>;
  library(ref: { id: string; version: number }): Promise<import('../core/plan/types').WorkoutLibrary | null>;
}

/** What the plan needs from the runner's history and critical speed (local dates YYYY-MM-DD). */
export interface PlanHistoryFacts {
  /** the newest daily_history row before `today` (CTL/ATL after that day) */
  last?: { date: string; ctl: number; atl: number };
  /** daily loads of the 21 days before `today` */
  days: Array<{ date: string; load: number }>;
  maxSessionLoad90d?: number;
  csMps?: number;
  dPrimeM?: number;
  /** the efforts the CS fit used */
  csEfforts?: import('../core/plan/types').CsEffortRef[];
  /** the fit's spread and the backtest sentence (result_json) */
  csSpread?: import('../core/critical-speed/types').CsSpread;
  csBacktest?: string;
  /** for the runner's own Banister model: a year of daily loads and of best efforts (local dates) */
  loadsYear?: Array<{ date: string; load: number }>;
  effortsYear?: Array<{ distanceM: number; timeS: number; date: string }>;
}

export interface PlanHistorySource {
  read(runnerId: string, today: string): Promise<PlanHistoryFacts>;
}
