import { describe, expect, it } from 'vitest';
import { boundaryFromContentType, readMultipart } from '../../../src/core/multipart/parse-multipart';
import { DomainError } from '../../../src/core/errors';
import { MAX_PIECE_BYTES, piecesFor, readPieces, READ_PIECE_BYTES } from '../../../src/core/multipart/read-large';

function streamOf(bytes: Uint8Array, chunkSize: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunkSize));
      at += chunkSize;
    },
  });
}

/**
 * A body as workerd gives it: a byte stream whose BYOB reader has readAtLeast (Cloudflare's
 * extension). It arrives in `chunk`-byte deliveries; readAtLeast keeps filling the caller's view
 * until it holds at least minBytes or the body ended, and hands the view's memory back.
 */
function workerdBody(bytes: Uint8Array, chunk: number): ReadableStream<Uint8Array> & { reads: number } {
  let at = 0;
  const stream = {
    reads: 0,
    getReader(options?: { mode?: string }) {
      if (options?.mode !== 'byob') throw new Error('this fake only reads BYOB');
      return {
        async readAtLeast(minBytes: number, view: Uint8Array) {
          stream.reads++;
          if (minBytes > view.byteLength) throw new RangeError('minBytes larger than the view');
          let filled = 0;
          while (filled < minBytes && at < bytes.length) {
            const n = Math.min(chunk, bytes.length - at, view.byteLength - filled);
            view.set(bytes.subarray(at, at + n), filled);
            at += n;
            filled += n;
          }
          const value = new Uint8Array(view.buffer, view.byteOffset, filled);
          return filled === 0 ? { done: true, value } : { done: false, value };
        },
        releaseLock() {},
      };
    },
  };
  return stream as unknown as ReadableStream<Uint8Array> & { reads: number };
}

async function collect(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of body) parts.push(c);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

async function encodeForm(form: FormData): Promise<{ bytes: Uint8Array; contentType: string }> {
  const req = new Request('http://x', { method: 'POST', body: form });
  return { bytes: new Uint8Array(await req.arrayBuffer()), contentType: req.headers.get('content-type')! };
}

const random = (n: number, seed: number) => {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) { x = (x * 1103515245 + 12345) >>> 0; out[i] = x >>> 24; }
  return out;
};

