/**
 * Chained FIT segments after the first (Garmin "FIT Protocol", "Chained FIT Files":
 * https://developer.garmin.com/fit/protocol/). HRM straps (HRM-Swim/Tri/Pro) append segments
 * holding only `hr` messages (global 132): those are merged into the records by time
 * (merge-hr.ts). Any other chained segment is reported in `errors`, not decoded. Shared by the
 * fast decoder and the fit-file-parser reference so both report alike.
 */
import { expandHrMessages, mergeHeartRate } from './merge-hr.js';
import type { DecodedFit, FitIssue } from './types.js';
import type { FitSegmentInfo } from './validate-structure.js';
import type { ParsedRow } from './values.js';

const GLOBAL_HR = 132;

/** True when the segment holds `hr` data messages and nothing else. */
export function isHrOnlySegment(segment: FitSegmentInfo): boolean {
  const globals = Object.keys(segment.byGlobal).map(Number);
  return globals.length === 1 && globals[0] === GLOBAL_HR;
}

export function notMergedIssue(segment: FitSegmentInfo): FitIssue {
  const globals = Object.keys(segment.byGlobal).map(Number);
  return issue('chained_segments_not_merged', `The chained FIT segment at byte ${segment.offset} holds messages ${globals.join(', ')}, not only heart rate; it was not decoded.`, segment.offset);
}

/** Merges the `hr` rows of the chained segments into `decoded.records`, reporting a merge that filled nothing. */
export function mergeChainedHr(decoded: DecodedFit, hrRows: readonly ParsedRow[], firstChained: FitSegmentInfo): void {
  if (hrRows.length === 0) return;
  const filled = mergeHeartRate(decoded.records, expandHrMessages(hrRows));
  // the strap's samples are beats: the sessions' average HR is a per-beat mean, as the watch's is
  if (filled > 0) for (const session of decoded.sessions) session.hrPerBeat = true;
  if (filled === 0) {
    decoded.errors.push(issue('chained_segments_not_merged', `${hrRows.length} chained heart-rate messages did not overlap any record without heart rate.`, firstChained.offset));
  }
}

function issue(code: string, message: string, offset: number): FitIssue {
  return { code, message, offset };
}
