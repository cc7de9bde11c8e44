/**
 * Entry names are display metadata only (never R2 keys, never paths): decoded per APPNOTE 6.3.10
 * §4.4.4 bit 11 (UTF-8) or as IBM code page 437 (Appendix D), with the Info-ZIP Unicode Path
 * extra field (§4.6.9, 0x7075) preferred when its CRC matches the raw name. Control, bidi and
 * other invisible characters are stripped so a name cannot spoof its extension
 * ("evil\u202Etif.exe") or break a log line; callers still HTML-escape when rendering.
 */
import { computeCrc32 } from './crc32.js';

const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

// C0/C1 controls, DEL, bidi embeddings/overrides/isolates, zero-width and line-separator marks, BOM.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;
const TRAVERSAL = /(^|[/\\])\.\.([/\\]|$)|^[/\\]|^[a-zA-Z]:/;

const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export interface DecodedName {
  readonly displayName: string;
  /** True when the raw name held traversal, invisible characters or bytes that do not decode. */
  readonly hostile: boolean;
}

export function decodeCp437(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80];
  return out;
}

function decodeUtf8(bytes: Uint8Array): { text: string; valid: boolean } {
  try {
    return { text: utf8Strict.decode(bytes), valid: true };
  } catch {
    return { text: utf8Lenient.decode(bytes), valid: false };
  }
}

/**
 * `unicodePath` is the body of a 0x7075 extra field, if any (version 1, CRC-32 of the raw name,
 * UTF-8 name); it is ignored when stale, as §4.6.9 requires.
 */
export function decodeEntryName(raw: Uint8Array, utf8Flag: boolean, unicodePath?: Uint8Array): DecodedName {
  let text: string;
  let valid = true;
  // Fast path: ASCII reads the same in UTF-8 and CP437, and export names are nearly all ASCII.
  if (!unicodePath && isAscii(raw)) return toDisplayName(decodeLatin1(raw));
  if (unicodePath && unicodePath.length >= 5 && unicodePath[0] === 1 && readCrc(unicodePath) === computeCrc32(raw)) {
    ({ text, valid } = decodeUtf8(unicodePath.subarray(5)));
  } else if (utf8Flag) {
    ({ text, valid } = decodeUtf8(raw));
  } else {
    // CP437 maps bytes below 0x20 to glyphs, but in a file name they can only be controls.
    text = decodeCp437(raw);
  }
  return toDisplayName(text, valid);
}

/** Strips invisible characters and flags names that try path or display tricks. */
export function toDisplayName(text: string, decodedCleanly = true): DecodedName {
  const displayName = text.replace(INVISIBLE, '');
  const hostile = !decodedCleanly || displayName !== text || displayName.length === 0 || TRAVERSAL.test(displayName);
  return { displayName, hostile };
}

/** ISO 8859-1, as RFC 1952 §2.3.1 specifies for gzip FNAME/FCOMMENT. */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = '';
  // A plain loop: spreading a typed array into fromCharCode is ~10× slower for short names.
  for (let i = 0; i < bytes.length; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

function isAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return false;
  return true;
}

function readCrc(field: Uint8Array): number {
  return (field[1] | (field[2] << 8) | (field[3] << 16) | (field[4] << 24)) >>> 0;
}

/** APPNOTE §4.3.8: a directory is an entry whose name ends in a slash. */
export function isDirectoryName(raw: Uint8Array): boolean {
  const last = raw[raw.length - 1];
  return last === 0x2f || last === 0x5c;
}
