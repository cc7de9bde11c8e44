/**
 * FIT bytes → DecodedFit. Our structural validation first (validate-structure.ts), then
 * fit-file-parser 6.1.2 per segment, mapped to parser-independent shapes. Options follow
 * shared/design/research/fit-parsers.md: force false (check CRCs), mode 'list' (cascade drops
 * records outside laps), SI units, no elapsed record fields.
 * Protocol: https://developer.garmin.com/fit/protocol/ ("Chained FIT Files").
 */
import FitParser, { type FitParserOptions } from 'fit-file-parser';
import { DomainError } from '../errors.js';
import { mapEvents, mapFileId, mapLap, mapSession } from './map-messages.js';
import { emptyRecordColumns, mapRecords } from './map-records.js';
import { expandHrMessages, mergeHeartRate } from './merge-hr.js';
import type { DecodedFit, FitIssue } from './types.js';
import { type FitSegmentInfo, validateFitStructure } from './validate-structure.js';
import type { ParsedRow } from './values.js';

/** Default input cap: 3 MiB keeps the decode under ~100 MB of heap (128 MB isolate). */
export const MAX_FIT_BYTES = 3 * 1024 * 1024;

export interface DecodeFitOptions {
  /** Largest accepted input in bytes; default MAX_FIT_BYTES. */
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

const GLOBAL_HR = 132;

/** Throws DomainError: the validation codes, or `decode_failed` when the parser rejects the file. */
export async function decodeFit(bytes: Uint8Array, options: DecodeFitOptions = {}): Promise<DecodedFit> {
  const structure = validateFitStructure(bytes, { maxBytes: options.maxBytes ?? MAX_FIT_BYTES });
  const [first, ...chained] = structure.segments as [FitSegmentInfo, ...FitSegmentInfo[]];
  const parsed = await parseSegment(bytes, first);
  const sessionRows = rowsOf(parsed, 'sessions');
  const decoded: DecodedFit = {
    fileId: mapFileId(rowsOf(parsed, 'file_ids')[0]),
    sessions: sessionRows.map((row, i) => mapSession(row, i, sessionRows.length)),
    laps: rowsOf(parsed, 'laps').map(mapLap),
    records: rowsOf(parsed, 'records').length > 0 ? mapRecords(rowsOf(parsed, 'records')) : emptyRecordColumns(),
    events: mapEvents(rowsOf(parsed, 'events')),
    segments: structure.segments.length,
    errors: [],
  };
  if (chained.length > 0) await mergeChainedSegments(bytes, chained, decoded);
  return decoded;
}

/**
 * Later segments holding only `hr` messages (HRM straps) are merged into the records by time.
 * Anything else (a second activity, settings…) is reported in `errors`, not decoded.
 */
async function mergeChainedSegments(bytes: Uint8Array, chained: FitSegmentInfo[], decoded: DecodedFit): Promise<void> {
  const hrRows: ParsedRow[] = [];
  for (const segment of chained) {
    const globals = Object.keys(segment.byGlobal).map(Number);
    if (globals.length === 1 && globals[0] === GLOBAL_HR) {
      const parsed = await parseSegment(bytes, segment);
      hrRows.push(...rowsOf(parsed.messages, 'hr'));
    } else {
      decoded.errors.push(issue('chained_segments_not_merged', `The chained FIT segment at byte ${segment.offset} holds messages ${globals.join(', ')}, not only heart rate; it was not decoded.`, segment.offset));
    }
  }
  if (hrRows.length === 0) return;
  const filled = mergeHeartRate(decoded.records, expandHrMessages(hrRows));
  if (filled === 0) {
    decoded.errors.push(issue('chained_segments_not_merged', `${hrRows.length} chained heart-rate messages did not overlap any record without heart rate.`, chained[0]!.offset));
  }
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

function issue(code: string, message: string, offset?: number): FitIssue {
  return offset === undefined ? { code, message } : { code, message, offset };
}
