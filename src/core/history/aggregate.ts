/** Weekly (ISO, Monday-start) and monthly totals of daily history rows (issue 4 item 5). */
import type { HistoryDay, HistoryMonth, HistoryTotals, HistoryWeek, VolumeBySport } from './types';
import { formatDayNumber, mondayOf, parseDayNumber } from './local-date';

function addVolumes(into: VolumeBySport, add: VolumeBySport): VolumeBySport {
  for (const [sport, v] of Object.entries(add)) {
    const t = (into[sport] ??= { distanceM: 0, timeS: 0, sessions: 0 });
    t.distanceM += v.distanceM;
    t.timeS += v.timeS;
    t.sessions += v.sessions;
  }
  return into;
}

function group<K extends string>(days: readonly HistoryDay[], keyOf: (d: HistoryDay) => K): Array<[K, HistoryTotals]> {
  const out: Array<[K, HistoryTotals]> = [];
  for (const d of days) {
    const key = keyOf(d);
    let last = out[out.length - 1];
    if (!last || last[0] !== key) {
      last = [key, { distanceM: 0, timeS: 0, sessions: 0, load: 0, ctl: 0, atl: 0 }];
      out.push(last);
    }
    const t = last[1];
    t.distanceM += d.distanceM;
    t.timeS += d.timeS;
    t.sessions += d.sessions;
    t.load += d.load;
    if (d.bySport) t.bySport = addVolumes(t.bySport ?? {}, d.bySport);
    t.ctl = d.ctl;
    t.atl = d.atl;
  }
  return out;
}

/** Rows must be in date order (as computeHistory returns them). */
export function aggregateWeeks(days: readonly HistoryDay[]): HistoryWeek[] {
  return group(days, (d) => formatDayNumber(mondayOf(parseDayNumber(d.date) as number))).map(([weekStart, t]) => ({ weekStart, ...t }));
}

export function aggregateMonths(days: readonly HistoryDay[]): HistoryMonth[] {
  return group(days, (d) => d.date.slice(0, 7)).map(([month, t]) => ({ month, ...t }));
}
