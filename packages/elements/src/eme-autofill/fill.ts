import type { EmeData } from '@iamsmart/sdk';
import { choicesFor, discover, valueFor, type EmeTarget, type EmeValue, type FillableElement } from './fields.js';

/*
 * Writing e-ME values into the page's form, and refusing controls whose value the resident could
 * not read there: a page must not be able to collect data the resident did not watch go into its
 * form. A control is written only when every check below passes; a check that cannot decide
 * refuses (`undecidable`). The same checks decide which fields are asked for (before the request)
 * and which controls are written (again, at fill time). What they cannot see: a closed shadow
 * root's styles, and what the page's own script does after the value is written (it can read it,
 * or hide the field): see docs/decisions/025.
 */

/** Why a control was not written. */
export type EmeRefusalReason =
  /** `type=hidden`. */
  | 'hidden-type'
  /** Not rendered (`display: none`, `content-visibility: hidden`, or no layout box). */
  | 'not-rendered'
  /** Its rendered box is under a pixel wide or tall. */
  | 'zero-size'
  /** Its rendered box (after transforms) is under 8 px tall, or under 24 px wide for text (8 px for a checkbox or radio). */
  | 'too-small'
  /** Outside the page (e.g. `left: -9999px`). */
  | 'off-screen'
  /** Clipped by `clip`, `clip-path` or an ancestor's `overflow`, so part of it (a corner, an edge or the centre) is cut away. */
  | 'clipped'
  /** `visibility` other than visible, or less than half opaque: `opacity` and `filter: opacity()` on it and every ancestor, multiplied. */
  | 'transparent'
  /**
   * Its text would not be readable: rendered under 9 px, contrast under 3:1 against what is behind
   * it (after colours, `-webkit-text-fill-color`, opacity and colour filters of it and its
   * ancestors), blurred, indented or spaced out of its box, or no room inside its padding.
   */
  | 'illegible'
  /** Something else is on top of one of nine points of its box (corners, edge middles, centre); its own `<label>` and the kit's own element count. */
  | 'covered'
  /**
   * A style the kit cannot evaluate: a mask, `mix-blend-mode`, an SVG `filter: url()`,
   * `background-clip: text`, a background image under its text, `backface-visibility: hidden`,
   * or page CSS that keeps an element from being hit-tested.
   */
  | 'undecidable'
  /** `inert`, or inside an inert element. */
  | 'inert'
  | 'disabled'
  | 'read-only'
  /** Associated with the form by `form=` but placed outside it. */
  | 'outside-form'
  /** Not in the form when the request was made. */
  | 'added-later'
  /** A `<select>`, radio group or checkbox with no choice matching the value. */
  | 'no-option';

export interface EmeFilledField {
  /** The `data-eme` name the control asked for (from `autocomplete`, the name it maps to). */
  field: string;
  element: FillableElement;
}

export interface EmeRefusedField extends EmeFilledField {
  reason: EmeRefusalReason;
}

export interface FillOutcome {
  filled: EmeFilledField[];
  refused: EmeRefusedField[];
  /** Controls left alone because e-ME gave no value for them. */
  empty: EmeFilledField[];
  /** Puts back what the controls held before, as input (events and all). */
  undo: () => void;
}

/*
 * The thresholds (why each: docs/decisions/025). Sizes are CSS pixels as rendered, after transforms.
 */
/** Below this opacity (on the control and its ancestors together) text is too faint to trust. */
const MIN_OPACITY = 0.5;
/** A rendered box under this height, or a checkbox/radio under this width, is too small to read. */
const MIN_BOX = 8;
/** A text control narrower than this shows too few characters to read. */
const MIN_TEXT_BOX_WIDTH = 24;
/** Smallest rendered font size, in px. */
const MIN_FONT = 9;
/** Smallest contrast ratio of the text against what is behind it (WCAG's level for large text). */
const MIN_CONTRAST = 3;
/** Largest blur radius, as a share of the font size (of the box height for a checkbox or radio). */
const MAX_BLUR = 0.15;
/** Room for at least this many characters (in em) inside the padding. */
const MIN_TEXT_ROOM = 2;

