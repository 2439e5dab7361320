// Test support for the phone-app simulator: a cross-device session started as a desktop browser
// would start it (the device authorization endpoint over HTTP), its rotating QR link computed as
// the SDK computes it, and the token request the desktop makes at the end.
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';

/** A desktop browser's User-Agent, as Chrome on Linux sends it. */
export const DESKTOP_CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/**
 * POSTs a form from a chosen local address (Linux routes all of 127.0.0.0/8 to the loopback
 * interface, so 127.0.1.5 is "another network" than 127.0.0.1 by /24) with a chosen User-Agent.
 * @param {URL} url on the sandbox
 * @param {URLSearchParams} form
 * @param {{ localAddress: string, userAgent?: string }} from
 * @returns {Promise<{ status: number, text: string }>}
 */
export function postFrom(url, form, { localAddress, userAgent }) {
  return new Promise((resolve, reject) => {
    const body = form.toString();
    const outgoing = httpRequest({
      // The sandbox listens on every address or on loopback; IPv4 loopback reaches it either way.
      host: '127.0.0.1',
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: 'POST',
      localAddress,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': Buffer.byteLength(body),
        ...(userAgent ? { 'user-agent': userAgent } : {}),
      },
    }, (response) => {
      const chunks = /** @type {Buffer[]} */ ([]);
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/**
 * @param {string} issuer
 * @param {{ scope?: string, clientId?: string, authorizationDetails?: unknown[], from?: { localAddress: string, userAgent?: string } }} [options]
 *   `from`: the desktop's local address and User-Agent (by default fetch's own)
 */
export async function startQrSession(issuer, { scope = 'openid profile', clientId = 'demo-site', authorizationDetails, from } = {}) {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const form = new URLSearchParams({
    client_id: clientId,
    scope,
    ...(authorizationDetails ? { authorization_details: JSON.stringify(authorizationDetails) } : {}),
  });
  const response = from
    ? await postFrom(new URL(discovery.device_authorization_endpoint), form, from)
    : await fetch(discovery.device_authorization_endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form })
      .then(async (answer) => ({ status: answer.status, text: await answer.text() }));
  if (response.status !== 200) throw new Error(`Device authorization answered ${response.status}: ${response.text}`);
  const received = performance.now();
  /** @type {{ device_code: string, user_code: string, verification_uri: string, verification_uri_complete: string,
   *   expires_in: number, iamsmart_qr_start_token: string, iamsmart_qr_start_secret: string, iamsmart_qr_uri: string }} */
  const body = JSON.parse(response.text);
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
