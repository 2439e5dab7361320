// Shared by the login (the authorization request's nonce) and the OpenID Connect transport (the
// device authorization request's nonce, the QR payload's HMAC).

/** RFC 4648 §5 base64url, without padding. */
export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 32 random bytes, base64url: a nonce an ID token must carry back. */
export function randomNonce(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}
