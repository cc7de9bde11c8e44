/**
 * FIT bytes → DecodedFit: the production entry point, on the fast single-pass decoder
 * (fast/decode-fit-fast.ts). decodeFitReference (fit-file-parser) gives the same output and
 * stays for differential tests and benchmarks.
 * Protocol: https://developer.garmin.com/fit/protocol/
 */
import type { DecodedFit } from './types.js';
import { decodeFitFast } from './fast/decode-fit-fast.js';

/**
 * Default input cap: 16 MiB. The fast decoder holds the input plus its columns (≈ 1-4× the
 * file), where fit-file-parser needed ~30 MB of heap per MB and forced a 3 MiB cap.
 */
export const MAX_FIT_BYTES = 16 * 1024 * 1024;

export interface DecodeFitOptions {
  /** Largest accepted input in bytes; default MAX_FIT_BYTES. */
  maxBytes?: number;
}

/** Throws DomainError: the validation codes, or `decode_failed` for a timestamp the file cannot resolve. */
export async function decodeFit(bytes: Uint8Array, options: DecodeFitOptions = {}): Promise<DecodedFit> {
  return decodeFitFast(bytes, { maxBytes: options.maxBytes ?? MAX_FIT_BYTES });
}
