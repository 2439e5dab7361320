/// <reference types="mocha" />
import { assert, oneEvent } from '@open-wc/testing';

interface Report {
  label: string;
  href: string;
  uncaught: string[];
}

// The test server answers 404 for a catalogue once (packages/elements/test/fail-catalogue-middleware.js).
// The page runs from 127.0.0.1, not the tests' localhost: the test server lets browsers cache its
// files for a year, so the 404 must not be cached under the URL other tests load the catalogue from.
describe('a catalogue that cannot be loaded', () => {
  it('leaves a zh-CN page’s button in English, with no uncaught error', async () => {
    await fetch('/__iams-fail-catalogue?path=i18n/zh-CN/common', { method: 'POST' });
    const frame = document.createElement('iframe');
    frame.src = `http://127.0.0.1:${location.port}/packages/elements/test/catalogue-fallback.html`;
    const reported = oneEvent(window, 'message');
    document.body.append(frame);
    const report = ((await reported) as unknown as MessageEvent<Report>).data;
    frame.remove();
    assert.deepEqual(report, { label: 'Login with iAM Smart', href: 'https://www.iamsmart.gov.hk/en/', uncaught: [] });
  });
});

interface ErrorReport {
  code: string;
  message: string;
  shown: string;
  busy: boolean;
  uncaught: string[];
}

// The error messages are not part of the first paint (decision 045): a failure loads them. When
// they cannot be loaded the failure is still told, with its code, in the page's language.
describe('error messages that cannot be loaded', () => {
  it('a zh-HK page’s failed login is still an iams-error with its code and a message in Chinese, shown under the button', async () => {
    await fetch('/__iams-fail-catalogue?path=i18n/zh-HK/errors', { method: 'POST' });
    const frame = document.createElement('iframe');
    frame.src = `http://127.0.0.1:${location.port}/packages/elements/test/errors-fallback.html`;
    const reported = oneEvent(window, 'message');
    document.body.append(frame);
    const report = ((await reported) as unknown as MessageEvent<ErrorReport>).data;
    frame.remove();
    assert.deepEqual(report, { code: 'issuer_unreachable', message: '智方便登入出現問題。請再試一次。', shown: '智方便登入出現問題。請再試一次。', busy: false, uncaught: [] });
  });
});
