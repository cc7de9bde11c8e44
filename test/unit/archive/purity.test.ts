/** The archive core stays pure: no runtime-specific imports, no clocks, no randomness. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../../src/core/archive');

describe('src/core/archive purity', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it.each(files)('%s imports only relative modules and fflate, and reads no clock', (file) => {
    const code = readFileSync(join(DIR, file), 'utf8');
    const imports = [...code.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.filter((i) => !i.startsWith('.') && i !== 'fflate')).toEqual([]);
    expect(code).not.toMatch(/Date\.now|Math\.random|new Date\(|cloudflare:|node:/);
    expect(code).not.toMatch(/unzipSync|gunzipSync|inflateSync|\bUnzip\b/);
    expect(code.split('\n').length).toBeLessThan(220);
  });
});
