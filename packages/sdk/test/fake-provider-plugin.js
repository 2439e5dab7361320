// A scriptable OpenID Provider for the SDK's browser tests, run by @web/test-runner as a dev-server
// plugin. It speaks real HTTP on its own port (so every request from the page is cross-origin, with
// CORS, as against iAM Smart), signs ID tokens with keys made by jose in Node, checks PKCE, and
// tampers with exactly what a scenario asks for. It is not the sandbox: the sandbox is a certified
// provider that never misbehaves; this one misbehaves on purpose, one way per scenario.
//
// The test page registers a scenario on the dev server (same origin, no CORS needed):
//   POST /fake-op/scenario  {clientId, redirectUris, ...tampering}  ->  {id, issuer}
// and the provider then answers under `${issuer}` = http://127.0.0.1:<port>/fake-op/<id>:
//   /.well-known/openid-configuration, /jwks, /authorize, /token, /revoke, /end-session, /app, /log,
//   /device-authorization (RFC 8628), /cross-device/status (the sandbox's status stream, POST ->
//   text/event-stream) and /control, where the test page scripts the cross-device session:
//   POST {action: 'state', state, reason?} (the resident scanned, approved, declined …),
//   {action: 'drop'} (cut every open stream), {action: 'garbage'} (send a broken event),
//   {action: 'end'} (end the streams cleanly without a final state).
// With the `csc` option it is also a signing service (Cloud Signature Consortium API v2 subset, as
// the sandbox's): discovery's `iamsmart_signing_endpoint` = `${issuer}/csc/v2`, an approval of a
// device session with `credential` authorization details returns them in the token response
// (credentialID resolved), and /csc/v2/credentials/info and /csc/v2/signatures/signHash answer the
// access token with certificates of a test CA made here in Node (@peculiar/x509) and real
// SHA256withRSA signatures, so the SDK's verification runs for real. The dev server serves that
// CA's root, same-origin, at /fake-op/signing-root.pem (and a file without a certificate at
// /fake-op/no-certificate.pem), and the scenario registration answers it as `signingRootPem`.
// With the `eme` option it is also an e-ME provider (as the sandbox): discovery's
// `userinfo_endpoint` = `${issuer}/me`; an approval of a device session with an `eme` authorization
// detail consents to its fields (or to the scripted `consent`), the token response carries the
// detail with `fields` = the consented ones, and /me answers the access token with `sub` and the
// consented fields of the sandbox's first resident (packages/sandbox/src/residents.json), with
// the scripted changes.
// The authorization endpoint redirects (302) like a real provider; when fetched with
// `Accept: application/json` it returns `{location}` instead, so a test can read the callback URL
// without leaving its page. The dev server also serves /fake-op/popup-callback/<id>, the page a
// popup login returns to, which completes the login with the SDK.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { KeyObject, constants, createHash, privateEncrypt, randomBytes } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

const b64url = (input) => Buffer.from(input).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** Keys shared by all scenarios: made once, lazily (RSA generation takes a moment). */
let keyPool;
function keys() {
  keyPool ??= (async () => {
    const make = async (kid, alg = 'RS256') => {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
    };
    // ES256 keys for the `alg: 'ES256'` scenarios (the sandbox signs with either); `extra` is a
    // second RS256 key the `jwks: 'several'` scenarios publish beside the primary one.
    const [primary, rotated, rogue, extra, es256, rogueEs256] = await Promise.all([
      make('key-1'), make('key-2'), make('key-1'), make('key-3'), make('key-es-1', 'ES256'), make('key-es-1', 'ES256'),
    ]);
    return { primary, rotated, rogue, extra, es256, rogueEs256 };
  })();
  return keyPool;
}

const SHA256_OID = '2.16.840.1.101.3.4.2.1';
/** The e-ME data of the sandbox's first resident (CHAN Tai Man): the shapes the sandbox answers. */
const RESIDENT_EME = JSON.parse(readFileSync(new URL('../../sandbox/src/residents.json', import.meta.url), 'utf8'))[0].eme;
/** The resident's credential, which "default" stands for. */
const FAKE_CREDENTIAL = 'fake-credential-chan-tai-man';
const SHA256_WITH_RSA_OID = '1.2.840.113549.1.1.11';
/** DER of DigestInfo { sha256, NULL } before the 32-byte hash (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO_PREFIX = Buffer.from('3031300d060960864801650304020105000420', 'hex');

/**
 * The signing test CA, made once, lazily: a root and a resident's certificate under it, another
 * resident's under it, and a rogue root with a certificate of the same name (the "leaf from
 * another CA" scenarios).
 */
