/**
 * A sliding-window limit on how often one key (client and address) may start a cross-device
 * session: the timestamps of the accepted requests within the window are kept per key.
 */

/**
 * @param {{ max: number, windowSeconds: number }} options
 * @param {() => number} [now] milliseconds; injectable for tests
 */
export function createRateLimiter({ max, windowSeconds }, now = () => performance.now()) {
  const windowMs = windowSeconds * 1000;
  /** @type {Map<string, number[]>} */
  const hits = new Map();

  /** @param {number} at */
  function sweep(at) {
    for (const [key, times] of hits) {
      if (times[times.length - 1] <= at - windowMs) hits.delete(key);
    }
  }

  /** @param {string} key @param {number} at */
  const recent = (key, at) => (hits.get(key) ?? []).filter((time) => time > at - windowMs);
  /** @param {number[]} times @param {number} at */
  const wait = (times, at) => Math.max(1, Math.ceil((times[0] + windowMs - at) / 1000));

  return {
    /**
     * Whether `key` has used up the limit, without counting anything (for limits on failures:
     * checked before an attempt, counted with `take` only when it fails).
     * @param {string} key
     * @returns {{ ok: true } | { ok: false, retryAfterSeconds: number }}
     */
    check(key) {
      const at = now();
      const times = recent(key, at);
      return times.length >= max ? { ok: false, retryAfterSeconds: wait(times, at) } : { ok: true };
    },

    /**
     * Counts a request for `key` if the limit allows it.
     * @param {string} key
     * @returns {{ ok: true } | { ok: false, retryAfterSeconds: number }}
     */
    take(key) {
      const at = now();
      // Keys of clients that went quiet are dropped now and then, so the map stays small.
      if (hits.size > 1000) sweep(at);
      const times = recent(key, at);
      if (times.length >= max) {
        hits.set(key, times);
        return { ok: false, retryAfterSeconds: wait(times, at) };
      }
      times.push(at);
      hits.set(key, times);
      return { ok: true };
    },
  };
}
