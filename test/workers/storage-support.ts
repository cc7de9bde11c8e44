/** Storage checks shared by the quota, deletion, account and export tests. */
import { env } from 'cloudflare:test';
import { chargeOfKey } from '../../src/core/keys';
import { api, shardDb } from './helpers';

/** the generated runs (test/support/fit-24h.ts fitRunsBindings) */
export function run(index: number): Uint8Array {
  return Uint8Array.from(atob(env.FIT_RUNS[index]!), (c) => c.charCodeAt(0));
}

/** every object under a prefix, with sizes (R2 listing, all pages) */
export async function objectsUnder(prefix: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let cursor: string | undefined;
  do {
    const page = await env.FILES.list({ prefix, cursor, limit: 1000 });
    for (const o of page.objects) out.set(o.key, o.size);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return out;
}

/** the objects that count against the quota (keys.ts chargeOfKey: not exports, not derived per-session JSON) */
export function charged(objects: Map<string, number>): Map<string, number> {
  return new Map([...objects].filter(([key]) => chargeOfKey(key)?.charged));
}

/** bytes charged to the quota among these objects */
export function total(objects: Map<string, number>): number {
  let sum = 0;
  for (const size of charged(objects).values()) sum += size;
  return sum;
}

/** the ledger's rows for a runner (key → bytes), settled ones only */
export async function ledgerOf(runnerId: string): Promise<Map<string, number>> {
  const rows = await (await shardDb(runnerId)).prepare('SELECT key, bytes FROM stored_objects WHERE runner_id = ? AND expires_at IS NULL').bind(runnerId).all<{ key: string; bytes: number }>();
  return new Map(rows.results.map((r) => [r.key, r.bytes]));
}

export async function usage(token: string): Promise<{ usedBytes: number; quotaBytes: number; availableBytes: number }> {
  const res = await api('/storage', { token });
  if (res.status !== 200) throw new Error(`GET /storage answered ${res.status}`);
  return res.json();
}

/** a resumable upload that only reserves (no part sent): leaves `room` bytes of the quota */
export async function fillQuotaLeaving(token: string, room: number): Promise<string> {
  const { usedBytes, quotaBytes } = await usage(token);
  const res = await api('/uploads/multipart', { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'placeholder.zip', size: quotaBytes - usedBytes - room }) });
  if (res.status !== 201) throw new Error(`reservation answered ${res.status}: ${await res.text()}`);
  return (await res.json<{ id: string }>()).id;
}
