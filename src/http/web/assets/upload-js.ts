/**
 * The upload page's script (/assets/upload.<hash>.js). Files come from the picker (a phone's
 * file chooser) or a drop. Files that fit one request go together in one multipart POST
 * /api/v1/uploads (one job), with XMLHttpRequest upload progress mapped onto each file's byte
 * range; larger files go through the resumable multipart API, part by part, each part retried
 * with backoff, and the upload id kept in localStorage so choosing the same file again after
 * a dropped connection or a reload resumes where it stopped (GET …/{id} says which parts are in).
 * "Sent" is not an outcome: when the banner reports the job finished ('pacelab:job-finished'),
 * the page fetches the server-rendered outcomes of that job once (/jobs/{id}/outcomes) and ends
 * each row with its file's outcome (imported with a link, duplicate, skipped, rejected + code).
 */
export const UPLOAD_JS = String.raw`(() => {
'use strict';
const form = document.getElementById('upload-form');
if (!form) return;
const input = document.getElementById('file-input');
const drop = document.getElementById('drop');
const button = document.getElementById('upload-button');
const message = document.getElementById('upload-message');
const overall = document.getElementById('overall');
const overallLabel = document.getElementById('overall-label');
const list = document.getElementById('file-list');
const maxBytes = Number(form.dataset.maxBytes) || 95 * 1024 * 1024;
const SUCCESS = '✓ Files uploaded successfully. Processing in background…';
let files = [];
let rows = [];
// rows already sent keep their place (and get their outcome) when more files are chosen
const sentRows = [];

function fmt(bytes) { return bytes < 1048576 ? (bytes / 1024).toFixed(0) + ' KB' : (bytes / 1048576).toFixed(1) + ' MB'; }

function show() {
  for (const r of rows) r.li.remove();
  rows = files.map((file) => {
    const li = document.createElement('li');
    const name = document.createElement('span'); name.className = 'name'; name.textContent = file.name;
    const state = document.createElement('span'); state.className = 'state'; state.textContent = fmt(file.size);
    const bar = document.createElement('progress'); bar.max = 1; bar.value = 0; bar.setAttribute('aria-label', 'Upload progress of ' + file.name);
    li.append(name, state, bar);
    list.appendChild(li);
    return { file, li, state, bar, loaded: 0 };
  });
  button.disabled = files.length === 0;
  const chosen = document.getElementById('chosen');
  if (chosen) chosen.textContent = files.length === 0 ? 'No files chosen yet.' : files.length + ' file' + (files.length === 1 ? '' : 's') + ' chosen (' + fmt(files.reduce((a, f) => a + f.size, 0)) + ').';
}

function add(chosen) {
  for (const f of chosen) if (!files.some((g) => g.name === f.name && g.size === f.size && g.lastModified === f.lastModified)) files.push(f);
  show();
}

input.addEventListener('change', () => add(Array.from(input.files || [])));
for (const type of ['dragenter', 'dragover']) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => { e.preventDefault(); add(Array.from(e.dataTransfer.files || [])); });

function updateOverall() {
  const total = rows.reduce((a, r) => a + r.file.size, 0) || 1;
  const loaded = rows.reduce((a, r) => a + r.loaded, 0);
  overall.hidden = false; overallLabel.hidden = false;
  overall.value = loaded / total;
  overallLabel.textContent = 'Overall: ' + Math.round((loaded / total) * 100) + ' %';
}

function setLoaded(row, loaded) {
  row.loaded = Math.max(0, Math.min(row.file.size, loaded));
  row.bar.value = row.file.size ? row.loaded / row.file.size : 1;
  updateOverall();
}

async function problemText(status, text) {
  try { const p = JSON.parse(text); return p.detail + (p.code ? ' (' + p.code + ')' : ''); } catch {
    // not our problem+json (a proxy's page): a sentence a runner can act on
    return status === 503 || status === 429 ? 'The server is busy right now; please try again in a minute.' : 'The server answered ' + status + '.';
  }
}

function send(method, url, body, onProgress, headers) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [k, v] of Object.entries(headers || {})) xhr.setRequestHeader(k, v);
    if (onProgress) xhr.upload.addEventListener('progress', (e) => onProgress(e.loaded));
    xhr.addEventListener('load', () => resolve({ status: xhr.status, text: xhr.responseText }));
    xhr.addEventListener('error', () => reject(new Error('network')));
    xhr.addEventListener('abort', () => reject(new Error('network')));
    xhr.send(body);
  });
}

function sent(row, job) {
  row.jobId = job && job.id;
  row.state.textContent = 'Sent — waiting to be processed';
  row.state.className = 'state sent';
}

// Once per finished job: its outcomes, rendered by the server, at the end of each row.
const fetched = new Set();
document.addEventListener('pacelab:job-finished', async (e) => {
  const id = e.detail && e.detail.id;
  const mine = sentRows.concat(rows).filter((r) => r.jobId === id);
  if (!id || mine.length === 0 || fetched.has(id)) return;
  fetched.add(id);
  let doc;
  try {
    const res = await fetch('/jobs/' + encodeURIComponent(id) + '/outcomes', { headers: { accept: 'text/html' } });
    if (!res.ok) throw new Error(String(res.status));
    doc = new DOMParser().parseFromString(await res.text(), 'text/html');
  } catch {
    for (const r of mine) { r.state.textContent = 'Processed — see the report for the outcome'; r.state.className = 'state'; }
    return;
  }
  const items = Array.from(doc.querySelectorAll('#outcomes li[data-name]'));
  for (const r of mine) {
    const i = items.findIndex((li) => li.dataset.name === r.file.name);
    if (i < 0) { r.state.textContent = 'Processed — see the report'; r.state.className = 'state'; continue; }
    const outcome = document.importNode(items[i].querySelector('.outcome'), true);
    items.splice(i, 1);
    r.state.textContent = '';
    r.bar.hidden = true;
    r.li.appendChild(outcome);
    r.li.dataset.outcome = outcome.dataset.outcome || '';
  }
});

function announce(job) {
  message.textContent = SUCCESS;
  message.className = 'status-ok';
  if (job) document.dispatchEvent(new CustomEvent('pacelab:job', { detail: job }));
}

async function uploadSmall(batch) {
  const body = new FormData();
  for (const r of batch) body.append('file', r.file, r.file.name);
  const starts = [];
  let at = 0;
  for (const r of batch) { starts.push(at); at += r.file.size; }
  // 503 (nothing was recorded: a retryable refusal, or a proxy that could not reach the app) and
  // 429 (the app asks for 1 s) are sent again after 1, 2 and 4 s before the runner is told.
  let res;
  for (let attempt = 0; ; attempt++) {
    res = await send('POST', '/api/v1/uploads', body, (loaded) => {
      // multipart framing adds a few hundred bytes per file: map loaded bytes onto file ranges
      const scaled = (loaded / Math.max(loaded, at + 200 * batch.length)) * at;
      batch.forEach((r, i) => setLoaded(r, scaled - starts[i]));
    });
    if ((res.status !== 503 && res.status !== 429) || attempt >= 3) break;
    for (const r of batch) r.state.textContent = 'Busy, retrying…';
    await sleep(1000 * 2 ** attempt);
  }
  if (res.status !== 202) throw new Error(await problemText(res.status, res.text));
  const job = JSON.parse(res.text).job;
  for (const r of batch) { setLoaded(r, r.file.size); sent(r, job); }
  return job;
}

async function json(method, url, body) {
  const res = await fetch(url, { method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) { const err = new Error(await problemText(res.status, text)); err.status = res.status; throw err; }
  return JSON.parse(text);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function uploadLarge(row) {
  const file = row.file;
  const key = 'pacelab:multipart:' + file.name + ':' + file.size + ':' + file.lastModified;
  let state = null;
  try { state = JSON.parse(localStorage.getItem(key) || 'null'); } catch { state = null; }
  const have = new Set();
  if (state) {
    try {
      const info = await json('GET', '/api/v1/uploads/multipart/' + encodeURIComponent(state.id));
      for (const p of info.parts || []) have.add(Number(p.partNumber ?? p.number ?? p.n));
      row.state.textContent = 'Resuming';
    } catch { state = null; }
  }
  if (!state) {
    const created = await json('POST', '/api/v1/uploads/multipart', { name: file.name, size: file.size });
    state = { id: created.id, partSize: created.partSize };
    localStorage.setItem(key, JSON.stringify(state));
  }
  const count = Math.ceil(file.size / state.partSize);
  let done = 0;
  for (let n = 1; n <= count; n++) if (have.has(n)) done += Math.min(state.partSize, file.size - (n - 1) * state.partSize);
  setLoaded(row, done);
  for (let n = 1; n <= count; n++) {
    if (have.has(n)) continue;
    const part = file.slice((n - 1) * state.partSize, Math.min(file.size, n * state.partSize));
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await send('PUT', '/api/v1/uploads/multipart/' + encodeURIComponent(state.id) + '/parts/' + n, part, (loaded) => setLoaded(row, done + loaded), { 'content-type': 'application/octet-stream' });
        if (res.status >= 200 && res.status < 300) break;
        if (res.status < 500 && res.status !== 429) throw new Error(await problemText(res.status, res.text));
      } catch (e) {
        if (e.message !== 'network' || attempt >= 6) throw e;
      }
      if (attempt >= 6) throw new Error('Part ' + n + ' could not be sent; choose the file again to resume.');
      row.state.textContent = 'Connection lost, retrying…';
      await sleep(Math.min(30000, 1000 * 2 ** attempt));
    }
    done += part.size;
    setLoaded(row, done);
    row.state.textContent = Math.round((done / file.size) * 100) + ' %';
  }
  const answer = await json('POST', '/api/v1/uploads/multipart/' + encodeURIComponent(state.id) + '/complete');
  localStorage.removeItem(key);
  sent(row, answer.job);
  return answer.job;
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  if (files.length === 0) { message.textContent = 'Choose one or more FIT, ZIP or .gz files first.'; return; }
  button.disabled = true; input.disabled = true;
  message.textContent = 'Uploading…'; message.className = '';
  const small = rows.filter((r) => r.file.size <= maxBytes - 64 * 1024);
  const large = rows.filter((r) => !small.includes(r));
  let ok = true;
  try {
    if (small.length) announce(await uploadSmall(small));
    for (const r of large) {
      try { announce(await uploadLarge(r)); } catch (err) { ok = false; r.state.textContent = err.message; r.state.className = 'state status-bad'; }
    }
  } catch (err) {
    ok = false;
    for (const r of small) { r.state.textContent = 'Not uploaded'; r.state.className = 'state status-bad'; }
    message.textContent = 'The upload failed: ' + err.message;
    message.className = 'status-bad';
  }
  if (!ok && message.className !== 'status-bad') { message.textContent = 'Some files could not be uploaded; see below.'; message.className = 'status-bad'; }
  sentRows.push(...rows);
  rows = [];
  files = [];
  input.value = '';
  input.disabled = false;
})
})();
`;
