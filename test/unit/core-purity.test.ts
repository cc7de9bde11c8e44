import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

// src/core is pure: no Cloudflare runtime, no bindings, no web framework or ORM, no clock or
// randomness it was not given. This keeps it runnable (and tested) in plain Node.
const FORBIDDEN: Array<[RegExp, string]> = [
  [/from\s+['"]cloudflare:/, 'a Cloudflare runtime module'],
  [/from\s+['"](hono|@hono\/[^'"]+|drizzle-orm[^'"]*)['"]/, 'hono or drizzle'],
  [/from\s+['"][^'"]*\/(adapters|workers|http|jobs)\//, 'an outer layer'],
  [/from\s+['"]node:/, 'a Node built-in'],
  [/\bDate\.now\(|\bnew Date\(\)|performance\.now\(/, 'the clock'],
  [/\bMath\.random\(|crypto\.getRandomValues/, 'randomness'],
  [/\bEnv\b/, 'the Worker Env'],
];

describe('src/core purity', () => {
  const sources = files(join(root, 'src', 'core'));
  it('has sources to check', () => expect(sources.length).toBeGreaterThan(5));
  for (const file of sources) {
    it(`${relative(root, file)} imports nothing impure`, () => {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const [pattern, what] of FORBIDDEN) expect(pattern.test(text), `uses ${what}`).toBe(false);
    });
  }
});
