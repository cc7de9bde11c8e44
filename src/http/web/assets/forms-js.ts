/**
 * Small form helpers on every page (/assets/forms.<hash>.js); each page works without them:
 * - sign-up sends the browser's time zone (input[data-browser-tz]); without script: UTC, editable;
 * - after a refused form, focus moves to the error ([data-focus]) so keyboards and screen
 *   readers start at the problem;
 * - a copy button for a one-time secret (button[data-copy=<id>]);
 * - a delete form with data-undo="<seconds>" waits that long, with an Undo button, before it posts.
 */
export const FORMS_JS = String.raw`(() => {
'use strict';
for (const input of document.querySelectorAll('input[data-browser-tz]')) {
  try { input.value = Intl.DateTimeFormat().resolvedOptions().timeZone || ''; } catch { /* left empty: UTC */ }
}

const problem = document.querySelector('[data-focus]');
if (problem) problem.focus();

for (const button of document.querySelectorAll('button[data-copy]')) {
  const source = document.getElementById(button.dataset.copy);
  if (!source) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(source.textContent.trim());
      button.textContent = 'Copied ✓';
    } catch {
      // no clipboard permission: select the text so a long-press or Ctrl+C copies it
      const range = document.createRange();
      range.selectNodeContents(source);
      const sel = getSelection();
      sel.removeAllRanges(); sel.addRange(range);
      button.textContent = 'Selected — copy it now';
    }
  });
}

for (const form of document.querySelectorAll('form[data-undo]')) {
  const seconds = Number(form.dataset.undo) || 8;
  const note = form.parentElement.querySelector('.undo');
  let timer = 0;
  form.addEventListener('submit', (e) => {
    if (form.dataset.confirmed === 'yes') return;
    e.preventDefault();
    if (timer) return;
    let left = seconds;
    const buttons = Array.from(form.querySelectorAll('button, a'));
    for (const b of buttons) b.hidden = true;
    const undo = document.createElement('button');
    undo.type = 'button';
    undo.className = 'secondary';
    undo.textContent = 'Undo';
    form.appendChild(undo);
    const tick = () => { if (note) { note.hidden = false; note.textContent = 'Deleting in ' + left + ' s. Undo keeps the session.'; } };
    tick();
    undo.focus();
    timer = setInterval(() => {
      left -= 1;
      if (left > 0) { tick(); return; }
      clearInterval(timer);
      form.dataset.confirmed = 'yes';
      if (note) note.textContent = 'Deleting…';
      form.submit();
    }, 1000);
    undo.addEventListener('click', () => {
      clearInterval(timer); timer = 0;
      undo.remove();
      for (const b of buttons) b.hidden = false;
      if (note) note.textContent = 'Not deleted.';
      buttons[0].focus();
    });
  });
}
})();
`;
