// What a screen reader meets in a story, for the Storybook smoke test (decision 061): the
// accessibility tree under #storybook-root as Chromium builds it (role, name, description, states),
// and what the live regions announced, in order, from the page's first script on. Both as text, so
// a snapshot committed in stories/__a11y__/ makes a change in what is announced a reviewed change.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/* global window, document, MutationObserver, Element -- only in the functions that run in the page. */

/**
 * Runs in the page before its own scripts (an init script): records the text of a live region
 * each time it changes (or an alert appears with its text), in the document and in every shadow
 * root. A region rendered with its text already in it is not recorded: screen readers do not
 * announce that either.
 */
export function recordAnnouncements() {
  const LIVE = '[role="status"], [role="alert"], [role="log"], [aria-live]:not([aria-live="off"])';
  const announcements = [];
  window.__iamsAnnouncements = announcements;
  const regionOf = (node) => (node.nodeType === 1 ? node : node.parentElement)?.closest(LIVE) ?? null;
  // status and alert are atomic (the whole region is said again); other regions, a log among them, say what was added.
  const atomic = (region) => region.getAttribute('aria-atomic') === 'true' || (['status', 'alert'].includes(region.getAttribute('role')) && region.getAttribute('aria-atomic') !== 'false');
  const said = (node) => node.textContent.replace(/\s+/g, ' ').trim();
  const observer = new MutationObserver((records) => {
    const changed = new Map();
    const add = (region, text) => changed.set(region, [...(changed.get(region) ?? []), text]);
    for (const record of records) {
      const region = regionOf(record.target);
      if (region && atomic(region)) changed.set(region, [said(region)]);
      else if (region && record.type === 'characterData') add(region, said(record.target));
      else if (region) for (const added of record.addedNodes) add(region, said(added));
      for (const added of record.addedNodes) {
        if (added.nodeType !== 1) continue;
        // An alert is said when it appears, text and all.
        for (const alert of [added, ...added.querySelectorAll('[role="alert"]')]) if (alert.matches('[role="alert"]')) changed.set(alert, [said(alert)]);
      }
    }
    for (const [region, texts] of changed) {
      const text = texts.filter(Boolean).join(' ');
      // Hidden regions are silent; `checkVisibility()` keeps the visually hidden ones.
      if (!text || !region.isConnected || !region.checkVisibility({ visibilityProperty: true })) continue;
      const role = region.getAttribute('role') ?? `aria-live=${region.getAttribute('aria-live')}`;
      announcements.push({ role, text, at: performance.now() });
    }
  });
  const observe = (root) => observer.observe(root, { childList: true, subtree: true, characterData: true });
  // Firefox can run this in a frame's initial about:blank document, whose window the story's
  // document then takes over: the story's document is observed once it is there too.
  const observed = new WeakSet();
  const observeDocument = () => {
    if (observed.has(document)) return;
    observed.add(document);
    observe(document);
  };
  observeDocument();
  window.addEventListener('DOMContentLoaded', observeDocument, true);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    observeDocument();
    const root = attachShadow.call(this, init);
    observe(root);
    return root;
  };
}

/** Runs in the page: the announcements so far. */
export function announcementsSoFar() {
  return window.__iamsAnnouncements ?? [];
}

/** Properties that change what a screen reader says about a node; the rest (focusable, settable…) it says nothing of. */
const SPOKEN_PROPERTIES = [
  'checked',
  'pressed',
  'expanded',
  'selected',
  'disabled',
  'busy',
  'required',
  'invalid',
  'readonly',
  'modal',
  'level',
  'live',
  'hasPopup',
  'valuetext',
  'focused',
];

/** States that are on or off (`checked` and `pressed` may also be `mixed`): said by name when on. */
const FLAGS = new Set(['checked', 'pressed', 'expanded', 'selected', 'disabled', 'busy', 'required', 'readonly', 'modal', 'focused']);

/** Nodes that only hold others: their children are read in their place. */
const CONTAINERS = new Set(['generic', 'none', 'InlineTextBox', 'LineBreak']);

/**
 * Text that changes run to run, made stable: a countdown's `m:ss` (a running clock's or a stopped
 * one's, so a story's stopped time is not pinned twice; not a time of day's `hh:mm:ss`) and ISO
 * date-times.
 */
export function stable(text) {
  return text
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?/g, '<date-time>')
    .replace(/(?<![:\d])\d{1,2}:\d{2}(?![:\d])/g, 'm:ss')
    .replace(/\s+/g, ' ')
    .trim();
}

function quoted(text) {
  return JSON.stringify(stable(text));
}

