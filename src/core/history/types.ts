/** Runner-history types (ALGORITHMS.md §4; PRODUCT.md `GET /api/v1/history`). */

export interface HistorySession {
  sessionId: string;
  /** session start, UTC: ISO-8601 or ms since epoch */
  startTime: string | number;
  /**
   * Local calendar date (YYYY-MM-DD) fixed at import. Wins over `timeZone`, so a later change of
   * the runner's zone does not re-bucket old sessions (§4.3).
   */
  localDate?: string;
  distanceM?: number;
  timeS?: number;
  /** the session's PMC load (SessionStats.load.value); absent counts as 0 */
  load?: number;
  /** FIT sport ("running", "cycling", …): volume is also kept per sport, since kilometres of different sports do not add up */
  sport?: string;
}

/** One sport's volume on a day, week or month. */
export interface SportVolume {
  distanceM: number;
  timeS: number;
  sessions: number;
}

/** Volume per sport, keyed by FIT sport ("other" when the file names none); only sports with sessions appear. */
export type VolumeBySport = Record<string, SportVolume>;

export interface HistoryOptions {
  /** IANA zone used for sessions without `localDate`, and for `today` given in ms */
  timeZone: string;
  /** the runner's "today": local date YYYY-MM-DD or ms since epoch. Rows run to max(today, last session). */
  today: string | number;
  /** CTL time constant, days. Default 42. */
  ctlDays?: number;
  /** ATL time constant, days. Default 7. */
  atlDays?: number;
  /** 'exponential' α = 1 − e^(−1/τ) (default, GoldenCheetah PMCData) or 'inverse' α = 1/τ */
  alpha?: 'exponential' | 'inverse';
  /** starting CTL/ATL (default 0/0) or the mean daily load of the first 42 days */
  seed?: { ctl: number; atl: number } | 'first-42-mean';
  /** first row's date (YYYY-MM-DD); default the first session's date */
  startDate?: string;
}

export interface HistoryDay {
  date: string;
  distanceM: number;
  timeS: number;
  sessions: number;
  load: number;
  /** the day's volume per sport (days with sessions only) */
  bySport?: VolumeBySport;
  /** end-of-day fitness and fatigue */
  ctl: number;
  atl: number;
  /** form for today = CTL(yesterday) − ATL(yesterday) */
  tsb: number;
  /** CTL_d − CTL_{d−7}, once 7 earlier rows exist */
  rampRate?: number;
  /** Foster monotony and strain over the 7 days ending today */
  monotony?: number;
  strain?: number;
  /** within the first 42 days of the history */
  warmingUp?: true;
}

export interface HistoryTotals {
  distanceM: number;
  timeS: number;
  sessions: number;
  load: number;
  /** volume per sport over the period (present when any of its days has it) */
  bySport?: VolumeBySport;
  /** CTL/ATL at the last day of the period */
  ctl: number;
  atl: number;
}

export interface HistoryWeek extends HistoryTotals {
  /** Monday (ISO week) */
  weekStart: string;
}

export interface HistoryMonth extends HistoryTotals {
  /** YYYY-MM */
  month: string;
}

export interface History {
  timeZone: string;
  convention: { alpha: 'exponential' | 'inverse'; ctlDays: number; atlDays: number; alphaCtl: number; alphaAtl: number; tsb: 'yesterday' };
  days: HistoryDay[];
  weeks: HistoryWeek[];
  months: HistoryMonth[];
}
