/** The plans page: the runner's plans with their status, and the form that requests a new one. */
import type { PlanRow } from '../../ports';
import { ErrorAlert, type FormError } from './account-pages';
import { formatDateTime, formatRaceDistance } from './format';

/** The exact words of PRODUCT.md flow 2 once a request is accepted. */
export const PLAN_STARTED_MESSAGE = 'Training plan generation started! Check background jobs banner for status.';

/** Raw form values (strings), echoed back when a request is refused so nothing is retyped. */
export interface PlanFormValues {
  raceDistance?: string;
  raceDistanceM?: string;
  raceDate?: string;
  startDate?: string;
  daysPerWeek?: string;
  restDays?: string[];
  longRunDay?: string;
  minWeeklyLoad?: string;
  maxWeeklyLoad?: string;
  seed?: string;
}

export const RACE_DISTANCES = [['5000', '5K'], ['10000', '10K'], ['21097.5', 'Half marathon'], ['42195', 'Marathon'], ['other', 'Other (metres below)']] as const;
const DAYS = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'], ['sat', 'Saturday'], ['sun', 'Sunday']] as const;
const STATUS_CLASS: Record<string, string> = { completed: 'status-ok', failed: 'status-bad', queued: 'status-warn', running: 'status-warn' };

export interface PlansPageProps {
  plans: PlanRow[];
  timeZone: string;
  /** the plan just requested (after the form's redirect) */
  startedId?: string;
  values?: PlanFormValues;
  error?: FormError;
}

export function PlansPage(props: PlansPageProps) {
  return (
    <>
      <h1>Training plans</h1>
      {props.startedId ? (
        <div class="alert ok" role="status" id="plan-started">
          {PLAN_STARTED_MESSAGE} <a href={`/plans/${encodeURIComponent(props.startedId)}`}>Open the plan</a>
        </div>
      ) : null}
      <section class="card" id="plans" data-live="plan">
        <h2>Your plans</h2>
        {props.plans.length === 0 ? <p class="empty">No plans yet. Request one below.</p> : (
          <div class="scroll" tabindex={0}><table>
            <thead><tr><th scope="col">Race</th><th scope="col">Race day</th><th scope="col">Status</th><th scope="col" class="hide-narrow">Requested</th></tr></thead>
            <tbody>{props.plans.map((p) => (
              <tr>
                <th scope="row"><a href={`/plans/${encodeURIComponent(p.id)}`}>{formatRaceDistance(p.request.raceDistanceM)}</a></th>
                <td>{p.request.raceDate}</td>
                <td class={STATUS_CLASS[p.status]} data-plan-status={p.status}>{p.status}</td>
                <td class="hide-narrow">{formatDateTime(p.createdAt, props.timeZone)}</td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </section>
      <PlanRequestForm values={props.values ?? {}} error={props.error} />
    </>
  );
}

function PlanRequestForm(props: { values: PlanFormValues; error?: FormError }) {
  const v = props.values;
  const distance = v.raceDistance ?? '10000';
  const rest = new Set(v.restDays ?? []);
  return (
    <section class="card" id="request">
      <h2>Request a plan</h2>
      <p class="small muted">The plan is optimised in the background from your training history and critical speed; the race must be 4 to 30 weeks away.</p>
      <ErrorAlert error={props.error} />
      <form method="post" action="/plans" class="plan-form">
        <label for="raceDistance">Race distance</label>
        <select id="raceDistance" name="raceDistance">
          {RACE_DISTANCES.map(([value, label]) => <option value={value} selected={distance === value}>{label}</option>)}
        </select>
        <label for="raceDistanceM">Other distance (metres, used with “Other”)</label>
        <input id="raceDistanceM" name="raceDistanceM" type="number" min={800} max={100000} step="any" value={v.raceDistanceM ?? ''} />
        <label for="raceDate">Race date</label>
        <input id="raceDate" name="raceDate" type="date" required value={v.raceDate ?? ''} />
        <label for="startDate">Already training for it? The day you started (optional, up to 4 weeks ago)</label>
        <input id="startDate" name="startDate" type="date" value={v.startDate ?? ''} aria-describedby="startDate-help" />
        <p class="small muted" id="startDate-help">Leave it empty to start in the coming days (the weeks are laid out back from race day). With a date, the plan starts that day and your runs since then are checked against it at once.</p>
        <label for="daysPerWeek">Running days per week (long run included)</label>
        <select id="daysPerWeek" name="daysPerWeek">
          {[3, 4, 5, 6, 7].map((n) => <option value={String(n)} selected={(v.daysPerWeek ?? '5') === String(n)}>{n}</option>)}
        </select>
        <fieldset class="days">
          <legend>Rest days (never run)</legend>
          {DAYS.map(([value, label]) => (
            <label class="check"><input type="checkbox" name="restDays" value={value} checked={rest.has(value)} /> {label}</label>
          ))}
        </fieldset>
        <label for="longRunDay">Long-run day</label>
        <select id="longRunDay" name="longRunDay">
          {DAYS.map(([value, label]) => <option value={value} selected={(v.longRunDay ?? 'sun') === value}>{label}</option>)}
        </select>
        <details>
          <summary>Advanced: weekly load bounds and seed</summary>
          <p class="small muted">Load is how hard a week's runs are in total: one hour at your critical speed counts 100, an easy hour about 60.</p>
          <label for="minWeeklyLoad">Minimum weekly load (optional)</label>
          <input id="minWeeklyLoad" name="minWeeklyLoad" type="number" min={1} step="any" value={v.minWeeklyLoad ?? ''} />
          <label for="maxWeeklyLoad">Maximum weekly load (optional)</label>
          <input id="maxWeeklyLoad" name="maxWeeklyLoad" type="number" min={1} step="any" value={v.maxWeeklyLoad ?? ''} />
          <label for="seed">Seed (optional: the same seed and inputs give the same plan)</label>
          <input id="seed" name="seed" type="number" min={0} max={4294967295} step={1} value={v.seed ?? ''} />
        </details>
        <p><button type="submit">Generate plan</button></p>
      </form>
    </section>
  );
}
