/**
 * Whether a session feeds personal bests and critical speed, why, and a form to change it
 * (a plain POST: works without JavaScript; the web app's csrf() checks its origin).
 */
import { recordsEligibility, type RecordsReason } from '../../core/bests';
import type { SessionRow } from '../../ports';

const EXPLAIN: Record<RecordsReason, string> = {
  outdoor_run: 'This run counts for your personal bests and critical speed.',
  indoor_run: 'Treadmill, indoor and virtual runs are left out of your personal bests and critical speed by default: their distance is the machine’s estimate, not ground covered.',
  not_running: 'Only runs count for personal bests and critical speed.',
  excluded_by_runner: 'You left this run out of your personal bests and critical speed.',
  included_by_runner: 'You count this indoor run in your personal bests and critical speed.',
};

export function RecordsToggle(props: { session: Pick<SessionRow, 'id' | 'sport' | 'subSport' | 'excludeFromRecords'>; canEdit: boolean; implausible?: boolean }) {
  const s = props.session;
  const { counts, reason } = recordsEligibility(s);
  return (
    <div class="records-toggle">
      <p id="records-note">{EXPLAIN[reason]}</p>
      {counts && props.implausible ? <p class="small">Its data failed a plausibility check (GPS spikes, a speed impossible for the sport, or samples that never change), so its efforts are kept out of your bests whatever this setting says.</p> : null}
      {props.canEdit && reason !== 'not_running' ? (
        <form method="post" action={`/sessions/${encodeURIComponent(s.id)}/records`} class="inline">
          <input type="hidden" name="counts" value={counts ? 'no' : 'yes'} />
          <button type="submit" aria-describedby="records-note">{counts ? 'Leave out of records' : 'Count in records'}</button>
        </form>
      ) : null}
      {props.canEdit && reason !== 'not_running' ? <p class="small muted">Bests and critical speed are recomputed in the background; the banner follows it.</p> : null}
    </div>
  );
}
