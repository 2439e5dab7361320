// What the Storybook smoke test's passes share (Chromium's in storybook-smoke.js, Firefox's and
// WebKit's in storybook-engines.js): functions that run in a story's page, each self-contained
// (drivers send its source), and how a failure's text is cut.
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

/** Errors can carry whole DOM dumps: the first lines say what happened. */
export function firstLines(text, count = 3) {
  const lines = String(text).split('\n');
  return lines.slice(0, count).join('\n') + (lines.length > count ? ' …' : '');
}
