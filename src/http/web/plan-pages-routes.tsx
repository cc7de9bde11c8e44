/**
 * Plan pages: /plans (list + request form) and /plans/:id (calendar). The form posts the same
 * request as POST /api/v1/plans: its values are shaped by the API's own PlanBody schema and handed
 * to the same job (acceptPlanRequest), so the rules live in one place. A refused request shows the
 * form again with the reason and the values kept. The calendar and FIT downloads are served here
 * too, because the API's plan routes take bearer tokens only.
 */
import { admitNewJob } from '../job-limit';
import { Hono, type Context } from 'hono';
import { computeLocalDate } from '../../core/history';
import { isDomainError } from '../../core/errors';
import { acceptPlanRequest } from '../../jobs/plan-request';
import type { Runner } from '../../ports';
import type { FormError } from '../pages/account-pages';
import { PlanPage } from '../pages/plan-detail-page';
import { type PlanFormValues, PlansPage } from '../pages/plan-list-page';
import { HttpProblem } from '../problem';
import { hrZonesOf, presentPlan, readPlanActuals } from '../routes/plan-present';
import { loadRunPieces } from '../../jobs/session-laps';
import { planCalendarResponse, planWorkoutFitResponse } from '../routes/plan-routes';
import { PlanBody } from '../routes/plan-schemas';
import { renderPage } from './render';
import type { WebEnv } from './web-auth';

const LIST_LIMIT = 50;

/** Form strings → the API body: empty fields are absent, numbers are numbers; PlanBody judges the rest. */
function bodyFromForm(v: PlanFormValues): Record<string, unknown> {
  const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s));
  const body: Record<string, unknown> = {
    raceDistanceM: num(v.raceDistance === 'other' ? v.raceDistanceM : v.raceDistance),
    raceDate: v.raceDate || undefined,
    startDate: v.startDate || undefined,
    daysPerWeek: num(v.daysPerWeek),
    restDays: v.restDays?.length ? v.restDays : undefined,
    longRunDay: v.longRunDay || undefined,
    minWeeklyLoad: num(v.minWeeklyLoad),
    maxWeeklyLoad: num(v.maxWeeklyLoad),
    seed: num(v.seed),
  };
  for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
  return body;
}

function formValues(raw: Record<string, string | File | (string | File)[]>): PlanFormValues {
  const one = (k: string) => { const x = raw[k]; return typeof x === 'string' ? x : undefined; };
  const rest = raw.restDays;
  return {
    raceDistance: one('raceDistance'), raceDistanceM: one('raceDistanceM'), raceDate: one('raceDate'), startDate: one('startDate'), daysPerWeek: one('daysPerWeek'),
    restDays: (Array.isArray(rest) ? rest : rest === undefined ? [] : [rest]).filter((d): d is string => typeof d === 'string'),
    longRunDay: one('longRunDay'), minWeeklyLoad: one('minWeeklyLoad'), maxWeeklyLoad: one('maxWeeklyLoad'), seed: one('seed'),
  };
}

async function plansPage(c: Context<WebEnv>, runner: Runner, extra: { startedId?: string; values?: PlanFormValues; error?: FormError } = {}, status: 200 | 400 = 200) {
  const page = await c.get('deps').plans.repo.list(runner.id, { limit: LIST_LIMIT });
  return renderPage(c, { title: 'Plans', nav: 'plans', children: <PlansPage plans={page.items} timeZone={runner.timeZone} {...extra} /> }, status);
}

export function planPageRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/plans', (c) => plansPage(c, c.get('runner')!, { startedId: c.req.query('started') || undefined }));

  // A same-origin form post (the web app's csrf() checks it); the optimisation runs in the background.
  app.post('/plans', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    await admitNewJob(deps, runner.id);
    const values = formValues(await c.req.parseBody({ all: true }));
    const parsed = PlanBody.safeParse(bodyFromForm(values));
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ');
      return plansPage(c, runner, { values, error: { code: 'validation_failed', message } }, 400);
    }
    try {
      const today = computeLocalDate(deps.clock.now(), runner.timeZone);
      const { plan } = await acceptPlanRequest(runner.id, parsed.data, today, {
        ids: deps.ids, clock: deps.clock, plans: deps.plans.repo, catalog: deps.plans.catalog, history: deps.plans.history,
        coordinator: deps.coordinatorFor(runner.id), maxGenerations: deps.plans.maxGenerations,
      });
      // Post/redirect/get: a reload does not request a second plan.
      return c.redirect(`/plans?started=${encodeURIComponent(plan.id)}`, 303);
    } catch (error) {
      if (isDomainError(error) && error.code === 'invalid_plan_request') {
        return plansPage(c, runner, { values, error: { code: error.code, message: error.message } }, 400);
      }
      throw error;
    }
  });

  app.get('/plans/:id', async (c) => {
    const runner = c.get('runner')!;
    const deps = c.get('deps');
    const plan = await deps.plans.repo.get(runner.id, c.req.param('id'));
    if (!plan) throw new HttpProblem(404, 'not_found', 'There is no plan here. It may have been deleted, or belong to another account.');
    const open = plan.status === 'queued' || plan.status === 'running';
    const job = open ? await deps.coordinatorFor(runner.id).getJob(plan.jobId) : null;
    const actual = await readPlanActuals(plan, deps.plans.actuals, computeLocalDate(deps.clock.now(), runner.timeZone), (rid, sid) => loadRunPieces(deps, rid, sid));
    const latest = (plan.revision ?? 0) > 0 ? await deps.plans.revisions.get(runner.id, plan.id, plan.revision!) : null;
    return renderPage(c, { title: 'Plan', nav: 'plans', children: <PlanPage plan={presentPlan(plan, job, actual, hrZonesOf(runner, deps.clock.now()))} units={runner.units} updated={latest ? { reasons: latest.reasons ?? [], at: latest.finishedAt ?? latest.createdAt } : undefined} /> });
  });

  // Downloads for the signed-in browser: the same responses as the API's token-only routes.
  app.get('/plans/:id/calendar.ics', (c) => planCalendarResponse(c.get('deps'), c.get('runner')!.id, c.req.param('id')));
  app.get('/plans/:id/days/:date/workout.fit', (c) => {
    const date = c.req.param('date');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new HttpProblem(404, 'not_found', 'There is no such day in this plan.');
    return planWorkoutFitResponse(c.get('deps'), c.get('runner')!.id, c.req.param('id'), date);
  });
  return app;
}
