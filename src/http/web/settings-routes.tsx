/** Settings: the profile (through the same repo and schema as PATCH /api/v1/me) and API tokens. */
import { Hono, type Context } from 'hono';
import { hashToken, newTokenSecret } from '../auth';
import { ProfilePatch } from '../schemas';
import { SettingsPage, type SettingsProps } from '../pages/settings-page';
import { renderPage } from './render';
import { clearCookieHeader } from './session-cookie';
import type { WebEnv } from './web-auth';

// Intl.supportedValuesOf lists every IANA zone workerd knows; UTC first for a new account.
function timeZones(current: string): string[] {
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return [...new Set(['UTC', current, ...all])];
}

async function show(c: Context<WebEnv>, extra: Partial<SettingsProps> = {}, status: 200 | 400 = 200) {
  const runner = c.get('runner')!;
  const tokens = await c.get('deps').tokens.list(runner.id);
  return renderPage(c, { title: 'Settings', nav: 'settings', children: <SettingsPage runner={runner} tokens={tokens} zones={timeZones(runner.timeZone)} {...extra} /> }, status);
}

const optionalInt = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : null);

export function settingsRoutes() {
  const app = new Hono<WebEnv>();
  app.get('/settings', (c) => show(c, c.req.query('welcome') ? { notice: 'Welcome to Pacelab! Set your heart rate, units and time zone, then upload your sessions.' } : {}));

  app.post('/settings/profile', async (c) => {
    const form = await c.req.parseBody();
    const parsed = ProfilePatch.safeParse({
      name: form.name, maxHr: optionalInt(form.maxHr), restingHr: optionalInt(form.restingHr), thresholdHr: optionalInt(form.thresholdHr),
      zoneModel: form.zoneModel ? form.zoneModel : null, units: form.units, timeZone: form.timeZone,
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
    const deps = c.get('deps');
    const token = newTokenSecret();
    await deps.tokens.create({ id: deps.ids.newId('tok'), runnerId: c.get('runner')!.id, tokenHash: await hashToken(token), prefix: token.slice(0, 7), label, createdAt: deps.clock.now() });
    return show(c, { newToken: token });
  });

  app.post('/settings/tokens/:id/revoke', async (c) => {
    const deps = c.get('deps');
    const done = await deps.tokens.revoke(c.get('runner')!.id, c.req.param('id'), deps.clock.now());
    return show(c, done ? { notice: 'Token revoked.' } : { error: { code: 'not_found', message: 'No live token with that id.' } }, done ? 200 : 400);
  });

  app.post('/settings/sign-out-everywhere', async (c) => {
    const deps = c.get('deps');
    await deps.webSessions.revokeAllOf(c.get('runner')!.id, deps.clock.now());
    c.header('set-cookie', clearCookieHeader(c.req.url), { append: true });
    return c.redirect('/sign-in?signed-out=1', 303);
  });
  return app;
}
