import { describe, expect, it } from 'vitest';
import { api, signup, waitForJob } from './helpers';
import { postPlan, SMALL_PLAN, todayPlus } from './plans-support';

interface Problem { code: string; detail: string; field?: string; errors?: Array<{ path: string }> }

describe('POST /api/v1/plans: validation', () => {
  it('rejects a body that does not match the schema, naming the paths', async () => {
    const { token } = await signup();
    const res = await postPlan(token, { ...SMALL_PLAN, daysPerWeek: 9, longRunDay: 'someday', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = await res.json<Problem>();
    expect(body.code).toBe('validation_failed');
    const paths = body.errors!.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['daysPerWeek', 'longRunDay']));
  });

  it.each([
    [{ raceDate: todayPlus(10) }, 'raceDate', /^Pick a race date at least 4 weeks away\.$/],
    [{ raceDate: todayPlus(400) }, 'raceDate', /at most 30 weeks away/],
    [{ raceDate: '2026-02-30' }, 'raceDate', /exists on the calendar/],
    [{ restDays: ['mon', 'tue', 'wed'], daysPerWeek: 5 }, 'daysPerWeek', /only 4 days left to run/],
    [{ longRunDay: 'fri' }, 'longRunDay', /Friday is one of your rest days/],
    [{ minWeeklyLoad: 300, maxWeeklyLoad: 200 }, 'maxWeeklyLoad', /must be above the minimum/],
  ])('rejects %j with invalid_plan_request on %s', async (patch, field, detail) => {
    const { token } = await signup();
    const res = await postPlan(token, { ...SMALL_PLAN, ...patch });
    expect(res.status).toBe(400);
    const body = await res.json<Problem>();
    expect(body).toMatchObject({ code: 'invalid_plan_request', field });
    expect(body.detail).toMatch(detail);
  });

  it('needs a token', async () => {
    const res = await api('/plans', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SMALL_PLAN) });
    expect(res.status).toBe(401);
  });
});

describe('plans: answer, read, list, export, delete, isolation', () => {
  it('answers 202 at once with the job and the plan id, then serves the finished plan', async () => {
    const { token } = await signup();
    const res = await postPlan(token, SMALL_PLAN);
    expect(res.status).toBe(202);
    const body = await res.json<{ job: { id: string; kind: string; status: string }; plan: { id: string; status: string; seed: number } }>();
    expect(body.job).toMatchObject({ kind: 'plan' });
    expect(body.plan).toMatchObject({ status: 'queued', seed: 12345 });
    expect(res.headers.get('location')).toBe(`/api/v1/plans/${body.plan.id}`);

    const job = await waitForJob(token, body.job.id);
    expect(job.status).toBe('completed');
    const plan = await (await api(`/plans/${body.plan.id}`, { token })).json<Record<string, any>>();
    expect(plan).toMatchObject({ id: body.plan.id, status: 'completed', seed: 12345, jobId: body.job.id, raceDate: SMALL_PLAN.raceDate });
    expect(plan.objective).toBeLessThan(0);
    expect(plan.performance).toBeCloseTo(-plan.objective, 9);
    // The runner has no history and no CS: the plan says it used defaults.
    expect(plan.notes.join(' ')).toMatch(/no runs from you yet/);
    expect(plan.notes.join(' ')).toMatch(/typical critical speed .* not yours/);
    // Honest: the CS source and a predicted finish; optimiser output only in `details`.
    expect(plan.csSource).toMatchObject({ kind: 'default', csMps: 3.33 });
    expect(plan.csSource.howToMeasure).toMatch(/3-minute .* 12-minute/);
    expect(plan.prediction).toMatchObject({ finishS: Math.round((10_000 - 200) / 3.33), method: 'cs', fromDefault: true });
    expect(plan.notes.join(' ')).not.toMatch(/differential evolution|AU|CTL/);
    expect(plan.details.join(' ')).toMatch(/differential evolution: \d+ generations/);
    const days = plan.weeks.flatMap((w: { days: unknown[] }) => w.days) as Array<{ role: string; durationS: number; label: string }>;
    expect(days.filter((d) => d.role !== 'rest' && d.role !== 'race').every((d) => d.durationS >= 600)).toBe(true);
    expect(days.at(-1)).toMatchObject({ role: 'race', label: 'Race' });
    expect(plan.weeks.every((w: { days: unknown[] }) => w.days.length === 7)).toBe(true);
  });

  it('lists plans newest first with a cursor, 404s another runner, exports ICS, deletes', async () => {
    const ana = await signup('Ana');
    const ids: string[] = [];
    const jobs: string[] = [];
    for (const seed of [1, 2, 3]) {
      // two plans optimise at a time per runner (fair use): the third waits for the first
      if (seed === 3) await waitForJob(ana.token, jobs[0]!, 60_000);
      const body = await (await postPlan(ana.token, { ...SMALL_PLAN, seed })).json<{ job: { id: string }; plan: { id: string } }>();
      ids.push(body.plan.id);
      jobs.push(body.job.id);
    }
    const page1 = await (await api('/plans?limit=2', { token: ana.token })).json<{ items: Array<{ id: string }>; nextCursor: string }>();
    expect(page1.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const page2 = await (await api(`/plans?limit=2&cursor=${page1.nextCursor}`, { token: ana.token })).json<{ items: Array<{ id: string }>; nextCursor: null }>();
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    expect((await api('/plans?cursor=nonsense', { token: ana.token })).status).toBe(400);

    const bob = await signup('Bob');
    for (const path of [`/plans/${ids[0]}`, `/plans/${ids[0]}/calendar.ics`, `/plans/${ids[0]}.ics`]) {
      const res = await api(path, { token: bob.token });
      expect(res.status, path).toBe(404);
      expect((await res.json<Problem>()).code).toBe('not_found');
    }
    expect((await api(`/plans/${ids[0]}`, { token: bob.token, method: 'DELETE' })).status).toBe(404);
    expect((await (await api('/plans', { token: bob.token })).json<{ items: unknown[] }>()).items).toEqual([]);

    for (const job of jobs) await waitForJob(ana.token, job);
    for (const path of [`/plans/${ids[0]}/calendar.ics`, `/plans/${ids[0]}.ics`]) {
      const ics = await api(path, { token: ana.token });
      expect(ics.status).toBe(200);
      expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
      const text = await ics.text();
      expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      expect(text).toContain(`UID:${ids[0]}-`);
      expect(text).toContain(`DTSTART;VALUE=DATE:${SMALL_PLAN.raceDate.replace(/-/g, '')}`);
      expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
    }

    expect((await api(`/plans/${ids[0]}`, { token: ana.token, method: 'DELETE' })).status).toBe(204);
    expect((await api(`/plans/${ids[0]}`, { token: ana.token })).status).toBe(404);
    const left = await (await api('/plans', { token: ana.token })).json<{ items: Array<{ id: string }> }>();
    expect(left.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
  });

  it('describes every plan route in the OpenAPI document', async () => {
    const doc = await (await api('/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    expect(Object.keys(doc.paths['/plans'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/plans/{id}'])).toEqual(expect.arrayContaining(['get', 'delete']));
    expect(Object.keys(doc.paths['/plans/{id}/calendar.ics'])).toEqual(['get']);
  });
});
