/** Personal bests, critical speed and history: what the analysis chain keeps per runner. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { aggregateMonths, aggregateWeeks, computeLocalDate, extendHistoryTo } from '../../core/history';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';
import { ProblemSchema } from '../schemas';
import { validationHook } from '../validation';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const Effort = z.object({ distanceM: z.number(), timeS: z.number(), sessionId: z.string(), achievedAt: z.string().optional() });
const PersonalBestsSchema = z.object({
  items: z.array(Effort.extend({ history: z.array(Effort).optional() })),
}).openapi('PersonalBests');

const CriticalSpeedSchema = z.union([
  z.object({
    status: z.enum(['valid', 'low_confidence']), csMps: z.number(), dPrimeM: z.number(), r2: z.number(),
    se: z.record(z.string(), z.number()), efforts: z.array(z.object({ distanceM: z.number(), timeS: z.number(), sessionId: z.string() }).passthrough()),
    predictions: z.array(z.object({
      distanceM: z.number(), timeS: z.number(),
      lowS: z.number().optional().openapi({ description: '80 % interval, low end: from the fit\'s scatter (≤ 10 km) and Riegel exponents 1.04–1.10 beyond' }),
      highS: z.number().optional(),
    }).passthrough()),
    backtest: z.object({
      racesFound: z.number().int(),
      races: z.array(z.object({ sessionId: z.string(), distanceM: z.number(), timeS: z.number(), predictedS: z.number(), lowS: z.number(), highS: z.number(), errorPct: z.number(), inside: z.boolean() }).passthrough()),
      summary: z.object({ n: z.number().int(), meanAbsErrorPct: z.number(), maxAbsErrorPct: z.number(), inside: z.number().int() }).optional(),
    }).optional().openapi({ description: 'Past races (whole sessions at a standard distance), each predicted only from the runs before it' }),
    computedAt: z.string(),
  }).passthrough(),
  z.object({ status: z.literal('insufficient_data'), code: z.string().optional(), reason: z.string(), computedAt: z.string().optional() }).passthrough(),
]).openapi('CriticalSpeed');

const BySport = z.record(z.string(), z.object({ distanceM: z.number(), timeS: z.number(), sessions: z.number().int() })).optional()
  .openapi({ description: 'volume per FIT sport ("running", "cycling", "swimming", …; "other" when the file names none): distanceM adds all sports, which is rarely what a runner wants' });

const HistorySchema = z.object({
  timeZone: z.string(),
  items: z.array(z.object({
    date: z.string(), distanceM: z.number(), timeS: z.number(), sessions: z.number().int(), load: z.number(),
    ctl: z.number(), atl: z.number(), tsb: z.number(), bySport: BySport,
  })),
  weeks: z.array(z.object({ weekStart: z.string(), distanceM: z.number(), timeS: z.number(), sessions: z.number().int(), load: z.number(), ctl: z.number(), atl: z.number(), bySport: BySport })),
  months: z.array(z.object({ month: z.string(), distanceM: z.number(), timeS: z.number(), sessions: z.number().int(), load: z.number(), ctl: z.number(), atl: z.number(), bySport: BySport })),
}).openapi('History');

const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD.');

const bests = createRoute({
  method: 'get', path: '/personal-bests', tags: ['analysis'], summary: 'Current best per standard distance (running)', security: [{ bearer: [] }],
  request: { query: z.object({ history: z.enum(['0', '1']).optional() }) },
  responses: { 200: { description: 'Bests', content: { 'application/json': { schema: PersonalBestsSchema } } }, 401: problem('Missing or bad token') },
});

const cs = createRoute({
  method: 'get', path: '/critical-speed', tags: ['analysis'], summary: 'Critical speed and D′ with race predictions', security: [{ bearer: [] }],
  responses: { 200: { description: 'The latest fit, or why there is none', content: { 'application/json': { schema: CriticalSpeedSchema } } }, 401: problem('Missing or bad token') },
});

const history = createRoute({
  method: 'get', path: '/history', tags: ['analysis'], summary: "Daily volume, load, fitness, fatigue and form in the runner's time zone", security: [{ bearer: [] }],
  request: { query: z.object({ from: localDate.optional(), to: localDate.optional() }) },
  responses: { 200: { description: 'One row per day', content: { 'application/json': { schema: HistorySchema } } }, 400: problem('Bad dates'), 401: problem('Missing or bad token') },
});

export function analysisRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(bests, async (c) => {
    const withHistory = c.req.valid('query').history === '1';
    const items = await c.get('deps').analysis.getPersonalBests(c.get('runnerId'));
    return c.json({
      items: items.map((b) => ({
        distanceM: b.distanceM, timeS: b.timeS, sessionId: b.sessionId,
        achievedAt: b.achievedAt === undefined ? undefined : new Date(b.achievedAt).toISOString(),
        ...(withHistory ? { history: b.history } : {}),
      })),
    }, 200);
  });
  app.openapi(cs, async (c) => {
    const stored = await c.get('deps').analysis.getCriticalSpeed(c.get('runnerId'));
    if (!stored) return c.json({ status: 'insufficient_data' as const, reason: 'No running sessions with best efforts have been analysed yet.' }, 200);
    return c.json({ ...stored.result, computedAt: new Date(stored.computedAt).toISOString() } as z.infer<typeof CriticalSpeedSchema>, 200);
  });
  app.openapi(history, async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runnerId');
    const runner = await deps.runners.findById(runnerId);
    const timeZone = runner?.timeZone ?? 'UTC';
    const today = computeLocalDate(deps.clock.now(), timeZone);
    const { from, to = today } = c.req.valid('query');
    if (from && from > to) throw new HttpProblem(400, 'bad_range', '`from` must not be after `to`.');
    const stored = await deps.analysis.getHistory(runnerId, undefined, to);
    const items = extendHistoryTo(stored, to < today ? to : today).filter((d) => (!from || d.date >= from) && d.date <= to);
    // figures to the hundredth: a fitness that decays for years reads 0, not 4.7e-28
    return c.json(roundFigures({ timeZone, items, weeks: aggregateWeeks(items), months: aggregateMonths(items) }), 200);
  });
  return app;
}

/** Every number in a JSON value rounded to two decimals (−0 written 0); shape and keys unchanged. */
function roundFigures<T>(value: T): T {
  if (typeof value === 'number') return (Math.round(value * 100) / 100 || 0) as T;
  if (Array.isArray(value)) return value.map(roundFigures) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundFigures(v)])) as T;
  return value;
}
