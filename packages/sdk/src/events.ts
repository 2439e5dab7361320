import type { IamSmartError } from './errors.js';
import type { EmeResult } from './eme/types.js';
import type { IamSmartUser } from './login/types.js';
import type { NotifyConsent } from './notify/types.js';
import type { BackendSignResult, SignResult } from './sign/types.js';

/** The client's events and what each carries; `User` is the client's user (a backend-mode client's is `IamSmartBackendUser`). */
export interface IamSmartEventMap<User = IamSmartUser> {
  login: User;
  /** The OpenID Connect client's signature is verified in the page (`SignResult`); a backend-mode client's by the server (`BackendSignResult`). */
  signed: User extends IamSmartUser ? SignResult : BackendSignResult;
  emeData: EmeResult;
  /** Backend mode: the topics the resident gets updates about, after a consent request or a stop (decision 059). */
  notifyConsent: NotifyConsent;
  logout: undefined;
  error: IamSmartError;
}

export type Unsubscribe = () => void;

/** A minimal typed event emitter. A listener that throws is reported and does not stop the others or the SDK. */
export class Emitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(event: K, callback: (payload: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    const listener = callback as (payload: never) => void;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) callListener(listener as (payload: Events[K]) => void, payload, `a "${String(event)}" listener`);
  }
}

/** Calls one listener; one that throws is reported (as `who`) and does not stop the others or the SDK. */
export function callListener<T>(listener: (value: T) => void, value: T, who: string): void {
  try {
    listener(value);
  } catch (error) {
    console.error(`[iamsmart] ${who} threw:`, error);
  }
}

/** Who hears of one changing value (a session's snapshot): each at once with the value it has, then on every change. */
export class Subscribers<T> {
  readonly #callbacks = new Set<(value: T) => void>();

  add(callback: (value: T) => void, current: T): Unsubscribe {
    this.#callbacks.add(callback);
    callListener(callback, current, 'a session subscriber');
    return () => {
      this.#callbacks.delete(callback);
    };
  }

  tell(value: T): void {
    for (const callback of [...this.#callbacks]) callListener(callback, value, 'a session subscriber');
  }
}
