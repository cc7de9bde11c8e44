/**
 * One entry point for every activity format: the content decides (a `.gpx` that is really a FIT
 * is decoded as FIT); the name only breaks a tie when the content is not recognised (a `.tcx`
 * whose root element is wrong still goes to the TCX decoder, which says what is wrong with it).
 */
import { sniffContent, SNIFF_BYTES } from '../archive/sniff.js';
import { decodeFit, MAX_FIT_BYTES } from '../fit/decode-fit.js';
import { decodeGpx } from '../gpx/decode-gpx.js';
import { decodeTcx } from '../tcx/decode-tcx.js';
import type { ActivityFormat, DecodedActivity, XmlActivityOptions } from './types.js';

export interface DecodeActivityOptions extends XmlActivityOptions {
  maxFitBytes?: number;
  /** the file's name, consulted only when the content is not recognised */
  name?: string;
}

export function detectActivityFormat(bytes: Uint8Array, name?: string): ActivityFormat {
  const content = sniffContent(bytes.subarray(0, SNIFF_BYTES));
  if (content === 'gpx' || content === 'tcx' || content === 'fit') return content;
  const byName = /\.(gpx|tcx)(\.gz)?$/i.exec(name ?? '')?.[1]?.toLowerCase();
  return byName === 'gpx' || byName === 'tcx' ? byName : 'fit';
}

/** Throws DomainError (non-retryable) for a damaged or hostile file; `skip` for a file with nothing to import. */
export async function decodeActivity(bytes: Uint8Array, options: DecodeActivityOptions = {}): Promise<DecodedActivity> {
  const format = detectActivityFormat(bytes, options.name);
  switch (format) {
    case 'gpx':
      return decodeGpx(bytes, options);
    case 'tcx':
      return decodeTcx(bytes, options);
    case 'fit':
      return { format, decoded: await decodeFit(bytes, { maxBytes: options.maxFitBytes ?? MAX_FIT_BYTES }) };
  }
}
