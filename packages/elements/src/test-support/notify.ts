/// <reference types="mocha" />
import { waitUntil } from '@open-wc/testing';
import type { IamsNotifyOptin } from '../notify-optin/notify-optin.js';
import { textOf } from './elements.js';

/*
 * What the tests of <iams-notify-optin> ask of it: its state reached, and what its live region says.
 */

/** Waits until the element is in `state`, rendered. */
export async function reaches(el: IamsNotifyOptin, state: IamsNotifyOptin['state']): Promise<void> {
  await waitUntil(() => el.state === state, `state ${state} (now ${el.state})`, { timeout: 5000 });
  await el.updateComplete;
}

/** What the element's live region says. */
export function statusOf(el: IamsNotifyOptin): string {
  return textOf(el.shadowRoot?.querySelector('[part="panel"] > [role="status"]'));
}
