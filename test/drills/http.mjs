/** The drills' client: signup, uploads (multipart, 429-aware), jobs and the test ledger. 127.0.0.1 only. */
let counter = 0;

export async function signup(base, label) {
  const email = `drill-${label}-${process.pid}-${++counter}-${Date.now()}@example.com`;
  // Each drill runner from its own address (sign-ups and password attempts are limited per IP;
  // wrangler dev keeps a CF-Connecting-IP the client sends).
  const headers = { 'content-type': 'application/json', 'cf-connecting-ip': `10.${counter % 250}.${process.pid % 250}.${Date.now() % 250}` };
  const res = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST', headers, body: JSON.stringify({ email, password: 'drill password 1234', name: `Drill ${label}` }),
  });
  if (res.status !== 202) throw new Error(`signup answered ${res.status}: ${await res.text()}`);
  const issued = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers, body: JSON.stringify({ email, password: 'drill password 1234' }) });
  if (issued.status !== 201) throw new Error(`token answered ${issued.status}: ${await issued.text()}`);
  const { token } = await issued.json();
  const me = await (await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json();
  return { token, runnerId: me.id };
}

export function multipartBody(files, boundary = 'pacelabdrillboundary') {
  const parts = files.flatMap((f) => [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(f.bytes), Buffer.from('\r\n'),
  ]);
  return { body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** One POST /uploads; returns status, latency, Retry-After and the job id. */
export async function upload(base, token, files) {
  const { body, contentType } = multipartBody(files);
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType }, body });
  const text = await res.text();
  const ms = performance.now() - t0;
  let jobId;
  if (res.status === 202) jobId = JSON.parse(text).job.id;
  return { status: res.status, ms, retryAfter: res.headers.get('retry-after'), jobId, text: res.status >= 400 ? text.slice(0, 300) : undefined };
}

/** Retries 429 after Retry-After, at most `tries` times. */
export async function uploadPolitely(base, token, files, tries = 30) {
  let last;
  for (let i = 0; i < tries; i++) {
    last = await upload(base, token, files);
    if (last.status !== 429) return last;
    await new Promise((r) => setTimeout(r, 1000 * Number(last.retryAfter ?? 1)));
  }
  return last;
}

export async function getJob(base, token, jobId) {
  const res = await fetch(`${base}/api/v1/jobs/${jobId}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET job answered ${res.status}`);
  return res.json();
}

export async function ledger(base, runnerId) {
  const res = await fetch(`${base}/__test/ledger?runner=${encodeURIComponent(runnerId)}`);
  if (!res.ok) throw new Error(`ledger answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return res.json();
}

/** Runs `tasks` (functions returning promises) with at most `limit` at a time. */
export async function pool(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) { const i = next++; results[i] = await tasks[i](); }
  }));
  return results;
}

export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
