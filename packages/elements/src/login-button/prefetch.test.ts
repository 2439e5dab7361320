/// <reference types="mocha" />
import { assert, oneEvent } from '@open-wc/testing';

interface Report {
  /** The paths of the prefetched modules the page had fetched before the click, sorted. */
  beforeClick: string[];
  /** How many times the client's `prepareQrLogin()` had been called before the click (decision 049). */
  preparedBeforeClick: number;
  dialogOpened: boolean;
  error: string;
  busy: boolean;
  /** Whether the button's last update finished (not stuck waiting for strings). */
  settled: string;
  uncaught: string[];
}

const PREFETCHED = ['/packages/elements/src/i18n/en/errors.ts', '/packages/elements/src/i18n/en/qr.ts', '/packages/elements/src/login-button/qr-dialog.ts', '/packages/elements/src/qr-login/qr-code.ts'];

// Each page runs from 127.0.0.1 (not the tests' localhost) in a frame of its own: a fresh module
// map, so it fetches the modules itself and its Resource Timing says when (test/prefetch.html).
async function openPage(query: string, host = '127.0.0.1'): Promise<Report> {
  const frame = document.createElement('iframe');
  frame.src = `http://${host}:${location.port}/packages/elements/test/prefetch.html${query}`;
  const reported = oneEvent(window, 'message');
  document.body.append(frame);
  const report = ((await reported) as unknown as MessageEvent<Report>).data;
  frame.remove();
  assert.strictEqual(report.settled, 'settled');
  return { ...report, beforeClick: [...new Set(report.beforeClick)].sort() };
}

describe('<iams-login-button mode="qr">: what a click needs, fetched when the browser is idle (decision 045)', function () {
  // Each test loads a page of its own, without the module cache the other tests share.
  this.timeout(30_000);

  it('fetches the QR dialog, the QR encoder and the qr and errors strings and asks the SDK to prepare a QR login before any click; the click then opens the dialog', async () => {
    const report = await openPage('');
    assert.deepEqual(report.beforeClick, PREFETCHED);
    assert.strictEqual(report.preparedBeforeClick, 1);
    assert.strictEqual(report.dialogOpened, true);
    assert.deepEqual(report.uncaught, []);
  });

  it('fetches nothing ahead with Save-Data on; the click loads the dialog as it would have', async () => {
    const report = await openPage('?saveData');
    assert.deepEqual(report.beforeClick, []);
    assert.strictEqual(report.preparedBeforeClick, 0);
    assert.strictEqual(report.dialogOpened, true);
    assert.deepEqual(report.uncaught, []);
  });

  it('fetches nothing ahead in another mode', async () => {
    const report = await openPage('?mode=redirect');
    assert.deepEqual(report.beforeClick, []);
    assert.strictEqual(report.preparedBeforeClick, 0);
    assert.deepEqual(report.uncaught, []);
  });


  // Browsers keep a module that failed to load as failed for the document's life (the HTML module
  // map), so the click cannot fetch it again: it must end in a typed error, never a stuck spinner.
  // From 127.0.0.2, whose modules no other page has cached, so the 404 reaches the prefetch.
  it('a prefetch that fails is silent; the click then opens the dialog or tells a network_error, never stays busy', async () => {
    await fetch('/__iams-fail-catalogue?path=login-button/qr-dialog', { method: 'POST' });
    const report = await openPage('', '127.0.0.2');
    assert.deepEqual(report.uncaught, []);
    assert.strictEqual(report.busy, false);
    if (!report.dialogOpened) assert.strictEqual(report.error, 'The connection to iAM Smart was lost. Please check your internet connection and try again.');
  });
});
