/// <reference types="mocha" />
import { assert, fixture, html } from '@open-wc/testing';
import { decodeRenderedQr } from '../test-support/decode-qr.js';
import { QUIET_ZONE, qrMatrix, qrPathData, qrSvg } from './qr-code.js';

const PAYLOAD = 'http://localhost:8787/app/qr?s=Qk7vX2mR9pL4wN8sT1yZ3cA&t=17&h=q4Zb1Wv7Tn2Ye8Rk0Lp5Xs3Ud6Hf9Jc1Mg4Nb7Va2Sx';

describe('qr-code', () => {
  it('draws every dark module, and only those, as runs of one path offset by the quiet zone', () => {
    // 3 × 3: a dark top row, a lone dark centre, a dark bottom-right corner.
    const dark = [
      [1, 1, 1],
      [0, 1, 0],
      [0, 0, 1],
    ];
    const d = qrPathData({ size: 3, dark: (row, column) => dark[row]?.[column] === 1 });
    const q = QUIET_ZONE;
    assert.strictEqual(d, `M${q} ${q}h3v1h-3zM${q + 1} ${q + 1}h1v1h-1zM${q + 2} ${q + 2}h1v1h-1z`);
  });

  it('uses error correction M: the payload fits a version whose modules stay large on screen', () => {
    const matrix = qrMatrix(PAYLOAD);
    // 105 bytes at level M is version 6 (41 × 41 modules); Q would be version 8 (49 × 49), H version 10.
    assert.strictEqual(matrix.size, 41);
  });

  it('renders one path in a crisp, named SVG image with a 4-module quiet zone that decodes back to the payload', async () => {
    const host = await fixture<HTMLDivElement>(html`<div style="width: 232px; height: 232px">${qrSvg(PAYLOAD, 'QR code for logging in')}</div>`);
    const svgElement = host.querySelector('svg');
    if (!svgElement) throw new Error('no svg');
    svgElement.style.width = '232px';
    svgElement.style.height = '232px';
    const size = qrMatrix(PAYLOAD).size + 2 * QUIET_ZONE;
    assert.strictEqual(svgElement.getAttribute('viewBox'), `0 0 ${size} ${size}`);
    assert.strictEqual(svgElement.getAttribute('role'), 'img');
    assert.strictEqual(svgElement.getAttribute('aria-label'), 'QR code for logging in');
    assert.strictEqual(svgElement.getAttribute('shape-rendering'), 'crispEdges');
    assert.lengthOf(svgElement.querySelectorAll('path'), 1);
    // Unstyled here: the background rect must be light for the decoder.
    svgElement.querySelector('rect')?.setAttribute('style', 'fill: #fff');
    assert.strictEqual(await decodeRenderedQr(svgElement), PAYLOAD);
  });
});
