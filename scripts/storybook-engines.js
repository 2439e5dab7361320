// The Storybook smoke test's second pass (decision 063): every story again in Firefox and in WebKit,
// checking there what needs no media emulation (the issue's "where the emulation exists"):
//
// - the story renders and its play function passes, with no console error or uncaught exception;
// - what a screen reader meets: every named control, heading, dialog, image and region in the
//   story's committed Chromium snapshot (stories/__a11y__/, decision 061) has the same role and
//   accessible name in the engine's own accessibility tree (Firefox: WebDriver BiDi's
//   accessibility locator; WebKit: WebDriver's Get Computed Role and Label), there are as many
//   live regions of each kind, and the live regions announce what the snapshot says, in order;
// - reflow at 640 and 320 CSS px, with and without WCAG 1.4.12 text spacing, and the QR codes read
//   from the engine's own pixels (storybook-a11y.js's `inspect` and `qrProblems`);
// - targets of at least 24 × 24 CSS px;
// - with reduced motion set as a resident sets it (each engine launched with its own setting), none
//   of the kit's animations runs.
//
// Forced colours and touch are Chromium's (media and touch emulation: storybook-a11y.js). Each story
// loads in a same-origin frame of the engine's page, which is resized for reflow: WebKitGTK's
// MiniBrowser window cannot be narrower than about 447 px, and a frame is a viewport like a window
// (its media queries, `vw` and the top layer are the frame's).
/* global window, document, requestAnimationFrame -- only in the functions that run in the page. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PNG } from 'pngjs';
import { CLOCK_WATCH_MS, SNAPSHOT_DIR, announcementLine, announcementsSoFar, recordAnnouncements, snapshotFile, stable } from './a11y-snapshot.js';
import { ENGINES } from './engines.js';
import { REFLOW_VIEWPORTS, inspect, qrBoxes, qrProblems } from './storybook-a11y.js';
import { firstLines, storyFinished, storyLanguage } from './storybook-page.js';

export const OTHER_ENGINES = ['Firefox', 'WebKit'];

/** The story's frame on the desktop: the Chromium pass's viewport. */
const DESKTOP = { width: 1000, height: 700 };
/** The engine's window: larger than the frame at its widest. */
const WINDOW = { width: 1280, height: 900 };
/** The path the static server answers with a page holding one frame (`?src=` the story's URL). */
export const FRAME_PAGE = '/story-frame.html';
const STORY_TIMEOUT_MS = 30_000;

/**
 * Roles whose named nodes must match by role and name in every engine, as Chromium names them
 (Firefox's and WebKit's computed role for ARIA's `img` is `image` too). Text, paragraphs, lists and cells are left out: engines differ in
 * whether those are named, and a screen reader reads their text, which reflow and axe check.
 */
const NAMED_ROLES = new Set(['button', 'link', 'heading', 'dialog', 'alertdialog', 'image', 'checkbox', 'radio', 'textbox', 'region', 'group', 'status', 'alert', 'log']);
/** Chromium's roles for native controls whose insides are drawn by Chromium itself. */
const NATIVE_CONTROLS = new Set(['Date', 'DateTime', 'InputTime', 'MenuListPopup']);
/** Live regions: counted whether named or not, as a screen reader hears them. */
const LIVE_ROLES = new Set(['status', 'alert', 'log']);

