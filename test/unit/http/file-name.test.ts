import { describe, expect, it } from 'vitest';
import { MAX_FILE_NAME_CHARS, sanitiseFileName } from '../../../src/core/file-name';

describe('sanitiseFileName', () => {
  it('removes bidi overrides, CR/LF and control characters', () => {
    expect(sanitiseFileName('run\u202Etif.exe')).toBe('run tif.exe');
    expect(sanitiseFileName('a\r\nb\u0000c.fit')).toBe('a b c.fit');
    expect(sanitiseFileName('\u2066x\u2069.fit')).toBe('x .fit');
  });

  it('caps at 255 characters, keeping the extension', () => {
    const out = sanitiseFileName(`${'a'.repeat(6000)}.fit`);
    expect(Array.from(out)).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(out.endsWith('….fit')).toBe(true);
    expect(Array.from(sanitiseFileName('😀'.repeat(300)))).toHaveLength(MAX_FILE_NAME_CHARS);
  });

  it('names an empty or invisible-only name', () => {
    expect(sanitiseFileName('\u202E\r\n')).toBe('unnamed');
  });
});