describe('readMultipart', () => {
  for (const chunkSize of [1, 7, 70, 4096, 1 << 20]) {
    it(`splits parts exactly whatever the chunking (${chunkSize}-byte chunks)`, async () => {
      const a = random(10_000, 1);
      const b = new TextEncoder().encode('\r\n--not-the-boundary\r\n');
      const form = new FormData();
      form.append('file', new File([a], 'a.fit'));
      form.append('note', 'hello');
      form.append('file', new File([b], 'ünïcode "quoted".fit'));
      form.append('file', new File([], 'empty.fit'));
      const { bytes, contentType } = await encodeForm(form);
      const got: Array<{ name: string; filename?: string; body: Uint8Array }> = [];
      for await (const part of readMultipart(streamOf(bytes, chunkSize), boundaryFromContentType(contentType))) {
        got.push({ name: part.name, filename: part.filename, body: await collect(part.body) });
      }
      expect(got.map((g) => [g.name, g.filename])).toEqual([['file', 'a.fit'], ['note', undefined], ['file', 'ünïcode "quoted".fit'], ['file', 'empty.fit']]);
      expect(got[0].body).toEqual(a);
      expect(new TextDecoder().decode(got[1].body)).toBe('hello');
      expect(got[2].body).toEqual(b);
      expect(got[3].body).toHaveLength(0);
    });
  }

  it('skips a part body the caller does not read', async () => {
    const form = new FormData();
    form.append('file', new File([random(5000, 2)], 'skipped.fit'));
    form.append('file', new File([new Uint8Array([1, 2, 3])], 'kept.fit'));
    const { bytes, contentType } = await encodeForm(form);
    const names: string[] = [];
    let kept: Uint8Array | undefined;
    for await (const part of readMultipart(streamOf(bytes, 100), boundaryFromContentType(contentType))) {
      names.push(part.filename!);
      if (part.filename === 'kept.fit') kept = await collect(part.body);
    }
    expect(names).toEqual(['skipped.fit', 'kept.fit']);
    expect(kept).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('rejects a truncated body and a missing boundary with bad_multipart', async () => {
    const form = new FormData();
    form.append('file', new File([random(100, 3)], 'a.fit'));
    const { bytes, contentType } = await encodeForm(form);
    const run = async (b: Uint8Array) => { for await (const p of readMultipart(streamOf(b, 64), boundaryFromContentType(contentType))) await collect(p.body); };
    await expect(run(bytes.slice(0, bytes.length - 30))).rejects.toMatchObject({ code: 'bad_multipart' });
    await expect(run(new TextEncoder().encode('no boundary at all'))).rejects.toBeInstanceOf(DomainError);
    expect(() => boundaryFromContentType('text/plain')).toThrow(DomainError);
  });

  it('reads a workerd body in large pieces, or whole when it is small, with the same parts', async () => {
    const a = random(100_000, 4);
    const form = new FormData();
    form.append('file', new File([a], 'a.fit'));
    form.append('file', new File([random(3, 5)], 'b.fit'));
    const { bytes, contentType } = await encodeForm(form);
    for (const pieces of [{}, piecesFor(bytes.length), { first: 1000 }, { first: 1000, declared: bytes.length }]) {
      const body = workerdBody(bytes, 4096);
      const got: Array<[string | undefined, Uint8Array, number]> = [];
      for await (const part of readMultipart(body, boundaryFromContentType(contentType), undefined, pieces)) {
        const chunks: Uint8Array[] = [];
        for await (const c of part.body) chunks.push(c);
        got.push([part.filename, await collect((async function* () { yield* chunks; })()), chunks.length]);
      }
      expect(got.map(([name]) => name)).toEqual(['a.fit', 'b.fit']);
      expect(Buffer.from(got[0]![1]).equals(a)).toBe(true); // toEqual walks 100,000 elements slowly
      expect(got[1]![1]).toEqual(random(3, 5));
      // pieces grow with what was read (1000, 1000, 2000, 4000…): a handful of reads, not one per 4 KiB delivery
      expect(body.reads).toBeLessThanOrEqual(pieces.first === 1000 ? 9 : 2);
      // a body that fits the first piece hands its file over as one buffer: the store sends it without a join
      if (!pieces.first || pieces.first > bytes.length) expect(got[0]![2]).toBe(1);
    }
  });

  it('finds a boundary that straddles two pieces, and boundary look-alikes inside a part', async () => {
    const boundary = 'b0undary-Xy';
    const tricky = new TextEncoder().encode(`x\r\n--b0undary-X\r\n--b0undary\r\r\n-b0undary-Xy`.replace(/-Xy$/, '-Xz'));
    const body = new Uint8Array([...new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.fit"\r\n\r\n`), ...tricky,
      ...new TextEncoder().encode(`\r\n--${boundary}--\r\n`)]);
    for (let piece = 1; piece <= 40; piece++) {
      const parts: Uint8Array[] = [];
      for await (const part of readMultipart(workerdBody(body, 7), boundary, undefined, { first: piece })) parts.push(await collect(part.body));
      expect(parts).toEqual([tricky]);
    }
  });

  it('allocates no more than twice what arrived, never past the declared length, at most one R2 part', async () => {
    const sizes = async (length: number, declared?: number) => {
      const out: number[] = [];
      for await (const c of readPieces(workerdBody(random(length, 7), 65_536), declared === undefined ? { first: READ_PIECE_BYTES } : piecesFor(declared))) out.push(c.length);
      return out;
    };
    const KiB = 1024;
    const MiB = 1024 * KiB;
    expect(await sizes(2_000_000, 2_000_000)).toEqual([MiB, 2_000_000 - MiB]);
    expect(await sizes(100_000, 100_000)).toEqual([100_000]);
    expect(await sizes(20 * MiB, 20 * MiB)).toEqual([1, 1, 2, 4, 8, 4].map((m) => m * MiB));
    expect(Math.max(...(await sizes(20 * MiB, 20 * MiB)))).toBe(MAX_PIECE_BYTES);
    expect(await sizes(3 * MiB + 5)).toEqual([MiB, MiB, MiB + 5]);
    expect(await sizes(600 * KiB)).toEqual([600 * KiB]);
    expect(piecesFor(Number.NaN)).toEqual({ first: READ_PIECE_BYTES });
    expect(piecesFor(0)).toEqual({ first: READ_PIECE_BYTES });
  });

  it('reads a raw body in pieces, on Node streams too (no readAtLeast: chunks as they come)', async () => {
    const bytes = random(100_000, 6);
    const viaWorkerd: Uint8Array[] = [];
    for await (const c of readPieces(workerdBody(bytes, 4096), { first: 32_768 })) viaWorkerd.push(c);
    expect(viaWorkerd.map((c) => c.length)).toEqual([32_768, 32_768, 34_464]);
    expect(Buffer.from(await collect((async function* () { yield* viaWorkerd; })())).equals(bytes)).toBe(true);
    expect(Buffer.from(await collect(readPieces(streamOf(bytes, 999)))).equals(bytes)).toBe(true);
  });
});
