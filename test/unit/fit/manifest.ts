// Expected facts parsed from the corpus MANIFEST.md "Files" table, so the tests follow the
// manifest rather than a copy of it. The parser is strict: tests assert how many rows it found.
export interface ExpectedSession {
  sport: string;
  subSport?: string;
  start: string;
  distance: number;
  timer?: number;
  avgHeartRate?: number;
}

export interface ExpectedFile {
  name: string;
  bytes: number;
  mustReject: boolean;
  fileType?: string;
  sessions: ExpectedSession[];
  records?: number;
  laps?: number;
  developerDefinitions: number;
  compressedTimestamps: number;
  chained: number;
  twelveByteHeader: boolean;
}

const SESSION = /(?:^|<br>|session: |\d\. )([a-z_]+)(?:\/([a-z_]+))?, start (\S+), dist ([\d.]+) m, timer (?:([\d.]+) s|absent), avgHR (?:(\d+)|absent)/g;

export function parseManifest(text: string): ExpectedFile[] {
  const files: ExpectedFile[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([^`]+\.fit)`$/.exec(cells[1] ?? '')?.[1];
    if (!name || cells.length < 8) continue;
    const what = cells[5]!;
    const expected = cells[6]!;
    const sessions: ExpectedSession[] = [];
    for (const m of expected.matchAll(SESSION)) {
      sessions.push({
        sport: m[1]!,
        ...(m[2] ? { subSport: m[2] } : {}),
        start: m[3]!,
        distance: Number(m[4]),
        ...(m[5] ? { timer: Number(m[5]) } : {}),
        ...(m[6] ? { avgHeartRate: Number(m[6]) } : {}),
      });
    }
    const count = (re: RegExp): number => Number((re.exec(what)?.[1] ?? '0').replace(/,/g, ''));
    files.push({
      name,
      bytes: Number(cells[2]!.replace(/,/g, '')),
      mustReject: expected.includes('must be rejected'),
      fileType: /file_id\.type \*\*(\w+)\*\*/.exec(expected)?.[1] ?? (sessions.length > 0 ? 'activity' : undefined),
      sessions,
      records: optionalCount(/records ([\d,]+)/.exec(expected)?.[1]),
      laps: optionalCount(/laps ([\d,]+)/.exec(expected)?.[1]),
      developerDefinitions: count(/dev-defs×(\d+)/),
      compressedTimestamps: count(/compressed-ts×([\d,]+)/),
      chained: count(/chained×(\d+)/),
      twelveByteHeader: what.includes('12-byte-header'),
    });
  }
  return files;
}

function optionalCount(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text.replace(/,/g, ''));
}
