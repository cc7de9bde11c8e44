/**
 * Speculative auth (src/http/auth.ts, issue 14 item 6): the order of things. A route mounted with
 * `confirmLater` runs before the token lookup settles only when this isolate confirmed the same
 * token within the TTL, for an unsafe method, with write scope, unexpired and not frozen by a move;
 * it must confirm before recording anything, and a lookup that disagrees is the answer even when
 * the route forgot to confirm. The lookups here are promises the test settles by hand (the real
 * D1 lookup and what a refused upload leaves: test/workers/security-speculative-auth.test.ts).
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requireRunner, requireRunnerWith } from '../../../src/http/auth';
import type { AppDeps, AppEnv } from '../../../src/http/context';
import { toProblemResponse } from '../../../src/http/problem';
import type { RunnerPlacement, TokenGrant, TokenRepo } from '../../../src/ports';

interface Lookup {
  resolve(grant: TokenGrant | null): void;
}

/** A token repo whose every lookup waits for the test; records what the middleware asked of it. */
function scriptedTokens() {
  const lookups: Lookup[] = [];
  const assumed: Array<{ runnerId: string; placement: RunnerPlacement }> = [];
  const tokens: Pick<TokenRepo, 'authenticate' | 'assumePlacement'> = {
    authenticate: () => new Promise<TokenGrant | null>((resolve) => lookups.push({ resolve })),
    assumePlacement: (runnerId, placement) => assumed.push({ runnerId, placement }),
  };
  return { tokens, lookups, assumed };
}

const PLACED: RunnerPlacement = { shard: 1, movePhase: null };
const grant = (extra: Partial<TokenGrant> = {}): TokenGrant => ({ runnerId: 'run_a', scope: 'write', expired: false, placement: PLACED, ...extra });

let tokenCounter = 0;

function harness(options: { forgetToConfirm?: boolean } = {}) {
  const script = scriptedTokens();
  let now = 1_000_000;
  const events: string[] = [];
  const app = new Hono<AppEnv>();
  app.onError((error, c) => toProblemResponse(error, c));
  app.use(async (c, next) => {
    c.set('deps', { tokens: script.tokens, clock: { now: () => now } } as unknown as AppDeps);
    await next();
  });
  app.use('/ahead', requireRunnerWith({ confirmLater: true }));
  // both match '/plain' (Hono's '/x/*' matches '/x'), as the app mounts '/me' and '/me/*'
  app.use('/plain', requireRunner);
  app.use('/plain/*', requireRunner);
  app.use('/ahead/*', requireRunner);
  const handler = async (c: import('hono').Context<AppEnv>) => {
    events.push(`route ${c.get('runnerId')}`);
    const confirm = c.get('confirmRunner');
    if (confirm && !options.forgetToConfirm) await confirm();
    events.push('recorded');
    return c.json({ runnerId: c.get('runnerId') }, 202);
  };
  app.on(['GET', 'POST'], '/ahead', handler);
  app.post('/plain', handler);
  const token = `pl_test_${++tokenCounter}`;
  const send = (path: string, method = 'POST') => app.request(path, { method, headers: { authorization: `Bearer ${token}` } });
  /** lets the middleware's awaits (hashing, the route) run */
  const settle = () => new Promise((r) => setTimeout(r, 5));
  return { ...script, events, send, settle, advance: (ms: number) => { now += ms; }, now: () => now };
}

/** A first request, confirmed the slow way, so the isolate has seen the token. */
async function confirmOnce(h: ReturnType<typeof harness>, first: TokenGrant = grant(), method = 'POST') {
  const res = h.send('/ahead', method);
  await h.settle();
  expect(h.events).toEqual([]); // nothing ran before the lookup
  h.lookups.shift()!.resolve(first);
  expect((await res).status).toBe(202);
  h.events.length = 0;
}

