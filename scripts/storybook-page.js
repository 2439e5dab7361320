// Functions that run in a story's page, shared by the Storybook smoke test's passes (Chromium's in
// storybook-smoke.js, Firefox's and WebKit's in storybook-engines.js). Each is self-contained:
// drivers send its source.
/* global window, document -- these run in the browser */

/** Waits for Storybook to finish the story (render, play, afterEach). */
export function storyFinished() {
  const phase = window.__STORYBOOK_PREVIEW__?.currentRender?.phase;
  if (document.body.classList.contains('sb-show-errordisplay')) return 'errored';
  return ['finished', 'errored', 'aborted'].includes(phase) ? phase : false;
}

/** The language the story's first element speaks (its own `lang`, an ancestor's in the story, or the page's). */
export function storyLanguage() {
  const element = [...document.querySelectorAll('#storybook-root *')].find((candidate) => candidate.localName.includes('-'));
  return element?.closest('[lang]')?.getAttribute('lang') ?? document.documentElement.lang;
}
