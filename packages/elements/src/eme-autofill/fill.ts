import type { EmeData } from '@iamsmart/sdk';
import { choicesFor, discover, valueFor, type EmeTarget, type EmeValue, type FillableElement } from './fields.js';

/*
 * Writing e-ME values into the page's form, and refusing controls the resident cannot see or
 * change: a page must not be able to collect data the resident did not watch go into its form.
 */

/** Why a control was not written. */
export type EmeRefusalReason =
  /** `type=hidden`. */
  | 'hidden-type'
  /** Not rendered (`display: none`, or no layout box). */
  | 'not-rendered'
  /** Narrower or shorter than a pixel. */
  | 'zero-size'
  /** Outside the page (e.g. `left: -9999px`). */
  | 'off-screen'
  /** Clipped to nothing by `clip`, `clip-path` or an ancestor's `overflow`. */
  | 'clipped'
  /** Fully transparent (`opacity` near 0 on it or an ancestor) or `visibility: hidden`. */
  | 'transparent'
  /** Another element is on top of its centre. */
  | 'covered'
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

/** Below this (on the control and its ancestors together) a control is invisible. */
const MIN_OPACITY = 0.1;

function ancestors(element: Element): Element[] {
  const chain: Element[] = [];
  for (let node: Element | null = element.parentElement; node; node = node.parentElement) chain.push(node);
  return chain;
}

function intersects(a: DOMRect, b: DOMRect): boolean {
  return Math.min(a.right, b.right) - Math.max(a.left, b.left) >= 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) >= 1;
}

/** Clipped by `clip`/`clip-path` on it or an ancestor, or outside an ancestor that clips its overflow. */
function hasClip(element: Element): boolean {
  return [element, ...ancestors(element)].some((node) => {
    const style = getComputedStyle(node);
    // `clip` is deprecated but still honoured, and the usual way to hide content visually.
    const clip = style.getPropertyValue('clip');
    return (clip !== 'auto' && clip !== '') || style.clipPath !== 'none';
  });
}

function clippedByOverflow(element: Element, rect: DOMRect): boolean {
  return ancestors(element).some((node) => {
    const style = getComputedStyle(node);
    return style.overflowX !== 'visible' && style.overflowY !== 'visible' && node !== document.documentElement && node !== document.body && !intersects(rect, node.getBoundingClientRect());
  });
}

/**
 * Makes every element of the page hit-testable while fields are checked: an overlay with
 * `pointer-events: none` still hides what is under it from the resident. A constructed sheet, so
 * a strict CSP (no inline styles) allows it.
 */
function withEveryElementHitTestable<T>(check: () => T): T {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync('* { pointer-events: auto !important; }');
  const before = document.adoptedStyleSheets;
  document.adoptedStyleSheets = [...before, sheet];
  try {
    return check();
  } finally {
    document.adoptedStyleSheets = before;
  }
}

/**
 * The element at the control's centre is the control or its label. `host` is skipped: the
 * element's own modal dialog is on top of everything while the form is filled.
 */
function hitsControl(control: FillableElement, host: Element): boolean {
  let rect = control.getBoundingClientRect();
  const inViewport = (r: DOMRect) => r.left + r.width / 2 >= 0 && r.top + r.height / 2 >= 0 && r.left + r.width / 2 < innerWidth && r.top + r.height / 2 < innerHeight;
  // Hit testing needs the centre on screen; the caller restores the page's scroll position.
  if (!inViewport(rect)) {
    control.scrollIntoView({ block: 'center', inline: 'center' });
    rect = control.getBoundingClientRect();
  }
  const { left, top, width, height } = rect;
  const hit = withEveryElementHitTestable(() => document.elementsFromPoint(left + width / 2, top + height / 2)).find((node) => node !== host);
  if (!hit) return false;
  return hit === control || control.contains(hit) || Array.from(control.labels ?? []).some((label) => label === hit || label.contains(hit));
}

/** Why `control` must not be written now, or undefined when the resident can see and change it. */
function refusalOf(control: FillableElement, form: HTMLFormElement, host: Element): EmeRefusalReason | undefined {
  if (control instanceof HTMLInputElement && control.type === 'hidden') return 'hidden-type';
  if (!form.contains(control)) return 'outside-form';
  if (control.matches(':disabled')) return 'disabled';
  if (!(control instanceof HTMLSelectElement) && control.readOnly) return 'read-only';
  if (control.closest('[inert]')) return 'inert';
  if (control.getClientRects().length === 0) return 'not-rendered';
  const style = getComputedStyle(control);
  if (style.visibility !== 'visible') return 'transparent';
  const opacity = [control, ...ancestors(control)].reduce((product, node) => product * Number(getComputedStyle(node).opacity), 1);
  if (opacity < MIN_OPACITY) return 'transparent';
  const rect = control.getBoundingClientRect();
  if (rect.width < 1 || rect.height < 1) return 'zero-size';
  const page = document.documentElement;
  if (rect.right + scrollX <= 0 || rect.bottom + scrollY <= 0 || rect.left + scrollX >= page.scrollWidth || rect.top + scrollY >= page.scrollHeight) return 'off-screen';
  if (clippedByOverflow(control, rect)) return 'clipped';
  if (!hitsControl(control, host)) return hasClip(control) ? 'clipped' : 'covered';
  return undefined;
}

/** The targets the resident can see and change now; the page's scroll position is kept. */
export function usableTargets(form: HTMLFormElement, targets: readonly EmeTarget[], host: Element): EmeTarget[] {
  const { scrollX: x, scrollY: y } = window;
  const usable = targets.filter(({ element }) => !refusalOf(element, form, host));
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
 * made), each checked again now; a control added since is refused, as is any the resident could
 * not see or change. Filled controls get `data-iams-filled`.
 */
export function fillForm(form: HTMLFormElement, requested: readonly EmeTarget[], data: EmeData, host: Element): FillOutcome {
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
    const early = isRadio ? undefined : refusalOf(first.element, form, host);
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
    const reason = isRadio ? refusalOf(element, form, host) : undefined;
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