/** The page that frames a story: no margin, a frame of DESKTOP's size. */
export function framePage(src) {
  const escaped = src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story</title><style>html, body { margin: 0; } iframe { border: 0; display: block; }</style></head><body><iframe title="Story" src="${escaped}" width="${DESKTOP.width}" height="${DESKTOP.height}"></iframe></body></html>`;
}

/**
 * The committed snapshot, read back: `named` each (role, name) pair of NAMED_ROLES with how many
 * times it comes (`[...named.values()]`), `live` the count of each live role, `announcements` its
 * announcement lines.
 */
export function parseSnapshot(text) {
  const [, tree = '', said = ''] = text.split(/^## (?:tree|announcements)$/m);
  const named = new Map();
  const live = new Map();
  // The parts Chromium draws inside a native date or select control ("Show date picker") are its own.
  let inside = -1;
  for (const line of tree.split('\n')) {
    const match = /^(\s*)(\S+)(?: ("(?:[^"\\]|\\.)*"))?/.exec(line);
    const depth = match?.[1].length ?? 0;
    if (inside !== -1 && depth > inside) continue;
    inside = NATIVE_CONTROLS.has(match?.[2] ?? '') ? depth : -1;
    const role = match?.[2] ?? '';
    if (!NAMED_ROLES.has(role)) continue;
    if (LIVE_ROLES.has(role)) live.set(role, (live.get(role) ?? 0) + 1);
    if (!match[3]) continue;
    const name = JSON.parse(match[3]);
    const key = JSON.stringify([role, name]);
    named.set(key, { role, name, times: (named.get(key)?.times ?? 0) + 1 });
  }
  const announcements = said.split('\n').map((line) => line.trim()).filter((line) => line && line !== '(none)');
  return { named, live, announcements };
}

/** In the story's frame: whether reduced motion is preferred (the launch setting took). */
function prefersReducedMotion() {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** In the story's frame: the story's reason to skip reflow (`parameters.reflow.skip`). */
function reflowSkip() {
  return window.__STORYBOOK_PREVIEW__?.currentRender?.story?.parameters?.reflow?.skip;
}

/** In the story's frame: the error Storybook shows for a failed story. */
function storyError() {
  return document.querySelector('#error-message')?.textContent?.trim() ?? '';
}

/**
 * In the story's frame: the story root and every open shadow root under it, however deep, and
 * every element in them that could carry a role (what WebKit is asked the role and name of).
 */
function rootsAndElements({ elements }) {
  const roots = [document.querySelector('#storybook-root')];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  if (!elements) return roots;
  // Hidden ones are in no accessibility tree, nor, while a modal dialog is open, what it makes
  // inert: the rest of the page (WebKit computes a role from the markup all the same).
  const modal = roots.map((root) => root.querySelector('dialog:modal')).find(Boolean);
  const inModal = (element) => {
    for (let node = element; node; node = node.parentNode ?? node.host) if (node === modal) return true;
    return false;
  };
  const hidden = (element) => !element.checkVisibility({ visibilityProperty: true }) || element.closest('[aria-hidden="true"], [inert]') || (modal && !inModal(element));
  return roots.flatMap((root) => [...root.querySelectorAll('*')]).filter((element) => !['style', 'script', 'template', 'slot'].includes(element.localName) && !hidden(element));
}

/** In the story's frame: its own frame element resized to `width` × `height` (same origin), then painted. */
function resizeFrame({ width, height }) {
  window.frameElement.width = String(width);
  window.frameElement.height = String(height);
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))));
}

/** In the story's frame: whether one of the story's dialogs is open as a modal one. */
function modalOpen() {
  const roots = [document.querySelector('#storybook-root')];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  return roots.some((root) => root.querySelector('dialog:modal'));
}

/** A part of a viewport screenshot (PNG bytes), as PNG bytes: the frame sits at the page's top left. */
function crop(bytes, box) {
  const png = PNG.sync.read(Buffer.from(bytes));
  const left = Math.max(0, Math.floor(box.left));
  const top = Math.max(0, Math.floor(box.top));
  const width = Math.min(png.width - left, Math.ceil(box.left + box.width) - left);
  const height = Math.min(png.height - top, Math.ceil(box.top + box.height) - top);
  const out = new PNG({ width, height });
  PNG.bitblt(png, out, left, top, width, height, 0, 0);
  return PNG.sync.write(out);
}

/**
 * A new context's page of the engine's window size, recording announcements from each document's
 * first script, and the console errors and uncaught exceptions it reports (puppeteer's events in
 * Firefox; in WebKit, e2e/webkit-page.js's init script reports them).
 */
async function recordedPage(browser) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(WINDOW);
  await page.evaluateOnNewDocument(recordAnnouncements);
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${firstLines(message.text())}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${firstLines(error.message)}`));
  return { context, page, errors };
}

/**
 * Firefox through puppeteer-core over WebDriver BiDi. BiDi's accessibility locator does not enter
 * shadow roots from its start nodes, so every root of the story is a start node.
 */
async function firefoxTab(browser) {
  const { context, page, errors } = await recordedPage(browser);
  let frame;
  // The story's roots, as handles: asked once a story.
  let roots;
  const evaluate = (fn, arg) => frame.evaluate(fn, arg);
  return {
    errors,
    async open(url) {
      roots = undefined;
      await page.goto(url, { waitUntil: 'load' });
      frame = await (await page.waitForSelector('iframe')).contentFrame();
      return (await frame.waitForFunction(storyFinished, { timeout: STORY_TIMEOUT_MS, polling: 100 })).jsonValue();
    },
    evaluate,
    screenshot: async () => Buffer.from(await page.screenshot({ type: 'png' })),
    /**
     * Whether the story's tree can be read here: Firefox 153 ESR's BiDi accessibility locator finds
     * nothing inside the kit's open modal dialogs (the same dialog opened with `show()` is found;
     * a minimal page's modal dialog is found too), so those states are compared in WebKit only.
     */
    treeReadable: async () => !(await evaluate(modalOpen)),
    /** How many nodes in the story have `role` (and `name`, if given), by Firefox's accessibility tree. */
    async count(role, name) {
      roots ??= [...(await (await frame.evaluateHandle(rootsAndElements, { elements: false })).getProperties()).values()];
      // One BiDi command with every root as a start node (puppeteer's ARIA query takes one root a
      // command, and each command walks Firefox's tree: five times the time on a story of five
      // roots). `browsingContext` is puppeteer's own BiDi context under its frame, not its public
      // API: the lockfile pins the version this was written against.
      const nodes = await frame.browsingContext.locateNodes(
        { type: 'accessibility', value: name === undefined ? { role } : { role, name } },
        roots.map((root) => root.remoteValue()),
      );
      return nodes.length;
    },
    close: () => context.close(),
  };
}

