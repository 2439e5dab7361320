// Popup login with a real popup window: the provider redirects the popup to its callback page,
// which runs the SDK and hands the response to this page (postMessage to this exact origin);
// this page validates it. The click is a real one (sendMouse), so the browser allows the popup.
import { assert } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import { createClient } from '../index.js';
import { isIamSmartError } from '../errors.js';
import type { IamSmartClient } from '../client.js';
import type { IamSmartUser } from './types.js';
import { STATE_STORE_PREFIX } from './user-manager.js';
import { CLIENT_ID, popupRedirectUri, providerLog, registerScenario } from '../test-support/fake-op.js';

/** Clicks a real button that starts a popup login, and returns the login's promise. */
/** What became of a login: the user, or the code it was rejected with (attached at once: no unhandled rejection). */
type Outcome = { user: IamSmartUser | undefined } | { code: string };

function outcomeOf(login: Promise<IamSmartUser | undefined>): Promise<Outcome> {
  return login.then(
    (user) => ({ user }),
    (error: unknown) => ({ code: isIamSmartError(error) ? error.code : `raw ${String(error)}` }),
  );
}

async function clickToLogin(client: IamSmartClient): Promise<{ outcome: Promise<Outcome> }> {
  const button = document.createElement('button');
  button.textContent = 'Login with iAM Smart';
  button.style.cssText = 'position:fixed;left:0;top:0;width:200px;height:50px';
  document.body.append(button);
  let outcome: Promise<Outcome> | undefined;
  button.addEventListener('click', () => {
    outcome = outcomeOf(client.loginWithPopup());
  });
  await sendMouse({ type: 'click', position: [50, 25] });
  button.remove();
  if (!outcome) throw new Error('the click did not reach the button');
  // Wrapped: an async function would otherwise wait for the login itself.
  return { outcome };
}

const realOpen = window.open.bind(window);

afterEach(() => {
  window.open = realOpen;
  sessionStorage.clear();
});

describe('popup login', () => {
  it('completes in the opener after the popup hands over the response', async () => {
    const scenario = await registerScenario();
    const client = createClient({ issuer: scenario.issuer, clientId: CLIENT_ID, popupRedirectUri: popupRedirectUri(scenario.id) });
    const logins: IamSmartUser[] = [];
    client.on('login', (user) => logins.push(user));
    const outcome = await (await clickToLogin(client)).outcome;
    assert.notProperty(outcome, 'code');
    const user = 'user' in outcome ? outcome.user : undefined;
    assert.include(user?.claims, { sub: 'pairwise-sub-7f3a', iss: scenario.issuer });
    assert.lengthOf(logins, 1);
    assert.deepEqual(await client.getUser(), user);
    assert.strictEqual(localStorage.length, 0);
  });

  it('popup_closed when the resident closes the popup', async () => {
    const scenario = await registerScenario();
    const client = createClient({ issuer: scenario.issuer, clientId: CLIENT_ID, popupRedirectUri: popupRedirectUri(scenario.id) });
    window.open = (...args: Parameters<typeof window.open>) => {
      const popup = realOpen(...args);
      popup?.close();
      return popup;
    };
    assert.deepEqual(await (await clickToLogin(client)).outcome, { code: 'popup_closed' });
    assert.strictEqual(await client.getUser(), null);
  });

  it('popup_closed when the browser blocks the popup', async () => {
    const scenario = await registerScenario();
    const client = createClient({ issuer: scenario.issuer, clientId: CLIENT_ID, popupRedirectUri: popupRedirectUri(scenario.id) });
    window.open = () => null;
    assert.deepEqual(await (await clickToLogin(client)).outcome, { code: 'popup_closed' });
    assert.strictEqual(await client.getUser(), null);
  });

  it('opens the window in the call itself, before discovery has answered (so a popup blocker sees the click)', async () => {
    const scenario = await registerScenario();
    const client = createClient({ issuer: scenario.issuer, clientId: CLIENT_ID, popupRedirectUri: popupRedirectUri(scenario.id) });
    let opened = 0;
    window.open = () => {
      opened += 1;
      return null;
    };
    const outcome = outcomeOf(client.loginWithPopup());
    assert.strictEqual(opened, 1, 'window.open was called before loginWithPopup() returned');
    assert.deepEqual(await outcome, { code: 'popup_closed' });
    assert.strictEqual((await providerLog(scenario)).tokenRequests, 0);
  });

  /** Starts a popup login whose sign-in page never answers; returns the forged response URL for its state. */
  async function pendingPopupLogin() {
    const scenario = await registerScenario({ authorize: 'hang' });
    const client = createClient({ issuer: scenario.issuer, clientId: CLIENT_ID, popupRedirectUri: popupRedirectUri(scenario.id) });
    const opened: { popup: Window | null } = { popup: null };
    window.open = (...args: Parameters<typeof window.open>) => (opened.popup = realOpen(...args));
    const { outcome } = await clickToLogin(client);
    let stateKey: string | undefined;
    while (!stateKey) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      stateKey = Object.keys(sessionStorage).find((key) => key.startsWith(STATE_STORE_PREFIX));
    }
    const forged = `${popupRedirectUri(scenario.id)}?code=forged&state=${stateKey.slice(STATE_STORE_PREFIX.length)}&iss=${encodeURIComponent(scenario.issuer)}`;
    return { scenario, outcome, forged, closePopup: () => opened.popup?.close() };
  }

  it('ignores a response posted by another origin, even with the right state', async () => {
    const { scenario, outcome, forged, closePopup } = await pendingPopupLogin();
    const frame = document.createElement('iframe');
    frame.title = 'forger';
    frame.src = `${scenario.issuer}/forge-popup-message?url=${encodeURIComponent(forged)}`;
    await new Promise((resolve) => {
      frame.addEventListener('load', resolve, { once: true });
      document.body.append(frame);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    closePopup();
    assert.deepEqual(await outcome, { code: 'popup_closed' });
    assert.strictEqual((await providerLog(scenario)).tokenRequests, 0);
    frame.remove();
  });

  it('control: the same message from this origin is taken, and the forged code is refused by the provider', async () => {
    const { scenario, outcome, forged } = await pendingPopupLogin();
    window.postMessage({ source: 'oidc-client', url: forged, keepOpen: false }, location.origin);
    assert.deepEqual(await outcome, { code: 'token_endpoint_error' });
    assert.strictEqual((await providerLog(scenario)).tokenRequests, 1);
  });
});