let caPool;
function signingCa() {
  caPool ??= (async () => {
    // @peculiar/x509 needs Reflect metadata (tsyringe); loaded only when a scenario signs.
    await import('reflect-metadata');
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(globalThis.crypto);
    const rsa = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
    const day = 86_400_000;
    const validity = { notBefore: new Date(Date.now() - day), notAfter: new Date(Date.now() + 365 * day) };
    const newKeys = () => globalThis.crypto.subtle.generateKey(rsa, true, ['sign', 'verify']);
    const root = async (name, serialNumber) => {
      const keys = await newKeys();
      const cert = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber, name, keys, signingAlgorithm: rsa, ...validity,
        extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
      });
      return { cert, keys };
    };
    // The subject's pseudonym (2.5.4.65) is the resident's sub, as the sandbox issues them (decision 028).
    const leaf = async (issuer, serialNumber, subject = 'CN=CHAN Tai Man, O=Fake Provider, 2.5.4.65=pairwise-sub-7f3a') => {
      const keys = await newKeys();
      const cert = await x509.X509CertificateGenerator.create({
        serialNumber, subject, issuer: issuer.cert.subject, publicKey: keys.publicKey,
        signingKey: issuer.keys.privateKey, signingAlgorithm: rsa, ...validity,
        extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
      });
      return { cert, privateKey: KeyObject.from(keys.privateKey) };
    };
    const der = (cert) => Buffer.from(cert.rawData).toString('base64');
    const trustedRoot = await root('CN=Fake Provider Test Root CA, O=iAM Smart Web Kit tests', '01');
    const rogueRoot = await root('CN=Rogue Root CA, O=Somebody else', '02');
    const [trusted, rogue, otherResident] = await Promise.all([
      leaf(trustedRoot, '03'),
      leaf(rogueRoot, '04'),
      leaf(trustedRoot, '05', 'CN=WONG Siu Ming, O=Fake Provider, 2.5.4.65=pairwise-sub-other-resident'),
    ]);
    return {
      rootPem: trustedRoot.cert.toString('pem'),
      credentials: {
        trusted: { certificates: [der(trusted.cert), der(trustedRoot.cert)], privateKey: trusted.privateKey },
        'other-ca': { certificates: [der(rogue.cert), der(rogueRoot.cert)], privateKey: rogue.privateKey },
        'other-resident': { certificates: [der(otherResident.cert), der(trustedRoot.cert)], privateKey: otherResident.privateKey },
      },
    };
  })();
  return caPool;
}

/**
 * Scenario options (all optional):
 * - clientId, redirectUris: the registered client (exact redirect-URI matching).
 * - discovery: 'ok' | 'garbage' (not JSON) | 'wrong-issuer' | 'no-token-endpoint' | 'status-500' | 'hang'
 *   | 'status-500-once' (HTTP 500 to the first request, then 'ok')
 * - advertiseIss: RFC 9207 `authorization_response_iss_parameter_supported` (default true)
 * - issParam: 'correct' | 'omit' | 'wrong' (the `iss` in the authorization response)
 * - authorize: 'ok' | 'access_denied' | 'server_error' | 'hang' (the sign-in page never answers)
 * - token: 'ok' | 'status-500' | 'garbage' (HTML) | 'bad-json' (application/json that is not JSON) | 'no-id-token'
 * - signing: 'rs256' | 'bad-sig' (another key, same kid) | 'none' | 'hs256' (HMAC keyed with the public key)
 * - alg: 'RS256' | 'ES256' (the ID token's algorithm; with ES256 discovery also advertises ES256 and the
 *   JWKS publishes an ES256 key beside the RSA one, as the sandbox does; 'bad-sig' then signs with
 *   another P-256 key under the same kid)
 * - kid: 'present' | 'absent'
 * - jwks: 'primary' | 'rotate-after-first' (signing key and JWKS switch to a new key after the first token)
 *   | 'several' (the JWKS publishes a second RS256 key beside the signing one)
 * - crit: 'none' | 'unknown' (the JOSE header marks an extension nobody knows as critical, RFC 7515 §4.1.11)
 * - nonce: 'echo' | 'wrong' | 'omit'
 * - claims: overrides of ID-token claims; null deletes one. expIn / iatOffset: seconds from now.
 * - appLink, revocation, endSession: advertise those endpoints (default true)
 * - device: the cross-device (RFC 8628) side; absent = no device_authorization_endpoint. Fields:
 *   stream (advertise the status stream, default false), qr (send the iamsmart_qr_* extension
 *   fields, default false), expiresIn (default 60), interval (default 1; omitted when null),
 *   authorization: 'ok' | 'rate-limited' | 'garbage' | 'status-500' | 'invalid_client' | 'too-long',
 *   streamAnswer: 'ok' | 'garbage' (a broken event at once) | 'wrong-type' (HTML) | 'not-found',
 *   tokens: answers to the device-code token requests, in order ('authorization_pending',
 *   'slow_down', 'access_denied', 'expired_token', 'status-500', 'garbage', 'drop' (connection cut),
 *   'ok'); once used up,
 *   the answer follows the session's state (approved -> tokens once, denied -> access_denied,
 *   expired -> expired_token, else authorization_pending). ID tokens follow signing/nonce/claims.
 * - csc: the signing service; absent = no iamsmart_signing_endpoint. Fields:
 *   credentialID (what "default" becomes at approval, default FAKE_CREDENTIAL;
 *   null: the token response carries no authorization_details),
 *   grant: 'as-requested' | 'other-hash' (the approval covers another document, so signHash refuses),
 *   token: 'ok' | 'expire-after-info' (the access token expires once credentials/info has answered),
 *   credential: 'trusted' | 'other-ca' (certificates and key of the rogue CA) | 'other-resident' (another resident's, under the trusted root),
 *   info, signHash: 'ok' | 'hang' (never answers) | 'drop' (connection cut) | 'status-500' | 'garbage',
 *   and for signHash also 'tampered' (one bit of the signature flipped).
 * - eme: the e-ME side; absent = no userinfo_endpoint. Fields:
 *   consent (the fields the resident approves, default every requested one),
 *   values (changes to the resident's e-ME values; null deletes one),
 *   extra (more top-level claims in the answer), leak (answer every field the resident has, consented or not),
 *   sub: 'same' | 'other' (userinfo answers for another resident),
 *   userinfo: 'ok' | 'hang' | 'drop' | 'status-500' | 'garbage' | 'array'.
 */
