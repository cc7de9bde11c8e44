/**
 * A file name as the runner gave it, made safe to store, show and put in a queue message: C0/C1
 * controls (CR/LF included), bidi embeddings, overrides and isolates, zero-width marks and the BOM
 * are removed (a name cannot spoof its extension, "run\u202Etif.exe", or break a log line or a
 * header), whitespace runs become one space, and the result is at most 255 characters (code
 * points) with its extension kept. Applied at the HTTP boundary of every ingest path.
 */
export const MAX_FILE_NAME_CHARS = 255;

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;
const MAX_EXTENSION_CHARS = 16;

export function sanitiseFileName(raw: string, fallback = 'unnamed'): string {
  const clean = raw.normalize('NFC').replace(INVISIBLE, ' ').replace(/\s+/gu, ' ').trim();
  const chars = Array.from(clean);
  if (chars.length === 0) return fallback;
  if (chars.length <= MAX_FILE_NAME_CHARS) return clean;
  const dot = clean.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(clean.slice(dot)) : [];
  const keep = extension.length > 0 && extension.length <= MAX_EXTENSION_CHARS ? extension : [];
  return `${chars.slice(0, MAX_FILE_NAME_CHARS - keep.length - 1).join('')}…${keep.join('')}`;
}
