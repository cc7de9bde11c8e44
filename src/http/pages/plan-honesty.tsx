/**
 * The plan's honest parts, as components of their own so any layout can place them: where the
 * critical speed comes from (measured from named efforts, or a default and how to measure it), the
 * predicted finish time instead of the optimiser's p(R), and a "How this was computed" fold that
 * holds everything technical (optimiser, model, the rule that caps each week).
 */
import type { presentPlan } from '../routes/plan-present';
import { formatDuration, type Units } from './format';
import { formatRunPace, formatSportDistance } from './sport-format';

type PlanView = ReturnType<typeof presentPlan>;

export function PredictionStat(props: { plan: PlanView }) {
  const pr = props.plan.prediction;
  if (!pr) return null;
  return (
    <div data-prediction={pr.fromDefault ? 'default' : 'measured'}>
      <dt>Predicted finish{pr.fromDefault ? ' (placeholder)' : ''}</dt>
      <dd>{formatDuration(pr.finishS)}</dd>
      {pr.lowS !== undefined && pr.highS !== undefined ? <dd class="range" id="prediction-range">likely {formatDuration(pr.lowS)}–{formatDuration(pr.highS)}</dd> : null}
    </div>
  );
}

export function CsSourceCard(props: { plan: PlanView; units: Units }) {
  const src = props.plan.csSource;
  const pr = props.plan.prediction;
  if (!src) return null;
  if (src.kind === 'default') {
    return (
      <div class="alert warn" id="cs-source" data-cs-source="default">
        <p><strong>Your paces use a typical critical speed ({formatRunPace(src.csMps, props.units)}), not yours.</strong> {src.howToMeasure}</p>
      </div>
    );
  }
  return (
    <div id="cs-source" data-cs-source="measured">
      <p>Critical speed {formatRunPace(src.csMps, props.units)}, measured from your best efforts:</p>
      <ul class="small">
        {src.efforts.map((e) => (
          <li><a href={`/sessions/${encodeURIComponent(e.sessionId)}`}>{formatSportDistance(e.distanceM, { sport: 'running', units: props.units }, 2)} in {formatDuration(e.timeS)}</a>{e.achievedAt ? ` (${e.achievedAt.slice(0, 10)})` : ''}</li>
        ))}
      </ul>
      {pr ? <p class="small muted">{pr.basis}{pr.lowS !== undefined ? ' The likely range holds your time 4 races in 5.' : ''}{pr.backtest ? ` ${pr.backtest}` : ''}</p> : null}
    </div>
  );
}

export function HowComputed(props: { plan: PlanView }) {
  const p = props.plan;
  return (
    <section class="card" id="how-computed">
      <details>
        <summary>How this was computed</summary>
        <ul>{p.details.map((d) => <li>{d}</li>)}</ul>
        <p>What sets each week's load:</p>
        <ol>{p.weeks.map((w) => <li>{w.limitedBy}</li>)}</ol>
      </details>
    </section>
  );
}