function createScenario(id, issuer, options) {
  return {
    id,
    issuer,
    clientId: options.clientId ?? 'test-client',
    redirectUris: options.redirectUris ?? [],
    discovery: options.discovery ?? 'ok',
    advertiseIss: options.advertiseIss ?? true,
    issParam: options.issParam ?? 'correct',
    authorize: options.authorize ?? 'ok',
    token: options.token ?? 'ok',
    signing: options.signing ?? 'rs256',
    alg: options.alg ?? 'RS256',
    kid: options.kid ?? 'present',
    crit: options.crit ?? 'none',
    jwks: options.jwks ?? 'primary',
    nonce: options.nonce ?? 'echo',
    claims: options.claims ?? {},
    expIn: options.expIn ?? 300,
    iatOffset: options.iatOffset ?? 0,
    appLink: options.appLink ?? true,
    revocation: options.revocation ?? true,
    endSession: options.endSession ?? true,
    tokensIssued: 0,
    rotated: false,
    codes: new Map(),
    device: options.device
      ? {
          stream: false,
          qr: false,
          expiresIn: 60,
          interval: 1,
          authorization: 'ok',
          streamAnswer: 'ok',
          ...options.device,
          tokens: [...(options.device.tokens ?? [])],
          sessions: new Map(),
          latest: undefined,
        }
      : undefined,
    csc: options.csc
      ? { credentialID: FAKE_CREDENTIAL, grant: 'as-requested', token: 'ok', credential: 'trusted', info: 'ok', signHash: 'ok', ...options.csc, accessTokens: new Map() }
      : undefined,
    eme: options.eme ? { values: {}, extra: {}, leak: false, sub: 'same', userinfo: 'ok', ...options.eme, accessTokens: new Map() } : undefined,
    log: {
      // Every route the page called (not /log or /control): "nothing was sent" is checked here.
      requests: [],
      authorizeRequests: [],
      tokenRequests: 0,
      revoked: [],
      deviceAuthorizations: [],
      deviceTokenRequests: [],
      streamRequests: 0,
      openStreams: 0,
      accessTokens: [],
      cscRequests: [],
      cscClosedUnanswered: 0,
      userinfoRequests: [],
      userinfoClosedUnanswered: 0,
    },
  };
}

function discoveryDocument(s) {
  const doc = {
    issuer: s.discovery === 'wrong-issuer' ? 'https://evil.example' : s.issuer,
    authorization_endpoint: `${s.issuer}/authorize`,
    token_endpoint: `${s.issuer}/token`,
    jwks_uri: `${s.issuer}/jwks`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: s.alg === 'ES256' ? ['RS256', 'ES256'] : ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    scopes_supported: ['openid', 'profile'],
    authorization_response_iss_parameter_supported: s.advertiseIss,
  };
  if (s.discovery === 'no-token-endpoint') delete doc.token_endpoint;
  if (s.appLink) doc.iamsmart_app_link = `${s.issuer}/app`;
  if (s.revocation) doc.revocation_endpoint = `${s.issuer}/revoke`;
  if (s.endSession) doc.end_session_endpoint = `${s.issuer}/end-session`;
  if (s.csc) doc.iamsmart_signing_endpoint = `${s.issuer}/csc/v2`;
  if (s.eme) doc.userinfo_endpoint = `${s.issuer}/me`;
  if (s.device) {
    doc.device_authorization_endpoint = `${s.issuer}/device-authorization`;
    doc.grant_types_supported.push('urn:ietf:params:oauth:grant-type:device_code');
    if (s.device.stream) doc.iamsmart_cross_device_status_endpoint = `${s.issuer}/cross-device/status`;
  }
  return doc;
}

