/**
 * Domain errors: every failure the product can name has a stable `code` (part of the API
 * contract, never reworded), a human sentence, and whether trying again could help.
 * Queue consumers ack non-retryable errors (bad input) and retry retryable ones.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details?: Record<string, unknown>;

  constructor(code: string, message: string, options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
  }
}

/** A runner frozen (or moved) by a shard move: retry in a minute (shards.ts, speculative auth). */
export function runnerMovingError(): DomainError {
  return new DomainError('runner_moving', 'Your data is being moved to another database; please try again in a minute.', { retryable: true });
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
