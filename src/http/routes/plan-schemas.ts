/** The plans API's shapes (PRODUCT.md: POST/GET /api/v1/plans): validate the request, describe the answers. */
import { z } from '@hono/zod-openapi';
import { JobSchema } from '../schemas';

const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a calendar date YYYY-MM-DD.');

// The shape only; the rules that need today's date or several fields (race 4–30 weeks away,
// rest days leave room for daysPerWeek, min < max) are checked by the core's checkPlanRequest.
export const PlanBody = z.object({
  raceDistanceM: z.number().min(800).max(100_000).openapi({ description: 'Goal race distance (m)', example: 21097.5 }),
  raceDate: IsoDay.openapi({ description: 'Race day in your time zone, 4 to 30 weeks from today', example: '2026-09-27' }),
  daysPerWeek: z.number().int().min(3).max(7).openapi({ description: 'Running days per week, long run included' }),
  restDays: z.array(Weekday).max(4).optional().openapi({ description: 'Days you never run' }),
  longRunDay: Weekday.optional().openapi({ description: 'Default sun' }),
  minWeeklyLoad: z.number().positive().optional().openapi({ description: 'Weekly load floor (AU); default half your recent weekly load' }),
  maxWeeklyLoad: z.number().positive().optional().openapi({ description: 'Weekly load ceiling (AU); default 2.5× your recent weekly load' }),
  maxSessionLoad: z.number().positive().optional().openapi({ description: 'Largest single-session load (AU)' }),
  seed: z.number().int().min(0).max(4_294_967_295).optional().openapi({ description: 'Optimiser seed; same seed and inputs → same plan' }),
  startDate: IsoDay.optional().openapi({ description: 'Already training for the race: the plan starts on this day, up to 28 days ago (its past days are matched to your runs at once)' }),
}).strict().openapi('PlanRequest');

export const PlanDayParams = z.object({
  id: z.string().min(1).max(128),
  date: IsoDay.openapi({ description: 'A day of the plan (YYYY-MM-DD)', example: '2026-08-04' }),
});

const PlanSegment = z.object({
  seconds: z.number().int(), speedMps: z.number(),
  label: z.enum(['warm-up', 'main', 'rep', 'jog', 'finish', 'strides', 'cool-down']),
});

const PlanDay = z.object({
  date: z.string(), type: z.string(), label: z.string().openapi({ description: 'The workout in words: "Easy run", "CS intervals", "VO₂max intervals", "Rest", "Race"' }),
  role: z.string(), durationS: z.number(), distanceM: z.number().optional(),
  targetSpeedMps: z.number().optional(), load: z.number(), description: z.string(),
  segments: z.array(PlanSegment).optional().openapi({ description: 'The workout in order (whole seconds): the text, the calendar and the FIT workout are written from these' }),
  actual: z.object({
    sessionId: z.string().nullable(), load: z.number(),
    compliance: z.object({
      status: z.enum(['done', 'partial', 'missed', 'extra']), share: z.number().optional(), inTargetPace: z.boolean().optional(),
      inRangeShare: z.number().optional().openapi({ description: 'Share of the planned work time (main part, reps, finish) run within ±5 % of its target pace, from laps or intervals' }),
      inRangeSource: z.enum(['laps', 'intervals']).optional(),
    }),
    extra: z.array(z.object({ sessionId: z.string(), load: z.number() })).optional(),
  }).nullable().openapi({ description: 'What was run that day: the matched session, its load and how it compares (null: nothing to say yet)' }),
  heartRate: z.object({
    text: z.string(),
    parts: z.array(z.object({ part: z.string(), zone: z.string(), lowBpm: z.number().int(), highBpm: z.number().int() })),
  }).nullable().optional().openapi({ description: "Heart-rate targets from the runner's zones next to the pace targets (parts of ≥ 2 min; the same as the ICS and the FIT workout)" }),
});

const CsEffort = z.object({ distanceM: z.number(), timeS: z.number(), sessionId: z.string(), achievedAt: z.string().optional() });

