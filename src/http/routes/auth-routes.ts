import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Runner } from '../../ports';
import { hashToken, newTokenSecret } from '../auth';
import type { AppEnv, AppDeps } from '../context';
import { HttpProblem } from '../problem';
import { ProblemSchema, RunnerSchema, SignupBody, TokenBody } from '../schemas';
import { validationHook } from '../validation';

export function presentRunner(r: Runner): z.infer<typeof RunnerSchema> {
  return {
    id: r.id, email: r.email, name: r.name, maxHr: r.maxHr, restingHr: r.restingHr, thresholdHr: r.thresholdHr,
    zoneModel: r.zoneModel, units: r.units, timeZone: r.timeZone, createdAt: new Date(r.createdAt).toISOString(),
  };
}

async function issueToken(deps: AppDeps, runnerId: string, label: string | undefined): Promise<string> {
  const token = newTokenSecret();
  await deps.tokens.create({
    id: deps.ids.newId('tok'), runnerId, tokenHash: await hashToken(token), prefix: token.slice(0, 7), label, createdAt: deps.clock.now(),
  });
  return token;
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

const signup = createRoute({
  method: 'post', path: '/signup', tags: ['auth'], summary: 'Create a runner and a first API token',
  request: { body: { required: true, content: { 'application/json': { schema: SignupBody } } } },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: z.object({ runner: RunnerSchema, token: z.string() }) } } },
    400: problem('Invalid request'), 409: problem('Email already registered'),
  },
});

const token = createRoute({
  method: 'post', path: '/token', tags: ['auth'], summary: 'Issue a personal API token',
  request: { body: { required: true, content: { 'application/json': { schema: TokenBody } } } },
  responses: {
    201: { description: 'Created (the token is shown only once)', content: { 'application/json': { schema: z.object({ token: z.string() }) } } },
    400: problem('Invalid request'), 401: problem('Wrong email or password'),
  },
});

export function authRoutes() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.openapi(signup, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const now = deps.clock.now();
    const runner: Runner = { id: deps.ids.newId('run'), email: body.email, name: body.name, units: 'metric', timeZone: 'UTC', createdAt: now };
    const passwordHash = await deps.passwords.hash(body.password);
    if ((await deps.runners.create({ ...runner, passwordHash })) === 'email_taken') {
      throw new HttpProblem(409, 'email_taken', 'A runner with this email already exists; ask for a token instead.');
    }
    return c.json({ runner: presentRunner(runner), token: await issueToken(deps, runner.id, 'signup') }, 201);
  });
  app.openapi(token, async (c) => {
    const body = c.req.valid('json');
    const deps = c.get('deps');
    const runner = await deps.runners.findByEmail(body.email);
    // Same answer and similar work whether the email exists or not.
    const ok = runner ? await deps.passwords.verify(body.password, runner.passwordHash) : (await deps.passwords.hash(body.password), false);
    if (!runner || !ok) throw new HttpProblem(401, 'invalid_credentials', 'The email or password is wrong.');
    return c.json({ token: await issueToken(deps, runner.id, body.label) }, 201);
  });
  return app;
}