type Rgba = [r: number, g: number, b: number, a: number];
type ColourOp = (colour: Rgba) => Rgba;

/** The parent in the flat tree: the slot a node is assigned to, or a shadow root's host. */
function flatParent(node: Element): Element | null {
  if (node.assignedSlot) return node.assignedSlot;
  const parent = node.parentNode;
  if (parent instanceof ShadowRoot) return parent.host;
  return parent instanceof Element ? parent : null;
}

function flatAncestors(element: Element): Element[] {
  const chain: Element[] = [];
  for (let node = flatParent(element); node; node = flatParent(node)) chain.push(node);
  return chain;
}

function intersects(a: DOMRect, b: DOMRect): boolean {
  return Math.min(a.right, b.right) - Math.max(a.left, b.left) >= 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) >= 1;
}

/** Clipped by `clip`/`clip-path` on it or an ancestor. */
function hasClip(element: Element): boolean {
  return [element, ...flatAncestors(element)].some((node) => {
    const style = getComputedStyle(node);
    // `clip` is deprecated but still honoured, and the usual way to hide content visually.
    const clip = style.getPropertyValue('clip');
    return (clip !== 'auto' && clip !== '') || style.clipPath !== 'none';
  });
}

function clippedByOverflow(element: Element, rect: DOMRect): boolean {
  return flatAncestors(element).some((node) => {
    const style = getComputedStyle(node);
    return style.overflowX !== 'visible' && style.overflowY !== 'visible' && node !== document.documentElement && node !== document.body && !intersects(rect, node.getBoundingClientRect());
  });
}

const clamp = (value: number) => Math.min(1, Math.max(0, value));

type Matrix = [number, number, number, number, number, number, number, number, number];

function matrix([m0, m1, m2, m3, m4, m5, m6, m7, m8]: Matrix): ColourOp {
  return ([r, g, b, a]) => [clamp(m0 * r + m1 * g + m2 * b), clamp(m3 * r + m4 * g + m5 * b), clamp(m6 * r + m7 * g + m8 * b), a];
}

/** A filter function's amount: `50%` and `0.5` alike; `fallback` when none is given. */
function amount(text: string, fallback: number): number {
  const value = text.trim();
  if (value === '') return fallback;
  return value.endsWith('%') ? parseFloat(value) / 100 : parseFloat(value);
}

function degrees(text: string): number {
  const value = parseFloat(text) || 0;
  if (text.endsWith('grad')) return (value * 360) / 400;
  if (text.endsWith('turn')) return value * 360;
  if (text.endsWith('rad')) return (value * 180) / Math.PI;
  return value;
}

/** What an element's own `opacity` and `filter` do to what it paints. */
interface OwnEffects {
  alpha: number;
  ops: ColourOp[];
  /** Blur radius in px. */
  blur: number;
  /** A style the kit cannot evaluate, or undefined. */
  undecidable: boolean;
}

