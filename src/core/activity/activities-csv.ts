/**
 * Strava's bulk export lists every activity in `activities.csv`: its name as the runner saw it
 * (and may have edited) and the path of its file inside the export (`activities/123.fit.gz`).
 * Parsed with csv-parse (RFC 4180: quoted fields with commas, quotes and newlines, which names
 * and descriptions often hold); columns are found by their header, so unknown or repeated
 * columns (Strava repeats "Distance" and "Elapsed Time") and other column orders are fine.
 */
import { parse } from 'csv-parse/sync';
import { cleanTitle } from './types.js';

/** Largest activities.csv read (a 10-year export of daily activities is a few MB). */
export const MAX_ACTIVITIES_CSV_BYTES = 16 * 1024 * 1024;

/**
 * Member path (relative to the archive, as the CSV's folder + its Filename) → activity name.
 * `folder` is where activities.csv sits inside the archive ('' at the root). A file that cannot
 * be parsed gives no names (the activities still import, under their own titles).
 */
export function readActivityNames(bytes: Uint8Array, folder = ''): Map<string, string> {
  const names = new Map<string, string>();
  let rows: string[][];
  try {
    rows = parse(new TextDecoder('utf-8').decode(bytes), { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch {
    return names;
  }
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const nameAt = header.indexOf('activity name');
  const fileAt = header.indexOf('filename');
  if (nameAt < 0 || fileAt < 0) return names;
  const prefix = folder === '' || folder.endsWith('/') ? folder : `${folder}/`;
  for (const row of rows.slice(1)) {
    const file = row[fileAt]?.trim().replace(/\\/g, '/').replace(/^\.\//, '');
    const name = cleanTitle(row[nameAt]);
    if (file && name) names.set(`${prefix}${file}`, name);
  }
  return names;
}
