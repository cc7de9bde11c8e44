import { admitNewJob } from '../job-limit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { decodeCursor } from '../../adapters/d1/session-repo';
import { exportRecordsText } from '../../core/records/export-records';
import type { FitFileRow, SessionRow } from '../../ports';
import type { AppEnv } from '../context';
import { HttpProblem, notFound } from '../problem';
import { IntervalSchema, JobSchema, LapSchema, LengthSchema, listOf, PageQuery, ProblemSchema, SessionDetailSchema, SessionPatchSchema, SessionSummarySchema } from '../schemas';
import { recordsEligibility } from '../../core/bests';
import { updateSession } from '../../jobs/update-session';
import { loadSessionLaps } from '../../jobs/session-laps';
import { loadSessionLengths } from '../../jobs/session-lengths';
import type { SwimLength } from '../../core/swim/swim-length';
import { hasOnlyAutoLaps, type ActivityLap } from '../../core/laps/activity-lap';
import { intervalsFromLaps, type SessionInterval } from '../../core/metrics/intervals';
import { CONTENT_TYPES } from '../../jobs/import-fit-steps';
import { openOriginalFile } from '../../jobs/original-file';
import { requestSessionDelete } from '../../jobs/request-delete';
import { blobRecordsFile } from '../../jobs/blob-records-file';
import { reanalyseOutdated, reanalyseSessions } from '../../jobs/reanalyse';
import { presentJob } from './job-routes';
import { validationHook } from '../validation';

type Summary = z.infer<typeof SessionSummarySchema>;

