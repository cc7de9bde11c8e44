/** Sessions list, the job report, and the upload page. */
import type { JobView, Runner, SessionRow } from '../../ports';
import { countsText, FINAL_STATUSES } from './banner';
import { formatDateTime, sportLabel } from './format';
import { OutcomeCell } from './outcome-cell';
import { finishedWords, jobTone, jobWords } from './outcome-words';
import { SessionsTable } from './widgets';

const SPORTS = ['running', 'cycling', 'swimming', 'walking', 'hiking', 'training', 'multisport'];

export function SessionsPage(props: { runner: Runner; sessions: SessionRow[]; nextCursor: string | null; filters: { sport?: string; from?: string; to?: string }; firstPage: boolean; error?: string; pendingDelete?: string; undone?: boolean }) {
  const f = props.filters;
  const query = (cursor: string) => new URLSearchParams({ ...(f.sport ? { sport: f.sport } : {}), ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}), cursor }).toString();
  return (
    <>
      <h1>Sessions</h1>
      <form method="get" action="/sessions" class="card filters" aria-label="Filter sessions">
        <div><label for="sport">Sport</label>
          <select id="sport" name="sport">
            <option value="">All sports</option>
            {SPORTS.map((s) => <option value={s} selected={f.sport === s}>{sportLabel(s)}</option>)}
          </select>
        </div>
        <div><label for="from">From</label><input id="from" name="from" type="date" value={f.from ?? ''} /></div>
        <div><label for="to">To</label><input id="to" name="to" type="date" value={f.to ?? ''} /></div>
        <div><button type="submit">Filter</button> <a href="/sessions">Clear</a></div>
      </form>
      {props.error ? <div class="alert error" role="alert">{props.error}</div> : null}
      {props.pendingDelete ? (
        <form method="post" action={`/jobs/${encodeURIComponent(props.pendingDelete)}/cancel`} class="alert ok undo-delete" role="status">
          The session is deleted in a few seconds. <button type="submit" class="secondary">Undo</button>
        </form>
      ) : null}
      {props.undone ? <div class="alert ok" role="status">Delete undone: the session stays.</div> : null}
      <section class="card" id="sessions-live" data-live="upload recompute">
        {props.sessions.length === 0
          ? <p class="empty">{f.sport || f.from || f.to ? 'No sessions match these filters.' : <>No sessions yet. <a href="/upload">Upload FIT files</a> to see them here.</>}</p>
          : <SessionsTable sessions={props.sessions} units={props.runner.units} timeZone={props.runner.timeZone} />}
        <nav class="pager" aria-label="Pages">
          {props.firstPage ? <span></span> : <a href="/sessions">← Newest</a>}
          {props.nextCursor ? <a href={`/sessions?${query(props.nextCursor)}`} rel="next">Older →</a> : null}
        </nav>
      </section>
    </>
  );
}

export function JobPage(props: { runner: Runner; job: JobView; uploaded?: boolean; nextFiles?: string }) {
  const job = props.job;
  const finished = FINAL_STATUSES.has(job.status);
  return (
    <>
      <h1>{job.kind === 'upload' ? 'Upload report' : `${jobWords(job.kind).running}: report`}</h1>
      {props.uploaded ? <div class="alert ok" role="status">✓ Files uploaded successfully. Processing in background…</div> : null}
      <section class="card">
        <p class={finished ? `outcome tone-${jobTone(job.status, job.counts as unknown as Record<string, number>)}` : ''}><strong>{finished ? finishedWords(job.kind, job.status) : `${jobWords(job.kind).running}: in progress`}</strong>
          {finished && job.status !== 'completed' ? (job.status === 'failed' ? ' — it failed.' : ' — with problems.') : '.'}
          {jobWords(job.kind).files ? ` ${countsText(job.counts as unknown as Record<string, number>)}.` : ''}</p>
        <p class="small muted">Started {formatDateTime(job.createdAt, props.runner.timeZone)}{job.finishedAt ? `, finished ${formatDateTime(job.finishedAt, props.runner.timeZone)}` : ''}.
          {finished ? '' : ' The banner above follows it live; this report is as of page load.'}</p>
      </section>
      <section class="card">
        <h2>Files</h2>
        {job.files.length === 0 ? <p class="empty">This job has no files.</p> : (
          <div class="scroll" tabindex={0}><table>
            <thead><tr><th scope="col">File</th><th scope="col">Outcome</th></tr></thead>
            <tbody>{job.files.map((f) => (
              <tr data-file-status={f.status}>
                <td class="name">{f.name}</td>
                <td><OutcomeCell file={f} /></td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
        {props.nextFiles ? <p><a href={props.nextFiles}>Next files →</a></p> : null}
        {job.problems?.length ? (<><h2>Steps that failed</h2><ul>{job.problems.map((p) => <li>{p.kind}: {p.message ?? p.code}{p.code ? ` (${p.code})` : ''}</li>)}</ul></>) : null}
      </section>
    </>
  );
}

export function UploadPage(props: { maxBytes: number }) {
  return (
    <>
      <h1>Upload sessions</h1>
      <section class="card">
        <form id="upload-form" method="post" action="/upload" enctype="multipart/form-data" data-max-bytes={String(props.maxBytes)}>
          <div class="drop" id="drop">
            <p>Drop FIT files, ZIP archives (a Garmin or Strava export) or <code>.fit.gz</code> files here, or</p>
            <div class="file-pick">
              <input id="file-input" type="file" name="file" multiple accept=".fit,.zip,.gz" aria-describedby="chosen" />
              <label for="file-input" class="button">Choose files</label>
            </div>
            <p class="chosen" id="chosen" aria-live="polite">No files chosen yet.</p>
          </div>
          <p><button id="upload-button" type="submit">Upload</button></p>
        </form>
        <div id="upload-status">
          <p id="upload-message" role="status" aria-live="polite"></p>
          <label id="overall-label" for="overall" hidden>Overall</label>
          <progress id="overall" max="1" value="0" hidden></progress>
          <ul class="files" id="file-list"></ul>
        </div>
        <p class="small muted">Files are processed in the background: the banner at the top follows them. Files larger than {Math.floor(props.maxBytes / 1048576)} MB are sent in parts and resume after a dropped connection.</p>
      </section>
    </>
  );
}
