/**
 * The banner's live feed: hibernatable WebSockets on the runner's coordinator. A new socket
 * gets a snapshot of the recent jobs; every job change is pushed to all of them.
 */
import type { ServerFrame } from '../../src/contracts/ws-frames';
import { parseClientFrame } from '../../src/contracts/ws-frames';
import { bannerJob } from './job-answers';
import type { CoordinatorScope } from './scope';

/** open WebSockets (banner feeds) one runner may hold */
export const MAX_SOCKETS = 10;

export function acceptBannerSocket(scope: CoordinatorScope, request: Request): Response {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('Expected a WebSocket upgrade', { status: 426 });
  // A runner needs one socket per open tab; past the cap a tab falls back to the page it has.
  if (scope.ctx.getWebSockets().length >= MAX_SOCKETS) {
    return Response.json({ type: 'https://pacelab.dev/problems/too_many_connections', title: 'too many connections', status: 429, code: 'too_many_connections',
      detail: `This account already has ${MAX_SOCKETS} live connections open; close a tab and try again.` }, { status: 429, headers: { 'content-type': 'application/problem+json', 'retry-after': '30' } });
  }
  const pair = new WebSocketPair();
  scope.ctx.acceptWebSocket(pair[1]);
  sendFrame(pair[1], { type: 'snapshot', jobs: scope.ledger.activeJobs(Date.now() - 60_000).map((row) => bannerJob(scope.ledger, row)) });
  return new Response(null, { status: 101, webSocket: pair[0] });
}

export function answerClientFrame(ws: WebSocket, message: string | ArrayBuffer): void {
  try {
    if (typeof message === 'string' && parseClientFrame(message).type === 'ping') sendFrame(ws, { type: 'pong' });
  } catch {
    ws.close(1003, 'unsupported frame');
  }
}

export function closeSocket(ws: WebSocket, code: number): void {
  try { ws.close(code === 1005 ? 1000 : code, 'bye'); } catch { /* already closed */ }
}

export function broadcastJob(scope: CoordinatorScope, jobId: string): void {
  const sockets = scope.ctx.getWebSockets();
  if (sockets.length === 0) return;
  const row = scope.ledger.job(jobId);
  if (!row) return;
  const frame: ServerFrame = { type: 'job', job: bannerJob(scope.ledger, row) };
  for (const ws of sockets) sendFrame(ws, frame);
}

function sendFrame(ws: WebSocket, frame: ServerFrame): void {
  try { ws.send(JSON.stringify(frame)); } catch { /* a closing socket */ }
}
