import type { IamSmartClaims, IamSmartResident } from '@iamsmart/sdk';
import type { Mock } from 'storybook/test';
import { IamsErrorEvent, IamsLoginEvent, IamsSignedEvent, IamsStateEvent } from '@iamsmart/elements';

let logs = 0;

/**
 * A visible log of the elements' events for stories, so a reader sees what a page would receive.
 * Built with DOM APIs and textContent: event data never becomes markup.
 */
export function eventLog(): { element: HTMLElement; record: (event: Event) => void } {
  const element = document.createElement('section');
  element.lang = 'en';
  element.style.cssText = 'margin-block-start: 1.5rem; font: 0.875rem/1.4 system-ui, sans-serif;';
  const heading = document.createElement('h2');
  heading.textContent = 'Events the page received';
  heading.style.cssText = 'margin: 0 0 0.25rem; font-size: 0.875rem;';
  heading.id = `event-log-${String(++logs)}`;
  // A live region around the list (role="log" on the <ol> itself would hide its list semantics).
  const region = document.createElement('div');
  region.setAttribute('role', 'log');
  region.setAttribute('aria-labelledby', heading.id);
  const list = document.createElement('ol');
  list.style.cssText = 'margin: 0; padding-inline-start: 1.25rem; min-block-size: 1.4em;';
  region.append(list);
  element.append(heading, region);

  const record = (event: Event): void => {
    const item = document.createElement('li');
    const name = document.createElement('code');
    name.textContent = event.type;
    item.append(name, ': ');
    if (event instanceof IamsLoginEvent && 'openID' in event.detail) {
      // Backend mode: the resident as the website's backend reports it.
      const { enName, chName, openID } = event.detail as IamSmartResident;
      item.append(enName ?? '(no name)');
      if (chName) {
        const chinese = document.createElement('span');
        chinese.lang = 'zh-HK';
        chinese.textContent = ` ${chName}`;
        item.append(chinese);
      }
      item.append(`, openID ${openID}`);
    } else if (event instanceof IamsLoginEvent) {
      const { name: enName, chName, sub } = event.detail as IamSmartClaims;
      item.append(enName ?? '(no name)');
      if (chName) {
        const chinese = document.createElement('span');
        chinese.lang = 'zh-HK';
        // Chinese names are written surname first with no space: 陳大文.
        chinese.textContent = ` ${chName.lastName}${chName.firstName}`;
        item.append(chinese);
      }
      item.append(`, sub ${sub}`);
    } else if (event instanceof IamsSignedEvent) {
      const { signer, documentName, signedAt } = event.detail;
      item.append(`${signer} signed “${documentName}” at ${signedAt}`);
    } else if (event instanceof IamsStateEvent) {
      const { state, userCode } = event.detail;
      item.append(state, userCode ? ` (identification code ${userCode})` : '');
    } else if (event instanceof IamsErrorEvent) {
      const { code, message } = event.detail;
      const text = document.createElement('span');
      // The message is in the element's language, not the log's.
      const source = event.composedPath()[0];
      const lang = source instanceof Element ? source.closest('[lang]')?.getAttribute('lang') : undefined;
      text.lang = lang ?? document.documentElement.lang;
      text.textContent = message;
      item.append(`${code} — `, text);
    }
    list.append(item);
  };
  return { element, record };
}

/** The `detail` of every event a story's action (a `fn()` mock) received, oldest first. */
export function details<T>(handler: unknown): T[] {
  return (handler as Mock).mock.calls.map(([event]) => (event as { detail: T }).detail);
}
