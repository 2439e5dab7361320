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
  close?(): Promise<void>;
}

/** One process's store: fine for one instance (and tests); use Redis for several. */
export function memoryStore({ now = Date.now }: { now?: () => number } = {}): Store {
  const entries = new Map<string, { value: string, expiresAt: number }>();
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
    close() {
      entries.clear();
      return Promise.resolve();
    },
  };
}
