/// <reference types="mocha" />
// Run by web-test-runner.config.mjs's `reduced-motion` group only: Chromium, Firefox and WebKit
// each launched with the resident's "reduce motion" preference set through the engine's own
// setting (no media emulation, which is CDP, Chromium only). The main run's engines prefer motion,
// and login-button.test.ts checks there that the spinner turns.
import { assert, fixture, html } from '@open-wc/testing';
import { FakeClient } from '../test-support/fake-client.js';
import './define.js';
import '../provider/define.js';
import type { IamsLoginButton } from './login-button.js';

describe('<iams-login-button> for a resident who asked for less motion', () => {
  it('stops the spinner under prefers-reduced-motion', async () => {
    // The engine really prefers reduced motion, so the check below cannot pass by default.
    assert.isTrue(matchMedia('(prefers-reduced-motion: reduce)').matches, 'the engine was launched preferring reduced motion');
    const provider = await fixture(html`<iams-provider .client=${new FakeClient()}><iams-login-button busy></iams-login-button></iams-provider>`);
    const el = provider.querySelector<IamsLoginButton>('iams-login-button');
    if (!el) throw new Error('no button');
    await el.updateComplete;
    const spinner = el.shadowRoot?.querySelector('svg.spinner');
    if (!spinner) throw new Error('no spinner');
    assert.strictEqual(getComputedStyle(spinner).animationName, 'none');
  });
});
