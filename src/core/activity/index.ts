// Activity files of every format (FIT, GPX, TCX) behind one seam: decodeActivity → DecodedActivity.
export * from './types.js';
export { decodeActivity, detectActivityFormat, type DecodeActivityOptions } from './decode-activity.js';
export { decodeGpx } from '../gpx/decode-gpx.js';
export { decodeTcx } from '../tcx/decode-tcx.js';
export { sportFamily } from '../track/sport.js';
export { compareForKeeping, FORMAT_RANK, isSameActivity, isSameFile, SAME_ELAPSED_FRACTION, SAME_START_MS, type ActivityKey } from './same-activity.js';
export { MAX_ACTIVITIES_CSV_BYTES, readActivityNames } from './activities-csv.js';
