// Value-for-value comparison of two DecodedFit results (fast decoder vs fit-file-parser
// reference): every small object deep-equal, every record column equal element by element with
// Object.is (so NaN matches NaN and +0 does not match -0), the same channels present.
import { expect } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import type { DecodedFit } from '../../../src/core/fit/types.js';

export function expectSameDecoded(actual: DecodedFit, expected: DecodedFit): void {
  expect(actual.fileId).toStrictEqual(expected.fileId);
  expect(actual.sessions).toStrictEqual(expected.sessions);
  expect(actual.laps).toStrictEqual(expected.laps);
  expect(actual.lengths).toStrictEqual(expected.lengths);
  expect(actual.events).toStrictEqual(expected.events);
  expect(actual.segments).toBe(expected.segments);
  expect(actual.utcOffsetMin).toBe(expected.utcOffsetMin);
  expect(actual.errors).toStrictEqual(expected.errors);
  expect(actual.records.length).toBe(expected.records.length);
  expectSameColumn('timestamp', actual.records.timestamp, expected.records.timestamp);
  expect(Object.keys(actual.records.channels).sort()).toEqual(Object.keys(expected.records.channels).sort());
  for (const [name, column] of Object.entries(expected.records.channels)) {
    expectSameColumn(name, actual.records.channels[name as keyof typeof expected.records.channels]!, column);
  }
}

/** Reports the first differing index, which a plain toEqual on 100k numbers would bury. */
export function expectSameColumn(name: string, actual: Float64Array, expected: Float64Array): void {
  expect(actual, name).toBeInstanceOf(Float64Array);
  expect(actual.length, `${name} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) {
      expect.fail(`${name}[${i}]: fast ${actual[i]} ≠ reference ${expected[i]}`);
    }
  }
}

/** The DomainError code a decode rejects with (the test fails when it resolves). */
export async function rejectionCode(run: () => Promise<unknown>): Promise<string> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).retryable).toBe(false);
  return (error as DomainError).code;
}
