/**
 * Test-only (bench/archive-import.bench.ts [1c]): the import's own steps per file — the Node
 * floor's code — run in workerd with no binding: read the member as the Worker does (the app's
 * DecompressionStream inflater, CRC-32, SHA-256), then convertFit (decode, session records,
 * Parquet with laps, statistics as at import). Its workerd CPU per file against the Node floor
 * says how fast the runtime itself runs the same code, apart from bindings and orchestration.
 */
import { collectBytes } from '../../src/jobs/archive-byte-source';
import { nativeInflater } from '../../src/adapters/native-inflater';
import { computeCrc32 } from '../../src/core/archive/crc32';
import { convertForFloor } from './floor-steps';

const files: Array<{ deflated: Uint8Array; crc32: number }> = [];

async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** n files, the pool's in turn, as the Node floor runs them */
async function run(n: number): Promise<number> {
  let sessions = 0;
  for (let k = 0; k < n; k++) {
    const file = files[k % files.length]!;
    const bytes = await collectBytes(nativeInflater.inflate('deflate-raw', once(file.deflated)));
    if (computeCrc32(bytes) !== file.crc32) throw new Error('floor worker: inflate changed the bytes');
    await crypto.subtle.digest('SHA-256', bytes);
    sessions += await convertForFloor(bytes, k);
  }
  return sessions;
}

export default {
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    if (request.method === 'POST' && url.pathname === '/file') {
      const bytes = new Uint8Array(await request.arrayBuffer());
      files.push({ deflated: await deflate(bytes), crc32: computeCrc32(bytes) });
      return new Response('ok\n');
    }
    if (request.method === 'POST' && url.pathname === '/run') return Response.json({ sessions: await run(Number(url.searchParams.get('n'))) });
    return new Response('floor worker\n');
  },
};