describe('speculative auth', () => {
  it('looks a token up once per request however many of its mounts match', async () => {
    for (const path of ['/plain', '/ahead']) {
      const h = harness();
      const res = h.send(path);
      await h.settle();
      expect(h.lookups).toHaveLength(1);
      h.lookups.shift()!.resolve(grant());
      await h.settle();
      expect(h.lookups).toHaveLength(0);
      expect((await res).status).toBe(202);
    }
  });

  it('runs the route before the lookup settles once the token was confirmed, and records only after it agrees', async () => {
    const h = harness();
    await confirmOnce(h);
    const res = h.send('/ahead');
    await h.settle();
    expect(h.events).toEqual(['route run_a']); // going ahead, waiting at the confirmation
    expect(h.assumed).toEqual([{ runnerId: 'run_a', placement: PLACED }]);
    h.lookups.shift()!.resolve(grant());
    expect((await res).status).toBe(202);
    expect(h.events).toEqual(['route run_a', 'recorded']);
  });

  it('answers what the lookup says when it disagrees: revoked, expired, read-only, moved', async () => {
    const cases: Array<[TokenGrant | null, number, string]> = [
      [null, 401, 'unauthorized'],
      [grant({ expired: true, placement: undefined }), 401, 'token_expired'],
      [grant({ scope: 'read' }), 403, 'insufficient_scope'],
      [grant({ placement: { shard: 1, movePhase: 'freeze' } }), 503, 'runner_moving'],
      [grant({ placement: { shard: 0, movePhase: null } }), 503, 'runner_moving'],
      [grant({ runnerId: 'run_b' }), 503, 'runner_moving'],
    ];
    for (const [fresh, status, code] of cases) {
      const h = harness();
      await confirmOnce(h);
      const res = h.send('/ahead');
      await h.settle();
      h.lookups.shift()!.resolve(fresh);
      const answer = await res;
      expect({ status: answer.status, code: (await answer.json<{ code: string }>()).code }).toEqual({ status, code });
      expect(h.events).toEqual(['route run_a']); // never recorded
      // the request's queries stay routed where it went ahead (its clean-up finds its reservation)
      expect(h.assumed.at(-1)).toEqual({ runnerId: 'run_a', placement: PLACED });
      // the token is forgotten: the next request waits for its lookup
      h.events.length = 0;
      const next = h.send('/ahead');
      await h.settle();
      expect(h.events).toEqual([]);
      h.lookups.shift()!.resolve(fresh);
      await next;
    }
  });

  it('replaces a success the route answered without confirming when the lookup disagrees', async () => {
    const h = harness({ forgetToConfirm: true });
    await confirmOnce(h);
    const res = h.send('/ahead');
    await h.settle();
    expect(h.events).toEqual(['route run_a', 'recorded']);
    h.lookups.shift()!.resolve(null);
    const answer = await res;
    expect(answer.status).toBe(401);
    expect(await answer.json()).toMatchObject({ code: 'unauthorized' });
  });

  it('waits for the lookup on safe methods, on routes without confirmLater, past the TTL, and for read-only, expiring or frozen grants', async () => {
    const waits = async (h: ReturnType<typeof harness>, path: string, method = 'POST') => {
      const res = h.send(path, method);
      await h.settle();
      const ran = h.events.length > 0;
      h.lookups.shift()?.resolve(grant());
      await res;
      h.events.length = 0;
      return !ran;
    };
    const seen = harness();
    await confirmOnce(seen);
    expect(await waits(seen, '/ahead', 'GET')).toBe(true);
    expect(await waits(seen, '/plain')).toBe(true);
    expect(await waits(seen, '/ahead')).toBe(false); // the control: this one goes ahead
    seen.advance(60_000);
    expect(await waits(seen, '/ahead')).toBe(true);

    for (const first of [grant({ scope: 'read' }), grant({ expiresAt: 1_000_000 + 10 }), grant({ placement: { shard: 1, movePhase: 'cleanup' } })]) {
      const h = harness();
      await confirmOnce(h, first, first.scope === 'read' ? 'GET' : 'POST');
      h.advance(10);
      expect(await waits(h, '/ahead')).toBe(true);
    }
  });
});
