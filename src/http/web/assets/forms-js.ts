/**
 * Small form helpers on every page (/assets/forms.<hash>.js); each page works without them:
 * - sign-up sends the browser's time zone (input[data-browser-tz]); without script: UTC, editable;
 * - after a refused form, focus moves to the error ([data-focus]) so keyboards and screen
 *   readers start at the problem;
 * - a copy button for a one-time secret (button[data-copy=<id>]).
 * (Undo of a delete is the server's: the delete job is held for its window, Undo is a form.)
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

})();
`;