/** The filter functions as colour operations (the Filter Effects spec's matrices); `undefined` for one that cannot be evaluated. */
function filterEffects(filter: string): Omit<OwnEffects, 'undecidable'> | undefined {
  const effects = { alpha: 1, ops: [] as ColourOp[], blur: 0 };
  if (filter === 'none' || filter === '') return effects;
  for (const [, name = '', arg = ''] of filter.matchAll(/([a-z-]+)\(((?:[^()]|\([^()]*\))*)\)/g)) {
    const a = amount(arg, 1);
    const k = 1 - clamp(a);
    switch (name) {
      case 'opacity':
        effects.alpha *= clamp(a);
        break;
      case 'brightness':
        effects.ops.push(([r, g, b, al]) => [clamp(r * a), clamp(g * a), clamp(b * a), al]);
        break;
      case 'contrast':
        effects.ops.push(([r, g, b, al]) => [clamp((r - 0.5) * a + 0.5), clamp((g - 0.5) * a + 0.5), clamp((b - 0.5) * a + 0.5), al]);
        break;
      case 'invert': {
        const i = clamp(a);
        effects.ops.push(([r, g, b, al]) => [r * (1 - i) + (1 - r) * i, g * (1 - i) + (1 - g) * i, b * (1 - i) + (1 - b) * i, al]);
        break;
      }
      case 'grayscale':
        effects.ops.push(matrix([0.2126 + 0.7874 * k, 0.7152 - 0.7152 * k, 0.0722 - 0.0722 * k, 0.2126 - 0.2126 * k, 0.7152 + 0.2848 * k, 0.0722 - 0.0722 * k, 0.2126 - 0.2126 * k, 0.7152 - 0.7152 * k, 0.0722 + 0.9278 * k]));
        break;
      case 'sepia':
        effects.ops.push(matrix([0.393 + 0.607 * k, 0.769 - 0.769 * k, 0.189 - 0.189 * k, 0.349 - 0.349 * k, 0.686 + 0.314 * k, 0.168 - 0.168 * k, 0.272 - 0.272 * k, 0.534 - 0.534 * k, 0.131 + 0.869 * k]));
        break;
      case 'saturate':
        effects.ops.push(matrix([0.213 + 0.787 * a, 0.715 - 0.715 * a, 0.072 - 0.072 * a, 0.213 - 0.213 * a, 0.715 + 0.285 * a, 0.072 - 0.072 * a, 0.213 - 0.213 * a, 0.715 - 0.715 * a, 0.072 + 0.928 * a]));
        break;
      case 'hue-rotate': {
        const t = (degrees(arg.trim()) * Math.PI) / 180;
        const c = Math.cos(t);
        const s = Math.sin(t);
        effects.ops.push(
          matrix([
            0.213 + c * 0.787 - s * 0.213,
            0.715 - c * 0.715 - s * 0.715,
            0.072 - c * 0.072 + s * 0.928,
            0.213 - c * 0.213 + s * 0.143,
            0.715 + c * 0.285 + s * 0.14,
            0.072 - c * 0.072 - s * 0.283,
            0.213 - c * 0.213 - s * 0.787,
            0.715 - c * 0.715 + s * 0.715,
            0.072 + c * 0.928 + s * 0.072,
          ]),
        );
        break;
      }
      case 'blur':
        effects.blur += parseFloat(arg) || 0;
        break;
      // A shadow is drawn behind what the element paints: it can only add legibility.
      case 'drop-shadow':
        break;
      default:
        // url() (an SVG filter) and anything new.
        return undefined;
    }
  }
  return effects;
}

/** A 1×1 canvas that turns any CSS colour the browser knows into sRGB bytes. */
let colourCanvas: CanvasRenderingContext2D | null | undefined;

function parseColour(css: string): Rgba | undefined {
  const match = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+)(%?))?\s*\)$/.exec(css);
  if (match) {
    const alpha = match[4] === undefined ? 1 : Number(match[4]) / (match[5] ? 100 : 1);
    return [Number(match[1]) / 255, Number(match[2]) / 255, Number(match[3]) / 255, alpha];
  }
  // oklch(), color(srgb …) and other notations: drawn, then read back.
  colourCanvas ??= Object.assign(document.createElement('canvas'), { width: 1, height: 1 }).getContext('2d', { willReadFrequently: true });
  if (!colourCanvas) return undefined;
  colourCanvas.clearRect(0, 0, 1, 1);
  colourCanvas.fillStyle = css;
  colourCanvas.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0, a = 0] = colourCanvas.getImageData(0, 0, 1, 1).data;
  return [r / 255, g / 255, b / 255, a / 255];
}

/** `top` drawn over `bottom` (source-over). */
function over([r1, g1, b1, a1]: Rgba, [r2, g2, b2, a2]: Rgba): Rgba {
  const a = a1 + a2 * (1 - a1);
  if (a === 0) return [0, 0, 0, 0];
  const mix = (c1: number, c2: number) => (c1 * a1 + c2 * a2 * (1 - a1)) / a;
  return [mix(r1, r2), mix(g1, g2), mix(b1, b2), a];
}

function luminance([r, g, b]: Rgba): number {
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio of two opaque colours. */
function contrast(a: Rgba, b: Rgba): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (high + 0.05) / (low + 0.05);
}

