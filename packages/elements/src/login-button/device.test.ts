/// <reference types="mocha" />
import { assert } from '@open-wc/testing';
import { isMobileDevice, resolveLoginMode } from './device.js';

const ua = {
  windowsChrome: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  macSafari: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15',
  iPhone: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
  androidFirefox: 'Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0',
  linuxFirefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
};

describe('isMobileDevice', () => {
  it('believes User-Agent Client Hints when the browser has them', () => {
    assert.strictEqual(isMobileDevice({ userAgent: ua.windowsChrome, userAgentData: { mobile: true, platform: 'Android' } }), true);
    assert.strictEqual(isMobileDevice({ userAgent: ua.iPhone, userAgentData: { mobile: false, platform: 'Windows' } }), false);
  });

  it('counts an Android tablet (hints say not mobile) as a device with the app', () => {
    assert.strictEqual(isMobileDevice({ userAgent: '', userAgentData: { mobile: false, platform: 'Android' } }), true);
  });

  it('reads the user-agent string without hints (Safari, Firefox)', () => {
    assert.strictEqual(isMobileDevice({ userAgent: ua.iPhone }), true);
    assert.strictEqual(isMobileDevice({ userAgent: ua.androidFirefox }), true);
    assert.strictEqual(isMobileDevice({ userAgent: ua.linuxFirefox }), false);
    assert.strictEqual(isMobileDevice({ userAgent: ua.macSafari, maxTouchPoints: 0 }), false);
  });

  it('sees through iPadOS presenting itself as a Mac', () => {
    assert.strictEqual(isMobileDevice({ userAgent: ua.macSafari, maxTouchPoints: 5 }), true);
  });
});

describe('resolveLoginMode', () => {
  it('maps auto to app on a phone and redirect on a desktop, and keeps explicit modes', () => {
    assert.strictEqual(resolveLoginMode('auto', { userAgent: ua.iPhone }), 'app');
    assert.strictEqual(resolveLoginMode('auto', { userAgent: ua.windowsChrome }), 'redirect');
    assert.strictEqual(resolveLoginMode('popup', { userAgent: ua.iPhone }), 'popup');
    assert.strictEqual(resolveLoginMode('redirect', { userAgent: ua.iPhone }), 'redirect');
    assert.strictEqual(resolveLoginMode('app', { userAgent: ua.windowsChrome }), 'app');
  });

  it('treats a value that is no mode (from an attribute) as auto', () => {
    const typo = 'popop' as 'popup';
    assert.strictEqual(resolveLoginMode(typo, { userAgent: ua.iPhone }), 'app');
    assert.strictEqual(resolveLoginMode(typo, { userAgent: ua.windowsChrome }), 'redirect');
  });
});
