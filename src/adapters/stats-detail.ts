/**
 * The session statistics' detail object in R2 (core/metrics/stats-layout.ts): gzip JSON, one per
 * session at keys.ts statsDetailKey. Gzip because the JSON (≈ 10 KiB: splits and mean-max curves
 * are runs of similar numbers) shrinks ≈ 4×, and R2 bills stored bytes; one GET reads it whole.
 * Chosen over the Parquet file's key-value metadata: the records file is written once at import,
 * while statistics are rewritten by every re-analysis, and a footer read costs two ranged GETs.
 */
import { gunzipSync, gzipSync, strFromU8, strToU8 } from 'fflate';
import type { BlobStore } from '../ports';

export const STATS_DETAIL_CONTENT_TYPE = 'application/json';

export function encodeStatsDetail(detail: Record<string, unknown>): Uint8Array {
  return gzipSync(strToU8(JSON.stringify(detail)), { level: 6 });
}

export function decodeStatsDetail(bytes: Uint8Array): Record<string, unknown> {
  return JSON.parse(strFromU8(gunzipSync(bytes))) as Record<string, unknown>;
}

/**
 * The same gzip JSON, compressed by the runtime (CompressionStream: zlib in C++) where it has
 * one: fflate's gzipSync was ~2 % of the Worker's CPU during a bulk import (one object per
 * session). Any gzip decodes the same, so readers do not care which compressor wrote it.
 */
export async function encodeStatsDetailNative(detail: Record<string, unknown>): Promise<Uint8Array> {
  if (typeof CompressionStream === 'undefined') return encodeStatsDetail(detail);
  const gzipped = new Blob([JSON.stringify(detail)]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(gzipped).arrayBuffer());
}

export async function putStatsDetail(blobs: BlobStore, key: string, detail: Record<string, unknown>): Promise<void> {
  await blobs.put(key, await encodeStatsDetailNative(detail), { contentType: STATS_DETAIL_CONTENT_TYPE });
}

/** The detail, or null when the object is absent (the caller shows the summary alone). */
export async function readStatsDetail(blobs: BlobStore, key: string): Promise<Record<string, unknown> | null> {
  const bytes = await blobs.getBytes(key);
  return bytes ? decodeStatsDetail(bytes) : null;
}
