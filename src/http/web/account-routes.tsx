/**
 * Sign-up, sign-in and sign-out for browsers. A successful sign-in creates a server-side
 * session (random token in the cookie, its SHA-256 in D1). Wrong email and wrong password give
 * the same answer, and the same work (a hash is computed either way); every attempt is counted
 * before the password is checked (src/http/credentials.ts) and answered 429 while delayed.
 * Sign-up answers the same whether or not the email was registered: it sends the browser to
 * sign in, with no session either way.
 */
import { localeFromAcceptLanguage } from '../pages/locale';
import { Hono, type Context } from 'hono';
import { isTimeZone, SignupBody } from '../schemas';
import { SignInPage, SignUpPage, type FormError } from '../pages/account-pages';
import { hashToken } from '../auth';
import { admitSignup, checkCredentials, clientIp, registerRunner, waitSentence } from '../credentials';
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

export const REGISTERED_NOTICE = 'If that email was not registered yet, your account is ready: sign in with it.';

function signInNotice(signedOut: string | undefined, registered: string | undefined, deleted?: string): string | undefined {
  if (deleted) return 'Your account is being deleted; everything in it will be gone within minutes.';
  if (registered) return REGISTERED_NOTICE;
  return signedOut ? 'You are signed out.' : undefined;
}

const WRONG: FormError = { code: 'invalid_credentials', message: 'The email or password is wrong.' };

export function accountRoutes() {
  const app = new Hono<WebEnv>();

  app.get('/sign-in', (c) => (c.get('runner') ? c.redirect('/', 303) : renderPage(c, { title: 'Sign in', children: <SignInPage next={safeNext(c.req.query('next'))} notice={signInNotice(c.req.query('signed-out'), c.req.query('registered'), c.req.query('account-deleted'))} /> })));
  app.get('/sign-up', (c) => (c.get('runner') ? c.redirect('/', 303) : renderPage(c, { title: 'Sign up', children: <SignUpPage /> })));

  app.post('/sign-up', async (c) => {
    const form = await c.req.parseBody();
    // the browser's zone (forms.js fills it in); an unknown or missing one falls back to UTC, editable in Settings
    const zone = field(form, 'timeZone');
    const input = { email: field(form, 'email'), password: field(form, 'password'), name: field(form, 'name'), ...(zone && isTimeZone(zone) ? { timeZone: zone } : {}) };
    const parsed = SignupBody.safeParse(input);
    const again = (error: FormError, status: 400 | 429) => renderPage(c, { title: 'Sign up', children: <SignUpPage email={input.email} name={input.name} error={error} /> }, status);
    if (!parsed.success) return again({ code: 'validation_failed', message: parsed.error.issues.map((i) => i.message).join(' ') }, 400);
    const deps = c.get('deps');
    const gate = await admitSignup(deps, clientIp(c.req.header('cf-connecting-ip')));
    if (!gate.allowed) {
      c.header('retry-after', String(Math.max(1, Math.ceil(gate.retryAfterMs / 1000))));
      return again({ code: 'too_many_attempts', message: `Too many sign-ups from this address. Try again in ${waitSentence(gate.retryAfterMs)}.` }, 429);
    }
    // The same answer whether the account was created or the email was taken (no enumeration).
    // The date format follows the browser's languages until the runner picks one in Settings.
    await registerRunner(deps, { ...parsed.data, locale: localeFromAcceptLanguage(c.req.header('accept-language')) });
    return c.redirect('/sign-in?registered=1', 303);
  });

  app.post('/sign-in', async (c) => {
    const form = await c.req.parseBody();
    const email = field(form, 'email').trim().toLowerCase();
    const password = field(form, 'password');
    const next = safeNext(field(form, 'next'));
    const deps = c.get('deps');
    const again = (error: FormError, status: 401 | 429) => renderPage(c, { title: 'Sign in', children: <SignInPage email={email} next={next} error={error} /> }, status);
    const result = await checkCredentials(deps, email, password, clientIp(c.req.header('cf-connecting-ip')));
    if (result.kind === 'throttled') {
      c.header('retry-after', String(Math.max(1, Math.ceil(result.retryAfterMs / 1000))));
      return again({ code: 'too_many_attempts', message: `Too many sign-in attempts. Try again in ${waitSentence(result.retryAfterMs)}.` }, 429);
    }
    if (result.kind === 'wrong') return again(WRONG, 401);
    await startSession(c, result.runner.id);
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
