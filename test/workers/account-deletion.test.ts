/**
 * Issue 13 §3, delete my account: the password again (API and settings page), then every row of
 * the runner in the directory AND their data shard, every R2 object under their prefix, and the
 * coordinator's state and sockets — by queue steps that resume until nothing is left. Another
 * runner is untouched.
 */
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { zipSync } from 'fflate';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import { createAccountStore } from '../../src/adapters/d1/account-store';
import { resumeAccountDeletions } from '../../workers/scheduled';
import { countRunnerRows } from '../../src/adapters/d1/data-tables';
import { api, directoryDb, shardDb, signup, uploadFiles, waitForJob } from './helpers';
import { objectsUnder, run } from './storage-support';
import { form, PASSWORD, sessionCookieFrom, tokenFor, web, webSignup } from './web-support';

/** rows anywhere (directory and every shard, every table, every text column) mentioning the id */
async function rowsMentioning(id: string): Promise<string[]> {
  const bindings = readShardBindings(env);
  const databases = [['directory', bindings.directory] as const, ...bindings.shards.flatMap((d1, i) => (d1 ? [[`DB_${i}`, d1] as const] : []))];
  const found: string[] = [];
  for (const [name, d1] of databases) {
    const tables = await d1.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name <> 'd1_migrations'`).all<{ name: string }>();
    for (const { name: table } of tables.results) {
      const columns = await d1.prepare(`SELECT name FROM pragma_table_info(?)`).bind(table).all<{ name: string }>();
      const where = columns.results.map((c) => `CAST("${c.name}" AS TEXT) LIKE ?`).join(' OR ');
      const n = await d1.prepare(`SELECT count(*) AS n FROM "${table}" WHERE ${where}`).bind(...columns.results.map(() => `%${id}%`)).first<number>('n');
      if (n) found.push(`${name}.${table}: ${n}`);
    }
  }
  return found;
}

async function uploadSome(token: string): Promise<void> {
  const up = await uploadFiles(token, [{ name: 'run.fit', bytes: run(0) }, { name: 'export.zip', bytes: zipSync({ 'a/one.fit': run(1), 'a/two.fit': run(2) }) }]);
  expect(up.status).toBe(202);
  const job = await waitForJob(token, up.body.job.id);
  expect(job.files.filter((f) => f.status === 'imported')).toHaveLength(3);
}

describe('delete my account', () => {
  it('API: needs the password, then removes every row, object, token and socket of the runner — and nothing of another', async () => {
    const gone = await signup('Leaving');
    const stays = await signup('Staying');
    await uploadSome(gone.token);
    await uploadSome(stays.token);
    // an open resumable upload (an R2 multipart upload and its rows) and an open banner socket
    const open = await api('/uploads/multipart', { method: 'POST', token: gone.token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'later.zip', size: 6 * 1024 * 1024 }) });
    expect(open.status).toBe(201);
    const socket = await SELF.fetch('https://pacelab.test/api/v1/events', { headers: { upgrade: 'websocket', authorization: `Bearer ${gone.token}` } });
    expect(socket.status).toBe(101);
    const ws = socket.webSocket!;
    const closed = new Promise<number>((resolve) => ws.addEventListener('close', (e) => resolve(e.code)));
    ws.accept();

    expect((await rowsMentioning(gone.runnerId)).length).toBeGreaterThan(5);
    expect((await objectsUnder(`runners/${gone.runnerId}/`)).size).toBeGreaterThan(5);
    const otherRows = await countRunnerRows(await shardDb(stays.runnerId), stays.runnerId);
    const otherObjects = await objectsUnder(`runners/${stays.runnerId}/`);

    const del = (body: unknown) => api('/account', { method: 'DELETE', token: gone.token, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await del({})).status).toBe(400);
    const wrong = await del({ password: 'not my password' });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: 'wrong_password' });
    expect((await api('/me', { token: gone.token })).status).toBe(200); // nothing happened

    const accepted = await del({ password: PASSWORD });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toMatchObject({ status: 'deleting' });
    expect((await api('/me', { token: gone.token })).status).toBe(401); // at once
    expect(await closed).toBe(4410);

    await vi.waitFor(async () => {
      const left = await directoryDb().prepare('SELECT count(*) AS n FROM runners WHERE id = ?').bind(gone.runnerId).first<number>('n');
      if (left !== 0) throw new Error('not yet');
    }, { timeout: 30_000, interval: 100 });
    expect(await rowsMentioning(gone.runnerId)).toEqual([]);
    expect(await objectsUnder(`runners/${gone.runnerId}/`)).toEqual(new Map());
    // the email is free again, the other runner is as before
    expect((await api('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: gone.email, password: PASSWORD }) })).status).toBe(401);
    expect(await countRunnerRows(await shardDb(stays.runnerId), stays.runnerId)).toEqual(otherRows);
    expect(await objectsUnder(`runners/${stays.runnerId}/`)).toEqual(otherObjects);
    expect((await api('/sessions', { token: stays.token })).status).toBe(200);
  });

  it('settings page: a confirmed form with the password deletes the account and signs out', async () => {
    const { cookie, email } = await webSignup();
    const runnerId = (await (await api('/me', { token: await tokenFor(cookie) })).json<{ id: string }>()).id;
    const page = await (await web('/settings', { cookie })).text();
    expect(page).toContain('action="/settings/account/delete"');
    const unconfirmed = await web('/settings/account/delete', { method: 'POST', cookie, ...form({ password: PASSWORD }) });
    expect(unconfirmed.status).toBe(400);
    const res = await web('/settings/account/delete', { method: 'POST', cookie, ...form({ password: PASSWORD, confirm: 'yes' }) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in?account-deleted=1');
    expect((await web('/settings', { cookie })).status).toBe(303); // the browser session is gone
    const signIn = await web('/sign-in', { method: 'POST', ...form({ email, password: PASSWORD }) });
    expect(sessionCookieFrom(signIn)).toBeNull();
    await vi.waitFor(async () => {
      const left = await directoryDb().prepare('SELECT count(*) AS n FROM runners WHERE id = ?').bind(runnerId).first<number>('n');
      if (left !== 0) throw new Error('not yet');
    }, { timeout: 30_000, interval: 100 });
    expect(await rowsMentioning(runnerId)).toEqual([]);
  });

  it('a deletion whose message was lost is resumed by the cron trigger', async () => {
    const { token, runnerId } = await signup();
    await uploadSome(token);
    // tombstoned as the request does, but no message sent (lost)
    await createAccountStore(createShardResolver(readShardBindings(env))).tombstone(runnerId, Date.now() - 20 * 60_000);
    expect((await api('/me', { token })).status).toBe(401);
    expect(await resumeAccountDeletions(env)).toBeGreaterThanOrEqual(1);
    await vi.waitFor(async () => {
      if ((await rowsMentioning(runnerId)).length > 0) throw new Error('not yet');
    }, { timeout: 30_000, interval: 200 });
    expect(await objectsUnder(`runners/${runnerId}/`)).toEqual(new Map());
  });
});
