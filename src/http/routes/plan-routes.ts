/**
 * /api/v1/plans (PRODUCT.md flow 2): request a plan (202 at once; the optimisation runs in
 * chunked queue steps), read it, export it as iCalendar, list and delete. Every query is scoped
 * by the token's runner, so another runner's plan id answers 404.
 */
import { admitNewJob } from '../job-limit';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { buildWorkoutFit, renderPlanIcs } from '../../core/plan';
import { computeLocalDate } from '../../core/history';
import { acceptPlanRequest } from '../../jobs/plan-request';
import { planPrefix } from '../../jobs/plan-options';
import { deletePrefix } from '../../jobs/delete-objects';
import { decodePlanCursor } from '../../adapters/d1/plan-repo';
import type { AppDeps, AppEnv } from '../context';
import { HttpProblem, notFound } from '../problem';
import { listOf, PageQuery, ProblemSchema } from '../schemas';
import { validationHook } from '../validation';
import { presentJob } from './job-routes';
import { hrZonesOf, presentPlan, presentPlanSummary, readPlanActuals } from './plan-present';
import { loadRunPieces } from '../../jobs/session-laps';
import { PlanAccepted, PlanBody, PlanDayParams, PlanDetailSchema, PlanRevisionSchema, PlanSummarySchema } from './plan-schemas';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });
const idParam = z.object({ id: z.string().min(1).max(128) });
const auth = { security: [{ bearer: [] }], tags: ['plans'] };

const create = createRoute({
  ...auth, method: 'post', path: '/', summary: 'Request a training plan (optimised in the background)',
  request: { body: { required: true, content: { 'application/json': { schema: PlanBody } } } },
  responses: {
    202: { description: 'Accepted: the job and the plan id; Location is the plan', headers: { Location: { schema: { type: 'string' } } }, content: { 'application/json': { schema: PlanAccepted } } },
    400: problem('validation_failed (shape) or invalid_plan_request (with the offending field)'), 401: problem('Missing or bad token'),
    409: problem('job_limit_reached: two plans are already being optimised'), 429: problem('too_many_jobs: this account started too many jobs this minute; retry after Retry-After seconds'),
  },
});

const list = createRoute({
  ...auth, method: 'get', path: '/', summary: "The runner's plans, newest first", request: { query: PageQuery },
  responses: { 200: { description: 'A page of plans', content: { 'application/json': { schema: listOf(PlanSummarySchema) } } }, 400: problem('Bad cursor'), 401: problem('Missing or bad token') },
});

const get = createRoute({
  ...auth, method: 'get', path: '/{id}', summary: 'One plan: weeks, days, projected CTL/ATL/TSB, notes (`/{id}.ics` also answers the calendar)',
  request: { params: idParam },
  responses: { 200: { description: 'The plan (weeks empty until completed)', content: { 'application/json': { schema: PlanDetailSchema } } }, 401: problem('Missing or bad token'), 404: problem('No such plan') },
});

const calendar = createRoute({
  ...auth, method: 'get', path: '/{id}/calendar.ics', summary: 'The plan as an iCalendar file (one all-day event per session)',
  request: { params: idParam },
  responses: {
    200: { description: 'RFC 5545 calendar', content: { 'text/calendar': { schema: z.string() } } },
    401: problem('Missing or bad token'), 404: problem('No such plan'), 409: problem('plan_not_ready: still optimising, or failed'),
  },
});

const workoutFit = createRoute({
  ...auth, method: 'get', path: '/{id}/days/{date}/workout.fit', summary: "One plan day's session as a FIT workout file (steps with speed targets, for a watch)",
  request: { params: PlanDayParams },
  responses: {
    200: { description: 'FIT workout file (file_id type workout, workout and workout_step messages)', content: { 'application/vnd.ant.fit': { schema: z.string().openapi({ format: 'binary' }) } } },
    401: problem('Missing or bad token'), 404: problem('No such plan, no such day in it, or no_workout (a rest day)'), 409: problem('plan_not_ready: still optimising, or failed'),
  },
});

const revisions = createRoute({
  ...auth, method: 'get', path: '/{id}/revisions', summary: 'How the plan changed: the original and every re-plan after a history change, with one-line reasons per changed week',
  request: { params: idParam },
  responses: { 200: { description: 'Revisions, oldest first', content: { 'application/json': { schema: z.object({ items: z.array(PlanRevisionSchema) }) } } }, 401: problem('Missing or bad token'), 404: problem('No such plan') },
});

const remove = createRoute({
  ...auth, method: 'delete', path: '/{id}', summary: 'Delete a plan (a running optimisation stops at its next chunk)',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, 401: problem('Missing or bad token'), 404: problem('No such plan') },
});

/** Shared with the web app's download links (cookie-signed pages; the API itself takes tokens only). */
export async function planCalendarResponse(deps: AppDeps, runnerId: string, planId: string): Promise<Response> {
  const plan = await deps.plans.repo.get(runnerId, planId);
  if (!plan) throw notFound('plan');
  if (plan.status !== 'completed' || !plan.result) throw new HttpProblem(409, 'plan_not_ready', `The plan is ${plan.status}; its calendar exists once it is completed.`);
  const hrZones = hrZonesOf(await deps.runners.findById(runnerId), deps.clock.now());
  const ics = renderPlanIcs(plan.result, { planId: plan.id, generatedAt: new Date(plan.finishedAt ?? plan.updatedAt).toISOString(), hrZones });
  return new Response(ics, { headers: { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `attachment; filename="pacelab-${plan.id}.ics"` } });
}

