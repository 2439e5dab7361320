/// <reference types="mocha" />
import { assert, waitUntil } from '@open-wc/testing';
import { common as en } from './en/common.js';

// What a resident would see while the catalogues load (decision 042). Every text and attribute a
// shadow root ever shows is recorded — old values of every change included — from before the
// element is defined, so an English first render or a key would be caught even if replaced at once.
const shown: string[] = [];
const observer = new MutationObserver((records) => {
  for (const record of records) {
    if (record.oldValue !== null) shown.push(record.oldValue);
    for (const node of record.addedNodes) shown.push(node.textContent ?? '');
    const root = record.target.getRootNode();
    if (root instanceof ShadowRoot) shown.push(root.textContent);
  }
});
// eslint-disable-next-line @typescript-eslint/unbound-method -- called on each element below
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit): ShadowRoot {
  const root = attachShadow.call(this, init);
  observer.observe(root, { childList: true, subtree: true, characterData: true, characterDataOldValue: true, attributes: true, attributeOldValue: true });
  return root;
};

const englishStrings = Object.values(en).filter((value): value is string => typeof value === 'string');
const keys = Object.keys(en);

/** The texts shown since the last call, with the element's current text. */
function takeShown(el: Element): string[] {
  observer.takeRecords();
  const texts = [...shown.splice(0), el.shadowRoot?.textContent ?? ''];
  return texts.filter((text) => text.trim() !== '');
}

function assertNoEnglishNorKeys(texts: string[]): void {
  for (const text of texts) {
    for (const english of englishStrings) assert.notInclude(text, english.trim(), 'an English string was shown');
    for (const key of keys) assert.notMatch(text, new RegExp(`\\b${key}\\b`), 'a key was shown');
    assert.notInclude(text, 'undefined');
  }
}

describe('message catalogues on demand', () => {
  let container: HTMLElement;

  before(() => {
    container = document.createElement('div');
    container.lang = 'zh-HK';
    container.innerHTML = '<iams-login-button></iams-login-button>';
    document.body.append(container);
  });

  after(() => {
    container.remove();
  });

  it('renders a zh-HK page’s button in Chinese first: no English ever shown', async () => {
    // Defined after the page holds it, as a page's script tag would: the first render is the element's.
    await import('../login-button/define.js');
    const el = container.querySelector('iams-login-button') as HTMLElement & { updateComplete: Promise<boolean> };
    await el.updateComplete;
    const label = el.shadowRoot?.querySelector('[part="label"]');
    assert.strictEqual(label?.textContent, '智方便登入');
    assert.include(el.shadowRoot?.querySelector('[part="more-info"]')?.textContent ?? '', '（在新分頁開啟）');
    const texts = takeShown(el);
    assert.isNotEmpty(texts);
    assertNoEnglishNorKeys(texts);
  });

  it('switches to zh-CN without showing keys, English or a blank button meanwhile', async () => {
    const el = container.querySelector('iams-login-button') as HTMLElement & { updateComplete: Promise<boolean> };
    const link = () => el.shadowRoot?.querySelector<HTMLAnchorElement>('[part="more-info"]');
    takeShown(el);
    container.lang = 'zh-CN';
    await waitUntil(() => link()?.href === 'https://www.iamsmart.gov.hk/sc/', 'the button did not switch to zh-CN');
    assert.include(link()?.textContent ?? '', '（在新标签页打开）');
    const texts = takeShown(el);
    assertNoEnglishNorKeys(texts);
    // Never blank: the label is in every text the button showed.
    for (const text of texts) if (text.includes('了解更多')) assert.include(text, '智方便登入');
  });
});
