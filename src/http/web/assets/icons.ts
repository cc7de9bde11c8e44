/**
 * The app icon, drawn from one geometry: an SVG (favicon for browsers that take SVG), PNGs at
 * the sizes "Add to home screen" asks for (180 apple-touch, 192 and 512 for the manifest), and
 * /favicon.ico (an ICO holding one 32 px PNG, which every current browser reads). Rendered in
 * code so the repository holds no binary and the icon cannot drift from the SVG.
 * PNG: RFC 2083 (IHDR, IDAT = zlib of filter-0 scanlines, IEND); ICO with PNG payload: the
 * Windows Vista+ icon format (ICONDIR + ICONDIRENTRY, image data = a PNG file).
 */
import { zlibSync } from 'fflate';
import { computeCrc32 } from '../../../core/archive/crc32';

const BG = [0x10, 0x2a, 0x43] as const;
const FG = [0xff, 0xff, 0xff] as const;
const ACCENT = [0xf0, 0xb4, 0x00] as const;
/** A pace trace rising to the right, in a 0..1 square (kept inside the maskable safe zone). */
const TRACE: Array<[number, number]> = [[0.2, 0.68], [0.36, 0.52], [0.5, 0.6], [0.66, 0.36], [0.8, 0.42]];
const STROKE = 0.085;
const DOT = { x: 0.8, y: 0.42, r: 0.075 };

export const ICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" rx="22" fill="#102a43"/>`
  + `<polyline points="${TRACE.map(([x, y]) => `${x * 100},${y * 100}`).join(' ')}" fill="none" stroke="#fff" stroke-width="${STROKE * 100}" stroke-linecap="round" stroke-linejoin="round"/>`
  + `<circle cx="${DOT.x * 100}" cy="${DOT.y * 100}" r="${DOT.r * 100}" fill="#f0b400"/></svg>`;

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** RGB pixels of the icon at `size` px, anti-aliased by distance coverage (full-bleed background: maskable). */
function drawIcon(size: number): Uint8Array {
  const rgb = new Uint8Array(size * size * 3);
  const px = 1 / size;
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const x = (i + 0.5) / size;
      const y = (j + 0.5) / size;
      let d = Infinity;
      for (let k = 1; k < TRACE.length; k++) d = Math.min(d, distanceToSegment(x, y, TRACE[k - 1]!, TRACE[k]!));
      const line = Math.max(0, Math.min(1, (STROKE / 2 - d) / px + 0.5));
      const dot = Math.max(0, Math.min(1, (DOT.r - Math.hypot(x - DOT.x, y - DOT.y)) / px + 0.5));
      for (let c = 0; c < 3; c++) {
        const withLine = BG[c]! + (FG[c]! - BG[c]!) * line;
        rgb[(j * size + i) * 3 + c] = Math.round(withLine + (ACCENT[c]! - withLine) * dot);
      }
    }
  }
  return rgb;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, computeCrc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

export function renderIconPng(size: number): Uint8Array {
  const rgb = drawIcon(size);
  const raw = new Uint8Array(size * (size * 3 + 1));
  for (let j = 0; j < size; j++) raw.set(rgb.subarray(j * size * 3, (j + 1) * size * 3), j * (size * 3 + 1) + 1);
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, size); v.setUint32(4, size);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method variants, no interlace
  return concat([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlibSync(raw, { level: 9 })), chunk('IEND', new Uint8Array())]);
}

export function renderFaviconIco(): Uint8Array {
  const png = renderIconPng(32);
  const head = new Uint8Array(22);
  const v = new DataView(head.buffer);
  v.setUint16(2, 1, true); v.setUint16(4, 1, true); // type icon, one image
  head[6] = 32; head[7] = 32; // width, height
  v.setUint16(10, 1, true); v.setUint16(12, 32, true); // planes, bits per pixel
  v.setUint32(14, png.length, true); v.setUint32(18, 22, true); // size, offset
  return concat([head, png]);
}
