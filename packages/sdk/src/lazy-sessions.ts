// The sessions whose flow code is loaded on demand: QR login, signing and e-ME. They start at once
// (state `starting` covers the download); the flows themselves (`login/qr-login.ts`; `sign/flow.ts`:
// hashing, CSC calls, certificate checks with @peculiar/x509; `eme/flow.ts`: request checks,
// userinfo, value checks) come with a dynamic import, so the redirect login path never carries them. Kept out of `sign/` and
// `eme/` on purpose: those folders hold only on-demand code, which the build's size report
// counts by folder. Nothing here may import a flow statically.
import type { ClientParts } from './client-parts.js';
import type { IamSmartUser, QrLoginRequest, QrLoginSession, QrLoginSnapshot } from './login/types.js';
import type { EmeRequest, EmeResult, EmeSession, EmeSnapshot } from './eme/types.js';
import { lazyFlow, loadEngine } from './session/deferred.js';
import type { SignRequest, SignResult, SignSession, SignSnapshot } from './sign/types.js';

export function startSigning(parts: ClientParts, request: SignRequest): SignSession {
  const flow = lazyFlow(async () => new (await import('./sign/flow.js')).SignFlow(parts, request), 'signing');
  return parts.openSession<SignResult, SignSnapshot>(flow, { resultField: 'result', lasting: ['document'], succeeded: (result) => { parts.events.emit('signed', result); } });
}

export function startEme(parts: ClientParts, request: EmeRequest): EmeSession {
  const flow = lazyFlow(async () => new (await import('./eme/flow.js')).EmeFlow(parts, request), 'e-ME');
  return parts.openSession<EmeResult, EmeSnapshot>(flow, { resultField: 'result', succeeded: (result) => { parts.events.emit('emeData', result); } });
}

const loadQrLoginFlow = (): Promise<typeof import('./login/qr-login.js')> => import('./login/qr-login.js');

/** Starts a QR login; `signedIn` stores the user and emits `login` before anyone hears of `done`. */
export function startQrLogin(parts: ClientParts, request: QrLoginRequest, signedIn: (user: IamSmartUser) => void): QrLoginSession {
  const flow = lazyFlow(async () => new (await loadQrLoginFlow()).QrLoginFlow(parts, request), 'QR login');
  return parts.openSession<IamSmartUser, QrLoginSnapshot>(flow, { resultField: 'user', succeeded: signedIn });
}

/**
 * What a QR login needs before its device authorization request, loaded ahead (`client.prepareQrLogin()`):
 * the QR login's flow, the session engine, the cross-device transport (`loadTransport`) and the
 * provider's discovery document, fetched and validated by the provider as any login does and kept
 * by it. Never starts a session. Every failure is swallowed: the login that follows loads (and
 * fetches) whatever is missing as it would have, and reports its own failures.
 */
export async function prepareQrLogin(parts: ClientParts, loadTransport: () => Promise<unknown>): Promise<void> {
  const quiet = (): undefined => undefined;
  await Promise.all([loadQrLoginFlow(), loadEngine(), loadTransport(), parts.provider.getDiscovery()].map((loading) => loading.then(quiet, quiet)));
}
