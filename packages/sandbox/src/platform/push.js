/**
 * Pushed results (PLATFORM.md "e-ME form filling"): the platform POSTs JSON to the relying
 * party's redirectURI, backend to backend. Delivery is not public; the sandbox's policy is in
 * choices.js (PUSH_TIMEOUT_MS, PUSH_RETRY_DELAYS_MS): each attempt has a timeout, a 2xx answer
 * ends it, anything else is retried after each delay, then the result is dropped. A redirect is
 * never followed (the registered URI is where the data may go, nowhere else). Nothing waits for
 * delivery: the resident's approval does not depend on the relying party being up.
 */
import { PUSH_RETRY_DELAYS_MS, PUSH_TIMEOUT_MS } from './choices.js';

/**
 * @typedef {object} PushOptions
 * @property {number} [timeoutMs]
 * @property {readonly number[]} [retryDelaysMs]
 * @property {(ms: number) => Promise<void>} [sleep] injectable, for tests
 */

/** @param {number} ms */
const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms).unref(); });

/**
 * @param {PushOptions} [options]
 */
export function createPusher({ timeoutMs = PUSH_TIMEOUT_MS, retryDelaysMs = PUSH_RETRY_DELAYS_MS, sleep = wait } = {}) {
  /** @type {Set<Promise<boolean>>} */
  const pending = new Set();

  /** One attempt: true when the relying party answered 2xx. @param {string} url @param {string} json */
  async function attempt(url, json) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: json,
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      return response.status >= 200 && response.status < 300;
    } catch {
      return false;
    }
  }

  /** @param {string} url @param {string} json */
  async function run(url, json) {
    if (await attempt(url, json)) return true;
    for (const delay of retryDelaysMs) {
      await sleep(delay);
      if (await attempt(url, json)) return true;
    }
    console.warn(`iAM Smart sandbox: a pushed result to ${url} was not accepted after ${retryDelaysMs.length + 1} attempts; it is dropped`);
    return false;
  }

  return {
    /**
     * Starts delivering `body` to `url` and returns at once; the promise says whether it arrived.
     * @param {string} url the registered redirectURI
     * @param {Record<string, unknown>} body
     * @returns {Promise<boolean>}
     */
    deliver(url, body) {
      const delivery = run(url, JSON.stringify(body));
      pending.add(delivery);
      void delivery.finally(() => pending.delete(delivery));
      return delivery;
    },
    /** Deliveries still under way (tests wait for them). */
    pending: () => [...pending],
  };
}

/** @typedef {ReturnType<typeof createPusher>} Pusher */
