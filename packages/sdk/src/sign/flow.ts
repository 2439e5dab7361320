// The signing flow on a session (OpenID Connect transport), loaded by the client when a signature starts (so
// none of this is on the login path): check and hash the document, ask for approval with a CSC
// `credential` authorization detail, then with the access token fetch the certificate chain, have
// the hash signed and verify the result before anyone hears of it.
import type { ClientParts } from '../client-parts.js';
import type { SessionFlow } from '../session/engine.js';
import type { SessionRequest } from '../session/transport.js';
import type { DeviceTokens } from '../transport/oidc/token-polling.js';
import type { OidcApproval } from '../transport/oidc/transport.js';
import type { Discovery } from '../discovery.js';
import { IamSmartError } from '../errors.js';
import type { SignRequest, SignResult, SignDocument, SignSnapshot } from './types.js';
import { credentialCertificates, SHA256_OID, signHash } from './csc.js';
import { readSignDocument } from '../document/read.js';
import { hasTrustAnchors, trustAnchorsFor } from './trust-anchors.js';
import { SHA256_WITH_RSA, verifySignatureResult } from './verify.js';

export { MAX_DOCUMENT_NAME_LENGTH } from '../document/read.js';
/** In a request: "the signing credential of whichever resident approves" (the page cannot know who that is). */
const DEFAULT_CREDENTIAL = 'default';

/** The credential the resident's approval names (RFC 9396 §7), or "default" when the provider does not say. */
function approvedCredential(tokens: DeviceTokens): string {
  const detail = tokens.authorizationDetails?.find(
    (entry): entry is { credentialID: string } => typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'credential' && typeof (entry as { credentialID?: unknown }).credentialID === 'string',
  );
  return detail?.credentialID ?? DEFAULT_CREDENTIAL;
}

/** The signing service's base URL; without one the session stops before the resident is asked. */
function signingEndpoint(discovery: Discovery): string {
  const endpoint = discovery.iamsmart_signing_endpoint;
  if (endpoint === undefined) throw new IamSmartError('discovery_invalid', `${discovery.issuer} offers no signing service (no \`iamsmart_signing_endpoint\` in its discovery document).`);
  return endpoint;
}

export class SignFlow implements SessionFlow<OidcApproval, SignResult, SignSnapshot> {
  private readonly parts: ClientParts;
  private readonly request: SignRequest;
  /** Once per session: `refresh()` asks for a new code for the same document, not a new hash. */
  private document: Promise<SignDocument> | undefined;

  constructor(parts: ClientParts, request: SignRequest) {
    this.parts = parts;
    this.request = request;
  }

  /** `starting`: everything is checked (input, trust anchors, a signing service) before the resident is asked. */
  async prepare(show: (fields: Partial<SignSnapshot>) => void): Promise<SessionRequest> {
    const document = await this.readOnce();
    show({ document });
    await trustAnchorsFor(this.parts.config);
    signingEndpoint(await this.parts.provider.getDiscovery());
    const { lang } = this.request;
    return {
      flow: 'sign',
      scope: 'openid',
      ...(lang === undefined ? {} : { lang }),
      authorizationDetails: [
        { type: 'credential', credentialID: DEFAULT_CREDENTIAL, documentDigests: [{ hash: document.hash, label: document.name }], hashAlgorithmOID: SHA256_OID },
      ],
    };
  }

  private readOnce(): Promise<SignDocument> {
    this.document ??= this.read();
    return this.document;
  }

  private read(): Promise<SignDocument> {
    return readSignDocument(this.request, () => {
      // Before the document is read: a page that cannot verify must not make the resident wait for a hash.
      if (!hasTrustAnchors(this.parts.config)) {
        throw new IamSmartError('invalid_config', 'Signing needs the CA roots to verify signatures against: set `signingTrustAnchors` or `signingTrustAnchorsUrl` in createClient\'s configuration.');
      }
    });
  }

  /** After approval: the ID token is checked, the hash signed, the signature verified; the access token is then revoked. */
  async finish({ tokens, nonce, discovery }: OidcApproval, signal: AbortSignal): Promise<SignResult> {
    const { config, provider } = this.parts;
    const document = await this.readOnce();
    try {
      // Checked as for a QR login, then dropped: signing never changes who is logged in. Its `sub`
      // is the resident who approved, whom the signer certificate must name (decision 028).
      const { claims } = await provider.verifyDeviceTokens(tokens, nonce, discovery, 'openid');
      const csc = { endpoint: signingEndpoint(discovery), accessToken: tokens.accessToken, timeoutSeconds: config.requestTimeoutSeconds, signal };
      const credentialID = approvedCredential(tokens);
      const certificateChain = await credentialCertificates(csc, credentialID);
      const signature = await signHash(csc, credentialID, document.hash);
      const signedAt = new Date().toISOString();
      const verified = await verifySignatureResult(
        { signature, certificateChain, algorithm: SHA256_WITH_RSA, hash: document.hash },
        { trustAnchorsPem: await trustAnchorsFor(config), documentHash: document.hash, signerSub: claims.sub },
      );
      return { signature, certificateChain, algorithm: SHA256_WITH_RSA, hash: document.hash, documentName: document.name, signedAt, ...verified };
    } finally {
      // Best effort, not awaited: the token is never kept.
      provider.revokeQuietly(tokens.accessToken);
    }
  }
}
