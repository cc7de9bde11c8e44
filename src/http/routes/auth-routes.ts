import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Runner } from '../../ports';
import { createApiToken } from '../auth';
import type { AppEnv } from '../context';
import { admitSignup, checkCredentials, clientIp, registerRunner, waitSentence } from '../credentials';
import { HttpProblem, tooMany } from '../problem';
import { ProblemSchema, RunnerSchema, SignupBody, TokenBody } from '../schemas';
import { validationHook } from '../validation';
import { DEFAULT_LOCALE, isLocale, localeFromAcceptLanguage, weekStartDay } from '../pages/locale';

export function presentRunner(r: Runner): z.infer<typeof RunnerSchema> {
  return {
    id: r.id, email: r.email, name: r.name, maxHr: r.maxHr, restingHr: r.restingHr, thresholdHr: r.thresholdHr,
    zoneModel: r.zoneModel, units: r.units, timeZone: r.timeZone, createdAt: new Date(r.createdAt).toISOString(),
    locale: isLocale(r.locale) ? r.locale : DEFAULT_LOCALE, weekStart: weekStartDay(isLocale(r.locale) ? r.locale : DEFAULT_LOCALE, r.weekStart) === 0 ? 'sunday' : 'monday',
  };
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const SignupAccepted = z.object({ status: z.literal('accepted'), detail: z.string() }).openapi('SignupAccepted');
export const SIGNUP_ACCEPTED = 'If this email was not registered yet, its account now exists: ask POST /api/v1/auth/token for a token with the same email and password.';

const signup = createRoute({
  method: 'post', path: '/signup', tags: ['auth'], summary: 'Create a runner and a first API token',
  request: { body: { required: true, content: { 'application/json': { schema: SignupBody } } } },
  responses: {
    202: { description: 'The same answer whether or not the email was already registered (nothing says which): if it was free, the runner now exists — ask POST /auth/token for a token',
      content: { 'application/json': { schema: SignupAccepted } } },
    400: problem('Invalid request'), 429: problem('Too many sign-ups from this address (too_many_attempts); Retry-After says when to try again'),
  },
});

const token = createRoute({
  method: 'post', path: '/token', tags: ['auth'], summary: 'Issue a personal API token',
  request: { body: { required: true, content: { 'application/json': { schema: TokenBody } } } },
  responses: {
    201: { description: 'Created (the token is shown only once)', content: { 'application/json': { schema: z.object({ token: z.string() }) } } },
    400: problem('Invalid request'), 401: problem('Wrong email or password'),
    429: problem('Too many attempts for this email or from this address (too_many_attempts); Retry-After says when to try again'),
  },
});

export function authRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(signup, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const gate = await admitSignup(deps, clientIp(c.req.header('cf-connecting-ip')));
    if (!gate.allowed) throw tooMany('too_many_attempts', `Too many sign-ups from this address; try again in ${waitSentence(gate.retryAfterMs)}.`, gate.retryAfterMs);
    // Created or not (the email was taken), the answer is the same: signup does not reveal who is registered.
    await registerRunner(deps, { ...body, locale: localeFromAcceptLanguage(c.req.header('accept-language')) });
    return c.json({ status: 'accepted' as const, detail: SIGNUP_ACCEPTED }, 202);
  });
  app.openapi(token, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const result = await checkCredentials(deps, body.email, body.password, clientIp(c.req.header('cf-connecting-ip')));
    if (result.kind === 'throttled') throw tooMany('too_many_attempts', `Too many attempts; try again in ${waitSentence(result.retryAfterMs)}.`, result.retryAfterMs);
    if (result.kind === 'wrong') throw new HttpProblem(401, 'invalid_credentials', 'The email or password is wrong.');
    return c.json({ token: await createApiToken(deps, result.runner.id, { label: body.label, scope: body.scope, expiresInDays: body.expiresInDays }) }, 201);
  });
  return app;
}
