/** A page on another origin that posts a form to the app at once (the classic CSRF attack). */
import { createServer } from 'node:http';

export async function startCrossSite(target: string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><form method="post" action="${target}"><input name="label" value="stolen"></form><script>document.forms[0].submit()</script>`);
  });
  await new Promise<void>((done) => server.listen(0, 'localhost', done));
  const { port } = server.address() as { port: number };
  return { url: `http://localhost:${port}/`, stop: () => new Promise((done) => server.close(() => done())) };
}
