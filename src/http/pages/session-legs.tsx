/**
 * The legs of a multisport file (swim, transition, bike, transition, run) as one activity: the
 * session page of any leg lists them all, with this one marked, and the file's totals.
 */
import type { SessionRow } from '../../ports';
import { formatDuration, type Units } from './format';
import { legName, multisportName } from './multisport';
import { formatAverage, formatSportDistance, poolUnitsOf } from './sport-format';
import { SportIcon } from './widgets';

export function SessionLegs(props: { legs: SessionRow[]; currentId: string; units: Units }) {
  const { legs, units } = props;
  if (legs.length < 2) return null;
  const total = (pick: (l: SessionRow) => number | undefined) => legs.reduce((sum, l) => sum + (pick(l) ?? 0), 0);
  return (
    <nav class="card legs" aria-label="Legs of this activity">
      <h2>{multisportName(legs)}: {legs.length} legs</h2>
      <ol class="leg-list">
        {legs.map((l) => {
          const ctx = { sport: l.sport, units, poolUnits: poolUnitsOf(l.device) };
          const here = l.id === props.currentId;
          return (
            <li class={here ? 'leg current' : 'leg'}>
              <SportIcon sport={l.sport} subSport={l.subSport} />
              {here ? <strong aria-current="page">{legName(l)}</strong> : <a href={`/sessions/${encodeURIComponent(l.id)}`}>{legName(l)}</a>}
              <span class="muted small"> {formatSportDistance(l.distanceM, ctx)} · {formatDuration(l.timerS)}{l.sport === 'transition' ? '' : ` · ${formatAverage(l.distanceM, l.timerS, ctx)}`}</span>
            </li>
          );
        })}
      </ol>
      <p class="small muted">Whole activity: {formatDuration(total((l) => l.elapsedS ?? l.timerS))} from start to finish (sum of the legs’ elapsed times).</p>
    </nav>
  );
}
