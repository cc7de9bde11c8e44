/**
 * S12: a resumable upload of a > 100 MiB Garmin-shaped export survives `kill -9` of wrangler dev
 * between parts. The archive is built here, in memory: every valid FIT of the corpus (half loose
 * under activities/, half inside a nested DI_CONNECT/…/UploadedFiles_0-_Part1.zip), a JSON
 * profile, and stored random padding members (padding/junk-N.bin, not FIT) that take it past
 * 100 MiB. About half the parts go up (one first with wrong bytes, then again with the right
 * ones), one more is cut off half-sent, the whole process tree is killed, the app restarts on
 * the same state folder, and the upload must list exactly the parts that arrived. The rest go
 * up, a wrong SHA-256 is refused (checksum_mismatch, the upload stays open), the right one
 * starts the job, and every member must end with the outcome the corpus MANIFEST expects.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { deflateSync, zipSync } from 'fflate';
import { getJob, signup } from './http.mjs';
import { byStatusTotal, checkLedger, waitQuiet } from './oracle.mjs';

const MiB = 1024 * 1024;
const TERMINAL = ['imported', 'duplicate', 'rejected', 'skipped', 'failed', 'expanded', 'ignored'];
const UPLOAD_NAME = 's11-garmin-export.zip';
const INNER_PATH = 'DI_CONNECT/DI-Connect-Uploaded-Files/UploadedFiles_0-_Part1.zip';
const PROFILE_PATH = 'DI_CONNECT/DI-Connect-Fitness/drill-user_profile.json';
const secs = (ms) => +(ms / 1000).toFixed(1);

/**
 * What the MANIFEST says each corpus file must become: `imported` (a session), `skipped:not_activity`
 * (file_id.type course/settings/workout) or `rejected`. Without a MANIFEST, names decide.
 */
