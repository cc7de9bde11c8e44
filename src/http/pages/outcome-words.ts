/**
 * The words a runner reads about a file's outcome and about a background job, in ONE place: the
 * server-rendered pages use these functions, and the banner and upload scripts get the same
 * tables serialised into them (see assets/banner-js.ts), so the two sides cannot drift.
 * Codes stay the API's stable codes; they are shown in small print after the plain words.
 */
export type Tone = 'ok' | 'warn' | 'bad' | 'info';

/** Plain words per code family; a code not listed falls back to its status's sentence. */
export const CODE_WORDS: Record<string, string> = {
  // the file itself is damaged
  crc_mismatch: 'The file is damaged or incomplete — export it again from your watch.',
  header_crc_mismatch: 'The file is damaged or incomplete — export it again from your watch.',
  truncated: 'The file is damaged or incomplete — export it again from your watch.',
  trailing_bytes: 'The file is damaged or incomplete — export it again from your watch.',
  bad_header: 'The file is damaged or incomplete — export it again from your watch.',
  bad_record_header: 'The file is damaged or incomplete — export it again from your watch.',
  bad_definition: 'The file is damaged or incomplete — export it again from your watch.',
  no_messages: 'The file holds no recorded data — export it again from your watch.',
  decode_failed: 'The file could not be read — export it again from your watch.',
  time_not_monotonic: 'The file’s clock jumps backwards, so it cannot be read as one activity.',
  missing_time: 'The file has no timestamps, so it cannot be read as an activity.',
  empty_file: 'The file is empty — nothing was sent from your device.',
  not_fit: 'This is not an activity file Pacelab reads (FIT, GPX or TCX).',
  not_gpx: 'This is not a GPX file, though its name says so.',
  not_tcx: 'This is not a TCX file, though its name says so.',
  too_large: 'The file is larger than Pacelab accepts.',
  xml_malformed: 'The file is damaged or incomplete — export it again.',
  xml_dtd_not_allowed: 'The file declares XML entities, which are refused for safety — export it again from the app.',
  xml_too_large: 'The file is larger than Pacelab accepts.',
  too_many_points: 'The file holds more points than any one activity could — it was not read.',
  bad_coordinates: 'The file has positions that are not on the globe, so it cannot be read as an activity.',
  bad_time: 'The file has a time that is not a date, so it cannot be read as an activity.',
  // archives
  truncated_archive: 'The archive is incomplete — download the export again.',
  invalid_central_directory: 'The archive is damaged — download the export again.',
  corrupt_data: 'This file inside the archive is damaged — download the export again.',
  truncated_data: 'This file inside the archive is incomplete — download the export again.',
  size_mismatch: 'This file inside the archive is damaged — download the export again.',
  encrypted_entry: 'The file is password-protected — export it again without a password.',
  multi_disk_archive: 'Split archives are not supported — zip the files again as one archive.',
  archive_too_large: 'The archive is larger than Pacelab accepts.',
  entry_too_large: 'This file is larger than Pacelab accepts once unpacked.',
  ratio_exceeded: 'This file unpacks to far more data than is plausible, so it was not opened.',
  overlapping_entries: 'The archive is built in a way used for attacks, so nothing was unpacked.',
  // skipped
  not_activity: 'Not an activity (a settings, course or workout file, or a planned route) — nothing to import.',
  too_few_points: 'The track has a single point — nothing to import.',
  no_trackpoints: 'The file has laps but no recorded track — nothing to import.',
  // duplicates
  duplicate_file: 'Already in Pacelab: the same file was imported before.',
  duplicate_activity: 'Already in Pacelab: the same recording was imported before.',
  same_activity: 'Already in Pacelab: the same activity came from another file (another format or app).',
  // failures of ours
  failed_after_retries: 'Pacelab could not process this file after several tries — upload it again later.',
  missing_upload: 'The uploaded file was lost before it was processed — upload it again.',
};

const STATUS_WORDS: Record<string, [Tone, string]> = {
  imported: ['ok', 'Imported'],
  duplicate: ['warn', 'Already in Pacelab'],
  skipped: ['warn', 'Skipped — nothing to import'],
  ignored: ['info', 'Not an activity (left out)'],
  expanded: ['info', 'Archive unpacked'],
  rejected: ['bad', 'Not imported — the file could not be read'],
  failed: ['bad', 'Not imported — Pacelab could not process it'],
  queued: ['info', 'Waiting to be processed'],
  processing: ['info', 'Processing…'],
};

export interface FileOutcome {
  tone: Tone;
  /** the short label ("Imported", "Already in Pacelab", …) */
  label: string;
  /** the sentence for a runner, when there is more to say than the label */
  sentence?: string;
  code?: string;
}

export function describeOutcome(file: { status: string; code?: string; message?: string }): FileOutcome {
  const [tone, label] = STATUS_WORDS[file.status] ?? ['info', file.status];
  const sentence = (file.code && CODE_WORDS[file.code]) ?? (file.status === 'imported' ? undefined : file.message);
  return { tone, label, sentence, code: file.code };
}

/** One wording per job kind: what the banner says while it runs and once it is done. */
export interface JobWords {
  running: string;
  done: string;
  /** whether counts of files mean anything for this kind */
  files: boolean;
  /** once undone (status cancelled: POST /jobs/{id}/cancel) */
  cancelled?: string;
}

export const JOB_WORDS: Record<string, JobWords> = {
  upload: { running: 'Upload', done: 'Upload processed', files: true },
  plan: { running: 'Training plan', done: 'Training plan ready', files: false },
  delete: { running: 'Deleting a session', done: 'Session deleted', cancelled: 'Delete undone', files: false },
  recompute: { running: 'Deleting a session', done: 'Session deleted; records and history updated', files: false },
  reanalyse: { running: 'Re-analysing sessions', done: 'Sessions re-analysed', files: false },
  export: { running: 'Preparing your data export', done: 'Your data export is ready to download (Settings → Your data)', files: false },
};

export const STAGE_WORDS: Record<string, string> = {
  import: 'importing files', analyse: 'analysing sessions', bests: 'updating personal bests',
  history: 'updating training history', export: 'writing the ZIP of your files, records and statistics', optimise: 'optimising the plan', delete: 'held a few seconds so you can undo it (Sessions → Undo)', replan: 'plan updated, adjusting the coming weeks to your runs', done: 'finishing',
};

export function jobWords(kind: string): JobWords {
  return JOB_WORDS[kind] ?? { running: 'Background job', done: 'Background job finished', files: false };
}

/** The tone of a finished job: problems are never shown in green. */
/** what a finished job says: its kind's words, or the undo's */
export function finishedWords(kind: string, status: string): string {
  const w = jobWords(kind);
  return status === 'cancelled' ? (w.cancelled ?? 'Cancelled') : w.done;
}

export function jobTone(status: string, counts: Record<string, number | undefined>): Tone {
  if (status === 'failed') return 'bad';
  if (status === 'completed_with_errors' || (counts.rejected ?? 0) > 0 || (counts.failed ?? 0) > 0) return 'warn';
  return 'ok';
}
