/**
 * A streaming walk over an XML document: saxes (a strict, non-validating XML 1.0 parser) fed
 * text a chunk at a time, so memory never holds the document — only what the sink keeps.
 * Element names reach the sink without their prefix (GPX and TCX files bind the same namespace
 * to `gpxtpx:`, `ns3:` or the default one). Hostile XML is refused, never expanded: any
 * DOCTYPE (so no entity declarations, external entities, billion laughs or quadratic blowup) is
 * `xml_dtd_not_allowed`; a reference to an undeclared entity is malformed. The caps bound the
 * decoded bytes (`xml_too_large`); the sink bounds what it keeps.
 * XML 1.0: https://www.w3.org/TR/xml/ — saxes: https://github.com/lddubeau/saxes
 */
import { SaxesParser } from 'saxes';
import { DomainError } from '../errors.js';
import { createTextChunker } from './text-chunks.js';

export type ByteInput = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

export interface XmlSink {
  /** An element opens: its local name and its attributes (keys without prefix too). */
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  /** Character data (text or CDATA) of the innermost open element, in pieces. */
  text(text: string): void;
}

export interface WalkXmlOptions {
  /** largest input in bytes (after any gzip): `xml_too_large` beyond */
  maxBytes: number;
}

/** Bytes handed to the parser per write: small enough that one chunk's string stays small. */
const CHUNK_BYTES = 64 * 1024;

export async function walkXml(input: ByteInput, sink: XmlSink, options: WalkXmlOptions): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('doctype', () => {
    throw new DomainError('xml_dtd_not_allowed', 'The file declares a DOCTYPE (entities or a DTD); these are refused for safety, so it was not read.');
  });
  parser.on('error', (error) => {
    throw new DomainError('xml_malformed', `The file is not well-formed XML (${cleanMessage(error.message)}).`);
  });
  parser.on('opentag', (tag) => sink.open(localName(tag.name), tag.attributes as Record<string, string>));
  parser.on('closetag', (tag) => sink.close(localName(tag.name)));
  parser.on('text', (text) => sink.text(text));
  parser.on('cdata', (text) => sink.text(text));
  const chunker = createTextChunker();
  let total = 0;
  for await (const chunk of chunksOf(input)) {
    total += chunk.length;
    if (total > options.maxBytes) {
      throw new DomainError('xml_too_large', `The file is larger than ${Math.round(options.maxBytes / 1_048_576)} MB once unpacked; it was not read further.`);
    }
    const text = chunker.push(chunk);
    if (text) parser.write(text);
  }
  const rest = chunker.end();
  if (rest) parser.write(rest);
  if (total === 0) throw new DomainError('empty_file', 'The file is empty.');
  parser.close();
}

export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

async function* chunksOf(input: ByteInput): AsyncGenerator<Uint8Array> {
  if (input instanceof Uint8Array) {
    for (let i = 0; i < input.length; i += CHUNK_BYTES) yield input.subarray(i, i + CHUNK_BYTES);
    return;
  }
  for await (const chunk of input as AsyncIterable<Uint8Array>) {
    for (let i = 0; i < chunk.length; i += CHUNK_BYTES) yield chunk.subarray(i, i + CHUNK_BYTES);
  }
}

/** saxes prefixes its messages with "fileName:line:col: "; keep "line L, column C: what". */
function cleanMessage(message: string): string {
  const m = /^(?:[^:]*:)?(\d+):(\d+): (.*)$/s.exec(message);
  return (m ? `line ${m[1]}, column ${m[2]}: ${m[3]}` : message).slice(0, 200);
}
