import type { IamSmartUser } from './types.js';
import type { TokenStorage } from '../config/types.js';

/** Keeps the validated user: in this page's memory (default) or this tab's sessionStorage. Never localStorage. */
export interface TokenStore {
  load(): IamSmartUser | null;
  save(user: IamSmartUser): void;
  remove(): void;
}

export const TOKEN_KEY_PREFIX = 'iamsmart.user:';

export function createTokenStore(storage: TokenStorage, issuer: string, clientId: string): TokenStore {
  if (storage === 'memory') {
    let current: IamSmartUser | null = null;
    return {
      load: () => current,
      save: (user) => {
        current = user;
      },
      remove: () => {
        current = null;
      },
    };
  }
  const key = `${TOKEN_KEY_PREFIX}${issuer}:${clientId}`;
  return {
    load: () => {
      const raw = sessionStorage.getItem(key);
      if (raw === null) return null;
      try {
        return JSON.parse(raw) as IamSmartUser;
      } catch {
        sessionStorage.removeItem(key);
        return null;
      }
    },
    save: (user) => {
      sessionStorage.setItem(key, JSON.stringify(user));
    },
    remove: () => {
      sessionStorage.removeItem(key);
    },
  };
}