export const CsSourceSchema = z.union([
  z.object({ kind: z.literal('measured'), csMps: z.number(), dPrimeM: z.number(), efforts: z.array(CsEffort) }),
  z.object({ kind: z.literal('default'), csMps: z.number(), dPrimeM: z.number(), howToMeasure: z.string() }),
]).openapi('CsSource', { description: 'Where the plan\'s critical speed comes from: your efforts, or a typical default (and how to measure yours)' });

export const PredictionSchema = z.object({
  finishS: z.number(), basis: z.string(), method: z.string(), fromDefault: z.boolean(),
  lowS: z.number().optional().openapi({ description: '80 % interval, low end (absent when the CS is a default)' }),
  highS: z.number().optional(),
  backtest: z.string().optional().openapi({ description: 'How predictions did on your past races, each predicted only from runs before it' }),
}).openapi('RacePrediction', { description: 'Predicted finish time of the goal race and what it rests on' });

const PlanWeek = z.object({
  index: z.number().int(), phase: z.enum(['base', 'build', 'specific', 'taper']), startDate: z.string(),
  targetLoad: z.number(), limitedBy: z.string().openapi({ description: 'Which rule caps this week, in words' }), days: z.array(PlanDay),
});

const ProjectionPoint = z.object({ date: z.string(), ctl: z.number(), atl: z.number(), tsb: z.number() });

const planStatus = z.enum(['queued', 'running', 'completed', 'failed']);

export const PlanSummarySchema = z.object({
  id: z.string(), status: planStatus, seed: z.number().int(), jobId: z.string(),
  objective: z.number().nullable().openapi({ description: 'Best DE objective so far: −p(race day), lower is better' }),
  raceDate: z.string(), raceDistanceM: z.number(),
  createdAt: z.string().openapi({ format: 'date-time' }), finishedAt: z.string().nullable(),
}).openapi('PlanSummary');

export const PlanDetailSchema = PlanSummarySchema.extend({
  performance: z.number().nullable().openapi({ description: 'Banister performance on race morning, p(R)' }),
  progress: z.object({ generation: z.number().int(), evaluations: z.number().int() }),
  request: PlanBody.extend({ today: z.string(), seed: z.number().int() }),
  startDate: z.string().nullable(), csMps: z.number().nullable(), dPrimeM: z.number().nullable(),
  revision: z.number().int().openapi({ description: '0 as first optimised; n after the n-th re-plan (GET /plans/{id}/revisions)' }),
  csSource: CsSourceSchema.nullable(), prediction: PredictionSchema.nullable(),
  heartRateZones: z.string().nullable().optional().openapi({ description: 'Which zones the heart-rate targets use, in words' }),
  weeks: z.array(PlanWeek), projection: z.array(ProjectionPoint), notes: z.array(z.string()),
  model: z.object({
    source: z.enum(['fitted', 'default']),
    params: z.object({ k1: z.number(), k2: z.number(), tau1: z.number(), tau2: z.number() }),
    fit: z.object({ status: z.enum(['fitted', 'insufficient']), reason: z.string().optional(), r2: z.number(), rmse: z.number(), tests: z.number(), spanDays: z.number() }).optional(),
  }).nullable().openapi({ description: "The fitness–fatigue (Banister) model: fitted to the runner's history and best efforts, or textbook defaults (fit.reason says why)" }),
  details: z.array(z.string()).openapi({ description: 'How the plan was computed: optimiser, model, the rule that caps each week' }),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
}).openapi('Plan');

export const PlanAccepted = z.object({
  job: JobSchema,
  plan: z.object({ id: z.string(), status: planStatus, seed: z.number().int() }),
});

export const PlanRevisionSchema = z.object({
  revision: z.number().int(), status: z.enum(['running', 'completed', 'failed', 'superseded', 'original']),
  jobId: z.string(), triggerJobId: z.string().nullable(), frozenWeeks: z.number().int(),
  reasons: z.array(z.string()).openapi({ description: 'One line per changed week' }),
  weeks: z.array(z.object({ index: z.number().int(), startDate: z.string(), targetLoad: z.number() })),
  createdAt: z.string(), finishedAt: z.string().nullable(),
}).openapi('PlanRevision');
