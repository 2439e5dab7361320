import { executeServerCommand, sendKeys as sendKeysCommand } from '@web/test-runner-commands';

type SendKeysPayload = Parameters<typeof sendKeysCommand>[0];

/** The engine the tests run in, for the few tests one engine cannot run (each says why in its name). */
export const engine: 'chromium' | 'firefox' | 'webkit' = navigator.userAgent.includes('Chrome/') ? 'chromium' : navigator.userAgent.includes('Firefox/') ? 'firefox' : 'webkit';

/**
 * @web/test-runner-commands' `sendKeys`, in every engine: WebKit's sessions (WebDriver, where
 * that package does only `press` and `type`) are served by scripts/webkit-launcher.js, with
 * `down` and `up` held across presses as in the other engines.
 */
export async function sendKeys(payload: SendKeysPayload): Promise<void> {
  if (await executeServerCommand('iams-send-keys', payload)) return;
  await sendKeysCommand(payload);
}
