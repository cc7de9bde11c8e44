/**
 * Content sniffing by magic bytes, never by name: ZIP (APPNOTE §4.3.7 local header "PK\3\4", or
 * "PK\5\6" for an empty archive), gzip (RFC 1952 §2.3.1 ID1 ID2 = 1f 8b), FIT (FIT SDK file
 * header: size byte 12 or 14, ".FIT" at bytes 8–11), GPX/TCX by their XML root element, CSV by
 * a plain-text first line with commas.
 */
export type SniffedContent = 'zip' | 'gzip' | 'fit' | 'gpx' | 'tcx' | 'csv' | 'unknown';

/** Leading bytes `sniffContent` wants (XML roots often follow a prolog and a comment). */
export const SNIFF_BYTES = 1024;

export function sniffContent(firstBytes: Uint8Array): SniffedContent {
  const b = firstBytes;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))) return 'zip';
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return 'gzip';
  if (b.length >= 12 && (b[0] === 12 || b[0] === 14) && b[8] === 0x2e && b[9] === 0x46 && b[10] === 0x49 && b[11] === 0x54) return 'fit';
  const text = decodeText(b.subarray(0, SNIFF_BYTES));
  if (text === null) return 'unknown';
  const trimmed = text.trimStart();
  if (trimmed.startsWith('<')) {
    // The root element may carry a namespace prefix and follow <?xml?>, comments or a DOCTYPE.
    const root = /<(?:[A-Za-z_][\w.-]*:)?(gpx|TrainingCenterDatabase)[\s>/]/.exec(trimmed);
    if (root) return root[1] === 'gpx' ? 'gpx' : 'tcx';
    return 'unknown';
  }
  const firstLine = trimmed.split(/\r?\n/, 1)[0];
  return firstLine.includes(',') ? 'csv' : 'unknown';
}

/** Text with BOMs honoured, or null when the bytes look binary (NUL or C0 controls). */
function decodeText(bytes: Uint8Array): string | null {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), true);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), false);
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  for (const byte of body) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return null;
  }
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(body);
}

/** By hand: workerd's TextDecoder does not promise UTF-16BE, and a root element is ASCII anyway. */
function decodeUtf16(bytes: Uint8Array, littleEndian: boolean): string {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out += String.fromCharCode(littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  }
  return out;
}
