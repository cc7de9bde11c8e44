/**
 * CSV export of a session's records (`GET /sessions/{id}/records?format=csv`).
 *
 * Reference: RFC 4180 — CRLF after every record (the last included), a header line, fields
 * quoted only when they hold a comma, a double quote, CR or LF, with quotes doubled inside.
 * A missing sample is an empty cell (pandas and Polars read it as null; "0" would be a value).
 * Times are ISO-8601 UTC strings as the readers produce them; numbers use JavaScript's
 * shortest round-trip form, so a value read back parses to the same double.
 */
import type { RecordBatch, RecordRow } from '../parquet/read-records.js';

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';

const CRLF = '\r\n';

/**
 * Yields the header line, then one string per batch (a row group), so a Worker can stream a
 * long session without building the whole text. `columns` fixes the header and cell order.
 */
export async function* recordsToCsvChunks(
  columns: readonly string[],
  batches: AsyncIterable<RecordBatch> | Iterable<RecordBatch>,
): AsyncGenerator<string> {
  yield formatCsvLine(columns);
  for await (const batch of batches) {
    if (batch.rows.length > 0) yield formatCsvRows(columns, batch.rows);
  }
}

/** CSV text for some rows, each line ending in CRLF. */
export function formatCsvRows(columns: readonly string[], rows: readonly RecordRow[]): string {
  // plain loops and no per-cell regex for numbers: this runs once per cell of a 100k-row export
  let out = '';
  for (const row of rows) {
    let line = '';
    for (let j = 0; j < columns.length; j++) {
      const value = row[columns[j]!];
      if (j > 0) line += ',';
      if (typeof value === 'number') line += String(value);
      else if (typeof value === 'string') line += formatCsvField(value);
    }
    out += line + CRLF;
  }
  return out;
}

function formatCsvLine(cells: readonly (string | number | null)[]): string {
  return cells.map(formatCsvField).join(',') + CRLF;
}

export function formatCsvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