export function manifestExpectations(dir, names) {
  const out = new Map();
  const path = join(dir, 'MANIFEST.md');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  for (const line of text.split('\n')) {
    const m = /^\| `([^`]+\.fit)` \|/.exec(line);
    if (!m) continue;
    const expected = line.split('|').map((c) => c.trim()).filter(Boolean).at(-1) ?? '';
    if (/must be rejected/i.test(expected)) out.set(m[1], 'rejected');
    else if (/file_id\.type \*\*\w+\*\*; no session/.test(expected)) out.set(m[1], 'skipped:not_activity');
    else if (/^session:/.test(expected)) out.set(m[1], 'imported');
  }
  for (const name of names) if (!out.has(name)) out.set(name, /^(corrupt-|bad-real-)/.test(name) ? 'rejected' : 'imported');
  return out;
}

/** The export: FITs (deflated), a nested Garmin-style ZIP (stored), a JSON profile, random padding (stored). */
export function buildExport(corpus, { minBytes = 100 * MiB + 1, paddingMembers = 12 } = {}) {
  const expect = manifestExpectations(corpus.dir ?? '', corpus.all.map((f) => f.name));
  const fits = corpus.all.filter((f) => expect.get(f.name) !== 'rejected').sort((a, b) => a.name.localeCompare(b.name));
  const inner = fits.filter((_, i) => i % 2 === 1);
  const loose = fits.filter((_, i) => i % 2 === 0);
  const innerZip = zipSync(Object.fromEntries(inner.map((f) => [f.name, new Uint8Array(f.bytes)])), { level: 6 });
  const entries = {
    [PROFILE_PATH]: [new TextEncoder().encode(JSON.stringify({ userName: 'drill', gender: 'X', birthDate: '1990-01-01' })), { level: 6 }],
    [INNER_PATH]: [innerZip, { level: 0 }],
    ...Object.fromEntries(loose.map((f) => [`activities/${f.name}`, [new Uint8Array(f.bytes), { level: 6 }]])),
  };
  // Padding: the rest of minBytes (+1 MiB of slack) in members of unequal sizes, so part
  // boundaries fall inside members. Random bytes after a text line: not FIT, not ZIP, not gzip.
  const fixed = innerZip.length + loose.reduce((n, f) => n + deflateSync(new Uint8Array(f.bytes), { level: 6 }).length, 0);
  const paddingBytes = Math.max(0, minBytes + MiB - fixed);
  const weights = Array.from({ length: paddingMembers }, (_, k) => 1 + ((k * 7) % 5) / 10);
  const total = weights.reduce((a, b) => a + b, 0);
  const paddingNames = [];
  weights.forEach((w, k) => {
    const size = Math.floor((paddingBytes * w) / total);
    const head = Buffer.from(`PACELAB DRILL PADDING ${k + 1}: random bytes, not an activity\n`);
    const name = `padding/junk-${k + 1}.bin`;
    paddingNames.push(name);
    entries[name] = [new Uint8Array(Buffer.concat([head, randomBytes(Math.max(0, size - head.length))])), { level: 0 }];
  });
  let bytes = Buffer.from(zipSync(entries));
  if (bytes.length < minBytes) { // the FITs compressed better than assumed: one more member
    const extra = minBytes - bytes.length + MiB;
    entries[`padding/junk-${paddingMembers + 1}.bin`] = [new Uint8Array(randomBytes(extra)), { level: 0 }];
    paddingNames.push(`padding/junk-${paddingMembers + 1}.bin`);
    bytes = Buffer.from(zipSync(entries));
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex'), fits, inner, loose, expect, paddingNames, members: Object.keys(entries).length };
}

/** fetch against whichever app is current, every status counted, every 5xx kept. */
function apiClient() {
  const c = {
    base: '', token: '', statuses: {}, fivexx: [], timeouts: 0, slowest: { ms: 0, what: '' },
    async call(method, path, { json, body } = {}) {
      const headers = { authorization: `Bearer ${c.token}` };
      if (json !== undefined) headers['content-type'] = 'application/json';
      const t0 = Date.now();
      const note = (what) => { if (Date.now() - t0 > c.slowest.ms) c.slowest = { ms: Date.now() - t0, what: `${method} ${path.replace(/\/parts\/\d+$/, '/parts/n')} ${what}` }; };
      let res;
      try {
        // bounded: a hung request is counted and reported, not left to undici's 300 s timeout
        res = await fetch(`${c.base}/api/v1${path}`, { method, headers, body: json !== undefined ? JSON.stringify(json) : body, signal: AbortSignal.timeout(120_000) });
      } catch (error) {
        if (error?.name === 'TimeoutError') { c.timeouts++; note('(no answer)'); }
        throw error;
      }
      const text = await res.text();
      note(String(res.status));
      c.statuses[res.status] = (c.statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) c.fivexx.push(`${method} ${path} → ${res.status}: ${text.slice(0, 200)}`);
      let data;
      try { data = JSON.parse(text); } catch { data = undefined; }
      return { status: res.status, data, text };
    },
  };
  return c;
}

/**
 * A part PUT cut off halfway: the headers promise the whole part, half the body is written, then
 * the request hangs until the server is killed (a dropped connection mid-part).
 */
function startHalfSentPut(base, token, path, part) {
  const url = new URL(`${base}/api/v1${path}`);
  let settle;
  const outcome = new Promise((r) => { settle = r; });
  const req = request({ host: url.hostname, port: url.port, method: 'PUT', path: url.pathname, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': part.length } }, (res) => {
    res.resume();
    res.on('end', () => settle(`answered ${res.statusCode}`));
  });
  req.on('error', (e) => settle(`dropped (${e.code ?? e.message})`));
  const written = new Promise((r) => req.write(part.subarray(0, part.length >> 1), r));
  return { written, outcome };
}

export const S12 = {
  id: 'S12', title: 'resumable upload of a > 100 MB archive survives a wrangler dev restart',
  async run(ctx) {
    const problems = [];
    const figures = {};
    const check = (ok, message) => { if (!ok) problems.push(message); return ok; };
    const vars = { FAULTS: '{}' };

    let t = Date.now();
    const exp = buildExport(ctx.corpus);
    const { bytes: archive, sha256 } = exp;
    figures.archiveBytes = archive.length;
    figures.archiveMiB = +(archive.length / MiB).toFixed(2);
    figures.archiveMB = +(archive.length / 1e6).toFixed(1);
    figures.members = exp.members;
    figures.fits = exp.fits.length;
    figures.buildS = secs(Date.now() - t);
    ctx.log(`  archive: ${figures.archiveMiB} MiB, ${exp.members} members (${exp.loose.length} loose FITs, ${exp.inner.length} in the nested zip, ${exp.paddingNames.length} padding), built in ${figures.buildS} s`);
    check(archive.length > 100 * MiB, `archive is only ${archive.length} bytes`);

    let app = await ctx.app(vars);
    const api = apiClient();
    api.base = app.base;
    const runner = await signup(app.base, 's11');
    api.token = runner.token;

    // 1. Create.
    const created = await api.call('POST', '/uploads/multipart', { json: { name: UPLOAD_NAME, size: archive.length } });
    if (!check(created.status === 201, `create answered ${created.status}: ${created.text.slice(0, 200)}`)) return { pass: false, figures, problems };
    const { id, partSize, partCount } = created.data;
    figures.partSize = partSize;
    figures.parts = partCount;
    check(partCount === Math.ceil(archive.length / partSize), `partCount ${partCount} for ${archive.length} bytes in parts of ${partSize}`);
    check(created.data.missing?.length === partCount, `a new upload lists ${created.data.missing?.length} missing of ${partCount}`);
    const part = (n) => archive.subarray((n - 1) * partSize, Math.min(archive.length, n * partSize));
    const partPath = (n) => `/uploads/multipart/${id}/parts/${n}`;
    let uploadMs = 0;
    let sentBytes = 0;
    const put = async (n, body = part(n)) => {
      const t0 = Date.now();
      const r = await api.call('PUT', partPath(n), { body });
      uploadMs += Date.now() - t0;
      sentBytes += body.length;
      check(r.status === 200 && r.data?.partNumber === n && r.data?.size === body.length, `PUT part ${n} answered ${r.status}: ${r.text.slice(0, 200)}`);
      return r;
    };

    // 2. About half the parts, out of order, the short last one among them; part 2 first with
    //    the wrong bytes (same length), then again with the right ones (the re-send must win).
    const half = Math.floor(partCount / 2);
    const before = [...Array.from({ length: half - 1 }, (_, i) => i + 1), partCount].reverse();
    await put(2, randomBytes(part(2).length));
    for (const n of before) await put(n);
    const cutOff = half; // the first part not sent: cut off halfway when the server dies
    figures.sentBeforeKill = before.length;
    figures.firstHalfS = secs(uploadMs);

    // 3. kill -9 with a part half-sent, restart on the same state folder.
    const inFlight = startHalfSentPut(app.base, api.token, partPath(cutOff), part(cutOff));
    await inFlight.written;
    await new Promise((r) => setTimeout(r, 300));
    const errorsBefore = app.errors();
    const killedAt = Date.now();
    figures.killedProcesses = await app.kill9();
    ctx.forget(app);
    figures.cutOffPart = `${cutOff}: ${await inFlight.outcome}`;
    check(!/answered 5\d\d/.test(figures.cutOffPart), `the half-sent part was answered with a 5xx: ${figures.cutOffPart}`);
    app = await ctx.app(vars, app.stateDir);
    api.base = app.base;
    figures.restartS = secs(Date.now() - killedAt);

    // 4. The upload lists exactly the parts that arrived, with their sizes.
    const status = await api.call('GET', `/uploads/multipart/${id}`);
    if (!check(status.status === 200, `GET after restart answered ${status.status}: ${status.text.slice(0, 200)}`)) return { pass: false, figures, problems };
    const expectedParts = [...before].sort((a, b) => a - b);
    const listed = status.data.parts.map((p) => p.partNumber);
    const expectedMissing = Array.from({ length: partCount }, (_, i) => i + 1).filter((n) => !expectedParts.includes(n));
    check(status.data.status === 'open', `status after restart: ${status.data.status}`);
    check(JSON.stringify(listed) === JSON.stringify(expectedParts), `parts after restart ${JSON.stringify(listed)}, expected ${JSON.stringify(expectedParts)}`);
    check(JSON.stringify(status.data.missing) === JSON.stringify(expectedMissing), `missing after restart ${JSON.stringify(status.data.missing)}, expected ${JSON.stringify(expectedMissing)}`);
    for (const p of status.data.parts) check(p.size === part(p.partNumber).length, `part ${p.partNumber} listed with ${p.size} bytes, sent ${part(p.partNumber).length}`);
    check(status.data.receivedBytes === expectedParts.reduce((s, n) => s + part(n).length, 0), `receivedBytes ${status.data.receivedBytes}`);
    figures.missingAfterRestart = status.data.missing.length;

    // 5. Completing now is refused with the parts still missing; then the rest go up.
    const early = await api.call('POST', `/uploads/multipart/${id}/complete`, { json: { sha256 } });
    check(early.status === 409 && early.data?.code === 'parts_missing', `early complete answered ${early.status} ${early.data?.code}`);
    const secondStart = uploadMs;
    for (const n of status.data.missing) await put(n);
    figures.secondHalfS = secs(uploadMs - secondStart);
    figures.uploadS = secs(uploadMs);
    figures.uploadMiBps = +(sentBytes / MiB / (uploadMs / 1000)).toFixed(1);
    const full = await api.call('GET', `/uploads/multipart/${id}`);
    check(full.data?.missing?.length === 0 && full.data?.receivedBytes === archive.length, `after the rest: missing ${JSON.stringify(full.data?.missing)}, ${full.data?.receivedBytes} bytes`);

    // 6. A wrong SHA-256 is refused and leaves the upload open; the right one starts the job.
    t = Date.now();
    const wrongSha = createHash('sha256').update('not the archive').digest('hex');
    const wrong = await api.call('POST', `/uploads/multipart/${id}/complete`, { json: { sha256: wrongSha } });
    check(wrong.status === 422 && wrong.data?.code === 'checksum_mismatch', `wrong sha256 answered ${wrong.status} ${wrong.data?.code ?? wrong.text.slice(0, 200)}`);
    figures.wrongShaMs = Date.now() - t;
    // What the 422 leads a client to try: re-sending a part. The parts are assembled by now, so
    // it is refused (409 upload_closed) — or taken, should the upload reopen — never a 5xx.
    const resend = await api.call('PUT', partPath(1), { body: part(1) });
    figures.resendAfterMismatch = `${resend.status}${resend.data?.code ? ` ${resend.data.code}` : ''}`;
    check(resend.status === 200 || (resend.status === 409 && resend.data?.code === 'upload_closed'), `re-sending part 1 after the mismatch answered ${resend.status}: ${resend.text.slice(0, 200)}`);
    const still = await api.call('GET', `/uploads/multipart/${id}`);
    check(still.data?.status === 'open', `after a wrong sha256 the upload is ${still.data?.status}`);
    t = Date.now();
    const done = await api.call('POST', `/uploads/multipart/${id}/complete`, { json: { sha256 } });
    figures.completeMs = Date.now() - t;
    if (!check(done.status === 202, `complete answered ${done.status}: ${done.text.slice(0, 300)}`)) return { pass: false, figures: { ...figures, codes: api.statuses }, problems };
    const jobId = done.data.job.id;
    check(done.data.uploads?.[0]?.sha256 === sha256 && done.data.uploads?.[0]?.size === archive.length, `completed upload: ${JSON.stringify(done.data.uploads?.[0])}`);
    const again = await api.call('POST', `/uploads/multipart/${id}/complete`);
    check(again.status === 202 && again.data?.job?.id === jobId, `a second complete answered ${again.status} job ${again.data?.job?.id} (expected ${jobId})`);

    // 7. The job: every member accounted for, as the MANIFEST says. Its progress is logged, so a
    //    stall shows where it stopped.
    const deadline = Date.now() + (ctx.short ? 240_000 : 420_000);
    let job;
    let lastLog = 0;
    while (Date.now() < deadline) {
      const r = await api.call('GET', `/jobs/${jobId}`).catch((e) => ({ status: 0, text: String(e) }));
      if (r.status === 200) job = r.data;
      if (job?.finishedAt) break;
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        ctx.log(`  job ${jobId}: ${r.status === 200 ? `stage ${job.stage}, ${JSON.stringify(Object.fromEntries(Object.entries(job.counts).filter(([, v]) => v)))}` : `GET answered ${r.status} ${r.text.slice(0, 120)}`}`);
      }
      await new Promise((res) => setTimeout(res, 500));
    }
    figures.jobFinishedS = secs(Date.now() - t); // from the completing POST (hashing included) to finishedAt
    if (!check(job?.finishedAt, `the job did not finish in time: ${JSON.stringify(job?.counts ?? null)}`)) return { pass: false, figures: { ...figures, codes: api.statuses }, problems };
    let quiet;
    try {
      quiet = await waitQuiet(app.base, [runner.runnerId], Math.max(10_000, deadline - Date.now()));
    } catch (error) {
      problems.push(`the test ledger failed: ${error instanceof Error ? `${error.message} ${error.cause ?? ''}` : String(error)}`);
      return { pass: false, figures: { ...figures, codes: api.statuses }, problems };
    }
    figures.jobDoneS = secs(Date.now() - t); // … to the analysis chain done and nothing open (test ledger)
    const l = quiet.ledgers[0];
    check(quiet.quiet, 'the job did not finish before the deadline');
    problems.push(...checkLedger(l));
    job = await getJob(app.base, api.token, jobId);
    const byName = new Map(job.files.map((f) => [f.name, `${f.status}${f.code ? `:${f.code}` : ''}`]));
    const want = new Map([[UPLOAD_NAME, 'expanded'], [`${UPLOAD_NAME}/${INNER_PATH}`, 'expanded'], [`${UPLOAD_NAME}/${PROFILE_PATH}`, 'ignored:not_activity']]);
    for (const f of exp.loose) want.set(`${UPLOAD_NAME}/activities/${f.name}`, exp.expect.get(f.name));
    for (const f of exp.inner) want.set(`${UPLOAD_NAME}/${INNER_PATH}/${f.name}`, exp.expect.get(f.name));
    for (const p of exp.paddingNames) want.set(`${UPLOAD_NAME}/${p}`, 'ignored:not_activity');
    for (const [name, outcome] of want) {
      const got = byName.get(name);
      // an activity may say which file it duplicates only if the corpus held the recording twice
      check(got === outcome || (outcome === 'imported' && got?.startsWith('duplicate')), `${name}: ${got ?? 'not listed'} (expected ${outcome})`);
    }
    for (const name of byName.keys()) check(want.has(name), `unexpected file in the job: ${name} ${byName.get(name)}`);
    const sum = TERMINAL.reduce((n, s) => n + (job.counts[s] ?? 0), 0);
    check(job.counts.found === want.size && job.counts.found === sum, `counts: found ${job.counts.found}, terminal ${sum}, expected ${want.size} (${JSON.stringify(job.counts)})`);
    check(job.counts.ignored === exp.paddingNames.length + 1, `ignored ${job.counts.ignored}, expected ${exp.paddingNames.length} padding + 1 profile`);
    check(job.status === 'completed', `job ended ${job.status}`);
    const activities = [...exp.expect.entries()].filter(([n, o]) => o === 'imported' && exp.fits.some((f) => f.name === n)).length;
    check(l.rows.sessions >= activities, `${l.rows.sessions} sessions for ${activities} activity files`);

    // 8. No 5xx, neither answered nor logged, by either app.
    check(api.fivexx.length === 0, `5xx answers: ${api.fivexx.slice(0, 3).join(' | ')}`);
    check(errorsBefore === 0 && app.errors() === 0, `the app logged ${errorsBefore} + ${app.errors()} error lines (5xx/unhandled)`);

    // Not a failure of this scenario (S1/S9 measure latency), but a stall is worth seeing.
    figures.slowestRequest = `${api.slowest.what} ${secs(api.slowest.ms)} s`;
    if (api.timeouts > 0) figures.requestsUnansweredIn120s = api.timeouts;
    Object.assign(figures, { jobStatus: job.status, counts: Object.fromEntries(Object.entries(job.counts).filter(([, v]) => v)), byStatus: byStatusTotal(l), sessions: l.rows.sessions, codes: api.statuses });
    return { pass: problems.length === 0, figures, problems };
  },
};
