// The e-ME form-filling flow on a session (OpenID Connect transport), loaded by the client when a form asks to be
// filled (so none of this is on the login path): check the request, ask for approval with an `eme`
// authorization detail, then read the consented fields from userinfo with the access token and
// check every value before the page sees it.
import type { ClientParts } from '../client-parts.js';
import type { SessionFlow } from '../session/engine.js';
import type { SessionRequest } from '../session/transport.js';
import type { DeviceTokens } from '../transport/oidc/token-polling.js';
import type { OidcApproval } from '../transport/oidc/transport.js';
import type { Discovery } from '../discovery.js';
import { isEmeField } from '@iamsmart/protocol';
import type { EmeField } from '@iamsmart/protocol';
import { IamSmartError } from '../errors.js';
import type { EmeRequest, EmeResult, EmeSnapshot } from './types.js';
import { readEmeData } from './data.js';
import { emeDetail } from './request.js';
import type { EmeDetail } from './request.js';

function failed(message: string): never {
  throw new IamSmartError('form_data_error', message);
}

function userinfoEndpoint(discovery: Discovery): string {
  const endpoint = discovery.userinfo_endpoint;
  if (endpoint === undefined) throw new IamSmartError('discovery_invalid', `${discovery.issuer} offers no userinfo endpoint (no \`userinfo_endpoint\` in its discovery document), so e-ME data cannot be read.`);
  return endpoint;
}

/** GETs userinfo with the access token (OpenID Connect Core §5.3) and returns its JSON object. */
async function fetchUserinfo(endpoint: string, accessToken: string, timeoutSeconds: number, sessionSignal: AbortSignal): Promise<Record<string, unknown>> {
  const signal = AbortSignal.any([sessionSignal, AbortSignal.timeout(timeoutSeconds * 1000)]);
  let response: Response;
  let json: unknown;
  try {
    response = await fetch(endpoint, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' }, credentials: 'omit', signal });
    json = await response.json().catch((cause: unknown) => {
      if (signal.aborted) throw cause;
      return undefined; // not JSON: said below
    });
  } catch (cause) {
    // The session stopped: nobody waits for an answer.
    if (sessionSignal.aborted) throw cause;
    throw new IamSmartError('network_error', `The userinfo endpoint (${endpoint}) ${signal.aborted ? 'did not answer in time' : 'could not be reached'}.`, { cause });
  }
  if (!response.ok) failed(`The userinfo endpoint refused the e-ME data (HTTP ${response.status}).`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) failed('The userinfo endpoint answered with something that is not a JSON object.');
  return json as Record<string, unknown>;
}

/**
 * The requested fields the resident consented to, as the token response's `eme` detail records
 * them (RFC 9396 §7); all requested ones when the provider does not say. So a field the resident
 * unticked never reaches the page, even if userinfo answered it.
 */
function consentedFields(tokens: DeviceTokens, requested: readonly EmeField[]): readonly EmeField[] {
  const detail = tokens.authorizationDetails?.find((entry): entry is { type: 'eme'; fields: unknown } => typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'eme');
  if (!detail) return requested;
  const consented = Array.isArray(detail.fields) ? detail.fields.filter(isEmeField) : [];
  return requested.filter((field) => consented.includes(field));
}

export class EmeFlow implements SessionFlow<OidcApproval, EmeResult, EmeSnapshot> {
  private readonly parts: ClientParts;
  private readonly request: EmeRequest;
  /** Checked once per session: `refresh()` asks again for the same fields. */
  private detail: EmeDetail | undefined;

  constructor(parts: ClientParts, request: EmeRequest) {
    this.parts = parts;
    this.request = request;
  }

  /** `starting`: the request is checked, then that the provider can answer it, before the resident is asked. */
  async prepare(): Promise<SessionRequest> {
    this.detail ??= emeDetail(this.request);
    userinfoEndpoint(await this.parts.provider.getDiscovery());
    const { lang } = this.request;
    return { flow: 'eme', scope: 'openid', ...(lang === undefined ? {} : { lang }), authorizationDetails: [this.detail] };
  }

  /** After approval: the ID token is checked and dropped, userinfo read for the same resident; the access token is then revoked. */
  async finish({ tokens, nonce, discovery }: OidcApproval, signal: AbortSignal): Promise<EmeResult> {
    const fields = (this.detail ??= emeDetail(this.request)).fields;
    const { config, provider } = this.parts;
    try {
      // Checked as for a QR login, then dropped: filling a form never changes who is logged in.
      const { claims } = await provider.verifyDeviceTokens(tokens, nonce, discovery, 'openid');
      const answer = await fetchUserinfo(userinfoEndpoint(discovery), tokens.accessToken, config.requestTimeoutSeconds, signal);
      // OpenID Connect Core §5.3.4: userinfo for anyone but the approving resident must not be used.
      if (answer.sub !== claims.sub) failed('The userinfo endpoint answered for another resident (its `sub` is not the ID token\'s).');
      const consented = consentedFields(tokens, fields);
      const result = readEmeData(answer, consented);
      // Left out in the app: missing, as if userinfo had not answered them.
      return { ...result, missing: fields.filter((field) => !consented.includes(field) || result.missing.includes(field)) };
    } finally {
      // Best effort, not awaited: the token is never kept.
      provider.revokeQuietly(tokens.accessToken);
    }
  }
}
