/**
 * A runner with something on every page, made through the public API (bearer token): real FIT
 * runs, a damaged file and a settings file in one upload job, and a finished training plan.
 * Returns what the page tests visit and the credentials to sign in with.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS = resolve(process.env.FIT_CORPUS ?? join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'fit-corpus'));

export interface Seeded {
  email: string;
  password: string;
  token: string;
  jobId: string;
  sessionIds: string[];
  planId: string;
}

export async function apiCall<T>(base: string, method: string, path: string, token: string | null, body?: BodyInit, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers }, body });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

export async function waitForJob(base: string, token: string, id: string): Promise<{ status: string; files: Array<{ status: string; sessionIds?: string[] }> }> {
  // Normally seconds; up to the reconciler's lease + interval if `wrangler dev` reloads mid-job.
  for (let i = 0; i < 340; i++) {
    const job = await apiCall<{ finishedAt?: number; status: string; files: Array<{ status: string; sessionIds?: string[] }> }>(base, 'GET', `/jobs/${id}`, token);
    if (job.finishedAt) return job;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`job ${id} did not finish`);
}

export function fitFile(name: string, as = name): { name: string; bytes: Uint8Array } {
  return { name: as, bytes: readFileSync(join(CORPUS, name)) };
}

export async function uploadFiles(base: string, token: string, files: Array<{ name: string; bytes: Uint8Array }>): Promise<string> {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([f.bytes]), f.name);
  const answer = await apiCall<{ job: { id: string } }>(base, 'POST', '/uploads', token, form);
  return answer.job.id;
}

/** Sign-up answers the same whether or not the email was taken; the token comes from /auth/token. */
export async function signupRunner(base: string, email: string, password: string, name: string): Promise<string> {
  const json = { 'content-type': 'application/json' };
  await apiCall(base, 'POST', '/auth/signup', null, JSON.stringify({ email, password, name }), json);
  return (await apiCall<{ token: string }>(base, 'POST', '/auth/token', null, JSON.stringify({ email, password, label: 'e2e' }), json)).token;
}

export async function seedRunner(base: string, label: string): Promise<Seeded> {
  const email = `seed-${label}-${Date.now()}@example.com`;
  const password = 'a long passphrase here';
  const token = await signupRunner(base, email, password, `Seed ${label}`);
  const jobId = await uploadFiles(base, token, [
    fitFile('run-garmin-fr645m-hr-gps.fit'), fitFile('run-coros-power.fit'), fitFile('corrupt-bitflip.fit'), fitFile('settings-garmin-edge510.fit'),
  ]);
  const job = await waitForJob(base, token, jobId);
  const raceDate = new Date(Date.now() + 42 * 86_400_000).toISOString().slice(0, 10);
  const plan = await apiCall<{ job: { id: string }; plan: { id: string } }>(base, 'POST', '/plans', token, JSON.stringify({ raceDistanceM: 10000, raceDate, daysPerWeek: 4, seed: 7 }), { 'content-type': 'application/json' });
  await waitForJob(base, token, plan.job.id);
  return { email, password, token, jobId, sessionIds: job.files.flatMap((f) => f.sessionIds ?? []), planId: plan.plan.id };
}
