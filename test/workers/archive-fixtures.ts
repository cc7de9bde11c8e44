/**
 * Archive fixtures for the workerd tests, built in code from corpus FIT files: fflate zipSync /
 * gzipSync only BUILD fixtures (the app reads archives with its own reader), plus byte patches.
 */
import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { gzipSync, zipSync, type Zippable } from 'fflate';
import worker from '../../workers/index';
import type { InspectArchiveMessage } from '../../src/contracts/queue-messages';
import { uploadKey } from '../../src/core/keys';

export { gzipSync };

export function zip(files: Zippable, level: 0 | 6 = 6): Uint8Array {
  return zipSync(files, { level, mtime: new Date('2024-01-01T00:00:00Z') });
}

export function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
function setU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff; b[at + 1] = (v >>> 8) & 0xff; b[at + 2] = (v >>> 16) & 0xff; b[at + 3] = (v >>> 24) & 0xff;
}
function setU16(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff; b[at + 1] = (v >>> 8) & 0xff;
}

export function eocdOffset(z: Uint8Array): number {
  for (let i = z.length - 22; i >= 0; i--) if (u32(z, i) === 0x06054b50) return i;
  throw new Error('no EOCD');
}

function centralRecords(z: Uint8Array): number[] {
  const eocd = eocdOffset(z);
  const out: number[] = [];
  let at = u32(z, eocd + 16);
  for (let i = 0; i < u16(z, eocd + 10); i++) {
    out.push(at);
    at += 46 + u16(z, at + 28) + u16(z, at + 30) + u16(z, at + 32);
  }
  return out;
}

/** Flips the CRC-32 of entry `index` in both headers: only inflating the data can tell. */
export function patchCrc(z: Uint8Array, index: number): Uint8Array {
  const out = z.slice();
  const cd = centralRecords(out)[index];
  const local = u32(out, cd + 42);
  const crc = (u32(out, cd + 16) ^ 0x5a5a5a5a) >>> 0;
  setU32(out, cd + 16, crc);
  setU32(out, local + 14, crc);
  return out;
}

/** Fifield's bomb in small: `copies` directory records all pointing at one local file. */
export function overlappingBomb(z: Uint8Array, copies: number): Uint8Array {
  const eocd = eocdOffset(z);
  const cdStart = u32(z, eocd + 16);
  const record = z.subarray(cdStart, eocd);
  const out = new Uint8Array(cdStart + record.length * copies + 22);
  out.set(z.subarray(0, cdStart), 0);
  for (let i = 0; i < copies; i++) out.set(record, cdStart + i * record.length);
  const end = cdStart + record.length * copies;
  out.set(z.subarray(eocd, eocd + 22), end);
  setU16(out, end + 8, copies);
  setU16(out, end + 10, copies);
  setU32(out, end + 12, record.length * copies);
  return out;
}

export function randomBytes(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(size, i + 65536)));
  return out;
}

/** An archive job registered with the coordinator whose inspect message was never sent. */
export async function archiveJobWithUnsentTask(runnerId: string, name: string, bytes: Uint8Array): Promise<{ jobId: string; task: InspectArchiveMessage }> {
  const jobId = `job_${crypto.randomUUID()}`;
  const fileId = `up_${crypto.randomUUID().replace(/-/g, '')}`;
  const key = uploadKey(runnerId, fileId);
  await env.FILES.put(key, bytes);
  const task: InspectArchiveMessage = { type: 'inspect-archive', runnerId, jobId, fileId, uploadId: fileId, key, name, size: bytes.length, depth: 1, rootSize: bytes.length };
  await env.COORDINATOR.getByName(runnerId).createJob({ jobId, runnerId, kind: 'upload', files: [{ fileId, name, task }] });
  return { jobId, task };
}

export async function deliver(bodies: unknown[]) {
  const batch = createMessageBatch('pacelab-tasks', bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })));
  const ctx = createExecutionContext();
  await worker.queue(batch as MessageBatch<unknown>, env);
  return getQueueResult(batch, ctx);
}

export async function sessionCount(runnerId: string): Promise<number> {
  return (await env.DB.prepare('SELECT count(*) AS n FROM sessions WHERE runner_id = ?').bind(runnerId).first<number>('n')) ?? 0;
}
