import { env, SELF } from 'cloudflare:test';
import { expect, vi } from 'vitest';
import { createShardResolver, readShardBindings } from '../../src/adapters/d1/shards';
import type { NewJob } from '../../src/ports';

export const BASE = 'http://pacelab.test';

let counter = 0;

/** A fresh client address from 10.0.0.0/8 (per-IP limits must not couple unrelated tests). */
export function testIp(): string {
  const n = crypto.getRandomValues(new Uint8Array(3));
  return `10.${n[0]}.${n[1]}.${n[2]}`;
}

export function corpusFile(name: string): Uint8Array {
  const b64 = env.CORPUS[name];
  if (!b64) throw new Error(`corpus file ${name} is not available (is ../shared/fit-corpus present?)`);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export function hasCorpus(): boolean {
  return Object.keys(env.CORPUS).length > 0;
}

export async function api(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('authorization', `Bearer ${init.token}`);
  return SELF.fetch(`${BASE}/api/v1${path}`, { ...init, headers });
}

/** The data shard (D1) holding this runner's rows, for tests that read tables directly. */
export async function shardDb(runnerId: string): Promise<D1Database> {
  return (await createShardResolver(readShardBindings(env)).dbFor(runnerId)).$client;
}

/** The directory database (runners, tokens, web sessions, shards). */
export function directoryDb(): D1Database {
  return readShardBindings(env).directory;
}

export async function signup(name = 'Runner'): Promise<{ token: string; runnerId: string; email: string }> {
  const email = `runner${++counter}-${Math.random().toString(36).slice(2)}@example.com`;
  // each test runner signs up from its own address: sign-ups are limited per IP
  const ip = testIp();
  const res = await api('/auth/signup', {
    method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip },
    body: JSON.stringify({ email, password: 'correct horse battery', name }),
  });
  expect(res.status).toBe(202);
  const token = await issueToken(email, 'correct horse battery', {}, ip);
  const me = await (await api('/me', { token })).json<{ id: string }>();
  return { token, runnerId: me.id, email };
}

/** POST /auth/token (signup answers without a token: it must not say whether the email was new). */
export async function issueToken(email: string, password: string, extra: Record<string, unknown> = {}, ip = testIp()): Promise<string> {
  const res = await api('/auth/token', { method: 'POST', headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip }, body: JSON.stringify({ email, password, ...extra }) });
  expect(res.status).toBe(201);
  return (await res.json<{ token: string }>()).token;
}

export interface JobJson {
  id: string;
  status: string;
  finishedAt: string | null;
  stage: string;
  counts: Record<string, number>;
  files: Array<{ id: string; name: string; status: string; code?: string; message?: string; sessionId?: string; sessionIds?: string[]; duplicateOf?: string }>;
}

export async function uploadFiles(token: string, files: Array<{ name: string; bytes: Uint8Array }>): Promise<{ status: number; body: { job: JobJson; uploads: Array<{ id: string }> } }> {
  const form = new FormData();
  for (const f of files) form.append('file', new File([f.bytes], f.name));
  const res = await api('/uploads', { method: 'POST', body: form, token });
  return { status: res.status, body: await res.json() };
}

const FINAL = new Set(['completed', 'completed_with_errors', 'failed']);

export async function waitForJob(token: string, jobId: string, timeout = 30_000): Promise<JobJson> {
  const job = await vi.waitFor(async () => {
    const res = await api(`/jobs/${jobId}`, { token });
    const job = await res.json<JobJson & { filesNextCursor?: string | null }>();
    if (!FINAL.has(job.status)) throw new Error(`job ${jobId} is ${job.status}`);
    return job;
  }, { timeout, interval: 50 });
  return withAllFiles(token, job);
}

/** A job answer carries its first 100 files; the rest come from GET /jobs/{id}/files. */
export async function withAllFiles(token: string, job: JobJson & { filesNextCursor?: string | null }): Promise<JobJson> {
  const files = [...job.files];
  for (let cursor = job.filesNextCursor ?? null; cursor;) {
    const page = await (await api(`/jobs/${job.id}/files?limit=1000&cursor=${encodeURIComponent(cursor)}`, { token })).json<{ items: JobJson['files']; nextCursor: string | null }>();
    files.push(...page.items);
    cursor = page.nextCursor;
  }
  return { ...job, files };
}

/**
 * Registers a job whose messages the test delivers itself, as the queue would (fault and delivery
 * tests): the test entry's stageJob records its files as already sent, so the coordinator's
 * dispatch window sends none of them to the real queue, which would race the test's deliveries.
 */
export async function stageUnsentJob(input: NewJob): Promise<void> {
  const coordinator = env.COORDINATOR.getByName(input.runnerId) as unknown as { stageJob(job: NewJob): Promise<void> };
  await coordinator.stageJob(input);
}
