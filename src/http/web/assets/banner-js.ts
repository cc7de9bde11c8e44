/**
 * The banner's script, served as a file (/assets/banner.<hash>.js; the CSP allows no inline
 * script). It opens a WebSocket to the runner's coordinator (/api/v1/events, same origin,
 * session cookie), takes the snapshot, then applies each job frame. It never polls: when the
 * socket drops it reconnects with exponential backoff and jitter (1 s … 30 s) and the new
 * snapshot replaces what it knew. DOM is built with textContent only (names are untrusted).
 * When a job it has seen running ends, it fires one 'pacelab:job-finished' event (detail: the
 * job) that the page's other scripts react to (upload rows, live regions). Its words are the
 * server's (outcome-words.ts), serialised in below.
 */
import { CODE_WORDS, JOB_WORDS, STAGE_WORDS } from '../../pages/outcome-words';

export const BANNER_JS = String.raw`(() => {
'use strict';
const banner = document.getElementById('jobs-banner');
const done = document.getElementById('jobs-done');
if (!banner || !done) return;
const list = banner.querySelector('ul');
const doneList = done.querySelector('ul');
const FINAL = new Set(['completed', 'completed_with_errors', 'failed', 'cancelled']);
const STAGES = ${JSON.stringify(STAGE_WORDS)};
const WORDS = ${JSON.stringify(JOB_WORDS)};
const CODES = ${JSON.stringify(CODE_WORDS)};
const words = (kind) => WORDS[kind] || { running: 'Background job', done: 'Background job finished', files: false };
const finished = new Set();
const jobs = new Map();
const seenActive = new Set(Array.from(list.querySelectorAll('li[data-job]'), (li) => li.dataset.job));
const pendingDone = new Set();

function countsText(c) {
  const parts = [];
  const add = (n, word) => { if (n) parts.push(n + ' ' + word); };
  parts.push((c.found || 0) + ' file' + (c.found === 1 ? '' : 's'));
  add(c.imported, 'imported'); add(c.duplicate, 'duplicate'); add(c.skipped, 'skipped');
  add(c.rejected, 'rejected'); add(c.failed, 'failed'); add(c.analysed, 'analysed');
  return parts.join(' · ');
}

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function reportLink(job, text) {
  const a = el('a', text);
  a.href = '/jobs/' + encodeURIComponent(job.id);
  return a;
}

function renderActive(job) {
  const li = el('li');
  li.dataset.job = job.id;
  li.dataset.status = job.status;
  li.appendChild(el('span', '', 'spinner'));
  li.appendChild(el('strong', words(job.kind).running + ': ' + (STAGES[job.stage] || job.stage) + '. '));
  li.appendChild(el('span', words(job.kind).files ? countsText(job.counts || {}) + '. ' : '', 'counts'));
  li.appendChild(reportLink(job, 'Details'));
  if (job.problems && job.problems.length) {
    const ul = el('ul', undefined, 'problems');
    for (const p of job.problems) {
      const item = el('li', p.name + ': ' + ((p.code && CODES[p.code]) || p.message || 'failed'));
      if (p.code) item.appendChild(el('span', ' (' + p.code + ')', 'code'));
      ul.appendChild(item);
    }
    li.appendChild(ul);
  }
  return li;
}

function renderDone(job) {
  const li = el('li');
  li.dataset.job = job.id;
  const c = job.counts || {};
  const tone = job.status === 'failed' ? 'bad' : job.status === 'completed_with_errors' || c.rejected || c.failed ? 'warn' : 'ok';
  li.className = 'tone-' + tone;
  const w = words(job.kind);
  li.appendChild(el('strong', (tone === 'ok' ? '✓ ' : '⚠ ') + (job.status === 'cancelled' ? (w.cancelled || 'Cancelled') : w.done) + (tone === 'ok' ? '' : job.status === 'failed' ? ' — it failed' : ' — with problems') + (w.files ? ': ' : '. ')));
  if (w.files) li.appendChild(el('span', countsText(c) + '. '));
  li.appendChild(reportLink(job, w.files ? 'See the per-file report' : 'Details'));
  if (job.kind === 'upload' && (job.counts || {}).imported) {
    li.appendChild(document.createTextNode(' · '));
    const a = el('a', 'Show new sessions');
    a.href = '/sessions';
    li.appendChild(a);
  }
  return li;
}

function render() {
  list.replaceChildren();
  const active = Array.from(jobs.values()).filter((j) => !FINAL.has(j.status)).sort((a, b) => a.createdAt - b.createdAt);
  for (const job of active) { seenActive.add(job.id); list.appendChild(renderActive(job)); }
  banner.hidden = active.length === 0;
  for (const id of pendingDone) {
    const job = jobs.get(id);
    if (!job || doneList.querySelector('li[data-job="' + CSS.escape(id) + '"]')) continue;
    doneList.appendChild(renderDone(job));
    done.hidden = false;
    // once per job, after the banner shows it: the page's parts that depend on it refresh
    if (!finished.has(id)) { finished.add(id); document.dispatchEvent(new CustomEvent('pacelab:job-finished', { detail: job })); }
  }
  document.dispatchEvent(new CustomEvent('pacelab:jobs', { detail: { active: active.length } }));
}

function apply(job) {
  if (!job || typeof job.id !== 'string') return;
  jobs.set(job.id, job);
  if (FINAL.has(job.status) && seenActive.has(job.id)) pendingDone.add(job.id);
}

// The upload page hands over the job from its 202 answer so the banner shows it at once.
document.addEventListener('pacelab:job', (e) => { apply(e.detail); seenActive.add(e.detail.id); render(); });

let delay = 1000;
let socket = null;
let pinger = 0;
function connect() {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/api/v1/events';
  socket = new WebSocket(url);
  socket.addEventListener('open', () => {
    delay = 1000;
    banner.dataset.live = 'true';
    pinger = setInterval(() => { if (socket.readyState === 1) socket.send('{"type":"ping"}'); }, 30000);
  });
  socket.addEventListener('message', (event) => {
    let frame;
    try { frame = JSON.parse(event.data); } catch { return; }
    if (frame.type === 'snapshot' && Array.isArray(frame.jobs)) {
      // the snapshot is the truth: jobs the page showed that are no longer active have ended
      const fresh = new Map(frame.jobs.map((j) => [j.id, j]));
      for (const [id, old] of jobs) {
        if (fresh.has(id) || FINAL.has(old.status)) continue;
        jobs.delete(id);
        // it ended while the socket was down: the page still refreshes what depends on it
        if (!old.placeholder && !finished.has(id)) { finished.add(id); document.dispatchEvent(new CustomEvent('pacelab:job-finished', { detail: Object.assign({}, old, { status: 'ended' }) })); }
      }
      for (const job of frame.jobs) apply(job);
      render();
    } else if (frame.type === 'job') {
      apply(frame.job);
      render();
    }
  });
  socket.addEventListener('close', () => {
    clearInterval(pinger);
    banner.dataset.live = 'false';
    const wait = Math.min(30000, delay) * (0.75 + Math.random() * 0.5);
    delay = Math.min(30000, delay * 2);
    setTimeout(connect, wait);
  });
}

// Jobs rendered by the server are known before the snapshot arrives.
for (const li of list.querySelectorAll('li[data-job]')) jobs.set(li.dataset.job, { id: li.dataset.job, status: li.dataset.status || 'running', kind: 'upload', stage: '', counts: {}, problems: [], createdAt: 0, placeholder: true });
connect();
})();
`;
