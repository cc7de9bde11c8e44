/**
 * A ZIP written as a stream (fflate's streaming Zip): members are added one after the other,
 * each fed chunk by chunk, and the archive's bytes come out as they are made — so memory holds
 * one chunk of one member, never a member or the archive. Stored members (Parquet and FIT are
 * compact already) use ZipPassThrough, JSON is deflated. fflate writes data descriptors, so no
 * size or CRC is needed up front. Limit: fflate's Zip has no ZIP64 (4 GiB and 65,535 members).
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';

export interface ZipMember {
  /** path inside the archive (already safe: built from ids and sanitised names) */
  name: string;
  deflate?: boolean;
  mtime?: number;
  /** the member's bytes as chunks; null = skip the member (its object is gone) */
  open(): Promise<AsyncIterable<Uint8Array> | null>;
}

export async function* streamZip(members: AsyncIterable<ZipMember>): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else out.push(chunk);
  });
  const drain = function* () {
    if (failure) throw failure;
    while (out.length > 0) yield out.shift()!;
  };
  for await (const member of members) {
    const chunks = await member.open();
    if (!chunks) continue;
    const entry = member.deflate ? new ZipDeflate(member.name, { level: 6 }) : new ZipPassThrough(member.name);
    if (member.mtime !== undefined) entry.mtime = member.mtime;
    zip.add(entry);
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      entry.push(chunk, false);
      yield* drain();
    }
    entry.push(new Uint8Array(0), true);
    yield* drain();
  }
  zip.end();
  yield* drain();
}

/** A ReadableStream's chunks as an async iterable (workerd's streams are async-iterable too; this is explicit). */
export async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
