/**
 * A multisport file (a triathlon's swim, transitions, bike and run) is one activity: its
 * sessions share a FIT file. Names for the activity and its legs, and the grouping of a list of
 * sessions (newest first) into activities.
 */
import type { SessionRow } from '../../ports';
import { sportLabel } from './format';

export function legName(leg: Pick<SessionRow, 'sport' | 'subSport'>): string {
  return leg.sport === 'transition' ? 'Transition' : sportLabel(leg.sport, leg.subSport);
}

/** A name for the whole file: "Triathlon" for swim → bike → run, "Duathlon" for run → bike → run, else the sports in order. */
export function multisportName(legs: ReadonlyArray<Pick<SessionRow, 'sport'> & { sessionIndex?: number }>): string {
  const ordered = [...legs].sort((a, b) => (a.sessionIndex ?? 0) - (b.sessionIndex ?? 0));
  const sports = ordered.map((l) => l.sport ?? 'generic').filter((s) => s !== 'transition');
  const key = sports.join(',');
  if (key === 'swimming,cycling,running') return 'Triathlon';
  if (key === 'running,cycling,running') return 'Duathlon';
  if (key === 'swimming,running') return 'Aquathlon';
  return sports.map((s) => sportLabel(s)).join(' → ') || 'Multisport';
}

/** One row of a sessions list: a single session, or the legs of one file in file order. */
export type Activity = { kind: 'single'; session: SessionRow } | { kind: 'multi'; legs: SessionRow[] };

/** Consecutive sessions of one file become one activity (the list is newest first; legs come back in file order). */
export function groupActivities(sessions: readonly SessionRow[]): Activity[] {
  const out: Activity[] = [];
  for (const s of sessions) {
    const prev = out[out.length - 1];
    const prevFile = prev ? (prev.kind === 'single' ? prev.session.fitFileId : prev.legs[0]!.fitFileId) : undefined;
    if (prev && prevFile === s.fitFileId) {
      const legs = prev.kind === 'single' ? [prev.session, s] : [...prev.legs, s];
      out[out.length - 1] = { kind: 'multi', legs: legs.sort((a, b) => a.sessionIndex - b.sessionIndex) };
    } else out.push({ kind: 'single', session: s });
  }
  return out;
}

/** Totals of an activity's legs: distance and timer add up; HR is time-weighted over the legs that have it. */
export function activityTotals(legs: readonly SessionRow[]): { distanceM?: number; timerS?: number; avgHr?: number; startTime?: number } {
  const sum = (pick: (l: SessionRow) => number | undefined) => {
    const values = legs.map(pick).filter((v): v is number => v !== undefined);
    return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
  };
  const withHr = legs.filter((l) => l.avgHr !== undefined && l.timerS !== undefined && l.timerS > 0);
  const hrTime = withHr.reduce((a, l) => a + l.timerS!, 0);
  const starts = legs.map((l) => l.startTime).filter((v): v is number => v !== undefined);
  return {
    distanceM: sum((l) => l.distanceM), timerS: sum((l) => l.timerS),
    avgHr: hrTime > 0 ? withHr.reduce((a, l) => a + l.avgHr! * l.timerS!, 0) / hrTime : undefined,
    startTime: starts.length ? Math.min(...starts) : undefined,
  };
}
