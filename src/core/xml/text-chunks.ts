/**
 * Bytes → text, a chunk at a time, for the streaming XML parser (XML 1.0 §4.3.3 and appendix F:
 * the encoding comes from a byte-order mark, else the `<?xml` bytes, else the declaration's
 * `encoding=`; UTF-8 by default). UTF-16 is decoded by hand because workerd's TextDecoder does
 * not promise UTF-16BE; a chunk that ends inside a code unit carries its byte to the next.
 */
import { DomainError } from '../errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';

export interface TextChunker {
  /** The text of `bytes` (may be empty while a multi-byte character waits for its end). */
  push(bytes: Uint8Array): string;
  /** Whatever is still pending at the end of the input. */
  end(): string;
}

export function createTextChunker(): TextChunker {
  let decode: ((bytes: Uint8Array, last: boolean) => string) | null = null;
  let head: Uint8Array = new Uint8Array(0);
  const start = (bytes: Uint8Array, last: boolean): string => {
    // Wait for enough bytes to see a BOM and the declaration (or the end of a tiny file).
    head = concat(head, bytes);
    if (head.length < 512 && !last) return '';
    const { encoding, skip } = detectEncoding(head);
    decode = decoderFor(encoding);
    const text = decode(head.subarray(skip), last);
    head = new Uint8Array(0);
    return text;
  };
  return {
    push: (bytes) => (decode ? decode(bytes, false) : start(bytes, false)),
    end: () => (decode ? decode(new Uint8Array(0), true) : start(new Uint8Array(0), true)),
  };
}

export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; skip: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { encoding: 'utf-16le', skip: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { encoding: 'utf-16be', skip: 0 };
  // ASCII-compatible: the declaration's encoding, if any, decides.
  let prolog = '';
  for (let i = 0; i < Math.min(head.length, 200); i++) prolog += String.fromCharCode(head[i]!);
  const declared = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(prolog)?.[1]?.toLowerCase();
  if (declared === undefined || declared === 'utf-8' || declared === 'utf8' || declared === 'us-ascii' || declared === 'ascii') return { encoding: 'utf-8', skip: 0 };
  if (declared === 'iso-8859-1' || declared === 'latin1' || declared === 'latin-1' || declared === 'windows-1252' || declared === 'cp1252') return { encoding: 'latin1', skip: 0 };
  throw new DomainError('xml_encoding_unsupported', `The file says it is written in "${declared.slice(0, 40)}"; only UTF-8, UTF-16 and Latin-1 are read.`);
}

function decoderFor(encoding: TextEncodingName): (bytes: Uint8Array, last: boolean) => string {
  switch (encoding) {
    case 'utf-8': {
      const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
      return (bytes, last) => decoder.decode(bytes, { stream: !last });
    }
    case 'latin1':
      return (bytes) => fromCodes(bytes.length, (i) => bytes[i]!);
    case 'utf-16le':
    case 'utf-16be': {
      const little = encoding === 'utf-16le';
      let carry: number | null = null;
      return (bytes) => {
        const all = carry === null ? bytes : concat(Uint8Array.of(carry), bytes);
        const units = all.length >> 1;
        carry = all.length % 2 === 1 ? all[all.length - 1]! : null;
        return fromCodes(units, (i) => (little ? all[2 * i]! | (all[2 * i + 1]! << 8) : (all[2 * i]! << 8) | all[2 * i + 1]!));
      };
    }
  }
}

/** String.fromCharCode in slices (its argument count is bounded). A split surrogate pair joins up in the parser. */
function fromCodes(count: number, at: (i: number) => number): string {
  const parts: string[] = [];
  const slice = new Array<number>(8192);
  for (let i = 0; i < count; i += 8192) {
    const n = Math.min(8192, count - i);
    for (let k = 0; k < n; k++) slice[k] = at(i + k);
    parts.push(String.fromCharCode.apply(null, n === 8192 ? slice : slice.slice(0, n)));
  }
  return parts.join('');
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
