/**
 * Where pending logins and sessions live. Values are strings (JSON); expiry is the store's own
 * (the memory store's clock, Redis `PX`). Every method may reject with StoreUnavailableError.
 */
export interface Store {
  get(key: string): Promise<string | undefined>;
  /** Sets the value, expiring after `ttlMs`. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Gets and deletes in one step: of two callers, at most one gets the value. */
  take(key: string): Promise<string | undefined>;
  /**
   * Compare-and-set: replaces the value only if it is still `expected` (undefined: absent), in one
   * step, and says whether it did. Of two instances finishing one request, at most one succeeds.
   */
  swap(key: string, expected: string | undefined, value: string, ttlMs: number): Promise<boolean>;
  /** Sends `message` to every subscriber of `channel`, on every instance sharing the store. */
  publish(channel: string, message: string): Promise<void>;
  /** Calls `listener` with each message on `channel` until the returned function is called. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  close?(): Promise<void>;
}

/** One process's store: fine for one instance (and tests); use Redis for several. */
export function memoryStore({ now = Date.now }: { now?: () => number } = {}): Store {
  const entries = new Map<string, { value: string, expiresAt: number }>();
  const channels = new Map<string, Set<(message: string) => void>>();
  let sweeps = 0;
  const live = (key: string) => {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const sweep = () => {
    // Now and then, forget expired entries nobody asks for again.
    if ((sweeps += 1) % 100 !== 0) return;
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  };
  return {
    get(key) {
      return Promise.resolve(live(key)?.value);
    },
    set(key, value, ttlMs) {
      sweep();
      entries.set(key, { value, expiresAt: now() + Math.max(1, Math.ceil(ttlMs)) });
      return Promise.resolve();
    },
    delete(key) {
      entries.delete(key);
      return Promise.resolve();
    },
    take(key) {
      const entry = live(key);
      entries.delete(key);
      return Promise.resolve(entry?.value);
    },
    swap(key, expected, value, ttlMs) {
      // Synchronous between the read and the write: nothing else runs in between.
      if (live(key)?.value !== expected) return Promise.resolve(false);
      entries.set(key, { value, expiresAt: now() + Math.max(1, Math.ceil(ttlMs)) });
      return Promise.resolve(true);
    },
    publish(channel, message) {
      // Delivered after the caller's current step, as a message from Redis would be.
      for (const listener of channels.get(channel) ?? []) queueMicrotask(() => { listener(message); });
      return Promise.resolve();
    },
    subscribe(channel, listener) {
      const listeners = channels.get(channel) ?? new Set();
      channels.set(channel, listeners);
      const own = (message: string) => { listener(message); };
      listeners.add(own);
      return Promise.resolve(() => {
        listeners.delete(own);
        if (listeners.size === 0) channels.delete(channel);
        return Promise.resolve();
      });
    },
    close() {
      entries.clear();
      channels.clear();
      return Promise.resolve();
    },
  };
}
