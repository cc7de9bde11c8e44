/**
 * A pool swim's own figures on the session page: the pool's length in the unit it was set in
 * (FIT session pool_length / pool_length_unit), and the lengths as the watch counted them — each
 * with its stroke, time, pace per 100 m or 100 yd (the pool's unit), strokes and SWOLF (time in
 * seconds + strokes: the swimmer's efficiency score), rests at the wall as their own rows.
 */
import type { SwimLength } from '../../core/swim/swim-length';
import { DASH, formatDuration, formatNumber } from './format';
import { formatSpeed, type SportContext } from './sport-format';

const M_PER_YD = 0.9144;

/** "50 m", "25 yd", "33.3 m": the pool as the swimmer set it on the watch. */
export function formatPoolLength(poolM: number | undefined, unit: string | undefined): string {
  if (poolM === undefined || !(poolM > 0)) return DASH;
  const yards = unit === 'statute';
  const v = Math.round((yards ? poolM / M_PER_YD : poolM) * 10) / 10;
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${yards ? 'yd' : 'm'}`;
}

/** The pool's length: the session message's, else the one every active length carries. */
export function poolLengthOf(device: Record<string, unknown> | undefined, lengths: readonly SwimLength[] | undefined): number | undefined {
  const own = device?.poolLengthM;
  if (typeof own === 'number' && own > 0) return own;
  return lengths?.find((l) => l.type === 'active' && l.distanceM !== undefined)?.distanceM;
}

const STROKES: Record<string, string> = { freestyle: 'Freestyle', backstroke: 'Backstroke', breaststroke: 'Breaststroke', butterfly: 'Butterfly', drill: 'Drill', mixed: 'Mixed', im: 'IM', im_by_round: 'IM', rimo: 'Reverse IM' };

export function LengthTable(props: { lengths: SwimLength[] | undefined; ctx: SportContext }) {
  const lengths = props.lengths;
  if (!lengths || lengths.length === 0) return null;
  let swum = 0;
  return (
    <section class="card" aria-labelledby="lengths-title"><h2 id="lengths-title">Lengths</h2>
      <p class="small muted">{lengths.filter((l) => l.type === 'active').length} lengths swum; rests at the wall in grey. SWOLF = seconds + strokes for the length (lower is more efficient).</p>
      <div class="scroll" tabindex={0}><table>
        <thead><tr><th scope="col">Length</th><th scope="col" class="hide-narrow">Stroke</th><th scope="col" class="num">Time</th><th scope="col" class="num">Pace</th>
          <th scope="col" class="num">Strokes</th><th scope="col" class="num hide-narrow">SWOLF</th><th scope="col" class="num hide-narrow">Stroke rate</th></tr></thead>
        <tbody>{lengths.map((l) => {
          const time = l.timerS ?? l.elapsedS;
          if (l.type !== 'active') return <tr data-length="idle" class="muted"><th scope="row">Rest</th><td class="hide-narrow">{DASH}</td><td class="num">{formatDuration(time)}</td><td class="num">{DASH}</td><td class="num">{DASH}</td><td class="num hide-narrow">{DASH}</td><td class="num hide-narrow">{DASH}</td></tr>;
          swum++;
          const speed = l.avgSpeedMps ?? (l.distanceM !== undefined && time ? l.distanceM / time : undefined);
          return (
            <tr data-length="active"><th scope="row">{swum}</th><td class="hide-narrow">{l.stroke ? (STROKES[l.stroke] ?? l.stroke) : DASH}</td><td class="num">{formatDuration(time)}</td>
              <td class="num">{formatSpeed(speed, props.ctx)}</td><td class="num">{formatNumber(l.strokes)}</td>
              <td class="num hide-narrow">{time !== undefined && l.strokes !== undefined ? formatNumber(Math.round(time + l.strokes)) : DASH}</td>
              <td class="num hide-narrow">{formatNumber(l.cadenceSpm, '/min')}</td></tr>
          );
        })}</tbody>
      </table></div>
    </section>
  );
}
