/**
 * Static assets served by the Worker itself (no CDN, nothing external): each at a URL carrying
 * a hash of its content, so it can be cached for a year and a new deploy changes the URL.
 */
import { Hono } from 'hono';
import { APP_CSS } from './assets/app-css';
import { BANNER_JS } from './assets/banner-js';
import { UPLOAD_JS } from './assets/upload-js';

/** FNV-1a, 32-bit: a cache key, not a security boundary, and synchronous at module load. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

interface Asset {
  path: string;
  body: string;
  type: string;
}

function asset(name: string, ext: string, body: string, type: string): Asset {
  return { path: `/assets/${name}.${fnv1a(body)}.${ext}`, body, type };
}

export const ASSETS = {
  css: asset('app', 'css', APP_CSS, 'text/css; charset=utf-8'),
  banner: asset('banner', 'js', BANNER_JS, 'text/javascript; charset=utf-8'),
  upload: asset('upload', 'js', UPLOAD_JS, 'text/javascript; charset=utf-8'),
} as const;

const byPath = new Map(Object.values(ASSETS).map((a) => [a.path, a]));

export function assetRoutes() {
  const app = new Hono();
  app.get('/assets/:file', (c) => {
    const found = byPath.get(c.req.path);
    if (!found) return c.text('No such asset.', 404);
    return c.body(found.body, 200, { 'content-type': found.type, 'cache-control': 'public, max-age=31536000, immutable' });
  });
  return app;
}
