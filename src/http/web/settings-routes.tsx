/** Settings: the profile (through the same repo and schema as PATCH /api/v1/me) and API tokens. */
import { Hono, type Context } from 'hono';
import { createApiToken } from '../auth';
import { ProfilePatch } from '../schemas';
import { SettingsPage, TOKEN_EXPIRY_DAYS, type SettingsProps } from '../pages/settings-page';
import { renderPage } from './render';
import { getCookie } from 'hono/cookie';
import { clearCookieHeader, isLocalHttp } from './session-cookie';
import type { WebEnv } from './web-auth';
import { requestAccountDeletion } from '../account-deletion';
import { clientIp } from '../credentials';
import { HttpProblem } from '../problem';
import { admitNewJob } from '../job-limit';
import { requestExport } from '../../jobs/request-export';
import { DomainError } from '../../core/errors';
import { exportsPrefix } from '../../core/keys';

// Intl.supportedValuesOf lists every IANA zone workerd knows; UTC first for a new account.
function timeZones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set(['UTC', current, ...all])];
}

async function show(c: Context<WebEnv>, extra: Partial<SettingsProps> = {}, status: 200 | 400 | 403 | 429 = 200) {
  const runner = c.get('runner')!;
  const deps = c.get('deps');
  const [tokens, usedBytes, exports] = await Promise.all([deps.tokens.list(runner.id), deps.storage.usage(runner.id, deps.clock.now()), deps.blobs.list(exportsPrefix(runner.id))]);
  const storage = { usedBytes, quotaBytes: deps.config.storageQuotaBytes };
  const newest = exports.objects.at(-1);
  const latestExport = newest ? { id: newest.key.slice(exportsPrefix(runner.id).length).replace(/\.zip$/, ''), size: newest.size } : undefined;
  return renderPage(c, { title: 'Settings', nav: 'settings', children: <SettingsPage runner={runner} tokens={tokens} zones={timeZones(runner.timeZone)} storage={storage} latestExport={latestExport} now={deps.clock.now()} {...extra} /> }, status);
}

/** The one-time new-token cookie: __Host- and Secure except on local http, like the session cookie. */
function flashName(url: string): string {
  return isLocalHttp(url) ? 'pl_new_token' : '__Host-pl_new_token';
}

function flashCookie(url: string, value: string, maxAge: number): string {
  return `${flashName(url)}=${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${isLocalHttp(url) ? '' : '; Secure'}`;
}

const optionalInt = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : null);

export function settingsRoutes() {
  const app = new Hono<WebEnv>();
  app.get('/settings', (c) => {
    const q = c.req.query();
    const newToken = q.created ? getCookie(c, flashName(c.req.url)) : undefined;
    if (newToken) c.header('set-cookie', flashCookie(c.req.url, '', 0), { append: true });
    const notice = q.welcome ? 'Welcome to Pacelab! Set your heart rate, units and time zone, then upload your sessions.'
      : q.revoked ? 'Token revoked.'
        : q.created && !newToken ? 'The token was created; it is shown only once, right after creating it.' : undefined;
    return show(c, { notice, newToken: newToken && /^pl_[\w-]+$/.test(newToken) ? newToken : undefined });
  });

  app.post('/settings/profile', async (c) => {
    const form = await c.req.parseBody();
    const parsed = ProfilePatch.safeParse({
      name: form.name, maxHr: optionalInt(form.maxHr), restingHr: optionalInt(form.restingHr), thresholdHr: optionalInt(form.thresholdHr),
      zoneModel: form.zoneModel ? form.zoneModel : null, units: form.units, timeZone: form.timeZone,
      ...(form.locale !== undefined ? { locale: form.locale } : {}),
      ...(form.weekStart !== undefined ? { weekStart: form.weekStart ? form.weekStart : null } : {}),
    });
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      return show(c, { error: { code: 'validation_failed', message: `Some values were not accepted — ${message}` } }, 400);
    }
    const deps = c.get('deps');
    const runner = await deps.runners.updateProfile(c.get('runner')!.id, parsed.data as never, deps.clock.now());
    if (runner) c.set('runner', runner);
    return show(c, { notice: 'Profile saved.' });
  });

  app.post('/settings/tokens', async (c) => {
    const form = await c.req.parseBody();
    const label = typeof form.label === 'string' && form.label.trim() ? form.label.trim().slice(0, 120) : 'web';
    const scope = form.scope === undefined || form.scope === 'write' ? 'write' : form.scope === 'read' ? 'read' : null;
    const days = form.expires === undefined || form.expires === '' ? undefined : Number(form.expires);
    if (!scope || (days !== undefined && !TOKEN_EXPIRY_DAYS.includes(days))) {
      return show(c, { error: { code: 'validation_failed', message: 'Choose what the token may do and when it expires from the lists.' } }, 400);
    }
    const token = await createApiToken(c.get('deps'), c.get('runner')!.id, { label, scope, expiresInDays: days });
    // Post/Redirect/Get: a reload must not make a second token. The new secret rides once in a
    // short-lived HttpOnly cookie scoped to /settings, read and cleared by the GET.
    c.header('set-cookie', flashCookie(c.req.url, token, 120), { append: true });
    return c.redirect('/settings?created=1#new-token', 303);
  });

  app.post('/settings/tokens/:id/revoke', async (c) => {
    const deps = c.get('deps');
    const done = await deps.tokens.revoke(c.get('runner')!.id, c.req.param('id'), deps.clock.now());
    if (!done) return show(c, { error: { code: 'not_found', message: 'No live token with that id.' } }, 400);
    return c.redirect('/settings?revoked=1#tokens', 303);
  });

  app.post('/settings/export', async (c) => {
    const deps = c.get('deps');
    const runnerId = c.get('runner')!.id;
    try {
      await admitNewJob(deps, runnerId);
      await requestExport(runnerId, { ids: deps.ids, coordinator: deps.coordinatorFor(runnerId) });
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'job_limit_reached' || error.code === 'too_many_jobs')) return show(c, { error: { code: error.code, message: error.message } }, 400);
      throw error;
    }
    return show(c, { notice: 'Your export is being prepared; the banner says when it is ready, and the link appears here.' });
  });

  app.post('/settings/account/delete', async (c) => {
    const form = await c.req.parseBody();
    if (form.confirm !== 'yes') return show(c, { error: { code: 'confirmation_required', message: 'Tick the box to confirm that your account and all your data should be deleted.' } }, 400);
    const password = typeof form.password === 'string' ? form.password : '';
    try {
      await requestAccountDeletion(c.get('deps'), c.get('runner')!.id, password, clientIp(c.req.header('cf-connecting-ip')));
    } catch (error) {
      if (error instanceof HttpProblem && (error.status === 403 || error.status === 429)) return show(c, { error: { code: error.code, message: error.message } }, error.status);
      throw error;
    }
    c.header('set-cookie', clearCookieHeader(c.req.url), { append: true });
    return c.redirect('/sign-in?account-deleted=1', 303);
  });

  app.post('/settings/sign-out-everywhere', async (c) => {
    const deps = c.get('deps');
    const form = await c.req.parseBody();
    const runnerId = c.get('runner')!.id;
    const now = deps.clock.now();
    // Offered with a checkbox: scripts keep working unless the runner asks for their tokens to go too.
    await Promise.all([deps.webSessions.revokeAllOf(runnerId, now), form.revokeTokens === 'yes' ? deps.tokens.revokeAll(runnerId, now) : null]);
    c.header('set-cookie', clearCookieHeader(c.req.url), { append: true });
    return c.redirect('/sign-in?signed-out=1', 303);
  });
  return app;
}
