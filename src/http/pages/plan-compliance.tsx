/**
 * Compliance and re-plans on the plan page, as components of their own (any layout can place them):
 * a badge per day (done, partial with its share, missed, extra, linked to the run) and the
 * "Plan updated" notice with the latest re-plan's reasons.
 */
import type { presentPlan } from '../routes/plan-present';

type Day = ReturnType<typeof presentPlan>['weeks'][number]['days'][number];

const WORDS = { done: 'Done', partial: 'Partly done', missed: 'Missed', extra: 'Extra run' } as const;

export function ComplianceBadge(props: { actual: Day['actual'] }) {
  const a = props.actual;
  if (!a) return null;
  const c = a.compliance;
  const share = c.status === 'partial' && c.share !== undefined ? ` (${Math.round(c.share * 100)} %)` : '';
  const pace = c.inRangeShare !== undefined
    ? (c.inRangeShare < 0.995 ? `, ${Math.round(c.inRangeShare * 100)} % of the work at the target pace (by ${c.inRangeSource === 'intervals' ? 'interval' : 'lap'})` : '')
    : c.inTargetPace === false ? ', off the target pace' : '';
  const text = `${WORDS[c.status]}${share}${pace}`;
  return (
    <span class={`compliance compliance-${c.status}`} data-compliance={c.status}>
      {a.sessionId ? <a href={`/sessions/${encodeURIComponent(a.sessionId)}`}>{text}</a> : text}
      {a.extra?.length ? <span class="small"> + {a.extra.length} extra</span> : null}
    </span>
  );
}

export function PlanUpdated(props: { reasons: string[]; revision: number }) {
  return (
    <div class="alert ok" role="status" id="plan-updated" data-revision={String(props.revision)}>
      <strong>Plan updated</strong> from your latest runs (the weeks you have started stay as they were).
      {props.reasons.length > 0 ? <ul>{props.reasons.map((r) => <li>{r}</li>)}</ul> : <span> No week changed by more than 3 %.</span>}
    </div>
  );
}
