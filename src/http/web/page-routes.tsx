/**
 * The signed-in pages: dashboard, sessions, one session, records, history, a job's report and
 * the upload page (with a no-JavaScript upload fallback). Every read goes through the repos
 * and the Coordinator port, scoped by the signed-in runner; other runners' ids answer 404.
 */
import { admitNewJob } from '../job-limit';
import { Hono } from 'hono';
import { boundaryFromContentType, readMultipart } from '../../core/multipart/parse-multipart';
import { piecesFor } from '../../core/multipart/read-large';
import { acceptUpload, type IncomingFile } from '../../jobs/accept-upload';
import { recordsChoiceFor } from '../../core/bests';
import { requestSessionDelete } from '../../jobs/request-delete';
import { updateSession } from '../../jobs/update-session';
import { encodeCursor } from '../../adapters/d1/session-repo';
import type { SessionRepo, SessionRow } from '../../ports';
import { HttpProblem } from '../problem';
import { cancelJobOrThrow } from '../routes/job-routes';
import { localDate, startOfLocalDay } from '../pages/format';
import { JobPage, SessionsPage, UploadPage } from '../pages/list-pages';
import { OutcomeList } from '../pages/outcome-cell';
import { DashboardPage, HistoryPage, RecordsPage } from '../pages/overview-pages';
import { DeleteConfirmPage, SessionPage, sessionTitle } from '../pages/session-page';
import { loadSessionLaps } from '../../jobs/session-laps';
import { loadSessionLengths } from '../../jobs/session-lengths';
import type { CsResult } from '../pages/widgets';
import { ASSETS } from './assets';
import { dateStyleOf, renderPage } from './render';
import { readSessionStreams, withLengthSpeeds } from './session-streams';
import type { WebEnv } from './web-auth';

const DAY = 86_400_000;
const isDate = (v: string | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v));

function pageNotFound(what: string): HttpProblem {
  return new HttpProblem(404, 'not_found', `There is no ${what} here. It may have been deleted, or belong to another account.`);
}

/**
 * A page of sessions that ends inside a multisport file gets the file's remaining legs too, so
 * the activity shows whole on one page; the cursor moves past them (legs of one file follow each
 * other in time, newest first).
 */
async function withWholeFiles(runnerId: string, page: { items: SessionRow[]; nextCursor: string | null }, sessions: SessionRepo): Promise<{ items: SessionRow[]; nextCursor: string | null }> {
  const last = page.items[page.items.length - 1];
  if (!last || !page.nextCursor) return page;
  const shown = new Set(page.items.map((s) => s.id));
  const missing = (await sessions.listByFile(runnerId, last.fitFileId)).filter((l) => !shown.has(l.id));
  if (missing.length === 0) return page;
  const items = [...page.items, ...missing.sort((a, b) => (b.startTime ?? -1) - (a.startTime ?? -1) || (a.id < b.id ? 1 : -1))];
  const oldest = items[items.length - 1]!;
  return { items, nextCursor: encodeCursor(oldest.startTime, oldest.id) };
}

