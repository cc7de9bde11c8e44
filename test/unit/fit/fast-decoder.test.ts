import { describe, expect, it } from 'vitest';
import { decodeFit } from '../../../src/core/fit/decode-fit.js';
import { decodeFitReference } from '../../../src/core/fit/decode-fit-reference.js';
import { hasCorpus, readCorpusFile, readCorpusManifest } from '../support/corpus.js';
import { expectSameDecoded, rejectionCode } from './equality.js';
import { parseManifest } from './manifest.js';

describe.skipIf(!hasCorpus())('fast decoder vs fit-file-parser: corpus', () => {
  const manifest = hasCorpus() ? parseManifest(readCorpusManifest()) : [];
  const valid = manifest.filter((f) => !f.mustReject);
  const bad = manifest.filter((f) => f.mustReject);

  it('covers the corpus', () => {
    expect(valid.length).toBeGreaterThanOrEqual(20);
    expect(bad.length).toBeGreaterThanOrEqual(14);
  });

  it.each(valid.map((f) => f.name))('%s: value-for-value equal', async (name) => {
    const bytes = readCorpusFile(name);
    expectSameDecoded(await decodeFit(bytes), await decodeFitReference(bytes));
  });

  it.each(bad.map((f) => f.name))('%s: rejected with the same code', async (name) => {
    const bytes = readCorpusFile(name);
    expect(await rejectionCode(() => decodeFit(bytes))).toBe(await rejectionCode(() => decodeFitReference(bytes)));
  });
});
