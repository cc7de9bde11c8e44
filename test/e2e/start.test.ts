/**
 * `npm start` runs without wrangler's DevTools inspector proxy unless PACELAB_DEVTOOLS=1
 * (scripts/start.mjs, devtoolsEnv: the proxy posts every inspector event of every subrequest to
 * wrangler's Node process and buffers them all until a DevTools window attaches).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from './support/app';

async function inspectorTargets(port: number): Promise<Array<{ webSocketDebuggerUrl?: string }> | 'closed'> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(5000) });
    return (await res.json()) as Array<{ webSocketDebuggerUrl?: string }>;
  } catch {
    return 'closed';
  }
}

describe('npm start and DevTools', () => {
  let app: RunningApp | undefined;
  afterEach(async () => { await app?.stop(); app = undefined; });

  it('attaches no inspector by default, and the app answers', async () => {
    app = await startApp();
    expect((await fetch(`${app.url}/`)).status).toBe(200);
    expect(await inspectorTargets(app.inspectorPort)).toBe('closed');
  });

  it('attaches wrangler\'s inspector on INSPECTOR_PORT with PACELAB_DEVTOOLS=1', async () => {
    app = await startApp({ devtools: true });
    expect(app.log()).toContain(`127.0.0.1:${app.inspectorPort}/ws`);
    const targets = await inspectorTargets(app.inspectorPort);
    expect(targets).not.toBe('closed');
    expect((targets as Array<{ webSocketDebuggerUrl?: string }>).some((t) => t.webSocketDebuggerUrl?.includes(`127.0.0.1:${app!.inspectorPort}`))).toBe(true);
  });
});