export function pageRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    const recent = await withWholeFiles(runner.id, await deps.sessions.list(runner.id, { limit: 5 }), deps.sessions);
    // Twelve weeks up to today, or up to the last session when all of them are older (an
    // imported archive), so the charts show training rather than weeks of nothing.
    const latest = recent.items.find((s) => s.startTime !== undefined)?.startTime;
    const end = Math.min(deps.clock.now(), latest !== undefined && latest < deps.clock.now() - 84 * DAY ? latest + 7 * DAY : deps.clock.now());
    const [days, bests, cs] = await Promise.all([
      deps.analysis.getHistory(runner.id, localDate(end - 84 * DAY, runner.timeZone), localDate(end, runner.timeZone)),
      deps.analysis.getPersonalBests(runner.id),
      deps.analysis.getCriticalSpeed(runner.id),
    ]);
    return renderPage(c, { title: 'Dashboard', nav: 'dashboard', children: <DashboardPage runner={runner} recent={recent.items} days={days} periodEnd={end} bests={bests} cs={(cs?.result as CsResult) ?? null} volumeSport={c.req.query('volume') || undefined} /> });
  });

  app.get('/sessions', async (c) => {
    const runner = c.get('runner')!;
    const q = c.req.query();
    const filters = { sport: q.sport || undefined, from: isDate(q.from) ? q.from : undefined, to: isDate(q.to) ? q.to : undefined };
    const sessions = c.get('deps').sessions;
    const listed = await sessions.list(runner.id, {
      limit: 20, cursor: q.cursor || undefined, sport: filters.sport,
      from: filters.from ? startOfLocalDay(filters.from, runner.timeZone) : undefined,
      // "to" is inclusive for people: up to the start of the next local day
      to: filters.to ? startOfLocalDay(new Date(Date.parse(filters.to) + DAY).toISOString().slice(0, 10), runner.timeZone) : undefined,
    }).catch((error: unknown) => {
      if (error instanceof RangeError) throw new HttpProblem(400, 'bad_cursor', 'That page link is no longer valid; start from the newest sessions.');
      throw error;
    });
    // a sport filter lists the legs of that sport only: nothing to complete
    const page = filters.sport ? listed : await withWholeFiles(runner.id, listed, sessions);
    // After a delete (PRG): while its undo window is open, the list offers Undo (a plain form).
    const pending = q.deleting ? await c.get('deps').coordinatorFor(runner.id).getJob(q.deleting, { limit: 1 }) : null;
    const pendingDelete = pending && pending.kind === 'delete' && pending.finishedAt === undefined ? pending.id : undefined;
    // the session being deleted leaves the list at once (as the runner asked); Undo brings it back
    const items = pendingDelete && q.session ? page.items.filter((s) => s.id !== q.session) : page.items;
    return renderPage(c, { title: 'Sessions', nav: 'sessions', children: <SessionsPage runner={runner} sessions={items} nextCursor={page.nextCursor} filters={filters} firstPage={!q.cursor} pendingDelete={pendingDelete} undone={q.undone === '1'} /> });
  });

  app.get('/sessions/:id', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    const session = await deps.sessions.get(runner.id, c.req.param('id'));
    if (!session) throw pageNotFound('session');
    const [stats, legs, laps, streams, lengths] = await Promise.all([
      deps.analysis.getStats(runner.id, session.id),
      deps.sessions.listByFile(runner.id, session.fitFileId),
      loadSessionLaps(deps.blobs, session).catch((error: unknown) => {
        console.warn('session page: laps unreadable', session.id, error);
        return undefined;
      }),
      readSessionStreams(deps.blobs, session.recordsKey).catch((error: unknown) => {
        console.warn('session page: records unreadable', session.id, error);
        return null;
      }),
      loadSessionLengths(deps.blobs, session).catch((error: unknown) => {
        console.warn('session page: lengths unreadable', session.id, error);
        return [];
      }),
    ]);
    return renderPage(c, { title: sessionTitle(session, runner.timeZone, dateStyleOf(runner).locale), nav: 'sessions', children: <SessionPage session={session} stats={stats?.stats ?? null} streams={withLengthSpeeds(streams, lengths)} legs={legs} laps={laps ?? undefined} lengths={lengths} units={runner.units} timeZone={runner.timeZone} canDelete /> });
  });

  app.get('/sessions/:id/delete', async (c) => {
    const runner = c.get('runner')!;
    const session = await c.get('deps').sessions.get(runner.id, c.req.param('id'));
    if (!session) throw pageNotFound('session');
    return renderPage(c, { title: `Delete ${sessionTitle(session, runner.timeZone, dateStyleOf(runner).locale)}`, nav: 'sessions', children: <DeleteConfirmPage session={session} timeZone={runner.timeZone} /> });
  });

  // A form post (CSRF-checked by the web app's csrf middleware); the recompute runs in the background.
  app.post('/sessions/:id/delete', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    await admitNewJob(deps, runner.id);
    const job = await requestSessionDelete(runner.id, c.req.param('id'), { sessions: deps.sessions, uploads: deps.uploads, blobs: deps.blobs, ids: deps.ids, coordinator: deps.coordinatorFor(runner.id), undoMs: deps.config.deleteUndoMs });
    if (!job) throw pageNotFound('session');
    // A held delete: the list says so and offers Undo (a form, no script needed) until it runs.
    return c.redirect(job.kind === 'delete' ? `/sessions?deleting=${encodeURIComponent(job.id)}&session=${encodeURIComponent(c.req.param('id'))}` : '/sessions', 303);
  });

  // Undo a held delete (the same rule as POST /api/v1/jobs/{id}/cancel; 409 too_late_to_undo once it ran).
  app.post('/jobs/:id/cancel', async (c) => {
    const runner = c.get('runner')!;
    await cancelJobOrThrow(c.get('deps').coordinatorFor(runner.id), c.req.param('id'));
    return c.redirect('/sessions?undone=1', 303);
  });

  // Leave a session out of records, or count it (a form post, CSRF-checked like delete); bests and
  // critical speed are recomputed in the background through the same chain as PATCH /api/v1/sessions/{id}.
  app.post('/sessions/:id/records', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    const form = await c.req.parseBody();
    if (form.counts !== 'yes' && form.counts !== 'no') throw new HttpProblem(400, 'validation_failed', 'Choose whether this session counts for your records.');
    const session = await deps.sessions.get(runner.id, c.req.param('id'));
    if (!session) throw pageNotFound('session');
    const excludeFromRecords = recordsChoiceFor(session, form.counts === 'yes');
    await admitNewJob(deps, runner.id);
    await updateSession(runner.id, session.id, { excludeFromRecords }, { sessions: deps.sessions, ids: deps.ids, coordinator: deps.coordinatorFor(runner.id) });
    return c.redirect(`/sessions/${encodeURIComponent(session.id)}`, 303);
  });

  app.get('/records', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    const [bests, cs] = await Promise.all([deps.analysis.getPersonalBests(runner.id), deps.analysis.getCriticalSpeed(runner.id)]);
    return renderPage(c, { title: 'Records', nav: 'records', children: <RecordsPage runner={runner} bests={bests} cs={(cs?.result as CsResult) ?? null} /> });
  });

  app.get('/history', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    // Default: the half year up to today, or up to the last session when all are older (an
    // imported archive), so the first view shows the runner's data rather than an empty range.
    const now = deps.clock.now();
    const latest = isDate(c.req.query('to')) ? undefined : (await deps.sessions.list(runner.id, { limit: 1 })).items[0]?.startTime;
    const end = latest !== undefined && latest < now - 182 * DAY ? latest + 7 * DAY : now;
    const to = isDate(c.req.query('to')) ? c.req.query('to')! : localDate(end, runner.timeZone);
    const from = isDate(c.req.query('from')) ? c.req.query('from')! : localDate(Date.parse(to) - 182 * DAY, 'UTC');
    const days = await deps.analysis.getHistory(runner.id, from, to);
    return renderPage(c, { title: 'History', nav: 'history', children: <HistoryPage runner={runner} days={days} from={from} to={to} volumeSport={c.req.query('volume') || undefined} /> });
  });

  app.get('/jobs/:id', async (c) => {
    const runner = c.get('runner')!;
    const coordinator = c.get('deps').coordinatorFor(runner.id);
    const job = await coordinator.getJob(c.req.param('id'));
    if (!job) throw pageNotFound('job');
    // a big archive's files a page (100) at a time: ?files=<cursor> shows the page after it
    const after = c.req.query('files')?.slice(0, 64);
    const page = after ? await coordinator.listJobFiles(job.id, { cursor: after }) : null;
    const shown = page ? { ...job, files: page.items, filesNextCursor: page.nextCursor } : job;
    const next = shown.filesNextCursor ? `/jobs/${encodeURIComponent(job.id)}?files=${encodeURIComponent(shown.filesNextCursor)}` : undefined;
    return renderPage(c, { title: 'Job report', children: <JobPage runner={runner} job={shown} uploaded={c.req.query('uploaded') === '1'} nextFiles={next} /> });
  });

  // A fragment, not a page: the upload page fetches it once its job has finished to end each file's row with its outcome.
  app.get('/jobs/:id/outcomes', async (c) => {
    const runner = c.get('runner')!;
    const job = await c.get('deps').coordinatorFor(runner.id).getJob(c.req.param('id'));
    if (!job) throw pageNotFound('job');
    c.header('cache-control', 'no-store');
    return c.html(<OutcomeList job={job} />);
  });

  app.get('/upload', (c) => renderPage(c, { title: 'Upload', nav: 'upload', scripts: [ASSETS.upload.path], children: <UploadPage maxBytes={c.get('deps').config.maxUploadBytes} /> }));

  // Without JavaScript the form posts here: same streaming path as the API, then the job's report.
  app.post('/upload', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    const contentType = c.req.header('content-type') ?? '';
    if (!/^multipart\/form-data/i.test(contentType) || !c.req.raw.body) throw new HttpProblem(400, 'no_files', 'Choose one or more files to upload.');
    await admitNewJob(deps, runner.id);
    const declared = Number(c.req.header('content-length') ?? NaN);
    async function* files(body: ReadableStream<Uint8Array>): AsyncGenerator<IncomingFile> {
      for await (const part of readMultipart(body, boundaryFromContentType(contentType), undefined, piecesFor(declared))) {
        if (part.name !== 'file' || !part.filename) { for await (const _ of part.body) { /* skip other fields */ } continue; }
        yield { name: part.filename, contentType: part.contentType, chunks: part.body };
      }
    }
    const result = await acceptUpload(runner.id, files(c.req.raw.body), {
      ids: deps.ids, clock: deps.clock, blobs: deps.blobs, uploads: deps.uploads,
      coordinator: deps.coordinatorFor(runner.id), maxUploadBytes: deps.config.maxUploadBytes,
    }, { declaredBytes: declared });
    return c.redirect(`/jobs/${encodeURIComponent(result.job.id)}?uploaded=1`, 303);
  });
  return app;
}
