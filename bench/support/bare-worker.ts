/**
 * Test-only: the floor of an upload's answer on the local runtime — a Worker that does nothing
 * but stream the request body into R2 (no parsing, no hashing, no database, no coordinator, no
 * queue). Started by bench/upload-latency.bench.ts with bare-wrangler.toml under `wrangler dev`,
 * exactly as the app runs, so the two answer times compare the app's own work per upload.
 */
interface BareEnv {
  FILES: R2Bucket;
}

let uploads = 0;

export default {
  async fetch(request: Request, env: BareEnv): Promise<Response> {
    if (request.method !== 'POST' || !request.body) return new Response('POST a body\n', { status: 200 });
    const key = `bare/${Date.now()}-${++uploads}`;
    // the body has a Content-Length, so R2 takes the stream as it arrives
    const stored = await env.FILES.put(key, request.body);
    return Response.json({ key, size: stored?.size ?? 0 }, { status: 202 });
  },
};
