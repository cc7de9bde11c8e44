/**
 * Sign-up, sign-in and sign-out for browsers. A successful sign-in creates a server-side
 * session (random token in the cookie, its SHA-256 in D1). Wrong email and wrong password give
 * the same answer, and the same work (a hash is computed either way); failures are counted per
 * email+IP, per IP and per email in D1 and answered 429 past the limit.
 */
import { Hono, type Context } from 'hono';
import { SignupBody } from '../schemas';
import { SignInPage, SignUpPage, type FormError } from '../pages/account-pages';
import { hashToken } from '../auth';
import type { Runner } from '../../ports';
import { clientIp, throttleKeys } from './login-throttle';
import { renderPage, safeNext } from './render';
import { clearCookieHeader, newSessionToken, sessionCookieHeader } from './session-cookie';
import type { WebEnv } from './web-auth';
import { DEFAULT_SESSION_POLICY } from '../../adapters/d1/web-session-store';

async function startSession(c: Context<WebEnv>, runnerId: string): Promise<void> {
  const deps = c.get('deps');
  const now = deps.clock.now();
  const token = newSessionToken();
  const expiresAt = now + DEFAULT_SESSION_POLICY.idleMs;
  await deps.webSessions.create({ idHash: await hashToken(token), runnerId, createdAt: now, expiresAt, userAgent: c.req.header('user-agent') });
  c.header('set-cookie', sessionCookieHeader(c.req.url, token, expiresAt, now), { append: true });
}

function field(form: Record<string, unknown>, name: string): string {
  const v = form[name];
  return typeof v === 'string' ? v : '';
}

const WRONG: FormError = { code: 'invalid_credentials', message: 'The email or password is wrong.' };

export function accountRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/sign-in', (c) => (c.get('runner') ? c.redirect('/', 303) : renderPage(c, { title: 'Sign in', children: <SignInPage next={safeNext(c.req.query('next'))} notice={c.req.query('signed-out') ? 'You are signed out.' : undefined} /> })));
  app.get('/sign-up', (c) => (c.get('runner') ? c.redirect('/', 303) : renderPage(c, { title: 'Sign up', children: <SignUpPage /> })));

  app.post('/sign-up', async (c) => {
    const form = await c.req.parseBody();
    const input = { email: field(form, 'email'), password: field(form, 'password'), name: field(form, 'name') };
    const parsed = SignupBody.safeParse(input);
    const again = (error: FormError, status: 400 | 409) => renderPage(c, { title: 'Sign up', children: <SignUpPage email={input.email} name={input.name} error={error} /> }, status);
    if (!parsed.success) return again({ code: 'validation_failed', message: parsed.error.issues.map((i) => i.message).join(' ') }, 400);
    const deps = c.get('deps');
    const now = deps.clock.now();
    const runner: Runner = { id: deps.ids.newId('run'), email: parsed.data.email, name: parsed.data.name, units: 'metric', timeZone: 'UTC', createdAt: now };
    const created = await deps.runners.create({ ...runner, passwordHash: await deps.passwords.hash(parsed.data.password) });
    if (created === 'email_taken') return again({ code: 'email_taken', message: 'An account with this email already exists. Sign in instead.' }, 409);
    await startSession(c, runner.id);
    return c.redirect('/settings?welcome=1', 303);
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const email = field(form, 'email').trim().toLowerCase();
    const password = field(form, 'password');
    const next = safeNext(field(form, 'next'));
    const deps = c.get('deps');
    const now = deps.clock.now();
    const keys = await throttleKeys(email, clientIp(c.req.header('cf-connecting-ip')));
    const again = (error: FormError, status: 401 | 429) => renderPage(c, { title: 'Sign in', children: <SignInPage email={email} next={next} error={error} /> }, status);
    const wait = await deps.loginThrottle.retryAfter(keys, now);
    if (wait > 0) {
      c.header('retry-after', String(Math.ceil(wait / 1000)));
      return again({ code: 'too_many_attempts', message: `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60_000)} minute(s).` }, 429);
    }
    const runner = email && password.length <= 256 ? await deps.runners.findByEmail(email) : null;
    // Same work whether the account exists or not, so timing does not tell either.
    const ok = runner ? await deps.passwords.verify(password, runner.passwordHash) : (await deps.passwords.hash(password.slice(0, 256)), false);
    if (!runner || !ok) {
      await deps.loginThrottle.recordFailure(keys, now);
      return again(WRONG, 401);
    }
    await deps.loginThrottle.clear(keys.slice(0, 1));
    await startSession(c, runner.id);
    return c.redirect(next, 303);
  });

  app.post('/sign-out', async (c) => {
    const deps = c.get('deps');
    const hash = c.get('sessionHash');
    if (hash) await deps.webSessions.revoke(hash, deps.clock.now());
    c.header('set-cookie', clearCookieHeader(c.req.url), { append: true });
    return c.redirect('/sign-in?signed-out=1', 303);
  });
  return app;
}
