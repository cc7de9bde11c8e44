/**
 * GET /api/v1/events with Upgrade: websocket — the banner's live feed. Authenticated by bearer
 * token or by the session cookie (then the Origin must be this site: a cross-site page cannot
 * open a socket with the runner's cookie), and handed to the runner's coordinator, which sends
 * a snapshot of the active jobs and then a frame per change (src/contracts/ws-frames.ts).
 */
import { OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../context';
import { HttpProblem } from '../problem';
import { ProblemSchema } from '../schemas';
import { isWebSocketUpgrade, requireRunnerOrSession } from '../web/web-auth';

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ProblemSchema } } });

export function eventRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  app.openAPIRegistry.registerPath({
    method: 'get', path: '/', tags: ['jobs'], security: [{ bearer: [] }],
    summary: "Live job changes over a WebSocket: {type:'snapshot', jobs} on connect, then {type:'job', job} per change; send {type:'ping'} to get {type:'pong'}",
    request: { headers: z.object({ upgrade: z.literal('websocket') }) },
    responses: { 101: { description: 'Switching protocols' }, 401: problem('Missing or bad token'), 403: problem('Cookie-authenticated from another origin'), 429: problem('Already 10 live connections for this account (too_many_connections)'), 426: problem('Not a WebSocket upgrade') },
  });
  app.get('/', requireRunnerOrSession(), async (c) => {
    if (!isWebSocketUpgrade(c)) throw new HttpProblem(426, 'upgrade_required', 'Open this address as a WebSocket (Upgrade: websocket).');
    // Only the upgrade itself goes on: the runner's cookie and token stay at the edge.
    const forward = new Request(new URL(c.req.url).toString(), { headers: { upgrade: 'websocket' } });
    const answer = await c.get('deps').coordinatorSocketFor(c.get('runnerId')).connect(forward);
    // A refusal (429 too_many_connections) keeps its problem body.
    if (answer.status !== 101) return new Response(answer.body, { status: answer.status, headers: answer.headers });
    // A fresh Response (mutable headers) so the app's security headers can still be added.
    return new Response(null, { status: answer.status, webSocket: answer.webSocket, headers: answer.headers });
  });
  return app;
}
