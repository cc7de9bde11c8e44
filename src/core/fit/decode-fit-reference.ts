/**
 * The reference decoder: our structural validation first (validate-structure.ts), then
 * fit-file-parser 6.1.2 per segment, mapped to parser-independent shapes. Production uses the
 * fast decoder (decode-fit.ts); this one stays for differential tests and the benchmark.
 * Options follow shared/design/research/fit-parsers.md: force false (check CRCs), mode 'list'
 * (cascade drops records outside laps), SI units, no elapsed record fields.
 * Protocol: https://developer.garmin.com/fit/protocol/ ("Chained FIT Files").
 */
import FitParser, { type FitParserOptions } from 'fit-file-parser';
import { DomainError } from '../errors.js';
import { isHrOnlySegment, mergeChainedHr, notMergedIssue } from './chained-segments.js';
import { attachClockOffsets, mapClockOffsets } from './clock-correlation.js';
import { attachEndPositions, mapEvents, mapFileId, mapLap, mapLength, mapSession, mapUtcOffset } from './map-messages.js';
import { emptyRecordColumns, mapRecords } from './map-records.js';
import type { DecodedFit } from './types.js';
import { type FitSegmentInfo, validateFitStructure } from './validate-structure.js';
import type { ParsedRow } from './values.js';

/** Default input cap of the reference: 3 MiB keeps fit-file-parser under ~100 MB of heap. */
export const REFERENCE_MAX_FIT_BYTES = 3 * 1024 * 1024;

export interface DecodeFitReferenceOptions {
  /** Largest accepted input in bytes; default REFERENCE_MAX_FIT_BYTES. */
  maxBytes?: number;
}

const PARSER_OPTIONS: FitParserOptions = {
  force: false,
  mode: 'list',
  lengthUnit: 'm',
  speedUnit: 'm/s',
  temperatureUnit: 'celsius',
  elapsedRecordField: false,
};

/** Throws DomainError: the validation codes, or `decode_failed` when the parser rejects the file. */
export async function decodeFitReference(bytes: Uint8Array, options: DecodeFitReferenceOptions = {}): Promise<DecodedFit> {
  const structure = validateFitStructure(bytes, { maxBytes: options.maxBytes ?? REFERENCE_MAX_FIT_BYTES });
  const [first, ...chained] = structure.segments as [FitSegmentInfo, ...FitSegmentInfo[]];
  const parsed = await parseSegment(bytes, first);
  const sessionRows = rowsOf(parsed, 'sessions');
  const decoded: DecodedFit = {
    fileId: mapFileId(rowsOf(parsed, 'file_ids')[0]),
    sessions: sessionRows.map((row, i) => mapSession(row, i, sessionRows.length)),
    laps: rowsOf(parsed, 'laps').map(mapLap),
    lengths: rowsOf(parsed, 'lengths').map(mapLength),
    records: rowsOf(parsed, 'records').length > 0 ? mapRecords(rowsOf(parsed, 'records')) : emptyRecordColumns(),
    events: mapEvents(rowsOf(parsed, 'events')),
    segments: structure.segments.length,
    errors: [],
  };
  // mode 'list' keeps the activity message as one object, not a list
  const activity = parsed.activity;
  const utcOffsetMin = mapUtcOffset(typeof activity === 'object' && activity !== null ? (activity as ParsedRow) : undefined);
  if (utcOffsetMin !== undefined) decoded.utcOffsetMin = utcOffsetMin;
  // every timestamp_correlation is in `messages` (the top-level key keeps only the last one)
  attachClockOffsets(decoded, mapClockOffsets(rowsOf(parsed.messages, 'timestamp_correlation')));
  attachEndPositions(decoded);
  const hrRows: ParsedRow[] = [];
  for (const segment of chained) {
    if (isHrOnlySegment(segment)) hrRows.push(...rowsOf((await parseSegment(bytes, segment)).messages, 'hr'));
    else decoded.errors.push(notMergedIssue(segment));
  }
  if (chained.length > 0) mergeChainedHr(decoded, hrRows, chained[0]!);
  return decoded;
}

async function parseSegment(bytes: Uint8Array, segment: FitSegmentInfo): Promise<ParsedFitLike> {
  const start = bytes.byteOffset + segment.offset;
  const copy = bytes.buffer.slice(start, start + segment.byteLength) as ArrayBuffer;
  try {
    return (await new FitParser(PARSER_OPTIONS).parseAsync(copy)) as unknown as ParsedFitLike;
  } catch (error) {
    // fit-file-parser rejects with a string or an Error
    const reason = typeof error === 'string' ? error : error instanceof Error ? error.message : String(error);
    throw new DomainError('decode_failed', `The FIT segment at byte ${segment.offset} could not be decoded: ${reason}.`, {
      cause: error,
      details: { offset: segment.offset },
    });
  }
}

/** The parts of fit-file-parser's output we read; every message is a plain field-name map. */
type ParsedFitLike = Readonly<Record<string, unknown>> & { messages?: Readonly<Record<string, unknown>> };

function rowsOf(container: Readonly<Record<string, unknown>> | undefined, key: string): ParsedRow[] {
  const value = container?.[key];
  return Array.isArray(value) ? (value.filter((row) => typeof row === 'object' && row !== null) as ParsedRow[]) : [];
}
