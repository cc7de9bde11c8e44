/**
 * Stored history stops at the day of the last update; days after it (no session yet) are
 * derived on read: zero load, fitness and fatigue decaying (ALGORITHMS.md §4.1, exponential
 * α with the default 42/7-day constants), form = yesterday's CTL − ATL.
 */
import { computeAlpha, stepPmc } from './pmc';
import type { HistoryDay } from './types';

/** A stored day: the HistoryDay without the derived extras (ramp rate, monotony, …). */
export type StoredDay = Pick<HistoryDay, 'date' | 'distanceM' | 'timeS' | 'sessions' | 'load' | 'ctl' | 'atl' | 'tsb' | 'bySport'>;

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function extendHistoryTo(days: readonly StoredDay[], until: string, ctlDays = 42, atlDays = 7): StoredDay[] {
  const out = [...days];
  const last = out[out.length - 1];
  if (!last || last.date >= until) return out;
  const aCtl = computeAlpha(ctlDays);
  const aAtl = computeAlpha(atlDays);
  let state = { ctl: last.ctl, atl: last.atl };
  for (let date = nextDate(last.date); date <= until; date = nextDate(date)) {
    const tsb = state.ctl - state.atl;
    state = stepPmc(state, 0, aCtl, aAtl);
    out.push({ date, distanceM: 0, timeS: 0, sessions: 0, load: 0, ctl: state.ctl, atl: state.atl, tsb });
  }
  return out;
}
