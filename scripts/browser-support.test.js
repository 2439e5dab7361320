// The browser-support computation (scripts/browser-support.js) against the real BCD data: versions
// as a page can use them, the minimum as the highest over required features, and a feature list
// that fails both when it overstates and when it understates what a bundle uses. The tables in the
// README and docs/browser-support.md are checked against the built bundle by
// `node scripts/browser-support.js --check` in `npm run docs:check`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FEATURES, featureVersions, firstVersion, listProblems, minimums } from './browser-support.js';

test('a version is the first without flag, prefix or partial implementation, unless the partial one is enough', () => {
  assert.equal(firstVersion('css.types.color.light-dark', 'safari'), '17.5');
  // Chrome 103–123 aborted with AbortError instead of TimeoutError.
  assert.equal(firstVersion('api.AbortSignal.timeout_static', 'chrome'), '124');
  assert.equal(firstVersion('api.AbortSignal.timeout_static', 'chrome', true), '103');
  // Behind a prefix before Chrome 37.
  assert.equal(firstVersion('css.selectors.backdrop', 'chrome'), '37');
  assert.equal(firstVersion('api.Navigator.userAgentData', 'firefox'), null);
});

test('a feature needing several keys takes the newest', () => {
  const feature = FEATURES.find((f) => f.bcd.includes('api.Element.checkVisibility.options_opacityProperty_parameter'));
  assert.ok(feature);
  assert.equal(featureVersions(feature).firefox, '122');
  assert.equal(featureVersions({ ...feature, bcd: ['api.Element.checkVisibility'] }).firefox, '106');
});

test('the minimum is the highest required version; optional features do not count', () => {
  const features = [
    { name: 'a', bcd: ['api.AbortSignal.any_static'], pattern: /a/, use: '' },
    { name: 'b', bcd: ['css.types.color.light-dark'], pattern: /b/, use: '' },
    { name: 'c', bcd: ['javascript.builtins.Uint8Array.fromBase64'], pattern: /c/, use: '', optional: 'detected' },
  ];
  const byBrowser = Object.fromEntries(minimums(features).map((m) => [m.browser, m]));
  assert.deepEqual([byBrowser.chrome.version, byBrowser.chrome.by], ['123', ['b']]);
  assert.deepEqual([byBrowser.firefox.version, byBrowser.firefox.by], ['124', ['a']]);
  assert.deepEqual([byBrowser.safari.version, byBrowser.safari.by], ['17.5', ['b']]);
  const unsupported = minimums([{ name: 'd', bcd: ['api.Navigator.userAgentData'], pattern: /d/, use: '' }]);
  assert.equal(unsupported.find((m) => m.browser === 'safari')?.version, null);
});

test('the list fails when a listed pattern is gone, and when a watched API is used unlisted', () => {
  const features = [{ name: '`light-dark()`', bcd: ['css.types.color.light-dark'], pattern: /light-dark\(/, use: '' }];
  const watched = [{ pattern: /Promise\.withResolvers/, bcd: 'javascript.builtins.Promise.withResolvers' }];
  assert.deepEqual(listProblems('color: light-dark(#fff, #000)', features, watched), []);
  assert.match(listProblems('color: #fff', features, watched).join('\n'), /`light-dark\(\)` is listed but .* no longer occurs/);
  assert.match(listProblems('light-dark(a,b); Promise.withResolvers()', features, watched).join('\n'), /uses javascript\.builtins\.Promise\.withResolvers/);
});
