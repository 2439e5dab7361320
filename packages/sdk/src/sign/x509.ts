/**
 * @peculiar/x509 uses tsyringe, which throws at load time unless `Reflect.getMetadata` exists (it
 * expects the `reflect-metadata` polyfill). The kit never reads decorator metadata, so this adds
 * the three functions tsyringe calls, backed by a WeakMap, and only when the page has no polyfill
 * of its own.
 *
 * It runs when this module is evaluated, not on the first loadX509() call: a single-file build
 * (the CDN file) inlines the library and evaluates it at page load, right after this module. It is
 * a statement here, not a side-effect import of its own, because the SDK is marked
 * `sideEffects: false` and bundlers would drop such an import.
 */
function provideReflectMetadata(): void {
  const reflect = Reflect as unknown as Record<string, unknown>;
  if (typeof reflect.getMetadata === 'function') return;
  const store = new WeakMap<object, Map<unknown, unknown>>();
  reflect.defineMetadata = (key: unknown, value: unknown, target: object) => {
    const map = store.get(target) ?? new Map<unknown, unknown>();
    map.set(key, value);
    store.set(target, map);
  };
  reflect.getOwnMetadata = (key: unknown, target: object) => store.get(target)?.get(key);
  reflect.getMetadata = (key: unknown, target: object) => {
    for (let current: object | null = target; current; current = Object.getPrototypeOf(current) as object | null) {
      const map = store.get(current);
      if (map?.has(key)) return map.get(key);
    }
    return undefined;
  };
}

provideReflectMetadata();

/** Loads @peculiar/x509 on demand, so that it stays off the login path. */
export function loadX509(): Promise<typeof import('@peculiar/x509')> {
  return import('@peculiar/x509');
}
