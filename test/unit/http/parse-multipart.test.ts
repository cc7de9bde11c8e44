import { describe, expect, it } from 'vitest';
import { boundaryFromContentType, readMultipart } from '../../../src/core/multipart/parse-multipart';
import { DomainError } from '../../../src/core/errors';

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
});
