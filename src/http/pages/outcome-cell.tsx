/**
 * A file's outcome as the runner reads it: the label, the plain sentence, the stable code in
 * small print, and the session it became (imported) or already was (duplicate). Used by the job
 * report and by the fragment the upload page fetches once its job has finished.
 */
import type { JobView } from '../../ports';
import { describeOutcome } from './outcome-words';

type JobFile = JobView['files'][number];

export function OutcomeCell(props: { file: JobFile }) {
  const f = props.file;
  const o = describeOutcome(f);
  // a duplicate's own message names the match ("…as "run.fit", already imported.")
  const sentence = f.status === 'duplicate' ? (f.message ?? o.sentence) : o.sentence;
  const ids = f.sessionIds ?? [];
  return (
    <span class={`outcome tone-${o.tone}`} data-outcome={f.status}>
      <span class="label">{o.label}</span>
      {sentence ? <> — {sentence}</> : null}
      {ids.length > 0 ? <> {ids.map((id, i) => <a href={`/sessions/${encodeURIComponent(id)}`}>{f.status === 'duplicate' ? 'Open the earlier session' : ids.length > 1 ? `Session ${i + 1}` : 'Open the session'}</a>)}</> : null}
      {o.code ? <span class="code"> ({o.code})</span> : null}
    </span>
  );
}

/** The fragment /jobs/:id/outcomes: one item per file, keyed by name for the upload page's rows. */
export function OutcomeList(props: { job: JobView }) {
  return (
    <ul id="outcomes" data-job={props.job.id} data-status={props.job.status}>
      {props.job.files.map((f) => <li data-name={f.name}><OutcomeCell file={f} /></li>)}
    </ul>
  );
}
