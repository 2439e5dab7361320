// Debian's Chromium through playwright-core: the one way the Node-side checks (end-to-end tests,
// the sandbox's page tests, the Storybook smoke test, the bench) launch a browser.
import { chromium } from 'playwright-core';

export const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

// From TOOLCHAIN.md: without the background-networking flags Chromium keeps trying hosts this
// machine cannot reach.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Headless Chromium with the flags above. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_BIN, args: CHROMIUM_ARGS });
}
