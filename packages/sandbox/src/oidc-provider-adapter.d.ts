// oidc-provider's in-memory adapter is a deep import its types (@types/oidc-provider) leave out.
declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  /** One in-memory store per call, so each provider has its own. */
  export function createMemoryAdapter(clockTolerance?: number): import('oidc-provider').AdapterFactory;
}