async function currentKey(s) {
  const pool = await keys();
  if (s.alg === 'ES256') return pool.es256;
  return s.rotated ? pool.rotated : pool.primary;
}

/** The public keys the scenario's jwks_uri publishes. */
async function publishedKeys(s) {
  const pool = await keys();
  if (s.alg === 'ES256') return [pool.primary.jwk, pool.es256.jwk];
  const key = await currentKey(s);
  return s.jwks === 'several' ? [key.jwk, pool.extra.jwk] : [key.jwk];
}

async function mintIdToken(s, grant) {
  // Rotation happens when the second token is minted: until then the JWKS still shows the old key.
  if (s.jwks === 'rotate-after-first' && s.tokensIssued > 0) s.rotated = true;
  const pool = await keys();
  const key = await currentKey(s);
  const t = now();
  const payload = {
    iss: s.issuer,
    sub: 'pairwise-sub-7f3a',
    aud: s.clientId,
    exp: t + s.expIn,
    iat: t + s.iatOffset,
    auth_time: t,
    nonce: s.nonce === 'wrong' ? 'not-the-nonce-that-was-sent' : grant.nonce,
    name: 'CHAN Tai Man',
    enName: 'CHAN Tai Man',
    chName: { lastName: '陳', firstName: '大文' },
    locale: 'en',
  };
  if (s.nonce === 'omit') delete payload.nonce;
  for (const [claim, value] of Object.entries(s.claims)) {
    if (value === null) delete payload[claim];
    else payload[claim] = value === '$issuer' ? s.issuer : value;
  }
  const header = { alg: key.alg, typ: 'JWT', ...(s.kid === 'absent' ? {} : { kid: key.kid }) };
  // jose signs a critical extension only when told it is understood.
  const signOptions = s.crit === 'unknown' ? { crit: { 'urn:example:unknown': true } } : undefined;
  if (s.crit === 'unknown') Object.assign(header, { crit: ['urn:example:unknown'], 'urn:example:unknown': true });
  s.tokensIssued += 1;
  switch (s.signing) {
    case 'none':
      return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
    case 'hs256':
      // Key confusion: an HMAC "signature" keyed with the provider's public key, which anyone has.
      return new SignJWT(payload).setProtectedHeader({ ...header, alg: 'HS256' }).sign(new TextEncoder().encode(JSON.stringify(key.jwk)));
    case 'bad-sig':
      return new SignJWT(payload).setProtectedHeader(header).sign(s.alg === 'ES256' ? pool.rogueEs256.privateKey : pool.rogue.privateKey);
    default:
      return new SignJWT(payload).setProtectedHeader(header).sign(key.privateKey, signOptions);
  }
}

