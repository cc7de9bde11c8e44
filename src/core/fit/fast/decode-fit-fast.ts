/**
 * FIT bytes → DecodedFit in one pass per segment, without fit-file-parser (Garmin "FIT
 * Protocol": https://developer.garmin.com/fit/protocol/, "Chained FIT Files"). Validation is
 * validate-structure.ts, unchanged, so every bad file gets the codes it always got; the walk's
 * per-segment record count sizes the columns. Small messages reuse map-messages.ts, so the
 * output equals decodeFitReference's value for value (test/unit/fit/fast-decoder.test.ts).
 */
import { isHrOnlySegment, mergeChainedHr, notMergedIssue } from '../chained-segments.js';
import { attachClockOffsets, mapClockOffsets } from '../clock-correlation.js';
import { attachEndPositions, mapEvents, mapFileId, mapLap, mapLength, mapSession, mapUtcOffset } from '../map-messages.js';
import { emptyRecordColumns } from '../map-records.js';
import type { DecodedFit } from '../types.js';
import { type FitSegmentInfo, validateFitStructure } from '../validate-structure.js';
import type { ParsedRow } from '../values.js';
import { ACTIVITY_WANTS, HR_WANTS } from './compile-definition.js';
import { decodeSegment } from './decode-segment.js';
import { GLOBAL } from './profile-subset.js';
import { createRecordBuilder, finishRecords } from './record-builder.js';

export interface DecodeFitFastOptions {
  /** Largest accepted input in bytes (required here; decodeFit supplies the default). */
  maxBytes: number;
}

/** Throws DomainError: the validation codes, or `decode_failed` (see decode-segment.ts). */
export function decodeFitFast(bytes: Uint8Array, options: DecodeFitFastOptions): DecodedFit {
  const structure = validateFitStructure(bytes, { maxBytes: options.maxBytes });
  const [first, ...chained] = structure.segments as [FitSegmentInfo, ...FitSegmentInfo[]];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const recordCount = first.byGlobal[GLOBAL.record] ?? 0;
  const builder = createRecordBuilder(recordCount);
  const rows = decodeSegment(bytes, view, first, ACTIVITY_WANTS, builder);
  const sessionRows = rows.get(GLOBAL.session) ?? [];
  const decoded: DecodedFit = {
    fileId: mapFileId(rows.get(GLOBAL.fileId)?.[0]),
    sessions: sessionRows.map((row, i) => mapSession(row, i, sessionRows.length)),
    laps: (rows.get(GLOBAL.lap) ?? []).map(mapLap),
    lengths: (rows.get(GLOBAL.length) ?? []).map(mapLength),
    records: builder.length > 0 ? finishRecords(builder) : emptyRecordColumns(),
    events: mapEvents(rows.get(GLOBAL.event) ?? []),
    segments: structure.segments.length,
    errors: [],
  };
  const utcOffsetMin = mapUtcOffset(rows.get(GLOBAL.activity)?.[0]);
  if (utcOffsetMin !== undefined) decoded.utcOffsetMin = utcOffsetMin;
  attachClockOffsets(decoded, mapClockOffsets(rows.get(GLOBAL.timestampCorrelation) ?? []));
  attachEndPositions(decoded);
  const hrRows: ParsedRow[] = [];
  for (const segment of chained) {
    if (isHrOnlySegment(segment)) hrRows.push(...(decodeSegment(bytes, view, segment, HR_WANTS).get(GLOBAL.hr) ?? []));
    else decoded.errors.push(notMergedIssue(segment));
  }
  if (chained.length > 0) mergeChainedHr(decoded, hrRows, chained[0]!);
  return decoded;
}
