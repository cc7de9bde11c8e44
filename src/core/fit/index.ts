// Pure FIT validation + decoding. See decode-fit.ts for the pipeline, types.ts for the shapes.
// decodeFitReference (fit-file-parser) is imported from './decode-fit-reference.js' by tests and
// benchmarks only, so production bundles do not carry fit-file-parser's decoder.
export * from './types.js';
export { validateFitStructure, type FitSegmentInfo, type FitStructure, type ValidateFitOptions } from './validate-structure.js';
export { decodeFit, MAX_FIT_BYTES, type DecodeFitOptions } from './decode-fit.js';
export { classifyFit, fitIdentity, sliceRecordsForSession, type FitKind } from './classify.js';
export { fitCrc16 } from './crc.js';
export { assignSessionLaps, assignSessionRecords, mergeRecordsByTimestamp, type SessionRecords, type SessionWindow } from './session-records.js';
