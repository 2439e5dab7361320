// The sessions whose flow code is loaded on demand: signing and e-ME. They start at once (state
// `starting` covers the download); the flows themselves (`sign/flow.ts`: hashing, CSC calls,
// certificate checks with @peculiar/x509; `eme/flow.ts`: request checks, userinfo, value checks)
// come with a dynamic import, so the login path never carries them. Kept out of `sign/` and
// `eme/` on purpose: those folders hold only on-demand code, which the build's size report
// counts by folder. Nothing here may import a flow statically.
import type { ClientParts } from './client-parts.js';
import type { EmeRequest, EmeResult, EmeSession, EmeSnapshot } from './eme/types.js';
import { lazyFlow } from './session/engine.js';
import type { SignRequest, SignResult, SignSession, SignSnapshot } from './sign/types.js';

export function startSigning(parts: ClientParts, request: SignRequest): SignSession {
  const { config, provider, events } = parts;
  const flow = lazyFlow(async () => {
    const { SignFlow } = await import('./sign/flow.js');
    return new SignFlow(
      {
        config,
        getDiscovery: () => provider.getDiscovery(),
        // Checked as for a QR login, then dropped: signing never changes who is logged in.
        verifyIdToken: (tokens, nonce, discovery) => provider.verifyDeviceTokens(tokens, nonce, discovery, 'openid'),
        revoke: (token) => { provider.revokeQuietly(token); },
      },
      request,
    );
  }, 'signing');
  return parts.openSession<SignResult, SignSnapshot>(flow, { resultField: 'result', lasting: ['document'], succeeded: (result) => { events.emit('signed', result); } });
}

export function startEme(parts: ClientParts, request: EmeRequest): EmeSession {
  const { config, provider, events } = parts;
  const flow = lazyFlow(async () => {
    const { EmeFlow } = await import('./eme/flow.js');
    return new EmeFlow(
      {
        requestTimeoutSeconds: config.requestTimeoutSeconds,
        getDiscovery: () => provider.getDiscovery(),
        // Checked as for a QR login, then dropped: filling a form never changes who is logged in.
        verifyIdToken: async (tokens, nonce, discovery) => (await provider.verifyDeviceTokens(tokens, nonce, discovery, 'openid')).claims,
        revoke: (token) => { provider.revokeQuietly(token); },
      },
      request,
    );
  }, 'e-ME');
  return parts.openSession<EmeResult, EmeSnapshot>(flow, { resultField: 'result', succeeded: (result) => { events.emit('emeData', result); } });
}
