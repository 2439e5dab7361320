import { base64url } from '../../base64url.js';

/** The sandbox's rotating-QR extension fields of a device authorization response. */
export interface QrExtension {
  /** Public: goes into every payload. */
  startToken: string;
  /** Kept by the browser: keys the HMAC, never put into a QR code or URL. */
  startSecret: string;
  /** `{issuer}/app/qr`. */
  uri: string;
  /** Seconds between payloads. */
  intervalSeconds: number;
}

/**
 * Makes the payloads of one session: `{uri}?s={startToken}&t={t}&h={h}` with
 * `h = base64url(HMAC-SHA256(secret, "{startToken}.{t}"))`, `t` in whole seconds since the
 * response arrived. A payload is only good for a few seconds, so a photo of the QR code relayed
 * to another phone is refused by the time it is used (BankID's animated QR).
 */
export async function createQrPayloads(qr: QrExtension): Promise<(t: number) => Promise<string>> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(qr.startSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (t) => {
    const h = base64url(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`${qr.startToken}.${t}`)));
    const url = new URL(qr.uri);
    url.searchParams.set('s', qr.startToken);
    url.searchParams.set('t', String(t));
    url.searchParams.set('h', h);
    return url.href;
  };
}
