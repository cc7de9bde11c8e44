import type { Hook } from '@hono/zod-openapi';
import type { AppEnv } from './context';
import { toProblemResponse } from './problem';

/** Every schema violation answers 400 validation_failed with the failing paths. */
export const validationHook: Hook<unknown, AppEnv, string, unknown> = (result, c) => {
  if (!result.success) return toProblemResponse(result.error, c);
  return undefined;
};
