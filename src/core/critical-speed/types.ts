/** Critical-speed types (ALGORITHMS.md §3; PRODUCT.md `GET /api/v1/critical-speed`). */

export interface CsEffortInput {
  distanceM: number;
  timeS: number;
  sessionId: string;
  /** ISO-8601 or ms since epoch; efforts without a date are never excluded by the lookback */
  achievedAt?: string | number;
  /** a maximal test (time trial): allows two-point fits and single-session sets (§3.2) */
  isTest?: boolean;
}

/** Options, all with the §3.2–§3.3 defaults; validated once in `fitCriticalSpeed`. */
export interface CsOptions {
  /** reference date for the lookback (ISO or ms). Default: the newest effort's date. */
  asOf?: string | number;
  /** lookback window in days, 42–180. Default 90. */
  lookbackDays?: number;
  /** duration window, s. Default 120–1200 (2–20 min). */
  minDurationS?: number;
  maxDurationS?: number;
  /** minimum t_max/t_min. Default 3. */
  minDurationRatio?: number;
  /** the longest effort must be at least this long (Maturana et al. 2018). Default 600 s. */
  minLongestS?: number;
  /** drop sub-maximal points (e_k < −2s), at most ⌊(n−3)/2⌋. Default true. */
  dropSubmaximal?: boolean;
  /** distances to predict, m. Default 1500 m … marathon. */
  predictionDistancesM?: readonly number[];
}

export interface CsEffortUsed {
  distanceM: number;
  timeS: number;
  sessionId: string;
  achievedAt?: string;
  /** D_k − (CS·t_k + D′) of the final fit, m */
  residualM?: number;
}

export interface LinearFit {
  n: number;
  csMps: number;
  dPrimeM: number;
  r2: number;
  /** residual standard deviation s (m); undefined for n = 2 */
  residualM?: number;
  seCsMps?: number;
  seDPrimeM?: number;
  residuals: number[];
}

export interface RacePrediction {
  distanceM: number;
  timeS: number;
  method: 'cs' | 'riegel-from-cs-10k' | 'pct-cs-norm';
  /** average speed as % of CS */
  pctCs: number;
  /** the 80 % interval (prediction-interval.ts): where the race time should fall 4 times in 5 */
  lowS?: number;
  highS?: number;
}

/** What the prediction interval needs from the fit: n, t̄ and S_tt of the efforts kept, s (m). */
export interface CsSpread {
  n: number;
  meanTimeS: number;
  sttS2: number;
  /** residual standard deviation; absent for a two-effort fit */
  residualM?: number;
}

/** A race: a whole session run at a standard distance (see backtest.ts for the rule). */
export interface RaceEffort {
  sessionId: string;
  distanceM: number;
  timeS: number;
  /** the session's start, ms: only efforts before it predict the race */
  startMs: number;
}

export interface BacktestRace extends RaceEffort {
  predictedS: number;
  lowS: number;
  highS: number;
  /** (predicted − actual)/actual × 100: positive = the prediction was slower than the race */
  errorPct: number;
  inside: boolean;
}

/** Each race predicted from the efforts before it only; summary over the latest races predicted. */
export interface CsBacktest {
  races: BacktestRace[];
  /** races found, whether or not there were efforts enough before them to predict */
  racesFound: number;
  /** present when ≥ 2 races were predicted */
  summary?: { n: number; meanAbsErrorPct: number; maxAbsErrorPct: number; inside: number };
}

export interface CriticalSpeedFit {
  status: 'valid' | 'low_confidence';
  model: 'distance-time-2p';
  csMps: number;
  dPrimeM: number;
  r2: number;
  se: { csMps?: number; dPrimeM?: number; csPct?: number; dPrimePct?: number; residualM?: number };
  efforts: CsEffortUsed[];
  dropped: CsEffortUsed[];
  predictions: RacePrediction[];
  /** the fit's spread, for intervals on predictions made elsewhere (the plan) */
  spread?: CsSpread;
  /** past races predicted from the data before each (added by the bests refresh) */
  backtest?: CsBacktest;
}

export interface CriticalSpeedRefusal {
  status: 'insufficient_data';
  /** stable code: too_few_efforts, single_session, narrow_duration_range, no_long_effort, degenerate, cs_out_of_range, d_prime_out_of_range, imprecise */
  code: string;
  reason: string;
  efforts: CsEffortUsed[];
}

export type CriticalSpeedResult = CriticalSpeedFit | CriticalSpeedRefusal;