export async function planWorkoutFitResponse(deps: AppDeps, runnerId: string, planId: string, date: string): Promise<Response> {
  const plan = await deps.plans.repo.get(runnerId, planId);
  if (!plan) throw notFound('plan');
  if (plan.status !== 'completed' || !plan.result) throw new HttpProblem(409, 'plan_not_ready', `The plan is ${plan.status}; its workouts exist once it is completed.`);
  const r = plan.result;
  const day = r.weeks.flatMap((w) => w.days).find((d) => d.date === date);
  if (!day) throw new HttpProblem(404, 'not_found', `The plan has no day ${date}.`);
  if (day.role === 'rest') throw new HttpProblem(404, 'no_workout', `${date} is a rest day: there is no workout to export.`);
  // The steps are rebuilt from the workout type of the library version the plan was made with.
  const library = await deps.plans.catalog.library(plan.libraryRef);
  const race = r.weeks.at(-1)?.days.find((d) => d.role === 'race');
  const bytes = buildWorkoutFit(day, {
    type: library?.types.find((t) => t.id === day.type),
    pace: { csMps: r.csMps, dPrimeM: r.dPrimeM, raceSpeedMps: race?.targetSpeedMps ?? r.csMps },
    createdAt: new Date(plan.finishedAt ?? plan.updatedAt),
    hrZones: hrZonesOf(await deps.runners.findById(runnerId), deps.clock.now()),
  });
  return new Response(bytes, { headers: { 'content-type': 'application/vnd.ant.fit', 'content-disposition': `attachment; filename="pacelab-${date}-${day.type}.fit"` } });
}

export function planRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(create, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    await admitNewJob(deps, runnerId);
    const runner = await deps.runners.findById(runnerId);
    // Plans are in the runner's calendar: "today" is their local date.
    const today = computeLocalDate(deps.clock.now(), runner?.timeZone ?? 'UTC');
    const { plan, job } = await acceptPlanRequest(runnerId, c.req.valid('json'), today, {
      ids: deps.ids, clock: deps.clock, plans: deps.plans.repo, catalog: deps.plans.catalog, history: deps.plans.history,
      coordinator: deps.coordinatorFor(runnerId), maxGenerations: deps.plans.maxGenerations,
    });
    c.header('Location', `/api/v1/plans/${plan.id}`);
    return c.json({ job: presentJob(job), plan: { id: plan.id, status: plan.status, seed: plan.seed } }, 202);
  });
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    if (q.cursor && !decodePlanCursor(q.cursor)) throw new HttpProblem(400, 'bad_cursor', 'The cursor is not one this API gave out.');
    const page = await c.get('deps').plans.repo.list(c.get('runnerId'), q);
    return c.json({ items: page.items.map(presentPlanSummary), nextCursor: page.nextCursor }, 200);
  });
  // Registered before /{id} so "revisions" is not read as a plan id's suffix.
  app.openapi(calendar, (c) => planCalendarResponse(c.get('deps'), c.get('runnerId'), c.req.valid('param').id));
  // PRODUCT.md's "`.ics` export beside it": /plans/{id}.ics, the same calendar (registered before /{id}).
  app.get('/:file{[^/]+\\.ics}', (c) => planCalendarResponse(c.get('deps'), c.get('runnerId'), c.req.param('file').slice(0, -4)));
  app.openapi(get, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    const { id } = c.req.valid('param');
    const plan = await deps.plans.repo.get(runnerId, id);
    if (!plan) throw notFound('plan');
    const open = plan.status === 'queued' || plan.status === 'running';
    const job = open ? await deps.coordinatorFor(runnerId).getJob(plan.jobId) : null;
    const runner = await deps.runners.findById(runnerId);
    const actual = await readPlanActuals(plan, deps.plans.actuals, computeLocalDate(deps.clock.now(), runner?.timeZone ?? 'UTC'), (rid, sid) => loadRunPieces(deps, rid, sid));
    return c.json(presentPlan(plan, job, actual, hrZonesOf(runner, deps.clock.now())), 200);
  });
  app.openapi(revisions, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    const plan = await deps.plans.repo.get(runnerId, c.req.valid('param').id);
    if (!plan) throw notFound('plan');
    const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
    type Item = z.infer<typeof PlanRevisionSchema>;
    const original: Item = {
      revision: 0, status: 'original', jobId: plan.jobId, triggerJobId: null, frozenWeeks: 0, reasons: [],
      weeks: [] as Array<{ index: number; startDate: string; targetLoad: number }>, createdAt: new Date(plan.createdAt).toISOString(), finishedAt: iso(plan.finishedAt),
    };
    const rows = await deps.plans.revisions.list(runnerId, plan.id);
    const items: Item[] = [original, ...rows.map((r): Item => ({
      revision: r.revision, status: r.status, jobId: r.jobId, triggerJobId: r.triggerJobId ?? null, frozenWeeks: r.frozenWeeks,
      reasons: r.reasons ?? [], weeks: r.weeks ?? [], createdAt: new Date(r.createdAt).toISOString(), finishedAt: iso(r.finishedAt),
    }))];
    return c.json({ items }, 200);
  });
  app.openapi(workoutFit, (c) => {
    const { id, date } = c.req.valid('param');
    return planWorkoutFitResponse(c.get('deps'), c.get('runnerId'), id, date);
  });
  app.openapi(remove, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    const plan = await deps.plans.repo.remove(runnerId, c.req.valid('param').id);
    if (!plan) throw notFound('plan');
    // every checkpoint of the plan and of its re-plans (listed: a re-plan's steps are not on the row)
    await deletePrefix(deps.blobs, planPrefix(runnerId, plan.id));
    return c.body(null, 204);
  });
  return app;
}
