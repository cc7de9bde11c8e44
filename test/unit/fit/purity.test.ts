import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// src/core is pure: no platform imports, no hidden clocks or randomness.
const DIR = fileURLToPath(new URL('../../../src/core/fit/', import.meta.url));
// includes fast/ (the single-pass decoder)
const files = (readdirSync(DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));

describe('src/core/fit purity', () => {
  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files).toContain('fast/decode-segment.ts');
  });
  it.each(files)('%s imports nothing from Cloudflare or node:, uses no Date.now / Math.random', (file) => {
    const source = readFileSync(DIR + file, 'utf8');
    expect(source).not.toMatch(/from ['"](cloudflare:|node:|fs|path)/);
    expect(source).not.toMatch(/Date\.now\(|Math\.random\(/);
    expect(source.split('\n').length).toBeLessThan(220);
  });
});
