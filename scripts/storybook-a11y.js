// What the Storybook smoke test checks beyond axe on every story it has loaded (issue 18, decision
// 060), in the same Chromium page, changing only what a resident's settings would change:
//
// - reflow: at 640 and 320 CSS px wide (200 % and 400 % zoom of 1280 × 1024), then again with the
//   WCAG 1.4.12 text spacing in the page and in every shadow root: no sideways scrolling (page,
//   dialogs), nothing clipped or outside the viewport; a QR code still reads from a screenshot, at
//   its desktop size, with its quiet zone light; an identification code wholly visible;
// - forced colours (light and dark palettes): axe again, every button's edge or fill and every
//   focus ring set apart from what is behind them, the QR's dark modules dark on light;
// - targets: every control at least 24 × 24 CSS px (WCAG 2.5.8; a link inside a sentence is
//   exempt), 44 × 44 when laid out for touch (a 390 px phone with touch and `pointer: coarse`);
// - motion: with reduced motion preferred, none of the kit's animations or transitions runs.
//
// Media features are emulated in the page (`page.emulateMedia`, touch through CDP): this stage runs
// in Chromium only, and changing them on the loaded story costs no second load (decision 055's
// launch settings are for the checks that run in three engines).
import { decodeQr } from '../e2e/harness.js';

export const CHECKS = ['reflow', 'forced colours', 'targets', 'motion'];

export const REFLOW_VIEWPORTS = [
  { width: 640, height: 512 },
  { width: 320, height: 256 },
];
const PHONE = { width: 390, height: 844 };
const QUIET_ZONE_MODULES = 4;

/* global window, document, getComputedStyle, CSSStyleSheet, Range, NodeFilter, Node, requestAnimationFrame -- only in the functions that run in the page. */

/**
 * Runs in the page: what one check finds, as problems naming the element, and how many things it
 * looked at. `check` is `layout`, `targets`, `motion`, `spacing` (adds the WCAG 1.4.12
 * overrides) or `forced` (buttons, text, focus rings).
 */
