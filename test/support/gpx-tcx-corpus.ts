/**
 * Reads the GPX/TCX corpus (../shared/gpx-tcx-corpus, or GPX_TCX_CORPUS) in Node, for the unit
 * tests and, as a base64 binding, for the workerd tests. With CI=true a missing corpus is an
 * error, never a skip. The files stay outside the repository (see its MANIFEST.md).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function gpxTcxCorpusPath(): string {
  return resolve(process.env.GPX_TCX_CORPUS ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'gpx-tcx-corpus'));
}

export function hasGpxTcxCorpus(): boolean {
  const present = existsSync(gpxTcxCorpusPath());
  if (!present && process.env.CI === 'true') throw new Error(`GPX/TCX corpus not found at ${gpxTcxCorpusPath()} (set GPX_TCX_CORPUS); CI requires it.`);
  return present;
}

export function readGpxTcx(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(gpxTcxCorpusPath(), name)));
}

export function loadGpxTcxCorpusBindings(): Record<string, string> {
  if (!hasGpxTcxCorpus()) return {};
  const files: Record<string, string> = {};
  for (const name of readdirSync(gpxTcxCorpusPath())) {
    if (/\.(gpx|tcx)$/.test(name)) files[name] = readFileSync(join(gpxTcxCorpusPath(), name)).toString('base64');
  }
  return files;
}
