/**
 * One plan: progress while it is optimised; once completed, the calendar (plan-calendar.tsx),
 * phases, the projected fitness/fatigue/form chart, notes and downloads. Paces and
 * distances in the runner's units; the API stays SI.
 */
import type { presentPlan } from '../routes/plan-present';
import { LineChart } from './charts/line-chart';
import { formatRaceDistance, type Units } from './format';
import { PlanCalendar } from './plan-calendar';
import { CsSourceCard, HowComputed, PredictionStat } from './plan-honesty';
import { PlanUpdated } from './plan-compliance';

export type PlanView = ReturnType<typeof presentPlan>;
type Week = PlanView['weeks'][number];

const SHORT = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short' });
const utc = (date: string) => new Date(`${date}T00:00:00Z`);

export function PlanPage(props: { plan: PlanView; units: Units; weekStart?: number; updated?: { reasons: string[]; at: number } }) {
  const p = props.plan;
  const api = `/plans/${encodeURIComponent(p.id)}`; // the cookie-signed download routes
  return (
    <>
      <h1>Plan: {formatRaceDistance(p.raceDistanceM)} on {p.raceDate}</h1>
      <p><a href="/plans">← All plans</a></p>
      <div id="plan-live" data-live="plan">
      {p.status === 'queued' || p.status === 'running' ? (
        <div class="alert ok" role="status" data-plan-status={p.status}>
          Optimising ({p.status}): generation {p.progress.generation}, {p.progress.evaluations} evaluations so far. The banner shows progress; this page fills in when it is done.
        </div>
      ) : null}
      {p.status === 'failed' ? (
        <div class="alert error" role="alert" data-plan-status="failed"><strong>{p.error?.message ?? 'The optimisation failed.'}</strong> <span class="small">({p.error?.code ?? 'plan_failed'})</span></div>
      ) : null}
      {props.updated ? <PlanUpdated reasons={props.updated.reasons} revision={p.revision} /> : null}
      {p.status === 'completed' ? <CompletedPlan plan={p} units={props.units} api={api} weekStart={props.weekStart} /> : null}
      {p.notes.length > 0 ? <section class="card" id="notes"><h2>Notes</h2><ul>{p.notes.map((n) => <li>{n}</li>)}</ul></section> : null}
      {p.status === 'completed' ? <HowComputed plan={p} /> : null}
      </div>
    </>
  );
}

function CompletedPlan(props: { plan: PlanView; units: Units; api: string; weekStart?: number }) {
  const p = props.plan;
  return (
    <>
      <section class="card">
        <dl class="stats">
          <div><dt>Weeks</dt><dd>{p.weeks.length}</dd></div>
          <div><dt>Starts</dt><dd>{p.startDate}</dd></div>
          <PredictionStat plan={p} />
        </dl>
        <CsSourceCard plan={p} units={props.units} />
        {p.heartRateZones ? <p class="small muted" id="hr-zones">{p.heartRateZones} Short reps have no heart-rate target: heart rate takes 2–3 minutes to catch up, so go by pace.</p> : null}
        <p class="actions">
          <a class="button" href={`${props.api}/calendar.ics`} download>Download calendar (.ics)</a>
          <span class="small muted">FIT workouts for your watch: the “FIT” link in each day below.</span>
        </p>
      </section>
      <section class="card" id="phases"><h2>Phases</h2><Phases weeks={p.weeks} /></section>
      <section class="card" id="projection">
        <h2>Projected fitness, fatigue and form</h2>
        <LineChart id="plan-pmc" title="Projected fitness (CTL), fatigue (ATL) and form (TSB)" zeroLine readX="date" readY="int"
          formatX={(v) => SHORT.format(new Date(v))} formatY={(v) => String(Math.round(v))}
          series={[
            { name: 'Fitness (CTL)', className: 'series-1', points: p.projection.map((d) => ({ x: utc(d.date).getTime(), y: d.ctl })) },
            { name: 'Fatigue (ATL)', className: 'series-2', points: p.projection.map((d) => ({ x: utc(d.date).getTime(), y: d.atl })) },
            { name: 'Form (TSB)', className: 'series-3', points: p.projection.map((d) => ({ x: utc(d.date).getTime(), y: d.tsb })) },
          ]} />
      </section>
      <section class="card" id="calendar"><h2>Calendar</h2><PlanCalendar weeks={p.weeks} units={props.units} api={props.api} weekStart={props.weekStart} /></section>
    </>
  );
}

/** Consecutive weeks of one phase as one line: "Base: weeks 1–4 (from 6 Jan)". */
function Phases(props: { weeks: Week[] }) {
  const runs: Array<{ phase: string; from: number; to: number; start: string }> = [];
  for (const w of props.weeks) {
    const last = runs.at(-1);
    if (last && last.phase === w.phase) last.to = w.index + 1;
    else runs.push({ phase: w.phase, from: w.index + 1, to: w.index + 1, start: w.startDate });
  }
  return (
    <ul class="phases">{runs.map((r) => (
      <li><span class={`phase phase-${r.phase}`}>{r.phase}</span> weeks {r.from}{r.to > r.from ? `–${r.to}` : ''} (from {SHORT.format(utc(r.start))})</li>
    ))}</ul>
  );
}
