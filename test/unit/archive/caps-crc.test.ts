import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  ARCHIVE_MESSAGES, chargeOutputBudget, checkNestingDepth, computeCrc32, createOutputBudget, DEFAULT_ARCHIVE_CAPS,
  resolveArchiveCaps, updateCrc32,
} from '../../../src/core/archive/index.js';
import { fakeFit } from './fixtures.js';

describe('resolveArchiveCaps', () => {
  it('starts from the reliability.md defaults and freezes the result', () => {
    const caps = resolveArchiveCaps();
    expect(caps).toEqual(DEFAULT_ARCHIVE_CAPS);
    expect(caps).toMatchObject({ maxEntries: 200_000, maxNestingDepth: 2, maxRatio: 100, ratioGraceBytes: 1024 * 1024, maxNameBytes: 1024 });
    expect(Object.isFrozen(caps)).toBe(true);
    expect(resolveArchiveCaps({ maxRatio: 50 }).maxRatio).toBe(50);
  });

  it('rejects invalid values once, listing every problem', () => {
    const attempt = () => resolveArchiveCaps({ maxRatio: 0, maxEntries: 1.5, inflateSliceBytes: 2 << 20, maxEntryBytes: 2 ** 33, bogus: 1 } as never);
    expect(attempt).toThrow(expect.objectContaining({ code: 'invalid_caps' }));
    try {
      attempt();
    } catch (error) {
      expect((error as { details: { problems: string[] } }).details.problems).toHaveLength(5);
    }
  });
});

describe('checkNestingDepth', () => {
  it('allows the Garmin shape (depth 2) and rejects depth 3 with nesting_too_deep', () => {
    expect(() => checkNestingDepth(1)).not.toThrow();
    expect(() => checkNestingDepth(2)).not.toThrow();
    expect(() => checkNestingDepth(3)).toThrow(expect.objectContaining({ code: 'nesting_too_deep', retryable: false }));
  });
});

describe('output budget', () => {
  it('is min(30 × upload, 60 GiB), persists as a number, and throws once exceeded', () => {
    expect(createOutputBudget(1000).limit).toBe(30_000);
    expect(createOutputBudget(10 * 2 ** 30).limit).toBe(60 * 2 ** 30);
    const budget = createOutputBudget(1000, 29_000);
    chargeOutputBudget(budget, 1000);
    expect(budget.used).toBe(30_000);
    expect(() => chargeOutputBudget(budget, 1)).toThrow(expect.objectContaining({ code: 'output_budget_exceeded' }));
  });
});

describe('CRC-32', () => {
  it('matches the check value and zlib on varied inputs, also when continued', () => {
    expect(computeCrc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(computeCrc32(new Uint8Array(0))).toBe(0);
    for (const size of [1, 3, 4, 7, 1000, 65_537]) {
      const bytes = fakeFit(size, Math.max(size, 12)).subarray(0, size);
      expect(computeCrc32(bytes)).toBe(crc32(bytes));
      expect(updateCrc32(computeCrc32(bytes.subarray(0, size >> 1)), bytes.subarray(size >> 1))).toBe(crc32(bytes));
    }
  });
});

describe('codes', () => {
  it('gives every code a human sentence', () => {
    for (const [code, message] of Object.entries(ARCHIVE_MESSAGES)) {
      expect(code).toMatch(/^[a-z0-9_]+$/);
      expect(message).toMatch(/^[A-Z].+\.$/);
    }
  });
});
