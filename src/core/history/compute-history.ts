/**
 * Daily runner history (ALGORITHMS.md §4.1–§4.3): one row per local calendar day from the first
 * session (or startDate) to max(today, last session), with volume, load, CTL/ATL end-of-day,
 * TSB(today) = CTL(yesterday) − ATL(yesterday), ramp rate, and Foster (1998 MSSE 30:1164)
 * monotony/strain. `recomputeHistoryFrom` keeps rows before an edited day and runs the forward
 * recursion from the stored state of the day before — equal to a full recompute (§4.3).
 */
import { DomainError } from '../errors';
import type { History, HistoryDay, HistoryOptions, HistorySession, VolumeBySport } from './types';
import { computeLocalDate, formatDayNumber } from './local-date';
import { resolveHistoryOptions, toDayNumber, type ResolvedHistoryOptions } from './options';
import { stepPmc, type PmcState } from './pmc';
import { aggregateMonths, aggregateWeeks } from './aggregate';

const WARMUP_DAYS = 42;
const MONOTONY_CAP = 10;

interface DayTotals {
  distanceM: number;
  timeS: number;
  sessions: number;
  load: number;
  bySport?: VolumeBySport;
}

/** The sport a session's volume is kept under: its FIT sport, or "other". */
export function volumeSportOf(sport: string | undefined): string {
  return sport && sport !== 'generic' ? sport : 'other';
}

function bucketSessions(sessions: readonly HistorySession[], o: ResolvedHistoryOptions): Map<number, DayTotals> {
  if (!Array.isArray(sessions)) throw new DomainError('invalid_options', 'sessions must be an array', { details: { field: 'sessions' } });
  const days = new Map<number, DayTotals>();
  sessions.forEach((s, k) => {
    let dn: number;
    if (s.localDate !== undefined) dn = toDayNumber(s.localDate, `sessions[${k}].localDate`);
    else {
      const ms = typeof s.startTime === 'number' ? s.startTime : Date.parse(s.startTime);
      if (!Number.isFinite(ms)) throw new DomainError('invalid_options', `sessions[${k}].startTime must be ISO-8601 or ms, got ${String(s.startTime)}`, { details: { field: `sessions[${k}].startTime` } });
      dn = toDayNumber(computeLocalDate(ms, o.timeZone), `sessions[${k}].startTime`);
    }
    for (const f of ['distanceM', 'timeS', 'load'] as const) {
      const v = s[f];
      if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) {
        throw new DomainError('invalid_options', `sessions[${k}].${f} must be a finite number ≥ 0, got ${String(v)}`, { details: { field: `sessions[${k}].${f}` } });
      }
    }
    const t = days.get(dn) ?? { distanceM: 0, timeS: 0, sessions: 0, load: 0 };
    t.distanceM += s.distanceM ?? 0;
    t.timeS += s.timeS ?? 0;
    t.sessions += 1;
    t.load += s.load ?? 0;
    const bySport = (t.bySport ??= {});
    const v = (bySport[volumeSportOf(s.sport)] ??= { distanceM: 0, timeS: 0, sessions: 0 });
    v.distanceM += s.distanceM ?? 0;
    v.timeS += s.timeS ?? 0;
    v.sessions += 1;
    days.set(dn, t);
  });
  return days;
}

/** Population SD over the 7 loads; sd = 0 caps monotony at 10 (Runalyze Monotony.php). */
function monotonyOf(last7: readonly number[]): { monotony: number; strain: number } | undefined {
  const sum = last7.reduce((a, b) => a + b, 0);
  if (sum <= 0) return undefined;
  const mean = sum / 7;
  const sd = Math.sqrt(last7.reduce((a, w) => a + (w - mean) ** 2, 0) / 7);
  const monotony = sd > 0 ? Math.min(MONOTONY_CAP, mean / sd) : MONOTONY_CAP;
  return { monotony, strain: sum * monotony };
}

