import { createContext } from '@lit/context';
import type { IamSmartAnyClient } from '@iamsmart/sdk';

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
