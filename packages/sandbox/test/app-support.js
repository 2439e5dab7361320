// Test support for the phone-app simulator: a cross-device session started as a desktop browser
// would start it (the device authorization endpoint over HTTP), its rotating QR link computed as
// the SDK computes it, and the token request the desktop makes at the end.
import { createHmac } from 'node:crypto';

/**
 * @param {string} issuer
 * @param {{ scope?: string, clientId?: string, authorizationDetails?: unknown[] }} [options]
 */
export async function startQrSession(issuer, { scope = 'openid profile', clientId = 'demo-site', authorizationDetails } = {}) {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const response = await fetch(discovery.device_authorization_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: clientId,
      scope,
      ...(authorizationDetails ? { authorization_details: JSON.stringify(authorizationDetails) } : {}),
    }),
  });
  if (response.status !== 200) throw new Error(`Device authorization answered ${response.status}: ${await response.text()}`);
  const received = performance.now();
  /** @type {{ device_code: string, user_code: string, verification_uri: string, verification_uri_complete: string,
   *   expires_in: number, iamsmart_qr_start_token: string, iamsmart_qr_start_secret: string, iamsmart_qr_uri: string }} */
  const body = await response.json();
  return {
    ...body,
    /**
     * The QR link the desktop shows at `t` seconds after the response (by default: now).
     * @param {number} [t]
     */
    qrLink(t = Math.floor((performance.now() - received) / 1000)) {
      const h = createHmac('sha256', Buffer.from(body.iamsmart_qr_start_secret, 'utf8'))
        .update(`${body.iamsmart_qr_start_token}.${t}`).digest('base64url');
      const url = new URL(body.iamsmart_qr_uri);
      url.searchParams.set('s', body.iamsmart_qr_start_token);
      url.searchParams.set('t', String(t));
      url.searchParams.set('h', h);
      return url;
    },
    /** The desktop's token request for this device code. */
    async token() {
      const answer = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: body.device_code, client_id: clientId }),
      });
      return { status: answer.status, body: await answer.json() };
    },
  };
}

/** @param {string} page HTML @returns {string[]} the texts of the page's buttons */
export function buttonNames(page) {
  return [...page.matchAll(/<button[^>]*>([\s\S]*?)<\/button>/g)]
    .map(([, content]) => content.replace(/<span[^>]*aria-hidden="true"[^>]*>[\s\S]*?<\/span>/g, '').replace(/<[^>]+>/g, '').trim());
}

/** @param {string} page HTML @returns {string | undefined} the h1's text */
export function heading(page) {
  return /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(page)?.[1]?.trim();
}
