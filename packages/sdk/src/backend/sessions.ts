// Signing, e-ME and the notifications' consent in backend mode, loaded on the first such session (so the backend client's own
// chunk stays small): the flows say what to ask the website's backend for and shape what it
// answers; the transport carries the request (transport/backend/). The server verified the result
// (signature, certificate path, the approving resident, e-ME fields asked): the page checks its
// shape and keeps only what the page asked for. No certificate or signature code here.
import type { EmeField } from '@iamsmart/protocol';
import { readSignDocument } from '../document/read.js';
import { emeDetail } from '../eme/request.js';
import type { EmeDetail } from '../eme/request.js';
import type { EmeData, EmeRequest, EmeResult, EmeSnapshot } from '../eme/types.js';
import { IamSmartError } from '../errors.js';
import type { NotifyConsent, NotifyRequest, NotifySnapshot } from '../notify/types.js';
import type { SessionFlow } from '../session/engine.js';
import type { SessionRequest } from '../session/transport.js';
import type { BackendSignResult, BackendSignSnapshot, SignDocument, SignRequest, SignerCertificateInfo } from '../sign/types.js';
import type { BackendApproval } from '../transport/backend/transport.js';
import { checkTopics, readConsent } from './notifications.js';

export { createBackendTransport } from '../transport/backend/transport.js';

function malformed(what: string): never {
  throw new IamSmartError('unknown', `The website's backend sent a result the page cannot use: ${what}.`);
}

const isString = (value: unknown): value is string => typeof value === 'string';

const CERTIFICATE_FIELDS = ['subject', 'issuer', 'serialNumber', 'notBefore', 'notAfter', 'fingerprintSha256'] as const;

/** `PageSignResult` → `BackendSignResult`, for the document this page hashed. */
export function readSignResult(result: unknown, document: SignDocument): BackendSignResult {
  const { hash, documentName, signedAt, signer, certificate, signature, certificateChain } = (result ?? {}) as Record<string, unknown>;
  if (!isString(documentName) || !isString(signedAt) || !isString(signer) || typeof certificate !== 'object' || certificate === null) malformed('no signer, time, document name or certificate');
  // The server signed what this page hashed, or the resident approved something else.
  if (hash !== document.hash) throw new IamSmartError('signature_invalid', "The website's backend reports a signature over another document's hash.");
  const cert = certificate as Record<string, unknown>;
  if (!CERTIFICATE_FIELDS.every((field) => isString(cert[field]))) malformed('an incomplete certificate summary');
  if (signature !== undefined && !isString(signature)) malformed('a signature that is not base64 text');
  if (certificateChain !== undefined && !(Array.isArray(certificateChain) && certificateChain.every(isString))) malformed('a certificate chain that is not a list of PEM texts');
  return {
    hash,
    documentName,
    signedAt,
    signer,
    certificate: Object.fromEntries(CERTIFICATE_FIELDS.map((field) => [field, cert[field]])) as unknown as SignerCertificateInfo,
    ...(signature === undefined ? {} : { signature }),
    ...(certificateChain === undefined ? {} : { certificateChain }),
  };
}

/** `PageEmeResult` → `EmeResult`, keeping only the fields the form asked for (whatever the server sent). */
export function readEmeResult(result: unknown, asked: readonly EmeField[]): EmeResult {
  const { data, invalid } = (result ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) malformed('no e-ME data');
  const values = data as Record<string, unknown>;
  const kept: EmeData = {};
  // Shapes are the server's (checked there); only which fields reach the page is decided here.
  for (const field of asked) if (values[field] !== undefined && values[field] !== null) (kept as Record<string, unknown>)[field] = values[field];
  const filled = asked.filter((field) => field in kept);
  const invalidList = Array.isArray(invalid)
    ? (invalid as unknown[]).filter((entry): entry is { field: EmeField; reason: string } => {
        const { field, reason } = (entry ?? {}) as Record<string, unknown>;
        return asked.includes(field as EmeField) && !filled.includes(field as EmeField) && isString(reason);
      })
    : [];
  return { data: kept, filled, missing: asked.filter((field) => !filled.includes(field)), invalid: invalidList.map(({ field, reason }) => ({ field, reason })) };
}

export class BackendSignFlow implements SessionFlow<BackendApproval, BackendSignResult, BackendSignSnapshot> {
  private readonly request: SignRequest;
  /** Once per session: `refresh()` asks again for the same document, not a new hash. */
  private document: Promise<SignDocument> | undefined;

  constructor(request: SignRequest) {
    this.request = request;
  }

  /** `starting`: the document is checked and hashed in the page (it never leaves it). */
  async prepare(show: (fields: Partial<BackendSignSnapshot>) => void): Promise<SessionRequest> {
    const document = await (this.document ??= readSignDocument(this.request));
    show({ document });
    const { lang } = this.request;
    // The same detail as the OpenID Connect flow's; the backend transport sends its hash and label.
    return { flow: 'sign', scope: 'openid', ...(lang === undefined ? {} : { lang }), authorizationDetails: [{ type: 'credential', documentDigests: [{ hash: document.hash, label: document.name }] }] };
  }

  async finish({ result }: BackendApproval): Promise<BackendSignResult> {
    return readSignResult(result, await (this.document ??= readSignDocument(this.request)));
  }
}

export class BackendEmeFlow implements SessionFlow<BackendApproval, EmeResult, EmeSnapshot> {
  private readonly request: EmeRequest;
  private detail: EmeDetail | undefined;

  constructor(request: EmeRequest) {
    this.request = request;
  }

  /** `starting`: the request is checked as in OpenID Connect mode. */
  prepare(): Promise<SessionRequest> {
    this.detail ??= emeDetail(this.request);
    const { lang } = this.request;
    return Promise.resolve({ flow: 'eme', scope: 'openid', ...(lang === undefined ? {} : { lang }), authorizationDetails: [this.detail] });
  }

  finish({ result }: BackendApproval): Promise<EmeResult> {
    return Promise.resolve(readEmeResult(result, (this.detail ??= emeDetail(this.request)).fields));
  }
}

export class BackendNotifyFlow implements SessionFlow<BackendApproval, NotifyConsent, NotifySnapshot> {
  private readonly request: NotifyRequest;

  constructor(request: NotifyRequest) {
    this.request = request;
  }

  /** `starting`: the topics are checked before anything is sent (decision 059). */
  prepare(): Promise<SessionRequest> {
    const topics = checkTopics(this.request.topics);
    const { lang } = this.request;
    return Promise.resolve({ flow: 'notify', scope: 'openid', ...(lang === undefined ? {} : { lang }), authorizationDetails: [{ type: 'notify', topics }] });
  }

  /** The topics consented now, as the server stored them after the platform's push. */
  finish({ result }: BackendApproval): Promise<NotifyConsent> {
    return Promise.resolve(readConsent(result));
  }
}