/** Forward pass from `fromDn` with the state at the end of fromDn − 1 and the rows before it. */
function runDays(fromDn: number, endDn: number, firstDn: number, totals: Map<number, DayTotals>, state0: PmcState, before: readonly HistoryDay[], o: ResolvedHistoryOptions): HistoryDay[] {
  const rows: HistoryDay[] = [];
  const loads = before.slice(-6).map((d) => d.load);
  const ctls = before.slice(-7).map((d) => d.ctl);
  let state = state0;
  for (let dn = fromDn; dn <= endDn; dn++) {
    const t = totals.get(dn) ?? { distanceM: 0, timeS: 0, sessions: 0, load: 0 };
    const tsb = state.ctl - state.atl;
    state = stepPmc(state, t.load, o.alphaCtl, o.alphaAtl);
    const row: HistoryDay = { date: formatDayNumber(dn), ...t, ctl: state.ctl, atl: state.atl, tsb };
    if (ctls.length === 7) row.rampRate = state.ctl - ctls[0];
    loads.push(t.load);
    if (loads.length > 7) loads.shift();
    if (loads.length === 7) Object.assign(row, monotonyOf(loads));
    ctls.push(state.ctl);
    if (ctls.length > 7) ctls.shift();
    if (dn - firstDn < WARMUP_DAYS) row.warmingUp = true;
    rows.push(row);
  }
  return rows;
}

function seedState(o: ResolvedHistoryOptions, firstDn: number, totals: Map<number, DayTotals>): PmcState {
  if (o.seed !== 'first-42-mean') return { ...o.seed };
  let sum = 0;
  for (let dn = firstDn; dn < firstDn + WARMUP_DAYS; dn++) sum += totals.get(dn)?.load ?? 0;
  return { ctl: sum / WARMUP_DAYS, atl: sum / WARMUP_DAYS };
}

function assemble(o: ResolvedHistoryOptions, days: HistoryDay[]): History {
  return {
    timeZone: o.timeZone,
    convention: { alpha: o.alpha, ctlDays: o.ctlDays, atlDays: o.atlDays, alphaCtl: o.alphaCtl, alphaAtl: o.alphaAtl, tsb: 'yesterday' },
    days,
    weeks: aggregateWeeks(days),
    months: aggregateMonths(days),
  };
}

function span(totals: Map<number, DayTotals>, o: ResolvedHistoryOptions): { firstDn: number; endDn: number } | undefined {
  const keys = [...totals.keys()];
  if (keys.length === 0 && o.startDn === undefined) return undefined;
  const firstDn = o.startDn ?? Math.min(...keys);
  const endDn = Math.max(o.todayDn, ...keys);
  return { firstDn, endDn };
}

/** Full computation: every day from the first session (or startDate) to max(today, last session). */
export function computeHistory(sessions: readonly HistorySession[], options: HistoryOptions): History {
  const o = resolveHistoryOptions(options);
  const totals = bucketSessions(sessions, o);
  const range = span(totals, o);
  if (!range) return assemble(o, []);
  const days = runDays(range.firstDn, range.endDn, range.firstDn, totals, seedState(o, range.firstDn, totals), [], o);
  return assemble(o, days);
}

/**
 * Incremental recompute after an edit on `fromDate` (§4.3). `sessions` is every session of the
 * runner after the edit (the input of a full computation; only days ≥ fromDate are re-summed);
 * `previous` is the history computed before the edit with the same options. Falls back to a full computation when the stored state cannot be reused
 * (edit before or at the first row, missing day before, or a seed that depends on the first 42 days).
 */
export function recomputeHistoryFrom(previous: History, sessions: readonly HistorySession[], fromDate: string, options: HistoryOptions): History {
  const o = resolveHistoryOptions(options);
  const fromDn = toDayNumber(fromDate, 'fromDate');
  const prevDays = previous.days;
  const firstDn = prevDays.length > 0 ? toDayNumber(prevDays[0].date, 'previous.days[0].date') : undefined;
  const cut = prevDays.findIndex((d) => d.date >= formatDayNumber(fromDn));
  const beforeRows = cut < 0 ? prevDays : prevDays.slice(0, cut);
  const last = beforeRows[beforeRows.length - 1];
  const reusable = firstDn !== undefined && fromDn > firstDn && last !== undefined && toDayNumber(last.date, 'date') === fromDn - 1
    && !(o.seed === 'first-42-mean' && fromDn < firstDn + WARMUP_DAYS);
  const totalsAll = bucketSessions(sessions, o);
  if (!reusable) return computeHistory(sessions, options);
  const totals = new Map([...totalsAll].filter(([dn]) => dn >= fromDn));
  const endDn = Math.max(o.todayDn, fromDn - 1, ...totals.keys());
  const rows = runDays(fromDn, endDn, firstDn, totals, { ctl: last.ctl, atl: last.atl }, beforeRows, o);
  return assemble(o, [...beforeRows, ...rows]);
}