/** The page's canvas, under everything: dark when the root's colour scheme is dark. */
function canvasColour(): Rgba {
  const scheme = getComputedStyle(document.documentElement).colorScheme;
  const dark = scheme.includes('dark') && (!scheme.includes('light') || matchMedia('(prefers-color-scheme: dark)').matches);
  return dark ? [0x12 / 255, 0x12 / 255, 0x12 / 255, 1] : [1, 1, 1, 1];
}

function isToggle(control: FillableElement): boolean {
  return control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio');
}

/** Elements force-made hit-testable beat page rules of up to this many ids. */
const EVERY = `:is(*, ${'#-'.repeat(32)})`;

/**
 * One round of checks (asking, or filling): per-element effects are read once. Page CSS that
 * keeps elements out of hit testing is undone while it runs (see `hitTestable`).
 */
class Checker {
  readonly #own = new Map<Element, OwnEffects>();

  own(node: Element): OwnEffects {
    let effects = this.#own.get(node);
    if (effects) return effects;
    const style = getComputedStyle(node);
    // An element with `display: contents` has no box: its own opacity, filter and mask do nothing.
    if (style.display === 'contents') effects = { alpha: 1, ops: [], blur: 0, undecidable: false };
    else {
      const filtered = filterEffects(style.filter);
      const mask = [style.getPropertyValue('mask-image'), style.getPropertyValue('-webkit-mask-image'), style.getPropertyValue('-webkit-mask-box-image-source')].some((value) => value !== '' && value !== 'none');
      const undecidable =
        !filtered ||
        mask ||
        style.mixBlendMode !== 'normal' ||
        style.backfaceVisibility === 'hidden' ||
        style.backgroundClip.includes('text') ||
        style.getPropertyValue('-webkit-background-clip').includes('text');
      effects = { alpha: Number(style.opacity) * (filtered?.alpha ?? 1), ops: filtered?.ops ?? [], blur: filtered?.blur ?? 0, undecidable };
    }
    this.#own.set(node, effects);
    return effects;
  }

  /** `colour` as painted by `element`: its and its ancestors' filters and opacity, innermost first. */
  painted(element: Element, colour: Rgba): Rgba {
    let out = colour;
    for (let node: Element | null = element; node; node = flatParent(node)) {
      const { ops, alpha } = this.own(node);
      for (const op of ops) out = op(out);
      out = [out[0], out[1], out[2], out[3] * alpha];
    }
    return out;
  }

  chain(control: Element): OwnEffects[] {
    return [control, ...flatAncestors(control)].map((node) => this.own(node));
  }
}

/** The open shadow roots of the page (closed ones cannot be reached: see the decision record). */
function openShadowRoots(root: Document | ShadowRoot = document, found: ShadowRoot[] = []): ShadowRoot[] {
  for (const element of Array.from(root.querySelectorAll('*'))) {
    if (element.shadowRoot) {
      found.push(element.shadowRoot);
      openShadowRoots(element.shadowRoot, found);
    }
  }
  return found;
}

/**
 * Runs `check` with every element of the page hit-testable: an overlay with `pointer-events:
 * none` still hides what is under it from the resident. Constructed sheets (allowed by a strict
 * CSP) in the document and every open shadow root, specific enough to beat page rules. Page CSS
 * can still win (an `!important` rule in a cascade layer): the elements that stay out of hit
 * testing are returned to `check`, which treats any over the control as a cover.
 */
function hitTestable<T>(check: (stubborn: Element[], stubbornPseudo: boolean) => T): T {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`${EVERY}, ${EVERY}::before, ${EVERY}::after { pointer-events: auto !important; }`);
  const roots = [document, ...openShadowRoots()].map((root) => ({ root, before: root.adoptedStyleSheets }));
  for (const { root, before } of roots) root.adoptedStyleSheets = [...before, sheet];
  try {
    const stubborn: Element[] = [];
    let stubbornPseudo = false;
    for (const { root } of roots) {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        if (getComputedStyle(element).pointerEvents === 'none') stubborn.push(element);
        for (const pseudo of ['::before', '::after']) {
          const style = getComputedStyle(element, pseudo);
          if (style.content !== 'none' && style.content !== 'normal' && style.pointerEvents === 'none') stubbornPseudo = true;
        }
      }
    }
    return check(stubborn, stubbornPseudo);
  } finally {
    for (const { root, before } of roots) root.adoptedStyleSheets = before;
  }
}

