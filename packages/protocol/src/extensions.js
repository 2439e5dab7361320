/**
 * The kit's extensions to the OpenID Provider's discovery document (OpenID Connect mode), by what
 * each is for. The sandbox advertises them; the SDK reads them.
 */
export const DISCOVERY_EXTENSIONS = Object.freeze({
  /** The same-device app link: the authorization request opened in the iAM Smart app (`{issuer}/app` in the sandbox). */
  appLink: 'iamsmart_app_link',
  /** The cross-device status stream (server-sent events over POST). */
  statusStream: 'iamsmart_cross_device_status_endpoint',
  /** The signing service's base URL (Cloud Signature Consortium API v2 subset), `{issuer}/csc/v2`. */
  signingEndpoint: 'iamsmart_signing_endpoint',
});

/** The kit's extensions to the RFC 8628 device authorization response: what the rotating QR code is made of. */
export const DEVICE_AUTHORIZATION_EXTENSIONS = Object.freeze({
  qrStartToken: 'iamsmart_qr_start_token',
  qrStartSecret: 'iamsmart_qr_start_secret',
  qrUri: 'iamsmart_qr_uri',
  qrInterval: 'iamsmart_qr_interval',
});
