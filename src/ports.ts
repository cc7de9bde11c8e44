/**
 * The small interfaces jobs and routes need, one file per concern under src/ports/. Adapters
 * (src/adapters) implement them over Cloudflare bindings; unit tests implement them in memory.
 */
export type * from './ports/runtime';
export type * from './ports/storage';
export type * from './ports/coordinator';
export type * from './ports/runners';
export type * from './ports/imports';
export type * from './ports/analysis';
export type * from './ports/plans';
