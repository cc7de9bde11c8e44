/**
 * Issue 14 item 6: POST /uploads goes ahead on a token this isolate confirmed a moment ago while
 * the token is looked up again (src/http/auth.ts). Whatever happened to the token or the runner in
 * between, the answer is what the lookup says, and a refused upload leaves nothing: no upload row,
 * no job, no object, no reservation. (The ordering itself — the route running before the lookup
 * settles — is shown in test/unit/http/speculative-auth.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { api, directoryDb, issueToken, shardDb, signup, uploadFiles } from './helpers';
import { objectsUnder, run } from './storage-support';

const PASSWORD = 'correct horse battery';

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Every trace an upload leaves: rows, objects, ledger rows (reservations included), jobs. */
async function tracesOf(runnerId: string, email: string) {
  const db = await shardDb(runnerId);
  const uploads = (await db.prepare('SELECT count(*) AS n FROM uploads WHERE runner_id = ?').bind(runnerId).first<{ n: number }>())!.n;
  // uploads only: the first upload's import goes on storing its session's objects meanwhile
  const ledger = (await db.prepare('SELECT key FROM stored_objects WHERE runner_id = ? AND key LIKE ? ORDER BY key').bind(runnerId, `runners/${runnerId}/uploads/%`).all<{ key: string }>()).results.map((r) => r.key);
  const objects = [...(await objectsUnder(`runners/${runnerId}/uploads/`)).keys()].sort();
  const reader = await issueToken(email, PASSWORD);
  const jobs = (await (await api('/jobs', { token: reader })).json<{ items: unknown[] }>()).items.length;
  return { uploads, ledger, objects, jobs };
}

/** Uploads one file (202) and checks it left exactly `count` uploads, jobs and objects. */
async function uploadAndTrace(runner: { token: string; runnerId: string; email: string }, name: string, bytes: Uint8Array, count: number) {
  expect((await uploadFiles(runner.token, [{ name, bytes }])).status).toBe(202);
  const traces = await tracesOf(runner.runnerId, runner.email);
  expect(traces).toMatchObject({ uploads: count, jobs: count });
  expect(traces.objects).toHaveLength(count);
  return traces;
}

/** A runner who has uploaded once (so this isolate has confirmed their token) and what that left. */
async function runnerWithOneUpload() {
  const runner = await signup();
  const before = await uploadAndTrace(runner, 'first.fit', run(0), 1);
  return { ...runner, before, hash: await sha256Hex(runner.token) };
}

/** The second upload, sent as the refused cases send it. */
function postSecond(token: string): Promise<Response> {
  const form = new FormData();
  form.append('file', new File([run(1)], 'second.fit'));
  return api('/uploads', { method: 'POST', token, body: form });
}

async function expectRefusedWithoutTrace(runner: Awaited<ReturnType<typeof runnerWithOneUpload>>, status: number, code: string) {
  const res = await postSecond(runner.token);
  expect(res.status).toBe(status);
  expect(await res.json()).toMatchObject({ code });
  expect(res.headers.get('x-d1-bookmark')).toBeNull();
  expect(await tracesOf(runner.runnerId, runner.email)).toEqual(runner.before);
}

describe('uploads on a recently confirmed token', () => {
  it('answer 401 to a token revoked since, leaving nothing, and keep answering 401', async () => {
    const runner = await runnerWithOneUpload();
    const list = await (await api('/me/tokens', { token: runner.token })).json<{ items: Array<{ id: string; prefix: string }> }>();
    const own = list.items.find((t) => runner.token.startsWith(t.prefix))!;
    expect((await api(`/me/tokens/${own.id}`, { method: 'DELETE', token: runner.token })).status).toBe(204);
    await expectRefusedWithoutTrace(runner, 401, 'unauthorized');
    await expectRefusedWithoutTrace(runner, 401, 'unauthorized');
  });

  it('answer 401 token_expired to a token past the expiry it had when confirmed, leaving nothing', async () => {
    const runner = await runnerWithOneUpload();
    await directoryDb().prepare('UPDATE api_tokens SET expires_at = ? WHERE token_hash = ?').bind(Date.now() - 1, runner.hash).run();
    await expectRefusedWithoutTrace(runner, 401, 'token_expired');
  });

  it('answer 403 insufficient_scope to a token made read-only since, leaving nothing', async () => {
    const runner = await runnerWithOneUpload();
    await directoryDb().prepare("UPDATE api_tokens SET scope = 'read' WHERE token_hash = ?").bind(runner.hash).run();
    await expectRefusedWithoutTrace(runner, 403, 'insufficient_scope');
  });

  it('answer 503 runner_moving when a move froze the runner since, leaving nothing on the shard it went to', async () => {
    const runner = await runnerWithOneUpload();
    const shard = (await directoryDb().prepare('SELECT shard FROM runners WHERE id = ?').bind(runner.runnerId).first<{ shard: number }>())!.shard;
    const now = Date.now();
    await directoryDb().prepare("INSERT INTO runner_moves (runner_id, from_shard, to_shard, phase, not_before, started_at, updated_at) VALUES (?, ?, ?, 'freeze', ?, ?, ?)")
      .bind(runner.runnerId, shard, 1 - shard, now + 60_000, now, now).run();
    const res = await postSecond(runner.token);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'runner_moving' });
    await directoryDb().prepare('DELETE FROM runner_moves WHERE runner_id = ?').bind(runner.runnerId).run();
    expect(await tracesOf(runner.runnerId, runner.email)).toEqual(runner.before);
  });

  it('store and record an upload on a token that still holds, as before', async () => {
    const runner = await runnerWithOneUpload();
    const after = await uploadAndTrace(runner, 'second.fit', run(1), 2);
    expect(after.ledger).toEqual(expect.arrayContaining(after.objects));
  });
});
