import { createContext } from '@lit/context';
import type { IamSmartAnyClient, IamSmartErrorCode } from '@iamsmart/sdk';

/**
 * The SDK client that `<iams-provider>` gives the elements inside it. `undefined` until the
 * provider has a complete configuration (and the SDK has loaded).
 */
export const iamsClientContext = createContext<IamSmartAnyClient | undefined>(Symbol('iams-client'));

/**
 * What the provider is busy with, so the elements inside can show it: `loading` the SDK and
 * creating the client (a click then waits for it rather than failing), or `completing` a login
 * that returned to the page (the button shows it is busy).
 */
export type IamsProviderActivity = 'idle' | 'loading' | 'completing';

export const iamsActivityContext = createContext<IamsProviderActivity>(Symbol('iams-activity'));

/** Why a login that returned to the page failed (a new object each time, so the same code twice still shows). */
export interface IamsReturnFailure {
  code: IamSmartErrorCode;
}

/**
 * The provider's returning login's failure, unless a listener to its `iams-error` called
 * `preventDefault()`: the login buttons inside show it, in their own language.
 */
export const iamsReturnFailureContext = createContext<IamsReturnFailure | undefined>(Symbol('iams-return-failure'));