/** WebKitGTK's MiniBrowser over WebDriver classic (e2e/webkit-page.js's context), driven here in the story's frame. */
async function webkitTab(browser) {
  const { context, page, errors } = await recordedPage(browser);
  const driver = await page.use();
  // The page's run and waitForFunction run in the window's current frame: the story's, once switched to.
  const evaluate = (fn, arg) => page.run(fn, arg === undefined ? [] : [arg]);
  // Role and name come from WebKit's accessibility objects, one element at a time; asked once a story.
  let nodes;
  return {
    errors,
    async open(url) {
      nodes = undefined;
      await page.goto(url);
      await driver.switchFrame(await driver.$('iframe'));
      return (await page.waitForFunction(storyFinished, { timeout: STORY_TIMEOUT_MS })).jsonValue();
    },
    evaluate,
    treeReadable: async () => true,
    // WebDriver's screenshot is the top-level viewport's, whichever frame is current.
    screenshot: async () => Buffer.from(await driver.takeScreenshot(), 'base64'),
    async count(role, name) {
      if (!nodes) {
        nodes = [];
        for (const element of await evaluate(rootsAndElements, { elements: true })) {
          const id = Object.values(element)[0];
          const elementRole = await driver.getElementComputedRole(id);
          if (!elementRole || elementRole === 'generic' || elementRole === 'none' || elementRole === 'presentation') continue;
          nodes.push({ role: elementRole, name: stable(await driver.getElementComputedLabel(id)) });
        }
      }
      return nodes.filter((node) => node.role === role && (name === undefined || node.name === stable(name))).length;
    },
    close: () => context.close(),
  };
}

const TABS = { Firefox: firefoxTab, WebKit: webkitTab };

/**
 * One story in one engine's tab: resolves the failures, each naming what failed. `entry` is the
 * index entry; `url` the framed story's page.
 */
