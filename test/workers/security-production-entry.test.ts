/**
 * Issue 13 §5: nothing test-only in the production entry (workers/index.ts) — whatever vars a
 * deployment sets — and problem+json that keeps its code/status and hides internals.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import production from '../../workers/index';
import { BASE, corpusFile, directoryDb, signup, testIp, waitForJob } from './helpers';
import { stageJob } from './faults-support';

/** The env a careless deployment might have: every test-only switch set. */
const tempted = { ...env, FAULTS: JSON.stringify({ seed: 1, poison: ['tiny.fit'], crashAt: ['decode'] }), TEST_HOOKS: '1', PASSWORD_SCRYPT_N: '2' } as Env;

async function fetchProduction(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const res = await production.fetch(new Request(`${BASE}${path}`, init) as Request<unknown, IncomingRequestCfProperties>, tempted, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe('the production entry', () => {
  it('has no ledger route, whatever FAULTS or TEST_HOOKS say', async () => {
    const { runnerId } = await signup();
    const res = await fetchProduction(`/__test/ledger?runner=${runnerId}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('importDigest');
  });

  it('hashes passwords at the scrypt floor (N = 2^14, r = 8, p = 5) even when PASSWORD_SCRYPT_N is set', async () => {
    const email = `kdf-${Date.now()}@example.com`;
    const res = await fetchProduction('/api/v1/auth/signup', {
      method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': testIp() },
      body: JSON.stringify({ email, password: 'a long passphrase', name: 'K' }),
    });
    expect(res.status).toBe(202);
    const row = await directoryDb().prepare('SELECT password_hash AS h FROM runners WHERE email = ?').bind(email).first<{ h: string }>();
    expect(row!.h).toMatch(/^scrypt\$16384\$8\$5\$/);
  });

  it('injects no faults in its queue consumer, whatever FAULTS says', async () => {
    const { token, runnerId } = await signup();
    const { jobId, tasks } = await stageJob(runnerId, [{ name: 'tiny.fit', corpus: 'run-garmin-fenix5-tiny.fit' }]);
    const batch = createMessageBatch('pacelab-tasks', tasks.map((body, i) => ({ id: `p${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })));
    const ctx = createExecutionContext();
    await production.queue(batch as MessageBatch<unknown>, tempted);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryMessages).toHaveLength(0);
    expect((await waitForJob(token, jobId)).files[0]).toMatchObject({ name: 'tiny.fit', status: 'imported' });
    expect(corpusFile('run-garmin-fenix5-tiny.fit').length).toBeGreaterThan(0);
  });
});