function send(res, status, body, headers = {}) {
  const isText = typeof body === 'string';
  res.writeHead(status, { 'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(isText ? body : JSON.stringify(body));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function withQuery(base, params) {
  const url = new URL(base);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(name, value);
  return url.href;
}

async function handleAuthorize(s, url, req, res) {
  const q = url.searchParams;
  s.log.authorizeRequests.push(Object.fromEntries(q));
  if (s.authorize === 'hang') return;
  const redirectUri = q.get('redirect_uri');
  // Checked before redirecting anywhere: an unregistered redirect URI gets an error page, not a redirect.
  if (q.get('client_id') !== s.clientId || !s.redirectUris.includes(redirectUri)) {
    return send(res, 400, { error: 'invalid_request', error_description: 'unknown client_id or unregistered redirect_uri' });
  }
  const iss = s.issParam === 'omit' ? undefined : s.issParam === 'wrong' ? 'https://evil.example' : s.issuer;
  let location;
  if (q.get('response_type') !== 'code' || q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) {
    location = withQuery(redirectUri, { error: 'invalid_request', error_description: 'code flow with PKCE S256 only', state: q.get('state'), iss });
  } else if (s.authorize !== 'ok') {
    location = withQuery(redirectUri, { error: s.authorize, error_description: s.authorize === 'access_denied' ? 'The resident declined' : 'Something failed', state: q.get('state'), iss });
  } else {
    const code = randomBytes(24).toString('base64url');
    s.codes.set(code, { redirectUri, challenge: q.get('code_challenge'), nonce: q.get('nonce') ?? undefined, scope: q.get('scope') ?? 'openid' });
    location = withQuery(redirectUri, { code, state: q.get('state'), iss });
  }
  if ((req.headers.accept ?? '').includes('application/json')) return send(res, 200, { location });
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store' });
  res.end();
}

const FINAL_STATES = new Set(['approved', 'denied', 'expired']);

async function handleDeviceAuthorization(s, req, res) {
  const form = new URLSearchParams(await readBody(req));
  const entry = { form: Object.fromEntries(form) };
  s.log.deviceAuthorizations.push(entry);
  const d = s.device;
  if (d.authorization === 'rate-limited') return send(res, 429, { error: 'too_many_requests', error_description: 'Too many sessions; wait a moment.' }, { 'Retry-After': '42' });
  if (d.authorization === 'status-500') return send(res, 500, 'Internal Server Error');
  if (d.authorization === 'garbage') return send(res, 200, '<!doctype html><p>Maintenance', { 'Content-Type': 'text/html' });
  if (d.authorization === 'invalid_client' || form.get('client_id') !== s.clientId) return send(res, 400, { error: 'invalid_client', error_description: 'unknown client' });
  const deviceCode = randomBytes(24).toString('base64url');
  const userCode = String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0');
  const body = {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: `${s.issuer}/app/code`,
    verification_uri_complete: `${s.issuer}/app/code?user_code=${userCode}`,
    expires_in: d.authorization === 'too-long' ? 3600 : d.expiresIn,
    ...(d.interval === null ? {} : { interval: d.interval }),
  };
  if (d.qr) {
    Object.assign(body, {
      iamsmart_qr_start_token: randomBytes(16).toString('base64url'),
      iamsmart_qr_start_secret: randomBytes(32).toString('base64url'),
      iamsmart_qr_uri: `${s.issuer}/app/qr`,
      iamsmart_qr_interval: 1,
    });
  }
  entry.response = body;
  const details = form.has('authorization_details') ? JSON.parse(form.get('authorization_details')) : undefined;
  const session = { deviceCode, state: 'awaiting-scan', reason: undefined, nonce: form.get('nonce') ?? undefined, scope: form.get('scope') ?? 'openid', details, streams: new Set(), redeemed: false };
  d.sessions.set(deviceCode, session);
  d.latest = session;
  send(res, 200, body);
}

function writeState(res, session) {
  res.write(`event: state\ndata: ${JSON.stringify({ state: session.state, ...(session.reason ? { reason: session.reason } : {}) })}\n\n`);
}

async function handleStatusStream(s, req, res) {
  s.log.streamRequests += 1;
  const form = new URLSearchParams(await readBody(req));
  const session = s.device.sessions.get(form.get('device_code'));
  if (form.get('client_id') !== s.clientId) return send(res, 400, { error: 'invalid_client', error_description: 'unknown client' });
  if (!session || s.device.streamAnswer === 'not-found') return send(res, 404, { error: 'not_found', error_description: 'unknown device_code' });
  if (s.device.streamAnswer === 'wrong-type') return send(res, 200, '<!doctype html><p>Hello', { 'Content-Type': 'text/html' });
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
  if (s.device.streamAnswer === 'garbage') return res.end('event: state\ndata: {"state": "approv\n\n');
  writeState(res, session);
  if (FINAL_STATES.has(session.state)) return res.end();
  session.streams.add(res);
  s.log.openStreams += 1;
  // The page went away (cancel, hidden tab, reconnect): forget this stream.
  res.on('close', () => {
    if (session.streams.delete(res)) s.log.openStreams -= 1;
  });
}

async function handleControl(s, req, res) {
  const command = JSON.parse((await readBody(req)) || '{}');
  const session = s.device?.latest;
  if (!session) return send(res, 409, { error: 'no session' });
  const streams = [...session.streams];
  switch (command.action) {
    case 'state':
      session.state = command.state;
      session.reason = command.reason;
      for (const stream of streams) {
        writeState(stream, session);
        if (FINAL_STATES.has(session.state)) stream.end();
      }
      break;
    case 'drop':
      for (const stream of streams) stream.destroy();
      break;
    case 'garbage':
      for (const stream of streams) stream.write('event: state\ndata: <html>\n\n');
      break;
    case 'end':
      for (const stream of streams) stream.end();
      break;
    default:
      return send(res, 400, { error: 'unknown action' });
  }
  send(res, 200, { streams: streams.length });
}

async function handleDeviceToken(s, form, res) {
  const session = s.device?.sessions.get(form.get('device_code'));
  s.log.deviceTokenRequests.push(Date.now());
  if (!session || form.get('client_id') !== s.clientId) return send(res, 400, { error: 'invalid_grant', error_description: 'unknown device_code' });
  let answer = s.device.tokens.shift();
  if (answer === undefined) {
    if (session.state === 'approved') answer = session.redeemed ? 'invalid_grant' : 'ok';
    else if (session.state === 'denied') answer = 'access_denied';
    else if (session.state === 'expired') answer = 'expired_token';
    else answer = 'authorization_pending';
  }
  if (answer === 'drop') return res.socket.destroy();
  if (answer === 'status-500') return send(res, 500, 'Internal Server Error');
  if (answer === 'garbage') return send(res, 200, '<!doctype html><title>Maintenance</title>', { 'Content-Type': 'text/html' });
  if (answer !== 'ok') return send(res, 400, { error: answer });
  session.redeemed = true;
  const body = { access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 3600, scope: session.scope };
  s.log.accessTokens.push(body.access_token);
  if (s.token !== 'no-id-token') body.id_token = await mintIdToken(s, session);
  if (s.csc && session.details) {
    const details = approvedDetails(s, session.details);
    s.csc.accessTokens.set(body.access_token, { details, expired: false, signed: new Set() });
    if (s.csc.credentialID !== null) body.authorization_details = details;
  }
  if (s.eme && session.details) {
    // The resident's consent, as the sandbox records it at approval: the detail's fields become the consented ones.
    body.authorization_details = session.details.map((detail) =>
      detail.type === 'eme' ? { ...detail, fields: detail.fields.filter((field) => s.eme.consent?.includes(field) ?? true) } : detail,
    );
    const consented = body.authorization_details.filter((detail) => detail.type === 'eme').flatMap((detail) => detail.fields);
    s.eme.accessTokens.set(body.access_token, consented);
  }
  send(res, 200, body);
}

/** What an approval records: "default" becomes the resident's credential; `grant: 'other-hash'` swaps the document. */
function approvedDetails(s, requested) {
  return requested.map((detail) => {
    if (detail.type !== 'credential') return detail;
    const credentialID = detail.credentialID === 'default' ? s.csc.credentialID ?? FAKE_CREDENTIAL : detail.credentialID;
    const documentDigests = s.csc.grant === 'other-hash'
      ? detail.documentDigests.map((digest) => ({ ...digest, hash: createHash('sha256').update('another document').digest('base64') }))
      : detail.documentDigests;
    return { ...detail, credentialID, documentDigests };
  });
}

/** userinfo (OpenID Connect Core §5.3): `sub` and the consented e-ME fields, as the sandbox answers. */
async function handleUserinfo(s, req, res) {
  s.log.userinfoRequests.push({ method: req.method, authorization: req.headers.authorization ?? null, url: req.url, body: await readBody(req) });
  const e = s.eme;
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const consented = token === undefined ? undefined : e.accessTokens.get(token);
  if (!consented) return send(res, 401, { error: 'invalid_token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
  switch (e.userinfo) {
    case 'hang':
      res.on('close', () => {
        s.log.userinfoClosedUnanswered += 1;
      });
      return undefined;
    case 'drop':
      return res.socket.destroy();
    case 'status-500':
      return send(res, 500, 'Internal Server Error');
    case 'garbage':
      return send(res, 200, '<!doctype html><title>Maintenance</title>', { 'Content-Type': 'text/html' });
    case 'array':
      return send(res, 200, [{ sub: 'pairwise-sub-7f3a' }]);
    default:
  }
  const values = { ...RESIDENT_EME, ...e.values };
  const answer = { sub: e.sub === 'other' ? 'pairwise-sub-other-resident' : 'pairwise-sub-7f3a' };
  for (const [field, value] of Object.entries(values)) {
    if (value !== null && (e.leak || consented.includes(field))) answer[field] = value;
  }
  return send(res, 200, { ...answer, ...e.extra });
}

class CscRefusal extends Error {
  constructor(status, error, description) {
    super(description);
    this.status = status;
    this.error = error;
  }
}

/** The approved `credential` details the Bearer token carries, or a refusal (as the sandbox answers). */
function cscGrant(s, req, body) {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  const grant = token === undefined ? undefined : s.csc.accessTokens.get(token);
  if (!grant || grant.expired) throw new CscRefusal(401, 'invalid_token', 'the access token is invalid or has expired');
  // As in the sandbox, "default" means the approving resident's own credential.
  const credentialID = body.credentialID === 'default' ? s.csc.credentialID ?? FAKE_CREDENTIAL : body.credentialID;
  const details = grant.details.filter((detail) => detail.type === 'credential' && detail.credentialID === credentialID);
  if (details.length === 0) throw new CscRefusal(400, 'invalid_request', 'the approval does not cover this credentialID');
  return { grant, details };
}

/** A scripted misbehaviour of one CSC operation; true when it has answered (or never will). */
function cscMisbehaves(s, behaviour, req, res) {
  switch (behaviour) {
    case 'hang':
      // Never answers; counts the requests the page gave up on (cancel, timeout).
      res.on('close', () => {
        s.log.cscClosedUnanswered += 1;
      });
      return true;
    case 'drop':
      res.socket.destroy();
      return true;
    case 'status-500':
      send(res, 500, 'Internal Server Error');
      return true;
    case 'garbage':
      send(res, 200, '<!doctype html><title>Maintenance</title>', { 'Content-Type': 'text/html' });
      return true;
    default:
      return false;
  }
}

async function handleCsc(s, operation, req, res) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    body = undefined;
  }
  s.log.cscRequests.push({ operation, authorization: req.headers.authorization ?? null, contentType: req.headers['content-type'] ?? null, body });
  const ca = await signingCa();
  const credential = ca.credentials[s.csc.credential];
  try {
    if (typeof body !== 'object' || body === null) throw new CscRefusal(400, 'invalid_request', 'the request body must be a JSON object');
    const { grant, details } = cscGrant(s, req, body);
    if (operation === 'credentials/info') {
      if (cscMisbehaves(s, s.csc.info, req, res)) return;
      send(res, 200, { credentialID: body.credentialID, key: { status: 'enabled', algo: [SHA256_WITH_RSA_OID], len: 2048 }, cert: { status: 'valid', certificates: credential.certificates } });
      if (s.csc.token === 'expire-after-info') grant.expired = true;
      return;
    }
    if (cscMisbehaves(s, s.csc.signHash, req, res)) return;
    if (body.signAlgo !== SHA256_WITH_RSA_OID || body.hashAlgorithmOID !== SHA256_OID) throw new CscRefusal(400, 'invalid_request', 'SHA256withRSA over SHA-256 only');
    const approved = new Set(details.flatMap((detail) => detail.documentDigests.map((digest) => digest.hash)));
    if (!Array.isArray(body.hashes) || body.hashes.length === 0) throw new CscRefusal(400, 'invalid_request', 'hashes must be a non-empty array');
    body.hashes.forEach((hash, index) => {
      if (!approved.has(hash)) throw new CscRefusal(400, 'invalid_request', `hashes[${index}] is not among the documents the resident approved`);
      if (grant.signed.has(hash)) throw new CscRefusal(400, 'invalid_request', `hashes[${index}] is already signed`);
    });
    const signatures = body.hashes.map((hash) => {
      grant.signed.add(hash);
      const signature = privateEncrypt({ key: credential.privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO_PREFIX, Buffer.from(hash, 'base64')]));
      if (s.csc.signHash === 'tampered') signature[signature.length - 1] ^= 0x01;
      return signature.toString('base64');
    });
    send(res, 200, { signatures });
  } catch (error) {
    if (!(error instanceof CscRefusal)) throw error;
    send(res, error.status, { error: error.error, error_description: error.message });
  }
}

async function handleToken(s, req, res) {
  s.log.tokenRequests += 1;
  const form = new URLSearchParams(await readBody(req));
  if (form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') return handleDeviceToken(s, form, res);
  if (s.token === 'status-500') return send(res, 500, 'Internal Server Error');
  if (s.token === 'garbage') return send(res, 200, '<!doctype html><title>Maintenance</title><p>Back soon', { 'Content-Type': 'text/html' });
  if (s.token === 'bad-json') return send(res, 200, '{"access_token": "abc", ', { 'Content-Type': 'application/json' });
  const grant = s.codes.get(form.get('code'));
  s.codes.delete(form.get('code'));
  const verifier = form.get('code_verifier') ?? '';
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  if (form.get('grant_type') !== 'authorization_code' || !grant || form.get('client_id') !== s.clientId || form.get('redirect_uri') !== grant.redirectUri || challenge !== grant.challenge) {
    return send(res, 400, { error: 'invalid_grant', error_description: 'code, client, redirect_uri or PKCE verifier does not match' });
  }
  const body = { access_token: randomBytes(24).toString('base64url'), token_type: 'Bearer', expires_in: 3600, scope: grant.scope };
  if (s.token !== 'no-id-token') body.id_token = await mintIdToken(s, grant);
  send(res, 200, body);
}

async function handleProvider(scenarios, req, res) {
  const url = new URL(req.url, 'http://127.0.0.1');
  const origin = req.headers.origin;
  // CORS for the test page (any origin: this provider only ever serves tests).
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, { 'Access-Control-Allow-Methods': 'GET, POST', 'Access-Control-Allow-Headers': 'Content-Type, Accept, Authorization, DPoP' });
    return res.end();
  }
  const match = /^\/fake-op\/([\w-]+)(\/.*)$/.exec(url.pathname);
  const s = match && scenarios.get(match[1]);
  if (!s) return send(res, 404, { error: 'unknown scenario' });
  const route = match[2];
  if (route !== '/log' && route !== '/control') s.log.requests.push(`${req.method} ${route}`);
  switch (route) {
    case '/.well-known/openid-configuration':
      if (s.discovery === 'hang') return; // never answers: the client's timeout must fire
      if (s.discovery === 'status-500') return send(res, 500, 'Internal Server Error');
      if (s.discovery === 'status-500-once' && s.log.requests.filter((request) => request === 'GET /.well-known/openid-configuration').length === 1) return send(res, 500, 'Internal Server Error');
      if (s.discovery === 'garbage') return send(res, 200, '<html>This is not a discovery document', { 'Content-Type': 'application/json' });
      return send(res, 200, discoveryDocument(s));
    case '/jwks':
      return send(res, 200, { keys: await publishedKeys(s) });
    case '/authorize':
      return handleAuthorize(s, url, req, res);
    case '/token':
      if (req.method !== 'POST') return send(res, 405, { error: 'invalid_request' });
      return handleToken(s, req, res);
    case '/revoke': {
      const form = new URLSearchParams(await readBody(req));
      s.log.revoked.push(form.get('token'));
      return send(res, 200, '');
    }
    case '/end-session':
      return send(res, 200, '<!doctype html><title>Signed out</title>', { 'Content-Type': 'text/html' });
    case '/device-authorization':
      if (!s.device || req.method !== 'POST') return send(res, 404, { error: 'not found' });
      return handleDeviceAuthorization(s, req, res);
    case '/cross-device/status':
      if (!s.device?.stream || req.method !== 'POST') return send(res, 404, { error: 'not found' });
      return handleStatusStream(s, req, res);
    case '/control':
      return handleControl(s, req, res);
    case '/csc/v2/credentials/info':
    case '/csc/v2/signatures/signHash':
      if (!s.csc || req.method !== 'POST') return send(res, 404, { error: 'not found' });
      return handleCsc(s, route.slice('/csc/v2/'.length), req, res);
    case '/me':
      if (!s.eme) return send(res, 404, { error: 'not found' });
      return handleUserinfo(s, req, res);
    case '/log':
      return send(res, 200, s.log);
    case '/forge-popup-message':
      // A page of another origin, framed by the test page, posting what a popup callback would post.
      return send(res, 200, `<!doctype html><title>forger</title><script>parent.postMessage({ source: 'oidc-client', url: ${JSON.stringify(url.searchParams.get('url'))}, keepOpen: false }, '*');</script>`, { 'Content-Type': 'text/html' });
    default:
      return send(res, 404, { error: 'not found' });
  }
}

