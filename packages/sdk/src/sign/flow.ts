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
import { hashDocument, hashFingerprint, normalizeHash } from './hash.js';
import { hasTrustAnchors, trustAnchorsFor } from './trust-anchors.js';
import type { SignableDocument } from './types.js';
import { SHA256_WITH_RSA, verifySignatureResult } from './verify.js';

export const MAX_DOCUMENT_NAME_LENGTH = 200;
/** In a request: "the signing credential of whichever resident approves" (the page cannot know who that is). */
const DEFAULT_CREDENTIAL = 'default';

function invalidDocument(message: string): never {
  throw new IamSmartError('document_invalid', message);
}

/** The document's name as the resident will see it: a string of 1 to 200 characters after trimming. */
function documentName(request: SignRequest): string {
  const { documentName: name } = request as { documentName?: unknown };
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > MAX_DOCUMENT_NAME_LENGTH) {
    invalidDocument(`\`documentName\` must be the name the resident sees, 1 to ${MAX_DOCUMENT_NAME_LENGTH} characters; got ${typeof name === 'string' ? `${trimmed.length} characters` : typeof name}.`);
  }
  return trimmed;
}

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

  private async read(): Promise<SignDocument> {
    const request: unknown = this.request;
    if (typeof request !== 'object' || request === null) invalidDocument('startSigning needs { document or hash, documentName }.');
    const name = documentName(this.request);
    const { document, hash } = this.request;
    if (document !== undefined && hash !== undefined) invalidDocument('Give either the document or its hash, not both.');
    const source: { document: SignableDocument } | { hash: string } | undefined = document !== undefined ? { document } : hash !== undefined ? { hash } : undefined;
    if (!source) invalidDocument('Give the document to sign (`document`) or its SHA-256 (`hash`).');
    // Before the document is read: a page that cannot verify must not make the resident wait for a hash.
    if (!hasTrustAnchors(this.parts.config)) {
      throw new IamSmartError('invalid_config', 'Signing needs the CA roots to verify signatures against: set `signingTrustAnchors` or `signingTrustAnchorsUrl` in createClient\'s configuration.');
    }
    const { hash: digest, size } = 'document' in source ? await hashDocument(source.document) : { hash: normalizeHash(source.hash), size: undefined };
    return { name, hash: digest, size, fingerprint: hashFingerprint(digest) };
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