async function checkStory(tab, entry, url, stats) {
  const failures = [];
  const fail = (check, problems) => failures.push(...problems.map((problem) => `${check}: ${problem}`));
  tab.errors.length = 0;
  const phase = await tab.open(url);
  if (phase !== 'finished') {
    const message = await tab.evaluate(storyError);
    failures.push(`story ${phase}${message ? `: ${firstLines(message)}` : ''}`);
  }

  if (entry.tags?.includes('a11y-clock')) await sleep(CLOCK_WATCH_MS);
  const file = snapshotFile(entry.id, await tab.evaluate(storyLanguage));
  const snapshot = await readFile(join(SNAPSHOT_DIR, file), 'utf8').catch(() => undefined);
  if (snapshot === undefined) {
    failures.push(`no accessibility snapshot stories/__a11y__/${file} to compare with (the Chromium pass writes it)`);
  } else {
    const { named, live, announcements } = parseSnapshot(snapshot);
    const said = (await tab.evaluate(announcementsSoFar)).map(announcementLine);
    const at = announcements.findIndex((line, index) => line !== said[index]);
    if (at !== -1 || said.length !== announcements.length) {
      const index = at === -1 ? announcements.length : at;
      fail('announcements', [`${file} says ${JSON.stringify(announcements[index] ?? '(no more)')} as announcement ${index + 1}, this engine said ${JSON.stringify(said[index] ?? '(nothing)')}`]);
    }
    const readable = await tab.treeReadable();
    if (!readable) stats.treeUnread++;
    for (const { role, name, times } of readable ? named.values() : []) {
      // A countdown's time or a date-time is stable text in the snapshot, not the name itself: the role is checked by count below.
      if (name.includes('m:ss') || name.includes('<date-time>')) continue;
      stats.compared++;
      const got = await tab.count(role, name);
      if (got < times) fail('screen reader', [`no ${role} named ${JSON.stringify(name)}${times > 1 ? ` (${times} in ${file}, ${got} here)` : ''}`]);
    }
    for (const [role, times] of readable ? live : []) {
      stats.compared++;
      const got = await tab.count(role);
      if (got !== times) fail('screen reader', [`${got} ${role} regions, ${times} in ${file}`]);
    }
  }

  const inspected = async (options) => (await tab.evaluate(inspect, options)).problems;
  fail('targets', await inspected({ check: 'targets', minTarget: 24 }));
  if (!(await tab.evaluate(prefersReducedMotion))) failures.push('motion: the reduced-motion setting did not take ((prefers-reduced-motion: reduce) does not match)');
  else fail('motion (reduced motion preferred)', await inspected({ check: 'motion' }));

  const skip = await tab.evaluate(reflowSkip);
  const desktopQrs = (await tab.evaluate(qrBoxes)).map((box) => box.width);
  for (const spacing of skip ? [] : [false, true]) {
    if (spacing) await inspected({ check: 'spacing' });
    for (const viewport of REFLOW_VIEWPORTS) {
      await tab.evaluate(resizeFrame, viewport);
      const where = `at ${viewport.width} px${spacing ? ' with text spacing' : ''}`;
      fail(`reflow ${where}`, await inspected({ check: 'layout' }));
      const count = (await tab.evaluate(qrBoxes)).length;
      // A QR code is read at the reflow's width in a frame as tall as the window, as Chromium's
      // element screenshots take a code wholly even when it is taller than what the viewport shows.
      if (count > 0) await tab.evaluate(resizeFrame, { width: viewport.width, height: WINDOW.height });
      for (let index = 0; index < count; index++) {
        const label = `the QR code${count > 1 ? ` ${index + 1}` : ''}`;
        // Scrolled into the frame's view, as a phone's camera is pointed at it (Chromium's element screenshots scroll too).
        const box = (await tab.evaluate(qrBoxes, { inView: index }))[index];
        stats.qr++;
        const read = async () => qrProblems(crop(await tab.screenshot(), box), { label, where, width: box.width, desktopWidth: desktopQrs[index] });
        let problems = await read();
        for (let look = 2; look <= 3 && problems.length > 0; look++) {
          // WebKitGTK's screenshot can show the frame before its scroll or first paint is composited (e2e/devices.js scanQr): another look.
          await sleep(250);
          problems = await read();
        }
        fail(`reflow ${where}`, problems);
      }
    }
  }
  failures.push(...tab.errors);
  return failures;
}

/**
 * Runs every story entry in Firefox and WebKit (`engines`, names of ENGINES), one tab per engine,
 * both engines at once. `storyUrl(entry)` is the story's iframe.html URL as the Chromium pass loads
 * it; `baseUrl` the static server's, which answers FRAME_PAGE. `report(id, failures, started)`
 * logs and counts each story's result in each engine, as it does the Chromium pass's.
 */
export async function runInOtherEngines({ entries, baseUrl, storyUrl, engines = OTHER_ENGINES, report }) {
  // Each story once, in its own language: the runs in other languages (`a11y-languages`) are for
  // the words, which Chromium's snapshots hold; here what is checked is the engine's.
  const stories = entries.filter((entry) => entry.type === 'story' && !entry.locale);
  await Promise.all(
    engines.map(async (name) => {
      const engine = ENGINES.find((candidate) => candidate.name === name);
      const browser = await engine.launch({ reducedMotion: true });
      const stats = { compared: 0, treeUnread: 0, qr: 0 };
      try {
        let tab = await TABS[name](browser);
        for (const entry of stories) {
          const id = `${entry.id} in ${name}`;
          const started = Date.now();
          let failures;
          try {
            failures = await checkStory(tab, entry, `${baseUrl}${FRAME_PAGE}?src=${encodeURIComponent(storyUrl(entry))}`, stats);
          } catch (error) {
            failures = [firstLines(error instanceof Error ? error.message : error, 1), ...tab.errors];
            // A tab that failed mid-command may be anywhere: the next story gets a new one.
            await tab.close().catch(() => {});
            tab = await TABS[name](browser);
          }
          report(id, failures, started);
        }
        await tab.close();
        // What there was to check, so a count of 0 shows a check that checked nothing.
        console.error(
          `(${name}: ${stories.length} stories; ${stats.compared} roles and names compared with the Chromium snapshots` +
            `${stats.treeUnread ? `, not in the ${stats.treeUnread} with a modal dialog open (unreadable here)` : ''}; QR codes read ${stats.qr} times in reflow)`,
        );
      } finally {
        await browser.close();
      }
    }),
  );
}
