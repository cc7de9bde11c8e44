/**
 * Static assets served by the Worker itself (no CDN, nothing external): each at a URL carrying
 * a hash of its content, so it can be cached for a year and a new deploy changes the URL.
 */
import { Hono } from 'hono';
import { APP_CSS } from './assets/app-css';
import { BANNER_JS } from './assets/banner-js';
import { CHARTS_CSS } from './assets/charts-css';
import { CHARTS_JS } from './assets/charts-js';
import { SHELL_CSS } from './assets/shell-css';
import { FORMS_JS } from './assets/forms-js';
import { LIVE_JS } from './assets/live-js';
import { ICON_SVG, renderFaviconIco, renderIconPng } from './assets/icons';
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
  css: asset('app', 'css', APP_CSS + SHELL_CSS + CHARTS_CSS, 'text/css; charset=utf-8'),
  banner: asset('banner', 'js', BANNER_JS, 'text/javascript; charset=utf-8'),
  upload: asset('upload', 'js', UPLOAD_JS, 'text/javascript; charset=utf-8'),
  live: asset('live', 'js', LIVE_JS, 'text/javascript; charset=utf-8'),
  forms: asset('forms', 'js', FORMS_JS, 'text/javascript; charset=utf-8'),
  charts: asset('charts', 'js', CHARTS_JS, 'text/javascript; charset=utf-8'),
} as const;

/** Icons: the SVG by its hash; the PNGs are rendered on first request from the same geometry (the hash of the SVG names them). */
const iconHash = fnv1a(ICON_SVG);
export const ICONS = {
  svg: asset('icon', 'svg', ICON_SVG, 'image/svg+xml'),
  png180: { path: `/assets/icon-180.${iconHash}.png`, size: 180 },
  png192: { path: `/assets/icon-192.${iconHash}.png`, size: 192 },
  png512: { path: `/assets/icon-512.${iconHash}.png`, size: 512 },
} as const;

/** The web app manifest: "Add to home screen" opens the dashboard full-screen with the app's icon. */
export const MANIFEST = JSON.stringify({
  name: 'Pacelab', short_name: 'Pacelab', description: 'Running analytics: your FIT files, sessions, records and plans.',
  start_url: '/', scope: '/', display: 'standalone', background_color: '#f6f7f9', theme_color: '#102a43',
  icons: [
    { src: ICONS.svg.path, sizes: 'any', type: 'image/svg+xml' },
    { src: ICONS.png192.path, sizes: '192x192', type: 'image/png', purpose: 'any maskable' },
    { src: ICONS.png512.path, sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
  ],
});

const byPath = new Map<string, Asset>([...Object.values(ASSETS), ICONS.svg].map((a) => [a.path, a]));
const pngs = new Map<string, number>([ICONS.png180, ICONS.png192, ICONS.png512].map((p) => [p.path, p.size]));
const rendered = new Map<string, Uint8Array<ArrayBuffer>>();
const IMMUTABLE = 'public, max-age=31536000, immutable';

function renderedOnce(key: string, render: () => Uint8Array): Uint8Array<ArrayBuffer> {
  let bytes = rendered.get(key);
  if (!bytes) { bytes = new Uint8Array(render()); rendered.set(key, bytes); }
  return bytes;
}

export function assetRoutes() {
  const app = new Hono();
  app.get('/assets/:file', (c) => {
    const found = byPath.get(c.req.path);
    if (found) return c.body(found.body, 200, { 'content-type': found.type, 'cache-control': IMMUTABLE });
    const size = pngs.get(c.req.path);
    if (size) return c.body(renderedOnce(c.req.path, () => renderIconPng(size)), 200, { 'content-type': 'image/png', 'cache-control': IMMUTABLE });
    return c.text('No such asset.', 404);
  });
  // Fixed addresses browsers ask for on their own: cached a day, not forever (the name cannot change).
  app.get('/favicon.ico', (c) => c.body(renderedOnce('ico', renderFaviconIco), 200, { 'content-type': 'image/x-icon', 'cache-control': 'public, max-age=86400' }));
  app.get('/manifest.webmanifest', (c) => c.body(MANIFEST, 200, { 'content-type': 'application/manifest+json', 'cache-control': 'public, max-age=86400' }));
  return app;
}