/** Chromium's accessibility tree under #storybook-root, one node a line, indented by depth. */
export async function accessibilityTree(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: '#storybook-root' });
    const { node } = await cdp.send('DOM.describeNode', { nodeId });
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    const byId = new Map(nodes.map((axNode) => [axNode.nodeId, axNode]));
    const top = nodes.find((axNode) => axNode.backendDOMNodeId === node.backendNodeId);
    if (!top) return ['(#storybook-root is not in the accessibility tree)'];
    const lines = [];
    const walk = (axNode, depth, spokenName) => {
      const role = axNode.role?.value ?? '';
      const name = axNode.name?.value ?? '';
      const children = (axNode.childIds ?? []).map((id) => byId.get(id)).filter(Boolean);
      if (role === 'StaticText') {
        // A control's or heading's own words are its name: said once.
        if (!axNode.ignored && !spokenName.includes(stable(name)) && stable(name)) lines.push(`${'  '.repeat(depth)}text ${quoted(name)}`);
        return;
      }
      if (axNode.ignored || (CONTAINERS.has(role) && !name)) {
        for (const child of children) walk(child, depth, spokenName);
        return;
      }
      let line = `${'  '.repeat(depth)}${role}`;
      if (name) line += ` ${quoted(name)}`;
      const description = axNode.description?.value;
      if (description) line += ` (description ${quoted(description)})`;
      const states = [];
      for (const property of axNode.properties ?? []) {
        if (!SPOKEN_PROPERTIES.includes(property.name)) continue;
        const { value } = property.value;
        if (value === false || value === 'false' || value === '' || value === undefined || value === 0) continue;
        const on = FLAGS.has(property.name) && (value === true || value === 'true' || value === 1);
        states.push(on ? property.name : `${property.name}=${stable(String(value))}`);
      }
      if (states.length > 0) line += ` [${states.sort().join(', ')}]`;
      lines.push(line);
      for (const child of children) walk(child, depth + 1, name ? stable(name) : '');
    };
    for (const child of (top.childIds ?? []).map((id) => byId.get(id)).filter(Boolean)) walk(child, 0, '');
    return lines;
  } finally {
    await cdp.detach();
  }
}

/** One announcement as a snapshot writes it: `role: "text"`, the text made stable. */
export function announcementLine({ role, text }) {
  return `${role}: ${quoted(text)}`;
}

/** How long a story on a running clock (`a11y-clock`) is watched once it has run: a countdown's five seconds. */
export const CLOCK_WATCH_MS = 5_000;

/** The snapshot's text: the tree, then the announcements in order. */
export function snapshotText(id, lang, tree, announcements) {
  return [
    `# ${id} (${lang}): the accessibility tree under #storybook-root once the story has run, and what its live regions announced`,
    '',
    '## tree',
    ...tree,
    '',
    '## announcements',
    ...(announcements.length > 0 ? announcements.map(announcementLine) : ['(none)']),
    '',
  ].join('\n');
}

export const SNAPSHOT_DIR = join(import.meta.dirname, '..', 'stories', '__a11y__');

export function snapshotFile(id, lang) {
  return `${id}.${lang}.txt`;
}

/**
 * Compares `text` with the committed snapshot (or writes it with `update`). Returns the failure,
 * or undefined.
 */
export async function compareSnapshot(file, text, update) {
  const path = join(SNAPSHOT_DIR, file);
  const committed = await readFile(path, 'utf8').catch(() => undefined);
  if (committed === text) return undefined;
  if (update) {
    await mkdir(SNAPSHOT_DIR, { recursive: true });
    await writeFile(path, text);
    console.log(`     wrote stories/__a11y__/${file}`);
    return undefined;
  }
  if (committed === undefined) return `no accessibility snapshot stories/__a11y__/${file} (run with --update-a11y-snapshots and review it)`;
  const want = committed.split('\n');
  const got = text.split('\n');
  const line = want.findIndex((expected, index) => expected !== got[index]);
  const at = line === -1 ? want.length : line;
  return `what a screen reader meets changed, stories/__a11y__/${file} line ${at + 1}: expected ${JSON.stringify(want[at] ?? '(end)')}, got ${JSON.stringify(got[at] ?? '(end)')} (if meant, run with --update-a11y-snapshots and review the diff)`;
}

/** Snapshots no story wrote: failures, or removed with `update`. */
export async function staleSnapshots(written, update) {
  const files = await readdir(SNAPSHOT_DIR).catch(() => []);
  const stale = files.filter((file) => file.endsWith('.txt') && !written.has(file));
  if (update) await Promise.all(stale.map((file) => rm(join(SNAPSHOT_DIR, file))));
  return update ? [] : stale.map((file) => `stories/__a11y__/${file} has no story (run with --update-a11y-snapshots to remove it)`);
}
