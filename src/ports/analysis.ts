/** Ports: Statistics, best efforts, personal bests, critical speed and history. */
import type { StoredDay } from '../core/history/extend-days';

export interface StoredStats {
  sessionId: string;
  runnerId: string;
  algorithmVersion: number;
  sport?: string;
  startTime?: number;
  /** YYYY-MM-DD in the runner's zone when analysed */
  localDate?: string;
  distanceM?: number;
  movingS?: number;
  timerS?: number;
  load?: number;
  stats: Record<string, unknown>;
  computedAt: number;
}

export interface BestEffortRow {
  runnerId: string;
  sessionId: string;
  distanceM: number;
  timeS: number;
  achievedAt?: number;
  startOffsetS?: number;
}

/** A best effort as read back, with its session's sport and the runner's say on records. */
export interface StoredBestEffort extends BestEffortRow {
  sport?: string;
  subSport?: string;
  excludeFromRecords?: boolean;
}

export interface StoredPersonalBest {
  distanceM: number;
  timeS: number;
  sessionId: string;
  achievedAt?: number;
  /** earlier bests, oldest first */
  history: Array<{ distanceM: number; timeS: number; sessionId: string; achievedAt: string }>;
}

/** one stored day of history (the core's StoredDay) */
export type HistoryRow = StoredDay;

export interface AnalysisStore {
  /** statistics and best efforts of sessions, each session's replaced together (one batch for all) */
  saveSessionAnalyses(items: Array<{ stats: StoredStats; efforts: BestEffortRow[] }>): Promise<void>;
  getStats(runnerId: string, sessionId: string): Promise<StoredStats | null>;
  /** every stored best effort with what decides whether its session counts for records */
  listBestEfforts(runnerId: string): Promise<StoredBestEffort[]>;
  getPersonalBests(runnerId: string): Promise<StoredPersonalBest[]>;
  replacePersonalBests(runnerId: string, items: StoredPersonalBest[], now: number): Promise<void>;
  getCriticalSpeed(runnerId: string): Promise<{ result: Record<string, unknown>; computedAt: number } | null>;
  saveCriticalSpeed(runnerId: string, result: Record<string, unknown>, now: number): Promise<void>;
  listStatsForHistory(runnerId: string): Promise<Array<{ sessionId: string; sport?: string; startTime?: number; localDate?: string; distanceM?: number; movingS?: number; timerS?: number; load?: number }>>;
  getHistory(runnerId: string, from?: string, to?: string): Promise<HistoryRow[]>;
  /** sessions with no statistics, or statistics from an older algorithm version */
  listSessionsToAnalyse(runnerId: string, algorithmVersion: number, all: boolean): Promise<string[]>;
  /** stores the full recomputed history, writing only changed days and dropping days no longer in it */
  writeHistory(runnerId: string, days: HistoryRow[]): Promise<{ written: number; deleted: number }>;
}