function popupCallbackPage(s) {
  const config = JSON.stringify({ issuer: s.issuer, clientId: s.clientId });
  // The popup's own page: completes the login through the SDK, which hands the response to the opener.
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Signing in</title></head><body>
<script type="module">
import { createClient } from '/packages/sdk/src/index.ts';
const client = createClient(${config});
client.handleCallback().catch((error) => { document.body.textContent = error.code; });
</script></body></html>`;
}

/** @returns {import('@web/dev-server-core').Plugin} */
export function fakeProviderPlugin() {
  const scenarios = new Map();
  let server;
  let providerOrigin;

  return {
    name: 'iamsmart-fake-provider',

    async serverStart() {
      server = http.createServer((req, res) => {
        handleProvider(scenarios, req, res).catch((error) => send(res, 500, String(error)));
      });
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      providerOrigin = `http://127.0.0.1:${server.address().port}`;
    },

    async serverStop() {
      server?.closeAllConnections();
      await new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },

    async serve(context) {
      if (context.path === '/fake-op/scenario' && context.method === 'POST') {
        const options = JSON.parse((await readBody(context.req)) || '{}');
        const id = randomBytes(8).toString('hex');
        const issuer = `${providerOrigin}/fake-op/${id}`;
        const popupCallback = `${context.origin}/fake-op/popup-callback/${id}`;
        scenarios.set(id, createScenario(id, issuer, { ...options, redirectUris: [...(options.redirectUris ?? []), popupCallback] }));
        await keys();
        const signingRootPem = options.csc ? (await signingCa()).rootPem : undefined;
        return { body: JSON.stringify({ id, issuer, signingRootPem }), type: 'json' };
      }
      if (context.path === '/fake-op/signing-root.pem') return { body: (await signingCa()).rootPem, type: 'application/x-pem-file' };
      if (context.path === '/fake-op/no-certificate.pem') return { body: 'These are not the certificates you are looking for.\n', type: 'application/x-pem-file' };
      const popup = /^\/fake-op\/popup-callback\/([\w-]+)$/.exec(context.path);
      if (popup && scenarios.has(popup[1])) {
        return { body: popupCallbackPage(scenarios.get(popup[1])), type: 'html' };
      }
      return undefined;
    },
  };
}