/** "2019-09-14T17:22:05+02:00": the instant on the activity's local clock, with its offset. */
export function localIso(ms: number, offsetMin: number): string {
  const a = Math.abs(offsetMin);
  const zone = `${offsetMin < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
  return new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19) + zone;
}

export function presentSession(s: SessionRow): Summary {
  const records = recordsEligibility(s);
  return {
    id: s.id, name: s.name, sport: s.sport, subSport: s.subSport,
    startTime: s.startTime === undefined ? undefined : new Date(s.startTime).toISOString(),
    utcOffsetMinutes: s.utcOffsetMin,
    startLocal: s.startTime === undefined || s.utcOffsetMin === undefined ? undefined : localIso(s.startTime, s.utcOffsetMin),
    distanceM: s.distanceM, timerS: s.timerS, elapsedS: s.elapsedS, avgHr: s.avgHr, recordCount: s.recordCount,
    fileId: s.fitFileId, legIndex: s.sessionIndex,
    excludeFromRecords: s.excludeFromRecords ?? null, countsForRecords: records.counts, recordsReason: records.reason,
  };
}

/** The legs of a multisport file, in file order (none for a single-session file). */
function presentLegs(legs: SessionRow[]): z.infer<typeof SessionDetailSchema>['legs'] {
  if (legs.length < 2) return undefined;
  return legs.map((l) => ({
    id: l.id, legIndex: l.sessionIndex, sport: l.sport, subSport: l.subSport,
    startTime: l.startTime === undefined ? undefined : new Date(l.startTime).toISOString(), distanceM: l.distanceM, timerS: l.timerS,
  }));
}

/** FIT session totals under the API's names; a value the file does not carry stays absent. */
function presentDevice(s: SessionRow, f: FitFileRow): z.infer<typeof SessionDetailSchema>['device'] {
  const d = s.device as Record<string, number | undefined>;
  return {
    manufacturer: f.manufacturer, product: f.product, productName: f.productName, serialNumber: f.serialNumber,
    distanceM: d.totalDistance, timerS: d.totalTimerTime, elapsedS: d.totalElapsedTime, avgHr: d.avgHeartRate,
    maxHr: d.maxHeartRate, avgSpeedMps: d.avgSpeed, maxSpeedMps: d.maxSpeed, ascentM: d.totalAscent, descentM: d.totalDescent,
    avgCadence: d.avgCadence, maxCadence: d.maxCadence, avgPowerW: d.avgPower, maxPowerW: d.maxPower,
    normalizedPowerW: d.normalizedPower, calories: d.totalCalories, avgTemperatureC: d.avgTemperature,
    poolLengthM: d.poolLengthM, poolLengthUnit: (s.device as Record<string, unknown>).poolLengthUnit as string | undefined,
  };
}

function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() { await chunks.return(undefined); },
  });
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const idParam = z.object({ id: z.string().max(128) });
const isoTime = z.string().datetime({ offset: true }).transform((v) => Date.parse(v));

const list = createRoute({
  method: 'get', path: '/', tags: ['sessions'], summary: "The runner's sessions, newest first", security: [{ bearer: [] }],
  request: { query: PageQuery.extend({ from: isoTime.optional(), to: isoTime.optional(), sport: z.string().max(64).optional() }) },
  responses: { 200: { description: 'A page of sessions', content: { 'application/json': { schema: listOf(SessionSummarySchema) } } }, 400: problem('Bad query'), 401: problem('Missing or bad token') },
});

const get = createRoute({
  method: 'get', path: '/{id}', tags: ['sessions'], summary: 'One session: the device totals and what Pacelab computed', security: [{ bearer: [] }],
  request: { params: idParam },
  responses: { 200: { description: 'The session', content: { 'application/json': { schema: SessionDetailSchema } } }, 401: problem('Missing or bad token'), 404: problem('No such session') },
});

const laps = createRoute({
  method: 'get', path: '/{id}/laps', tags: ['sessions'], summary: "The session's laps as the watch recorded them", security: [{ bearer: [] }],
  request: { params: idParam },
  responses: { 200: { description: 'Laps in time order (empty when the file has none)', content: { 'application/json': { schema: z.object({ items: z.array(LapSchema) }) } } }, 401: problem('Missing or bad token'), 404: problem('No such session') },
});

const lengths = createRoute({
  method: 'get', path: '/{id}/lengths', tags: ['sessions'], summary: "A pool swim's lengths (swum and rests) as the watch recorded them", security: [{ bearer: [] }],
  request: { params: idParam },
  responses: { 200: { description: 'Lengths in time order (empty for anything but a pool swim)', content: { 'application/json': { schema: z.object({ items: z.array(LengthSchema) }) } } }, 401: problem('Missing or bad token'), 404: problem('No such session') },
});

const intervals = createRoute({
  method: 'get', path: '/{id}/intervals', tags: ['sessions'], security: [{ bearer: [] }],
  summary: "Work and rest intervals: from the runner's laps when they mark reps, else detected from speed (runs) or power (rides)",
  request: { params: idParam },
  responses: { 200: { description: "The intervals; source 'laps', 'detected', or 'none' (a steady session)", content: { 'application/json': { schema: z.object({ source: z.enum(['laps', 'detected', 'none']), items: z.array(IntervalSchema) }) } } }, 401: problem('Missing or bad token'), 404: problem('No such session') },
});

function presentLap(l: ActivityLap): z.infer<typeof LapSchema> {
  const { startMs, ...rest } = l;
  // a device-relative clock has no real date: the offset stays, the 1990 time does not
  return { ...rest, startTime: startMs === undefined || startMs < Date.UTC(1998, 0, 1) ? undefined : new Date(startMs).toISOString() };
}

function presentLength(l: SwimLength): z.infer<typeof LengthSchema> {
  const { startMs, ...rest } = l;
  return { ...rest, startTime: startMs === undefined || startMs < Date.UTC(1998, 0, 1) ? undefined : new Date(startMs).toISOString() };
}

const remove = createRoute({
  method: 'delete', path: '/{id}', tags: ['sessions'], security: [{ bearer: [] }],
  summary: 'Delete a session; personal bests, critical speed and history are recomputed in the background',
  description: 'The answer is a `delete` job held for the undo window (DELETE_UNDO_MS, 10 s by default): until it runs, POST /jobs/{id}/cancel undoes it. Then the session, its objects and rows go, and a recompute job follows. With no window configured the session goes at once and the answer is the recompute job.',
  request: { params: idParam },
  responses: { 202: { description: 'The delete job (or, with no undo window, the recompute job)', content: { 'application/json': { schema: z.object({ job: JobSchema }) } } }, 401: problem('Missing or bad token'), 404: problem('No such session'), 429: problem('too_many_jobs: this account started too many jobs this minute; retry after Retry-After seconds') },
});

const patch = createRoute({
  method: 'patch', path: '/{id}', tags: ['sessions'], security: [{ bearer: [] }],
  summary: 'Change a session (its title; leave it out of records, or count it); bests and critical speed are recomputed in the background when records change',
  request: { params: idParam, body: { required: true, content: { 'application/json': { schema: SessionPatchSchema } } } },
  responses: {
    200: { description: 'The updated session, and the recompute job when records are affected (else null)', content: { 'application/json': { schema: z.object({ session: SessionSummarySchema, job: JobSchema.nullable() }) } } },
    400: problem('Invalid values'), 401: problem('Missing or bad token'), 404: problem('No such session'),
    429: problem('too_many_jobs: this account started too many jobs this minute; retry after Retry-After seconds'),
  },
});

const reanalyseOne = createRoute({
  method: 'post', path: '/{id}/reanalyse', tags: ['sessions'], security: [{ bearer: [] }],
  summary: "Re-run this session's statistics (then bests, critical speed and history) in the background",
  request: { params: idParam },
  responses: { 202: { description: 'The re-analysis job', content: { 'application/json': { schema: z.object({ job: JobSchema }) } } }, 401: problem('Missing or bad token'), 404: problem('No such session'), 429: problem('too_many_jobs: this account started too many jobs this minute; retry after Retry-After seconds') },
});

const reanalyseMany = createRoute({
  method: 'post', path: '/reanalyse', tags: ['sessions'], security: [{ bearer: [] }],
  summary: 'Re-run statistics for sessions analysed by an older algorithm version (or all with ?all=1)',
  request: { query: z.object({ all: z.enum(['0', '1']).optional() }) },
  responses: {
    202: { description: 'The re-analysis job', content: { 'application/json': { schema: z.object({ job: JobSchema }) } } }, 401: problem('Missing or bad token'),
    409: problem('job_limit_reached: a whole-history re-analysis is already running'), 429: problem('too_many_jobs: this account started too many jobs this minute; retry after Retry-After seconds'),
  },
});

export function sessionRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    if (q.cursor && !decodeCursor(q.cursor)) throw new HttpProblem(400, 'bad_cursor', 'The cursor is not one this API gave out.');
    const page = await c.get('deps').sessions.list(c.get('runnerId'), q);
    return c.json({ items: page.items.map(presentSession), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(get, async (c) => {
    const deps = c.get('deps');
    const s = await deps.sessions.get(c.get('runnerId'), c.req.valid('param').id);
    if (!s) throw notFound('session');
    const [stored, legs] = await Promise.all([deps.analysis.getStats(c.get('runnerId'), s.id), deps.sessions.listByFile(c.get('runnerId'), s.fitFileId)]);
    const flags = (stored?.stats.flags ?? []) as z.infer<typeof SessionDetailSchema>['flags'];
    return c.json({
      ...presentSession(s), flags, device: presentDevice(s, s.fitFile),
      // Empty until the analysis step has run (the job's stage says when); absent values stay absent.
      stats: stored ? { ...stored.stats, computedAt: new Date(stored.computedAt).toISOString() } : {},
      fitFile: { id: s.fitFile.id, name: s.fitFile.name, size: s.fitFile.size, sha256: s.fitFile.sha256, format: s.fitFile.format ?? 'fit' },
      legs: presentLegs(legs),
    }, 200);
  });
  app.openapi(patch, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    if (c.req.valid('json').excludeFromRecords !== undefined) await admitNewJob(deps, runnerId); // it recomputes records
    const updated = await updateSession(runnerId, c.req.valid('param').id, c.req.valid('json'), { sessions: deps.sessions, ids: deps.ids, coordinator: deps.coordinatorFor(runnerId) });
    if (!updated) throw notFound('session');
    if (updated.job) c.header('Location', `/api/v1/jobs/${updated.job.id}`);
    return c.json({ session: presentSession(updated.session), job: updated.job ? presentJob(updated.job) : null }, 200);
  });

  app.openapi(laps, async (c) => {
    const deps = c.get('deps');
    const s = await deps.sessions.get(c.get('runnerId'), c.req.valid('param').id);
    if (!s) throw notFound('session');
    const items = (await loadSessionLaps(deps.blobs, s)) ?? [];
    return c.json({ items: items.map(presentLap) }, 200);
  });
  app.openapi(lengths, async (c) => {
    const deps = c.get('deps');
    const s = await deps.sessions.get(c.get('runnerId'), c.req.valid('param').id);
    if (!s) throw notFound('session');
    return c.json({ items: (await loadSessionLengths(deps.blobs, s)).map(presentLength) }, 200);
  });
  app.openapi(intervals, async (c) => {
    const deps = c.get('deps');
    const s = await deps.sessions.get(c.get('runnerId'), c.req.valid('param').id);
    if (!s) throw notFound('session');
    const lapList = (await loadSessionLaps(deps.blobs, s)) ?? [];
    if (lapList.length > 0 && !hasOnlyAutoLaps(lapList)) return c.json({ source: 'laps' as const, items: intervalsFromLaps(lapList) }, 200);
    const stored = await deps.analysis.getStats(c.get('runnerId'), s.id);
    const detected = (stored?.stats.intervals ?? []) as SessionInterval[];
    return c.json({ source: detected.length > 0 ? 'detected' as const : 'none' as const, items: detected }, 200);
  });

  app.openapi(reanalyseMany, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    await admitNewJob(deps, runnerId);
    const job = await reanalyseOutdated(runnerId, c.req.valid('query').all === '1', { analysis: deps.analysis, ids: deps.ids, coordinator: deps.coordinatorFor(runnerId) });
    c.header('Location', `/api/v1/jobs/${job.id}`);
    return c.json({ job: presentJob(job) }, 202);
  });
  app.openapi(reanalyseOne, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    await admitNewJob(deps, runnerId);
    const session = await deps.sessions.get(runnerId, c.req.valid('param').id);
    if (!session) throw notFound('session');
    const job = await reanalyseSessions(runnerId, [session.id], { ids: deps.ids, coordinator: deps.coordinatorFor(runnerId) });
    c.header('Location', `/api/v1/jobs/${job.id}`);
    return c.json({ job: presentJob(job) }, 202);
  });
  app.openapi(remove, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    await admitNewJob(deps, runnerId);
    const job = await requestSessionDelete(runnerId, c.req.valid('param').id, {
      sessions: deps.sessions, uploads: deps.uploads, blobs: deps.blobs, ids: deps.ids, coordinator: deps.coordinatorFor(runnerId), undoMs: deps.config.deleteUndoMs,
    });
    if (!job) throw notFound('session');
    c.header('Location', `/api/v1/jobs/${job.id}`);
    return c.json({ job: presentJob(job) }, 202);
  });

  app.openAPIRegistry.registerPath({
    method: 'get', path: '/{id}/records', tags: ['sessions'], security: [{ bearer: [] }],
    summary: 'The record stream: Parquet (default), or ?format=json|csv',
    request: { params: idParam, query: z.object({ format: z.enum(['parquet', 'json', 'csv']).optional() }) },
    responses: {
      200: { description: 'Records', content: {
        'application/vnd.apache.parquet': { schema: z.string().openapi({ format: 'binary' }) },
        'application/json': { schema: z.object({ columns: z.array(z.object({ name: z.string() }).passthrough()), rows: z.array(z.array(z.unknown())) }).passthrough() },
        'text/csv': { schema: z.string() },
      } },
      400: problem('Unknown format'), 401: problem('Missing or bad token'), 404: problem('No such session'),
    },
  });
  app.get('/:id/records', async (c) => {
    const format = c.req.query('format') ?? 'parquet';
    if (format !== 'parquet' && format !== 'json' && format !== 'csv') {
      throw new HttpProblem(400, 'bad_format', 'format must be parquet, json or csv.');
    }
    const deps = c.get('deps');
    const s = await deps.sessions.get(c.get('runnerId'), c.req.param('id'));
    if (!s) throw notFound('session');
    if (format === 'parquet') {
      const object = await deps.blobs.get(s.recordsKey);
      if (!object) throw notFound('record stream for this session');
      return new Response(object.body, { headers: {
        'content-type': 'application/vnd.apache.parquet', 'content-length': String(object.size),
        'content-disposition': `attachment; filename="${s.id}.parquet"`,
      } });
    }
    const size = await deps.blobs.size(s.recordsKey);
    if (size === null) throw notFound('record stream for this session');
    const out = await exportRecordsText(blobRecordsFile(deps.blobs, s.recordsKey, size), format);
    // CSV has no place for metadata: a device-relative clock is said in a header (and in the JSON body)
    return new Response(textStream(out.chunks), { headers: { 'content-type': out.contentType, ...(out.deviceRelative ? { 'pacelab-timestamps': 'device-relative' } : {}) } });
  });

  app.openAPIRegistry.registerPath({
    method: 'get', path: '/{id}/fit', tags: ['sessions'], security: [{ bearer: [] }], summary: 'The original file (FIT, GPX or TCX: fitFile.format says which)',
    request: { params: idParam },
    responses: { 200: { description: 'The original bytes', content: Object.fromEntries(Object.values(CONTENT_TYPES).map((type) => [type, { schema: z.string().openapi({ format: 'binary' }) }])) }, 404: problem('No such session') },
  });
  app.get('/:id/fit', async (c) => {
    const deps = c.get('deps');
    const s = await deps.sessions.get(c.get('runnerId'), c.req.param('id'));
    if (!s) throw notFound('session');
    const original = await openOriginalFile(deps.blobs, s.fitFile);
    if (!original) throw notFound('FIT file for this session');
    const format = s.fitFile.format ?? 'fit';
    return new Response(original.body, { headers: {
      'content-type': CONTENT_TYPES[format], 'content-length': String(original.size),
      'content-disposition': `attachment; filename="${s.fitFile.id}.${format}"`,
    } });
  });
  return app;
}
