/**
 * What every activity decoder (FIT, GPX, TCX) hands the import: the FIT-shaped decode (same
 * session rows, same record columns in SI/UTC), the format it came from, a title when the file
 * names the activity, or why there is nothing to import.
 */
import type { DecodedFit } from '../fit/types.js';

export type ActivityFormat = 'fit' | 'gpx' | 'tcx';

export interface DecodedActivity {
  format: ActivityFormat;
  decoded: DecodedFit;
  /** GPX `<name>`, TCX `<Notes>`: the activity's title as the file gives it (trimmed, bounded) */
  title?: string;
  /** set when the file is readable but holds no activity (a route, a single point, no trackpoints) */
  skip?: { code: string; message: string };
}

export interface XmlActivityOptions {
  /** largest decoded input (after gzip), bytes: `xml_too_large` beyond */
  maxBytes?: number;
  /** most points kept: `too_many_points` beyond */
  maxPoints?: number;
}

/**
 * Defaults: 64 MiB of XML is ~200 000 points of a verbose GPX, 55 h at 1 Hz; 500 000 points
 * bound the columns at ~40 MB even with every channel present.
 */
export const MAX_XML_BYTES = 64 * 1024 * 1024;
export const MAX_TRACK_POINTS = 500_000;

/** A title: control characters and runs of spaces collapsed, at most 200 characters. */
export function cleanTitle(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, ' ').trim();
  if (clean === '') return undefined;
  return clean.length <= 200 ? clean : `${clean.slice(0, 199)}…`;
}
