/**
 * The bench's binding recorder (src/adapters/binding-recorder.ts): a recording env answers as the
 * real bindings do — drizzle and raw statements, batches, ranged reads, puts — and its log holds
 * each call as the bindings replay needs it (SQL and values, binary values by length, ranges,
 * sizes). Without this the replay could measure calls the app never made, or miss some.
 */
import { env } from 'cloudflare:test';
import { drizzle } from 'drizzle-orm/d1';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { recordingEnv, type RecordedInvocation } from '../../src/adapters/binding-recorder';
import { runners } from '../../src/adapters/d1/directory-schema';

describe('binding recorder', () => {
  it('passes every call through and logs it in call order', async () => {
    const log: RecordedInvocation[] = [];
    const rec = recordingEnv(env, log, 'pacelab-tasks', 3);
    expect(log).toEqual([{ queue: 'pacelab-tasks', messages: 3, ops: [] }]);
    const ops = log[0]!.ops;

    // raw statements: the same answers as the real database
    const db = rec.DB_0;
    await db.prepare('CREATE TABLE IF NOT EXISTS rec_test (id TEXT PRIMARY KEY, n INTEGER, blob BLOB)').run();
    const blob = new Uint8Array([1, 2, 3, 4, 5]);
    await db.batch([
      db.prepare('INSERT OR REPLACE INTO rec_test VALUES (?, ?, ?)').bind('a', 1, blob),
      db.prepare('INSERT OR REPLACE INTO rec_test VALUES (?, ?, ?)').bind('b', 2, null),
    ]);
    const all = await db.prepare('SELECT id, n FROM rec_test ORDER BY id').all<{ id: string; n: number }>();
    expect(all.results).toEqual([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
    expect(await db.prepare('SELECT n FROM rec_test WHERE id = ?').bind('b').first('n')).toBe(2);
    expect(await db.prepare('SELECT id FROM rec_test WHERE n > ?').bind(0).raw()).toEqual([['a'], ['b']]);
    // drizzle over the recording binding (as the repositories run)
    const directory = drizzle(rec.DIRECTORY);
    expect(await directory.select().from(runners).where(eq(runners.id, 'nobody')).all()).toEqual([]);

    expect(ops.map((op) => op.kind)).toEqual(['d1', 'd1-batch', 'd1', 'd1', 'd1', 'd1']);
    expect(ops[0]).toMatchObject({ db: 'DB_0', method: 'run', statement: { sql: expect.stringContaining('CREATE TABLE'), params: [] } });
    expect(ops[1]).toEqual({ kind: 'd1-batch', db: 'DB_0', statements: [
      { sql: 'INSERT OR REPLACE INTO rec_test VALUES (?, ?, ?)', params: ['a', 1, { bytes: 5 }] },
      { sql: 'INSERT OR REPLACE INTO rec_test VALUES (?, ?, ?)', params: ['b', 2, null] },
    ] });
    expect(ops[3]).toMatchObject({ method: 'first', statement: { params: ['b'] } });
    expect(ops[4]).toMatchObject({ method: 'raw', statement: { params: [0] } });
    expect(ops[5]).toMatchObject({ db: 'DIRECTORY', statement: { sql: expect.stringContaining('"runners"'), params: ['nobody'] } });

    // R2: ranged reads answer the range, puts their bytes; sizes and ranges logged
    const files = rec.FILES;
    const bytes = new TextEncoder().encode('0123456789abcdef');
    await files.put('rec/object', bytes, { httpMetadata: { contentType: 'text/plain' } });
    expect(await (await files.get('rec/object', { range: { offset: 4, length: 6 } }))!.text()).toBe('456789');
    expect(await (await files.get('rec/object', { range: { suffix: 3 } }))!.text()).toBe('def');
    expect(await files.get('rec/absent')).toBeNull();
    expect((await files.head('rec/object'))!.size).toBe(16);
    await files.delete(['rec/object']);
    expect(ops.slice(6)).toEqual([
      { kind: 'r2-put', key: 'rec/object', size: 16, contentType: 'text/plain' },
      { kind: 'r2-get', key: 'rec/object', offset: 4, length: 6, size: 16 },
      { kind: 'r2-get', key: 'rec/object', suffix: 3, size: 16 },
      { kind: 'r2-get', key: 'rec/absent', size: null },
      { kind: 'r2-head', key: 'rec/object' },
      { kind: 'r2-delete', keys: 1 },
    ]);
    // the real bindings are untouched: what went through the recorder is there
    expect((await env.DB_0.prepare('SELECT count(*) AS n FROM rec_test').first<{ n: number }>())!.n).toBe(2);
    expect(await env.FILES.get('rec/object')).toBeNull();
    // the log is JSON (the bench fetches it over HTTP)
    expect(JSON.parse(JSON.stringify(log))).toEqual(log);
  });
});
