/**
 * Pages that update themselves (/assets/live.<hash>.js), with no polling: regions marked
 * data-live="<kinds>" (job kinds: upload, plan, recompute, reanalyse) are re-read from the
 * server when banner.js reports that a job of one of those kinds finished. One GET of the same
 * address per finished job (several jobs ending together share one), parsed off-screen, and
 * each marked region swapped by its id; the server renders, so the markup is the same as on a
 * reload. Fires 'pacelab:refreshed' so other scripts (charts) bind to the new nodes.
 */
export const LIVE_JS = String.raw`(() => {
'use strict';
const regions = () => Array.from(document.querySelectorAll('[data-live][id]'));
if (regions().length === 0) return;
let timer = 0;
let wanted = false;
let busy = false;

async function refresh() {
  if (busy) { wanted = true; return; }
  busy = true; wanted = false;
  try {
    const res = await fetch(location.href, { headers: { 'x-pacelab-live': '1', accept: 'text/html' }, cache: 'no-store' });
    if (!res.ok || res.redirected) return;
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    let swapped = 0;
    for (const old of regions()) {
      const fresh = doc.getElementById(old.id);
      if (!fresh || !fresh.hasAttribute('data-live')) continue;
      old.replaceWith(document.importNode(fresh, true));
      swapped++;
    }
    if (swapped) {
      document.documentElement.dataset.refreshed = String(Number(document.documentElement.dataset.refreshed || 0) + 1);
      document.dispatchEvent(new CustomEvent('pacelab:refreshed'));
    }
  } catch {
    // offline or the server restarting: the next finished job (or a reload) brings it current
  } finally {
    busy = false;
    if (wanted) refresh();
  }
}

document.addEventListener('pacelab:job-finished', (e) => {
  const kind = (e.detail && e.detail.kind) || '';
  if (!regions().some((r) => r.dataset.live.split(' ').includes(kind))) return;
  clearTimeout(timer);
  timer = setTimeout(refresh, 250);
});
})();
`;