/** Nine points of the box (corners and edge middles inset past rounded corners, and the centre), within the viewport. */
function probePoints(control: Element, rect: DOMRect): [number, number][] {
  const style = getComputedStyle(control);
  const radius = Math.max(...['borderTopLeftRadius', 'borderTopRightRadius', 'borderBottomLeftRadius', 'borderBottomRightRadius'].map((name) => {
    const value = style.getPropertyValue(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
    return value.endsWith('%') ? (parseFloat(value) / 100) * Math.min(rect.width, rect.height) : parseFloat(value) || 0;
  }));
  // A point 0.3 r in from both edges of a rounded corner of radius r is inside the curve.
  const insetX = Math.min(rect.width / 3, Math.max(2, Math.min(radius, rect.height / 2) * 0.3 + 2));
  const insetY = Math.min(rect.height / 3, Math.max(2, Math.min(radius, rect.height / 2) * 0.3 + 2));
  const xs = [rect.left + insetX, rect.left + rect.width / 2, rect.right - insetX];
  const ys = [rect.top + insetY, rect.top + rect.height / 2, rect.bottom - insetY];
  return xs.flatMap((x) => ys.map((y): [number, number] => [x, y])).filter(([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight);
}

/**
 * The elements at (x, y) in `root`, topmost first (`elementsFromPoint`). WebKit (WebKitGTK 2.50),
 * asked through a shadow root, lists the shadow host first where the top element is a text
 * field's inner box (the field's user-agent shadow tree), as if the host covered its own field;
 * its `elementFromPoint` names the field. When the two disagree that way, the host goes back to its
 * place behind the root's own elements, as other engines list it. (A host really on top, by a
 * pseudo-element over its content, is named by both and stays first.)
 */
function elementsAt(root: Document | ShadowRoot, x: number, y: number): Element[] {
  const stack = root.elementsFromPoint(x, y);
  if (!(root instanceof ShadowRoot) || stack[0] !== root.host) return stack;
  const top = root.elementFromPoint(x, y);
  if (!top || top === root.host) return stack;
  const rest = stack.slice(1);
  let after = 0;
  rest.forEach((element, i) => {
    if (element.getRootNode() === root) after = i + 1;
  });
  return [...rest.slice(0, after), root.host, ...rest.slice(after)];
}

/** The control is the topmost element at (x, y) in its own tree and, through its hosts, in every tree above. */
function onTop(control: Element, x: number, y: number): boolean {
  let self: Element = control;
  for (;;) {
    const root = self.getRootNode() as Document | ShadowRoot;
    if (elementsAt(root, x, y)[0] !== self) return false;
    if (!(root instanceof ShadowRoot)) return true;
    self = root.host;
  }
}

/**
 * Where a host's absolutely placed pseudo-element lies, from its computed insets and size, when
 * the host (positioned, not transformed) is what it is placed against; otherwise undefined.
 */
function pseudoBox(host: Element, style: CSSStyleDeclaration): DOMRect | undefined {
  const hostStyle = getComputedStyle(host);
  if (style.position !== 'absolute' || hostStyle.position === 'static' || hostStyle.transform !== 'none') return undefined;
  const px = (name: string) => parseFloat(style.getPropertyValue(name));
  const [left, top] = [px('left'), px('top')];
  const width = px('width') + px('padding-left') + px('padding-right') + px('border-left-width') + px('border-right-width');
  const height = px('height') + px('padding-top') + px('padding-bottom') + px('border-top-width') + px('border-bottom-width');
  if (![left, top, width, height].every(Number.isFinite)) return undefined;
  const rect = host.getBoundingClientRect();
  return new DOMRect(rect.left + host.clientLeft + left, rect.top + host.clientTop + top, width, height);
}

/**
 * A shadow host above `control` draws a positioned `::before` or `::after` that lies, or may lie,
 * over `rect`. Firefox leaves a host's own pseudo-elements out of `elementsFromPoint` through its
 * shadow root, and the document names the host whether the pseudo-element or the field is on
 * top, so there hit testing cannot tell (Chromium and WebKit name the host first in the shadow
 * root when it covers).
 */
function hostPseudoMayCover(control: Element, rect: DOMRect): boolean {
  for (let root = control.getRootNode(); root instanceof ShadowRoot; root = root.host.getRootNode()) {
    for (const pseudo of ['::before', '::after']) {
      const style = getComputedStyle(root.host, pseudo);
      if (style.content === 'none' || style.content === 'normal' || (style.position !== 'absolute' && style.position !== 'fixed')) continue;
      const box = pseudoBox(root.host, style);
      if (!box || intersects(box, rect)) return true;
    }
  }
  return false;
}

/** Why the text of `control` would not be readable, or undefined; `stack` is what lies under its centre, topmost first. */
function textRefusal(control: FillableElement, rect: DOMRect, stack: Element[], checker: Checker): EmeRefusalReason | undefined {
  const style = getComputedStyle(control);
  const fontSize = parseFloat(style.fontSize) || 0;
  const scale = Math.min(rect.width / (control.offsetWidth || 1), rect.height / (control.offsetHeight || 1));
  const blur = checker.chain(control).reduce((sum, { blur: radius }) => sum + radius, 0);
  if (isToggle(control)) return blur > MAX_BLUR * (control.offsetHeight || 1) ? 'illegible' : undefined;
  if (fontSize * scale < MIN_FONT) return 'illegible';
  if (blur > MAX_BLUR * fontSize) return 'illegible';
  const px = (name: string) => parseFloat(style.getPropertyValue(name)) || 0;
  const roomX = control.clientWidth - px('padding-left') - px('padding-right');
  if (roomX < MIN_TEXT_ROOM * fontSize || control.clientHeight < fontSize) return 'illegible';
  const indentValue = style.textIndent;
  const indent = indentValue.endsWith('%') ? (parseFloat(indentValue) / 100) * roomX : parseFloat(indentValue) || 0;
  if (indent < 0 || indent > roomX - MIN_TEXT_ROOM * fontSize) return 'illegible';
  const spacing = style.letterSpacing === 'normal' ? 0 : parseFloat(style.letterSpacing) || 0;
  const wordSpacing = style.wordSpacing === 'normal' ? 0 : parseFloat(style.wordSpacing) || 0;
  if (spacing > fontSize || spacing < -0.25 * fontSize || wordSpacing > 2 * fontSize) return 'illegible';
  // What is behind the text at its centre: backgrounds of the elements there, topmost first, until one is opaque.
  let behind: Rgba = [0, 0, 0, 0];
  for (const layer of stack) {
    if (behind[3] >= 0.999) break;
    const layerStyle = getComputedStyle(layer);
    if (layerStyle.backgroundImage !== 'none' || layerStyle.mixBlendMode !== 'normal') return 'undecidable';
    const colour = parseColour(layerStyle.backgroundColor);
    if (!colour) return 'undecidable';
    behind = over(behind, checker.painted(layer, colour));
  }
  behind = over(behind, canvasColour());
  const fill = parseColour(style.getPropertyValue('-webkit-text-fill-color') || style.color);
  if (!fill) return 'undecidable';
  const text = over(checker.painted(control, fill), behind);
  return contrast(text, behind) < MIN_CONTRAST ? 'illegible' : undefined;
}

/** Why `control` must not be written now, or undefined when the resident could read and change it there. */
function refusalOf(control: FillableElement, form: HTMLFormElement): EmeRefusalReason | undefined {
  if (control instanceof HTMLInputElement && control.type === 'hidden') return 'hidden-type';
  if (!form.contains(control)) return 'outside-form';
  if (control.matches(':disabled')) return 'disabled';
  if (!(control instanceof HTMLSelectElement) && control.readOnly) return 'read-only';
  if (control.closest('[inert]')) return 'inert';
  if (control.getClientRects().length === 0 || !control.checkVisibility({ contentVisibilityAuto: true })) return 'not-rendered';
  if (!control.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return 'transparent';
  const checker = new Checker();
  const chain = checker.chain(control);
  if (chain.reduce((product, { alpha }) => product * alpha, 1) < MIN_OPACITY) return 'transparent';
  let rect = control.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return 'zero-size';
  if (rect.height < MIN_BOX || rect.width < (isToggle(control) ? MIN_BOX : MIN_TEXT_BOX_WIDTH)) return 'too-small';
  const page = document.documentElement;
  if (rect.right + scrollX <= 0 || rect.bottom + scrollY <= 0 || rect.left + scrollX >= page.scrollWidth || rect.top + scrollY >= page.scrollHeight) return 'off-screen';
  if (clippedByOverflow(control, rect)) return 'clipped';
  if (chain.some(({ undecidable }) => undecidable)) return 'undecidable';
  // Hit testing needs the box on screen; the caller restores the page's scroll position.
  if (rect.top < 0 || rect.left < 0 || rect.bottom > innerHeight || rect.right > innerWidth) {
    control.scrollIntoView({ block: 'center', inline: 'center' });
    rect = control.getBoundingClientRect();
  }
  return hitTestable((stubborn, stubbornPseudo) => {
    const points = probePoints(control, rect);
    if (!points.length) return 'undecidable';
    if (!points.every(([x, y]) => onTop(control, x, y))) return hasClip(control) ? 'clipped' : 'covered';
    const mine = new Set([control, ...flatAncestors(control)]);
    if (stubborn.some((element) => !mine.has(element) && intersects(element.getBoundingClientRect(), rect))) return 'covered';
    if (stubbornPseudo || hostPseudoMayCover(control, rect)) return 'undecidable';
    const [cx, cy] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
    const stack = elementsAt(control.getRootNode() as Document | ShadowRoot, Math.min(cx, innerWidth - 1), Math.min(cy, innerHeight - 1));
    return textRefusal(control, rect, stack, checker);
  });
}

/** The targets whose value the resident could read and change now; the page's scroll position is kept. */
export function usableTargets(form: HTMLFormElement, targets: readonly EmeTarget[]): EmeTarget[] {
  const { scrollX: x, scrollY: y } = window;
  const usable = targets.filter(({ element }) => !refusalOf(element, form));
  window.scrollTo(x, y);
  return usable;
}

function same(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  // "3" and "03" are the same month.
  return x === y || (/^\d+$/.test(x) && /^\d+$/.test(y) && Number(x) === Number(y));
}

function matches(choices: readonly string[], ...candidates: (string | null | undefined)[]): boolean {
  return candidates.some((candidate) => candidate != null && candidate.trim() !== '' && choices.some((choice) => same(choice, candidate)));
}

function labelText(control: HTMLInputElement): string {
  return Array.from(control.labels ?? [], (label) => label.textContent).join(' ');
}

/** The native setters, so a framework's own `value` property (React's value tracker) sees the change as the user's. */
function setValue(control: FillableElement, value: string): void {
  const prototype = control instanceof HTMLSelectElement ? HTMLSelectElement.prototype : control instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(control, value);
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
}

/**
 * A checkbox or radio changes as a click changes it: frameworks listen to `click` for these
 * (React does), and the browser then fires `input` and `change` itself.
 */
function setChecked(control: HTMLInputElement, checked: boolean): void {
  if (control.checked !== checked) control.click();
  // A click cannot clear a radio: set it, and say so as a click would.
  if (control.checked !== checked) {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'checked')?.set?.call(control, checked);
    control.dispatchEvent(new Event('input', { bubbles: true }));
    control.dispatchEvent(new Event('change', { bubbles: true }));
  }
}

/** What a control held, to put it back. */
type Restore = () => void;

function radioGroup(control: HTMLInputElement): HTMLInputElement[] {
  const { form, name } = control;
  if (!form || !name) return [control];
  return Array.from(form.elements).filter((element): element is HTMLInputElement => element instanceof HTMLInputElement && element.type === 'radio' && element.name === name);
}

/** Writes `value` into `control`; returns how to undo it, or 'no-option' when the control offers no matching choice. */
function write(control: FillableElement, name: string, value: EmeValue): Restore | 'no-option' {
  const choices = choicesFor(name, value);
  if (control instanceof HTMLSelectElement) {
    const option = Array.from(control.options).find((candidate) => matches(choices, candidate.value)) ?? Array.from(control.options).find((candidate) => matches(choices, candidate.text));
    if (!option) return 'no-option';
    const before = control.value;
    setValue(control, option.value);
    return () => {
      setValue(control, before);
    };
  }
  if (control instanceof HTMLInputElement && control.type === 'checkbox') {
    const checked = typeof value === 'boolean' ? value : matches(choices, control.value, labelText(control)) || undefined;
    if (checked === undefined) return 'no-option';
    const before = control.checked;
    setChecked(control, checked);
    return () => {
      setChecked(control, before);
    };
  }
  if (control instanceof HTMLInputElement && control.type === 'radio') {
    const previous = radioGroup(control).find((radio) => radio.checked);
    setChecked(control, true);
    return () => {
      if (previous) setChecked(previous, true);
      else setChecked(control, false);
    };
  }
  // A yes/no has no wording to type into a text box.
  if (typeof value === 'boolean') return 'no-option';
  const before = control.value;
  setValue(control, value);
  return () => {
    setValue(control, before);
  };
}

/** The radio of a group whose value (or label) matches, found before any is checked for refusal. */
function radioFor(targets: readonly EmeTarget[], name: string, value: EmeValue): EmeTarget | undefined {
  const choices = choicesFor(name, value);
  return targets.find(({ element }) => element instanceof HTMLInputElement && matches(choices, element.value, labelText(element)));
}

/**
 * Fills `form` with `data`: only the controls `requested` listed (collected when the request was
 * made), each checked again now; a control added since is refused, as is any whose value the
 * resident could not read or change there. Filled controls get `data-iams-filled`. Call it while
 * nothing of the kit's own covers the page (the element closes its modal dialog first).
 */
export function fillForm(form: HTMLFormElement, requested: readonly EmeTarget[], data: EmeData): FillOutcome {
  const filled: EmeFilledField[] = [];
  const refused: EmeRefusedField[] = [];
  const empty: EmeFilledField[] = [];
  const restores: { element: FillableElement; restore: Restore }[] = [];
  const known = new Set(requested.map(({ element }) => element));
  for (const { element, name } of discover(form).targets) {
    if (!known.has(element)) refused.push({ field: name, element, reason: 'added-later' });
  }
  const { scrollX: x, scrollY: y } = window;
  // A named radio group is one control: the radio whose value matches is the one written.
  const groups = new Map<string, EmeTarget[]>();
  for (const target of requested) {
    if (!target.element.isConnected) continue;
    const { element } = target;
    const key = element instanceof HTMLInputElement && element.type === 'radio' && element.name ? `${target.name}\n${element.name}` : groups.size;
    const group = groups.get(String(key));
    if (group) group.push(target);
    else groups.set(String(key), [target]);
  }
  for (const group of groups.values()) {
    const [first] = group as [EmeTarget];
    const { name } = first;
    const isRadio = first.element instanceof HTMLInputElement && first.element.type === 'radio';
    // A control refused is reported as such even when its field was not asked for (because of that).
    const early = isRadio ? undefined : refusalOf(first.element, form);
    if (early) {
      refused.push({ field: name, element: first.element, reason: early });
      continue;
    }
    const value = valueFor(name, data, first.element);
    if (value === undefined) {
      empty.push({ field: name, element: first.element });
      continue;
    }
    // Of a radio group, only the radio to be checked has to be one the resident can see.
    const target = isRadio ? radioFor(group, name, value) : first;
    if (!target) {
      refused.push({ field: name, element: first.element, reason: 'no-option' });
      continue;
    }
    const { element } = target;
    const reason = isRadio ? refusalOf(element, form) : undefined;
    if (reason) {
      refused.push({ field: name, element, reason });
      continue;
    }
    const restore = write(element, name, value);
    if (restore === 'no-option') {
      refused.push({ field: name, element, reason: 'no-option' });
      continue;
    }
    element.setAttribute('data-iams-filled', '');
    restores.push({ element, restore });
    filled.push({ field: name, element });
  }
  window.scrollTo(x, y);
  let undone = false;
  return {
    filled,
    refused,
    empty,
    undo: () => {
      if (undone) return;
      undone = true;
      for (const { element, restore } of restores.reverse()) {
        restore();
        element.removeAttribute('data-iams-filled');
      }
    },
  };
}
