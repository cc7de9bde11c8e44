import { describe, expect, it } from 'vitest';
import { bookmarkCookieHeader, readRequestConsistency } from '../../../src/http/d1-bookmark';
import { formatShardBookmark, parseShardBookmark } from '../../../src/adapters/d1/shards';

const BM = '00000085-0000024c-00004c6d-8e61117bf38d7adb71b934ebbf891683';

describe('D1 bookmarks at the HTTP edge', () => {
  it('reads anywhere, from the client\'s bookmark when sent; writes and job reads at the primary', () => {
    expect(readRequestConsistency(new Request('https://x/api/v1/sessions'))).toEqual({ constraint: 'first-unconstrained', bookmark: null, fresh: false });
    expect(readRequestConsistency(new Request('https://x/api/v1/sessions', { headers: { 'x-d1-bookmark': `1:${BM}` } })).bookmark).toBe(`1:${BM}`);
    expect(readRequestConsistency(new Request('https://x/api/v1/uploads', { method: 'POST' })).constraint).toBe('first-primary');
    expect(readRequestConsistency(new Request('https://x/api/v1/jobs/job_1'))).toMatchObject({ constraint: 'first-primary', fresh: true });
    expect(readRequestConsistency(new Request('https://x/api/v1/jobs'))).toMatchObject({ fresh: true });
    expect(readRequestConsistency(new Request('https://x/api/v1/jobsx')).fresh).toBe(false);
    expect(readRequestConsistency(new Request('https://x/sessions', { headers: { cookie: `a=b; __Host-pl_d1=${encodeURIComponent(`0:${BM}`)}` } })).bookmark).toBe(`0:${BM}`);
    // the web reads its cookie, not a header
    expect(readRequestConsistency(new Request('https://x/sessions', { headers: { 'x-d1-bookmark': `0:${BM}` } })).bookmark).toBeNull();
    expect(readRequestConsistency(new Request('https://x/sessions', { headers: { 'x-pacelab-live': '1' } }))).toMatchObject({ constraint: 'first-primary', fresh: true });
  });

  it('round-trips shard bookmarks and ignores anything else', () => {
    expect(parseShardBookmark(formatShardBookmark({ shard: 3, bookmark: BM }))).toEqual({ shard: 3, bookmark: BM });
    for (const junk of [null, '', 'x', `${BM}`, `a:${BM}`, '1:', '1:zz', `1:${BM}; drop`, `1:${'a'.repeat(200)}`]) expect(parseShardBookmark(junk), String(junk)).toBeNull();
  });

  it('sets a Secure __Host- cookie except on local http', () => {
    expect(bookmarkCookieHeader('https://pacelab.example/', `0:${BM}`)).toBe(`__Host-pl_d1=${encodeURIComponent(`0:${BM}`)}; Path=/; HttpOnly; SameSite=Lax; Secure`);
    expect(bookmarkCookieHeader('http://127.0.0.1:8787/', `0:${BM}`)).toMatch(/^pl_d1=.*SameSite=Lax$/);
  });
});