export async function inspect({ check, minTarget }) {
  const storyRoot = document.querySelector('#storybook-root');
  // The kit: its elements in the story and every open shadow root inside them, however deep. The
  // story's own scaffolding (a table of variants, a stand-in form, an event log) is not the kit.
  const hosts = [...storyRoot.querySelectorAll('*')].filter((element) => element.localName.startsWith('iams-') && element.getRootNode() === document);
  const roots = [storyRoot, ...hosts.map((host) => host.shadowRoot).filter(Boolean)];
  for (let i = 1; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const elements = [...hosts, ...roots.slice(1).flatMap((root) => [...root.querySelectorAll('*')])];
  const name = (element) => {
    const names = [];
    for (let node = element; node; node = node.getRootNode().host) {
      const part = node.getAttribute('part');
      const cls = typeof node.className === 'string' && node.className.trim() ? `.${node.className.trim().split(/\s+/)[0]}` : '';
      names.unshift(`${node.localName}${part ? `[part=${part}]` : cls}`);
      if (node.getRootNode() === document) break;
    }
    return names.join(' >>> ');
  };
  const parent = (element) => element.parentElement ?? element.getRootNode().host ?? null;
  const ancestors = (element) => {
    const list = [];
    for (let node = parent(element); node; node = parent(node)) list.push(node);
    return list;
  };
  // Text only screen readers get (1 px, clipped) is meant to be clipped and off the layout.
  const hiddenForScreenReaders = (element) =>
    [element, ...ancestors(element)].some((node) => {
      const style = getComputedStyle(node);
      return style.clipPath === 'inset(50%)' || (node.getBoundingClientRect().width <= 1 && style.overflow === 'hidden');
    });
  const shown = (element) => {
    const rect = element.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && getComputedStyle(element).visibility === 'visible' && !hiddenForScreenReaders(element);
  };
  const px = (rect) => `${Math.round(rect.left)}–${Math.round(rect.right)} × ${Math.round(rect.top)}–${Math.round(rect.bottom)}`;
  const problems = [];
  // What there was to check: controls measured, buttons and focus rings looked at.
  const seen = { controls: 0, buttons: 0, rings: 0 };

  if (check === 'layout') {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > width + 1) {
      problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide in ${width} px)`);
    }
    const outside = new Set();
    const clipping = (style) => ['hidden', 'clip'].includes(style.overflowX) || ['hidden', 'clip'].includes(style.overflowY);
    for (const element of elements) {
      if (element.closest('svg') && element.localName !== 'svg') continue;
      const style = getComputedStyle(element);
      if (style.display === 'none' || !shown(element)) continue;
      if (['auto', 'scroll'].includes(style.overflowX) && element.scrollWidth > element.clientWidth + 1) {
        problems.push(`${name(element)} scrolls sideways (${element.scrollWidth} px of content in ${element.clientWidth} px)`);
      } else if (clipping(style) && (element.scrollWidth > element.clientWidth + 1 || element.scrollHeight > element.clientHeight + 1)) {
        problems.push(`${name(element)} clips its content (${element.scrollWidth} × ${element.scrollHeight} px in ${element.clientWidth} × ${element.clientHeight})`);
      }
      const rect = element.getBoundingClientRect();
      // The outermost box outside the viewport says it; what it holds goes with it.
      if ((rect.left < -1 || rect.right > width + 1) && !ancestors(element).some((node) => outside.has(node))) {
        outside.add(element);
        problems.push(`${name(element)} is outside the ${width} px viewport (${px(rect)})`);
      }
    }
    // Text that overflows a box it is allowed to overflow still has to be on screen.
    for (const root of [...hosts, ...roots.slice(1)]) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const holder = text.parentElement;
        if (!text.data.trim() || !holder || holder.closest('style, script') || !shown(holder)) continue;
        const range = new Range();
        range.selectNodeContents(text);
        const rect = range.getBoundingClientRect();
        if (rect.width > 0 && (rect.left < -1 || rect.right > width + 1) && ![holder, ...ancestors(holder)].some((node) => outside.has(node))) {
          problems.push(`text "${text.data.trim().slice(0, 30)}" in ${name(holder)} is outside the ${width} px viewport (${px(rect)})`);
        }
      }
    }
    // The identification code: all of it inside the viewport and inside every box that clips (a
    // box that scrolls clips only sideways: scrolling down to the code is allowed).
    for (const code of elements.filter((element) => element.matches('[part~="code"]') && shown(element))) {
      const rect = code.getBoundingClientRect();
      const clipper = ancestors(code).find((node) => {
        const style = getComputedStyle(node);
        const box = node.getBoundingClientRect();
        const sideways = rect.left < box.left - 1 || rect.right > box.right + 1;
        if (clipping(style)) return sideways || rect.top < box.top - 1 || rect.bottom > box.bottom + 1;
        return ['auto', 'scroll'].includes(style.overflowX) && sideways;
      });
      if (rect.left < -1 || rect.right > width + 1 || clipper) {
        problems.push(`the identification code ${name(code)} is not wholly visible (${px(rect)}${clipper ? `, clipped by ${name(clipper)}` : ''})`);
      }
    }
  }

  if (check === 'spacing') {
    // WCAG 1.4.12's values, as the usual text-spacing bookmarklet sets them.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(
      '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-block-end: 2em !important; }',
    );
    for (const root of [document, ...roots.slice(1)]) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  if (check === 'targets') {
    // The stories' stand-in form is scaffolding a developer copies: its labelled controls count
    // too (a label's own control only: the form's deliberately tiny trap fields are e-ME's test data).
    const standIn = [...storyRoot.querySelectorAll('form.stand-in-form > label > :is(input:not([type="hidden"]), select, textarea), form.stand-in-form > button')];
    const controls = [...elements, ...standIn].filter(
      (element) =>
        element.matches(
          'button, a[href], input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"], [role="checkbox"], [role="radio"], [role="switch"], [role="tab"], [role="menuitem"]',
        ) && shown(element),
    );
    for (const control of controls) {
      // A link in a sentence is exempt (2.5.8's "inline" exception): an inline box with words around it.
      if (control.localName === 'a' && getComputedStyle(control).display === 'inline') {
        const sentence = parent(control)?.textContent.replace(/\s+/g, ' ').trim() ?? '';
        if (sentence.length > control.textContent.replace(/\s+/g, ' ').trim().length) continue;
      }
      seen.controls++;
      // A control's labels take its clicks too: the target is their union.
      const boxes = [control, ...(control.labels ?? [])].map((element) => element.getBoundingClientRect());
      const width = Math.max(...boxes.map((box) => box.right)) - Math.min(...boxes.map((box) => box.left));
      const height = Math.max(...boxes.map((box) => box.bottom)) - Math.min(...boxes.map((box) => box.top));
      if (width < minTarget - 0.5 || height < minTarget - 0.5) {
        problems.push(`${name(control)} is ${Math.round(width * 10) / 10} × ${Math.round(height * 10) / 10} px, under ${minTarget} × ${minTarget}`);
      }
    }
  }

  if (check === 'motion') {
    const kit = (target) => target && (storyRoot.contains(target) || roots.includes(target.getRootNode()));
    const animations = new Set([document, ...roots.slice(1)].flatMap((root) => root.getAnimations()));
    for (const animation of animations) {
      const target = animation.effect?.target;
      if (animation.playState !== 'running' || !kit(target)) continue;
      problems.push(`${name(target)} runs ${animation.animationName ? `the animation ${animation.animationName}` : `a transition of ${animation.transitionProperty}`}`);
    }
  }

  if (check === 'forced') {
    // Colours as laid out; a transparent box shows what is behind it, up to the canvas.
    const probe = document.createElement('div');
    probe.style.background = 'Canvas';
    document.body.append(probe);
    const canvas = getComputedStyle(probe).backgroundColor;
    probe.remove();
    const opaque = (colour) => colour !== 'transparent' && !/rgba\(.*,\s*0\)$/.test(colour);
    const behind = (element) => {
      for (const node of ancestors(element)) {
        const colour = getComputedStyle(node).backgroundColor;
        if (opaque(colour)) return colour;
      }
      return canvas;
    };
    const buttons = elements.filter((element) => element.matches('button, [role="button"], a.secondary, a[part~="hosted-link"]') && shown(element));
    for (const button of buttons) {
      seen.buttons++;
      const style = getComputedStyle(button);
      const around = behind(button);
      const edge = Number.parseFloat(style.borderTopWidth) >= 1 && style.borderTopStyle !== 'none' && style.borderTopColor !== around;
      const fill = opaque(style.backgroundColor) && style.backgroundColor !== around;
      if (!edge && !fill) problems.push(`${name(button)} does not stand out: no border or fill other than ${around}`);
    }
    // axe's color-contrast reads the page's own text colours here, not the forced ones painted:
    // text must differ from what is behind it (the countdown, the status, every message).
    for (const holder of elements.filter((element) => [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.data.trim()))) {
      if (holder.closest('style, script') || !shown(holder)) continue;
      const style = getComputedStyle(holder);
      const ground = opaque(style.backgroundColor) ? style.backgroundColor : behind(holder);
      if (style.color === ground) problems.push(`the text of ${name(holder)} is ${style.color} on ${ground}`);
    }
    const focusable = elements.filter((element) => element.matches('button, a[href], input, select, textarea, summary, [tabindex="0"]') && shown(element));
    for (const control of focusable) {
      control.focus();
      const focused = control.getRootNode().activeElement === control;
      // Inert content behind a modal dialog takes no focus: nothing to show there.
      if (!focused) continue;
      // A copy: the declaration getComputedStyle gives follows the element's state.
      const { outlineStyle, outlineWidth, outlineColor, borderTopColor } = getComputedStyle(control);
      const visible = control.matches(':focus-visible');
      const around = behind(control);
      const ring = outlineStyle !== 'none' && Number.parseFloat(outlineWidth) >= 2 && outlineColor !== around;
      control.blur();
      const border = borderTopColor !== getComputedStyle(control).borderTopColor && borderTopColor !== around;
      if (!visible && !ring) continue;
      seen.rings++;
      if (!ring && !border) {
        problems.push(`${name(control)} shows no focus ring (outline ${outlineStyle} ${outlineWidth} ${outlineColor} on ${around})`);
      }
    }
  }
  return { problems, seen };
}

/**
 * Runs in the page: the kit's QR codes' boxes (CSS px, in the viewport), in document order; with
 * `inView`, that code is first scrolled into view and the boxes are read once it is painted.
 */
export function qrBoxes({ inView } = {}) {
  const roots = [document.querySelector('#storybook-root')];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i].querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  const svgs = roots.flatMap((root) => [...root.querySelectorAll('svg[part~="qr"]')]);
  const boxes = () =>
    svgs.map((svg) => {
      const { left, top, width, height } = svg.getBoundingClientRect();
      return { left, top, width, height };
    });
  if (inView === undefined) return boxes();
  svgs[inView].scrollIntoView({ block: 'center', inline: 'center' });
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(boxes()))));
}

const luminance = (png, x, y) => {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4;
  return 0.2126 * png.data[i] + 0.7152 * png.data[i + 1] + 0.0722 * png.data[i + 2];
};

/**
 * Reads one QR code from a picture of it, as a phone would: it must decode, have dark modules on a
 * light background with a light quiet zone of four modules around the code, and be no narrower
 * than `desktopWidth` (the width the desktop layout gave it). Resolves the problems, each naming
 * `label` and `where`.
 */
export function qrProblems(picture, { label, where, width, desktopWidth = 0 }) {
  const problems = [];
  if (width < desktopWidth - 1) problems.push(`${label} shrank to ${Math.round(width)} px (${Math.round(desktopWidth)} px on the desktop)`);
  const { data, png, code } = decodeQr(picture);
  if (data === undefined || !code) return [...problems, `${label} does not decode from a screenshot ${where}`];
  const { topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner, topLeftFinderPattern } = code.location;
  const corners = [topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner];
  const module = Math.hypot(topRightCorner.x - topLeftCorner.x, topRightCorner.y - topLeftCorner.y) / (17 + 4 * code.version);
  const zone = QUIET_ZONE_MODULES * module;
  const box = {
    left: Math.min(...corners.map((c) => c.x)) - zone,
    right: Math.max(...corners.map((c) => c.x)) + zone,
    top: Math.min(...corners.map((c) => c.y)) - zone,
    bottom: Math.max(...corners.map((c) => c.y)) + zone,
  };
  if (luminance(png, topLeftFinderPattern.x, topLeftFinderPattern.y) >= 128) problems.push(`${label} has light modules on a dark background ${where}`);
  // One module's width of slack for the rounding of jsQR's corners.
  if (box.left < -module || box.top < -module || box.right > png.width + module || box.bottom > png.height + module) {
    return [...problems, `${label} has less than ${QUIET_ZONE_MODULES} modules of quiet zone ${where}`];
  }
  const inner = { left: box.left + zone - module / 2, right: box.right - zone + module / 2, top: box.top + zone - module / 2, bottom: box.bottom - zone + module / 2 };
  let dark = 0;
  // The screenshot's outermost pixels may hold the page behind a box at a fractional position.
  for (let y = Math.max(1, Math.ceil(box.top)); y < Math.min(png.height - 1, box.bottom); y++) {
    for (let x = Math.max(1, Math.ceil(box.left)); x < Math.min(png.width - 1, box.right); x++) {
      if (x > inner.left && x < inner.right && y > inner.top && y < inner.bottom) continue;
      if (luminance(png, x, y) < 128) dark++;
    }
  }
  if (dark > 0) problems.push(`${label}'s quiet zone is not light (${dark} dark pixels) ${where}`);
  return problems;
}

/** The story's QR codes read from Chromium's screenshots of each (`qrProblems`). */
async function checkQrCodes(page, desktopWidths, where) {
  const qrs = page.locator('svg[part~="qr"]');
  const boxes = await page.evaluate(qrBoxes);
  const problems = [];
  for (let index = 0; index < boxes.length; index++) {
    const label = `the QR code${boxes.length > 1 ? ` ${index + 1}` : ''}`;
    const picture = await qrs.nth(index).screenshot({ animations: 'disabled' });
    problems.push(...qrProblems(picture, { label, where, width: boxes[index].width, desktopWidth: desktopWidths[index] }));
  }
  return { problems };
}

/**
 * The checks above on the loaded story in `page` (at the smoke test's desktop viewport);
 * `runAxe(disabledRules)` runs axe on it as the smoke test does. Resolves the failures, each naming its check and
 * element, and what was there to check (`qr`: QR codes read; `code`: an identification code
 * shown; `moving`: the kit animated before reduced motion was asked for; `reflowSkipped`: the
 * story's reason to skip reflow; `controls`, `buttons`, `rings`: targets measured, buttons and
 * focus rings looked at in forced colours, each time). Leaves the page as it found it.
 */
export async function checkStory(page, runAxe) {
  const failures = [];
  const found = { qr: 0, moving: false, code: false, reflowSkipped: undefined, controls: 0, buttons: 0, rings: 0 };
  const fail = (check, problems) => failures.push(...problems.map((problem) => `${check}: ${problem}`));
  const count = (seen) => {
    for (const [key, value] of Object.entries(seen)) found[key] += value;
  };
  const inspected = async (options) => {
    const { problems, seen } = await page.evaluate(inspect, options);
    count(seen);
    return problems;
  };
  const desktop = page.viewportSize();

  fail('targets', await inspected({ check: 'targets', minTarget: 24 }));
  const desktopQrs = (await page.evaluate(qrBoxes)).map((box) => box.width);
  found.qr = desktopQrs.length;
  found.moving = (await inspected({ check: 'motion' })).length > 0;
  try {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    fail('motion (reduced motion preferred)', await inspected({ check: 'motion' }));
    await page.emulateMedia({ reducedMotion: null });

    for (const colorScheme of ['light', 'dark']) {
      const where = `in forced colours (${colorScheme} palette)`;
      await page.emulateMedia({ forcedColors: 'active', colorScheme });
      fail(`forced colours, ${colorScheme}`, (await runAxe(['color-contrast'])).map((violation) => `axe ${violation}`));
      // A key press first, as a keyboard user's: programmatic focus then shows :focus-visible.
      await page.keyboard.press('Shift');
      fail(`forced colours, ${colorScheme}`, await inspected({ check: 'forced' }));
      fail(`forced colours, ${colorScheme}`, (await checkQrCodes(page, desktopQrs, where)).problems);
    }
    await page.emulateMedia({ forcedColors: 'none', colorScheme: null });

    const cdp = await page.context().newCDPSession(page);
    try {
      // Playwright's phone contexts (isMobile, hasTouch) set these two; on the loaded story.
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
      await cdp.send('Emulation.setDeviceMetricsOverride', { ...PHONE, deviceScaleFactor: 1, mobile: true });
      if (!(await page.evaluate(() => window.matchMedia('(pointer: coarse)').matches))) throw new Error('touch emulation: (pointer: coarse) does not match');
      fail('targets on touch', await inspected({ check: 'targets', minTarget: 44 }));
    } finally {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: false });
      await cdp.detach();
    }

    // A story may say why reflow does not apply to it (`parameters.reflow.skip`).
    found.reflowSkipped = await page.evaluate(() => window.__STORYBOOK_PREVIEW__?.currentRender?.story?.parameters?.reflow?.skip);
    for (const spacing of found.reflowSkipped ? [] : [false, true]) {
      if (spacing) await inspected({ check: 'spacing' });
      for (const viewport of REFLOW_VIEWPORTS) {
        await page.setViewportSize(viewport);
        const where = `at ${viewport.width} px${spacing ? ' with text spacing' : ''}`;
        fail(`reflow ${where}`, await inspected({ check: 'layout' }));
        fail(`reflow ${where}`, (await checkQrCodes(page, desktopQrs, where)).problems);
      }
    }
    found.code = await page.locator('[part~="code"]').count() > 0;
  } finally {
    await page.emulateMedia({ reducedMotion: null, forcedColors: 'none', colorScheme: null });
    await page.setViewportSize(desktop);
  }
  return { failures, found };
}
