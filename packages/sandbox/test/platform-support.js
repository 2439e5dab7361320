// An independent client of the platform API, written only from ../shared/design/PLATFORM.md with
// node:crypto (and node-forge for the RSA PKCS#1 v1.5 unwrap, which Node 20 refuses): it never
// imports the sandbox's own helpers, so a test that uses it checks the sandbox against the
// published scheme rather than against itself.
//
//   const client = testPlatformClient({ clientID, secret, privateKeyPem });
//   const answer = await signedPost(issuer, '/api/v1/security/getKey', client, undefined, { encrypt: false });
//   const key = await getKey(issuer, client);            // unwraps and caches client.contentKey
//   const { json } = await signedPost(issuer, path, client, { code }, { encrypt: true });
//   JSON.parse(decrypt(client.contentKey, json.content));
import { X509Certificate, createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

/**
 * @typedef {{ clientID: string, secret: string, privateKeyPem: string, contentKey?: Buffer,
 *   keyAnswer?: Record<string, unknown>, lastTimestamp?: number }} TestPlatformClient
 */

/**
 * @param {{ clientID: string, secret: string, privateKeyPem: string }} options
 * @returns {TestPlatformClient}
 */
export function testPlatformClient({ clientID, secret, privateKeyPem }) {
  return { clientID, secret, privateKeyPem };
}

/**
 * A fresh relying party: secret, RSA-2048 key pair and a self-signed encipherment certificate,
 * plus the IAMS_SANDBOX_CLIENTS entry that registers it. The certificate is made with node-forge
 * so that the sandbox's own certificate code is not involved.
 * @param {{ clientID?: string, redirectUris?: string[], scopes?: string[], bits?: number }} [options]
 */
export function newTestRelyingParty({ clientID = `rp-${randomUUID().slice(0, 8)}`, redirectUris = ['http://localhost:3000/callback'], scopes, bits = 2048 } = {}) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const privateKeyPem = /** @type {string} */ (privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const certificatePem = selfSignedCertificate(privateKeyPem, /** @type {string} */ (publicKey.export({ type: 'spki', format: 'pem' })), clientID);
  const secret = randomBytes(32).toString('base64url');
  const entry = {
    client_id: clientID,
    client_name: `Test relying party ${clientID}`,
    redirect_uris: redirectUris,
    client_secret: secret,
    encipherment_certificate: certificatePem,
    ...(scopes ? { scopes } : {}),
  };
  return { entry, client: testPlatformClient({ clientID, secret, privateKeyPem }), certificatePem };
}

/**
 * @param {string} privateKeyPem
 * @param {string} publicKeyPem
 * @param {string} name
 */
export function selfSignedCertificate(privateKeyPem, publicKeyPem, name) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 365 * 24 * 3600_000);
  const attrs = [{ name: 'commonName', value: `${name} encipherment` }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'keyUsage', keyEncipherment: true, dataEncipherment: true }]);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert);
  new X509Certificate(pem); // fail here, not in the sandbox, if forge wrote something odd
  return pem;
}

/**
 * URLEncode(Base64(HMAC-SHA256(secret, clientID + signatureMethod + timestamp + nonce + body))).
 * @param {string} secret
 * @param {string} text
 */
export function hmacSignature(secret, text) {
  return encodeURIComponent(createHmac('sha256', secret).update(text, 'utf8').digest('base64'));
}

/**
 * AES-256-GCM: Base64(int32BE(ivLength) ‖ IV ‖ ciphertext ‖ tag).
 * @param {Buffer} key
 * @param {string} text
 * @param {{ ivLength?: number }} [options] ivLength other than 12 only to test refusals
 */
export function encrypt(key, text, { ivLength = 12 } = {}) {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  const head = Buffer.alloc(4);
  head.writeInt32BE(ivLength);
  return Buffer.concat([head, iv, body, cipher.getAuthTag()]).toString('base64');
}

/**
 * @param {Buffer} key
 * @param {string} content
 * @returns {string}
 */
export function decrypt(key, content) {
  const bytes = Buffer.from(content, 'base64');
  const ivLength = bytes.readInt32BE(0);
  if (ivLength !== 12) throw new Error(`IV length ${ivLength}, expected 12`);
  const iv = bytes.subarray(4, 16);
  const tag = bytes.subarray(bytes.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]).toString('utf8');
}

/**
 * RSA PKCS#1 v1.5 decryption with node-forge (Node 20's privateDecrypt refuses this padding).
 * @param {string} privateKeyPem
 * @param {string} wrappedBase64
 * @returns {Buffer}
 */
export function unwrapKey(privateKeyPem, wrappedBase64) {
  const privateKey = forge.pki.privateKeyFromPem(privateKeyPem);
  const bytes = forge.util.decode64(wrappedBase64);
  return Buffer.from(privateKey.decrypt(bytes, 'RSAES-PKCS1-V1_5'), 'binary');
}

/** Flips the last byte of the Base64 content's bytes (inside the GCM tag). @param {string} content */
export function tamperTag(content) {
  const bytes = Buffer.from(content, 'base64');
  bytes[bytes.length - 1] ^= 0x01;
  return bytes.toString('base64');
}

/**
 * A signed POST. `body`: an object (sent as {"content": encrypt(JSON)} when `encrypt`, as its JSON
 * otherwise) or undefined (empty body, e.g. getKey).
 * @param {string} issuer
 * @param {string} path
 * @param {TestPlatformClient} client
 * @param {Record<string, unknown> | undefined} body
 * @param {{ encrypt: boolean, timestamp?: number | string, nonce?: string, key?: Buffer, ivLength?: number,
 *   tamper?: 'signature' | 'tag' | 'body', headers?: Record<string, string | undefined>, rawBody?: string }} options
 *   `tamper`: 'signature' changes one character of the signature, 'tag' flips a GCM tag bit, 'body'
 *   changes the body after signing; `headers` overrides (undefined removes one); `key` encrypts under
 *   another key than the cached one; `rawBody` sends that exact text
 * @returns {Promise<{ status: number, json: any, headers: Headers, sent: { timestamp: string, nonce: string, body: string } }>}
 */
export async function signedPost(issuer, path, client, body, { encrypt: encrypted, timestamp, nonce = randomUUID(), key, ivLength, tamper, headers = {}, rawBody } = { encrypt: true }) {
  let text = rawBody ?? '';
  if (rawBody === undefined && body !== undefined) {
    if (encrypted) {
      const contentKey = key ?? client.contentKey;
      if (!contentKey) throw new Error('no content key: call getKey first');
      let content = encrypt(contentKey, JSON.stringify(body), { ivLength });
      if (tamper === 'tag') content = tamperTag(content);
      text = JSON.stringify({ content });
    } else {
      text = JSON.stringify(body);
    }
  }
  // Timestamps that never decrease, even for two requests in the same millisecond.
  const stamp = String(timestamp ?? Math.max(Date.now(), (client.lastTimestamp ?? 0)));
  if (timestamp === undefined) client.lastTimestamp = Number(stamp);
  const signatureMethod = 'HmacSHA256';
  let signature = hmacSignature(client.secret, `${client.clientID}${signatureMethod}${stamp}${nonce}${text}`);
  if (tamper === 'signature') signature = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
  if (tamper === 'body') text = text.replace(/.$/, ' }');
  /** @type {Record<string, string>} */
  const sent = { 'content-type': 'application/json', clientID: client.clientID, signatureMethod, timestamp: stamp, nonce, signature };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete sent[name];
    else sent[name] = value;
  }
  const response = await fetch(new URL(path, issuer), { method: 'POST', headers: sent, body: text });
  const responseText = await response.text();
  let json;
  try {
    json = JSON.parse(responseText);
  } catch {
    json = { unparsed: responseText };
  }
  return { status: response.status, json, headers: response.headers, sent: { timestamp: stamp, nonce, body: text } };
}

/**
 * getKey, then unwraps `secretKey` with the client's private key and caches it on the client.
 * Throws when the answer is not a success.
 * @param {string} issuer
 * @param {TestPlatformClient} client
 * @param {Parameters<typeof signedPost>[4]} [options]
 * @returns {Promise<Buffer>}
 */
export async function getKey(issuer, client, options = { encrypt: false }) {
  const { json } = await signedPost(issuer, '/api/v1/security/getKey', client, undefined, { ...options, encrypt: false });
  if (json.code !== 'D00000') throw new Error(`getKey answered ${json.code}: ${json.message}`);
  const content = typeof json.content === 'string' ? JSON.parse(json.content) : json.content;
  client.keyAnswer = content;
  client.contentKey = unwrapKey(client.privateKeyPem, content.secretKey);
  return client.contentKey;
}

/**
 * The relying party's own site: answers every request with a small page and records each POST
 * (the platform's pushed results). `nextPush(ms)`: the next POST, or undefined after ms.
 * @returns {Promise<{ origin: string, received: { method: string, url: string, body: string }[],
 *   nextPush: (ms: number) => Promise<{ method: string, url: string, body: string } | undefined>, close: () => void }>}
 */
export async function startRelyingPartySite() {
  /** @type {{ method: string, url: string, body: string }[]} */
  const received = [];
  /** @type {((entry: { method: string, url: string, body: string }) => void)[]} */
  let waiting = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => { body += chunk; });
    request.on('end', () => {
      const entry = { method: request.method ?? '', url: request.url ?? '', body };
      if (entry.method === 'POST') {
        received.push(entry);
        for (const resolve of waiting) resolve(entry);
        waiting = [];
      }
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><title>Back at the bank</title>');
    });
  });
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', () => resolve(undefined)); });
  const origin = `http://localhost:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  /** @param {number} ms @returns {Promise<{ method: string, url: string, body: string } | undefined>} */
  const nextPush = (ms) => new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    waiting.push((entry) => { clearTimeout(timer); resolve(entry); });
  });
  return { origin, received, nextPush, close: () => { server.close(); } };
}

/**
 * A temporary folder with clients.json (the IAMS_SANDBOX_CLIENTS file) holding these entries.
 * @param {string} prefix @param {unknown[]} entries
 * @returns {Promise<{ clientsFile: string, remove: () => Promise<void> }>}
 */
export async function clientsFileWith(prefix, entries) {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  const clientsFile = join(folder, 'clients.json');
  await writeFile(clientsFile, JSON.stringify(entries));
  return { clientsFile, remove: () => rm(folder, { recursive: true, force: true }) };
}

/** The text of the element with this id on a hosted page. @param {string} page @param {string} id */
export function textOf(page, id) {
  return new RegExp(`id="${id}"[^>]*>(?:<strong>)?([^<]*)<`).exec(page)?.[1];
}

/**
 * A signed, encrypted call; `result` is the decrypted content (if any).
 * @param {string} issuer @param {TestPlatformClient} client @param {string} path @param {Record<string, unknown>} body
 */
export async function callPlatform(issuer, client, path, body) {
  const { json } = await signedPost(issuer, path, client, body, { encrypt: true });
  return { ...json, result: json.content ? JSON.parse(decrypt(/** @type {Buffer} */ (client.contentKey), json.content)) : undefined };
}

/**
 * The cookie-keeping fetch and form helpers of the test suite (test/helpers.js), passed in so that
 * this module imports nothing of the sandbox.
 * @typedef {{ createBrowser: () => any, formFor: (html: string, button: string) => { fields: URLSearchParams },
 *   press: (browser: any, origin: string, html: string, at: string | URL, button: string) => Promise<{ response: Response, location: any }> }} BrowserTools
 */

/**
 * The resident's part on a hosted page without Chromium: the identification code typed in the
 * phone simulator, signed in as CHAN Tai Man, the decision, then the page's continue link.
 * @param {BrowserTools} tools @param {string} issuer @param {URL} getQr @param {'Approve' | 'Decline'} decision
 * @param {(requestPage: string) => void} [look] sees the request screen before the decision
 * @param {any} [phone] the phone's browser (default: a new one); one already signed in goes straight to the request
 * @returns {Promise<URL>} where the browser is sent
 */
export async function throughHostedPage({ createBrowser, formFor, press }, issuer, getQr, decision, look, phone = createBrowser()) {
  const desktop = createBrowser();
  const hosted = await desktop.request(getQr);
  if (hosted.status !== 200) throw new Error(`getQR answered ${hosted.status}`);
  const page = await hosted.text();
  const ticket = /getQR\/continue\?ticket=([\w-]+)/.exec(page)?.[1];
  const userCode = textOf(page, 'user-code');
  if (!ticket || !userCode) throw new Error('the page has no ticket or identification code');
  const codePage = await phone.request(new URL('/app/code', issuer));
  const { fields } = formFor(await codePage.text(), 'Continue');
  fields.set('code', userCode);
  const opened = await phone.follow(new URL('/app/code', issuer), issuer, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString(),
  });
  const openedPage = await opened.response.text();
  const request = /name="resident"/.test(openedPage) ? await press(phone, issuer, openedPage, opened.location, 'CHAN Tai Man')
    : { response: new Response(openedPage), location: opened.location };
  const requestPage = await request.response.text();
  look?.(requestPage);
  await decideOn({ formFor }, phone, issuer, requestPage, request.location, decision);
  const status = await (await desktop.request(new URL(`/api/v1/auth/getQR/status?ticket=${ticket}`, issuer))).json();
  const expected = decision === 'Approve' ? 'approved' : 'declined';
  if (status.status !== expected) throw new Error(`status ${status.status}, expected ${expected}`);
  const done = await desktop.request(new URL(status.next, issuer));
  if (done.status !== 303) throw new Error(`continue answered ${done.status}, expected 303`);
  return new URL(/** @type {string} */ (done.headers.get('location')));
}

/**
 * The hosted page's address for an account request's ticketID (getQR with `ticketID`).
 * @param {string} issuer @param {string} clientID @param {string} ticketID
 */
export function getQrWithTicket(issuer, clientID, ticketID) {
  const url = new URL('/api/v1/auth/getQR', issuer);
  url.searchParams.set('clientID', clientID);
  url.searchParams.set('ticketID', ticketID);
  return url;
}

/**
 * The values of the decision form's ticked checkboxes on a request screen (a notification request's
 * topics), which a browser sends with Approve.
 * @param {string} page
 */
export function tickedOn(page) {
  return [...page.matchAll(/<input type="checkbox"[^>]* name="keep" value="([^"]*)" form="decide-form" checked/g)].map(([, value]) => value);
}

/**
 * Approve or Decline on a request screen, sending `ticked` (default: what the screen ticks) as a
 * browser sends the decision form's checkboxes.
 * @param {Pick<BrowserTools, 'formFor'>} tools @param {any} phone @param {string} issuer @param {string} page the request screen
 * @param {string | URL} at its URL @param {'Approve' | 'Decline'} decision @param {string[]} [ticked]
 * @returns {Promise<{ response: Response, location: any }>}
 */
export async function decideOn({ formFor }, phone, issuer, page, at, decision, ticked = tickedOn(page)) {
  const { action, fields } = formFor(page, decision);
  for (const value of ticked) fields.append('keep', value);
  return phone.follow(new URL(action, at), issuer, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString(),
  });
}

/**
 * A login with these scopes through the hosted page, then getToken: the access token and openID.
 * @param {BrowserTools} tools @param {string} issuer @param {TestPlatformClient} client @param {string} redirectURI @param {string} scope
 * @param {any} [phone] the phone's browser that approves (default: a new one)
 * @returns {Promise<{ accessToken: string, openID: string }>}
 */
export async function logIn(tools, issuer, client, redirectURI, scope, phone) {
  const url = new URL('/api/v1/auth/getQR', issuer);
  for (const [name, value] of Object.entries({
    clientID: client.clientID, responseType: 'code', source: 'PC_Browser', redirectURI, scope, lang: 'en-US', state: 'login1',
  })) url.searchParams.set(name, value);
  const landed = await throughHostedPage(tools, issuer, url, 'Approve', undefined, phone);
  const code = landed.searchParams.get('code');
  if (!code) throw new Error(`no code in ${landed}`);
  const token = await callPlatform(issuer, client, '/api/v1/auth/getToken', { code, grantType: 'authorization_code' });
  if (token.code !== 'D00000') throw new Error(`getToken answered ${token.code}: ${token.message}`);
  return { accessToken: token.result.accessToken, openID: token.result.openID };
}

/**
 * The requests in a simulated phone's inbox (decision 033), as its home at /app lists them.
 * @param {any} phone a cookie-keeping browser (test/helpers.js createBrowser) @param {string} issuer
 * @returns {Promise<{ text: string, href: string }[]>}
 */
export async function inboxOf(phone, issuer) {
  const page = await (await phone.request(new URL('/app', issuer))).text();
  return [...page.matchAll(/<a class="action" href="(\/app\/inbox\/[^"]+)">([^<]*)<\/a>/g)].map(([, href, text]) => ({ text, href: href.replace(/&amp;/g, '&') }));
}

/**
 * Notifications (decision 059): asks a logged-in resident for consent to `topics`
 * (`/account/notification/initiateRequest`, platform keys "en-US", "zh-HK", "zh-CN") and approves
 * it on the phone with every topic ticked: through the hosted page, or from the phone's inbox when
 * the request went there. Answers the initiateRequest answer.
 * @param {BrowserTools} tools @param {string} issuer @param {TestPlatformClient} client
 * @param {{ login: { accessToken: string, openID: string }, redirectURI: string,
 *   topics: { topicID: string, name: Record<string, string> }[], phone?: any }} request
 */
export async function approveNotifyConsent(tools, issuer, client, { login, redirectURI, topics, phone = tools.createBrowser() }) {
  const answer = await callPlatform(issuer, client, '/api/v1/account/notification/initiateRequest', {
    businessID: `notify-${randomUUID().slice(0, 8)}`, accessToken: login.accessToken, openID: login.openID,
    source: 'PC_Browser', redirectURI, state: 'notify_state-1', lang: 'en-US', topics,
  });
  if (answer.code !== 'D00000') throw new Error(`initiateRequest answered ${answer.code}: ${answer.message}`);
  if (answer.result.authByQR) {
    await throughHostedPage(tools, issuer, getQrWithTicket(issuer, client.clientID, answer.result.ticketID), 'Approve', undefined, phone);
  } else {
    const [item] = await inboxOf(phone, issuer);
    if (!item) throw new Error('the request is not in the phone\'s inbox');
    const opened = await phone.follow(new URL(item.href, issuer), issuer);
    const done = await decideOn(tools, phone, issuer, await opened.response.text(), opened.location, 'Approve');
    if (done.response.status !== 200) throw new Error(`Approve answered ${done.response.status}`);
  }
  return answer;
}

/**
 * The notifications of the resident signed in on a phone, as /app/notifications shows them
 * (`lang`: the page's language), and the home's link to them, read before the list is opened (which
 * marks them read).
 * @param {any} phone @param {string} issuer @param {string} [lang]
 * @returns {Promise<{ link: string | undefined, page: string, messages: { service: string, datetime: string, time: string, text: string,
 *   link?: { href: string, text: string, rel: string } }[] }>}
 */
export async function notificationsOf(phone, issuer, lang) {
  const query = lang ? `?lang=${lang}` : '';
  const home = await (await phone.request(new URL(`/app${query}`, issuer))).text();
  const link = /<a class="action" id="notifications-link"[^>]*>([^<]*)<\/a>/.exec(home)?.[1];
  const page = await (await phone.request(new URL(`/app/notifications${query}`, issuer))).text();
  const messages = [...page.matchAll(/<article class="notification"[^>]*>([\s\S]*?)<\/article>/g)].map(([, body]) => {
    const anchor = /<a href="([^"]*)" rel="([^"]*)">([^<]*)<\/a>/.exec(body);
    return {
      service: /<h2[^>]*>([^<]*)<\/h2>/.exec(body)?.[1] ?? '',
      datetime: /<time datetime="([^"]*)">/.exec(body)?.[1] ?? '',
      time: /<time[^>]*>([^<]*)<\/time>/.exec(body)?.[1] ?? '',
      text: /<p class="notification-text">([^<]*)<\/p>/.exec(body)?.[1] ?? '',
      ...(anchor ? { link: { href: anchor[1].replace(/&amp;/g, '&'), rel: anchor[2], text: anchor[3] } } : {}),
    };
  });
  return { link, page, messages };
}

/**
 * A phone (a cookie-keeping browser) signed in to the simulated app as this resident.
 * @param {Pick<BrowserTools, 'createBrowser' | 'press'>} tools @param {string} issuer @param {string} name the resident's English name
 */
export async function signedInPhone({ createBrowser, press }, issuer, name) {
  const phone = createBrowser();
  const url = new URL('/app/resident', issuer);
  const done = await press(phone, issuer, await (await phone.request(url)).text(), url, name);
  if (done.response.status !== 200) throw new Error(`signing in as ${name} answered ${done.response.status}`);
  return phone;
}

/**
 * Stops a service's updates in the phone's notification settings ("Stop updates from {service}").
 * @param {Pick<BrowserTools, 'press'>} tools @param {any} phone @param {string} issuer @param {string} service its English name
 * @returns {Promise<string>} the settings page after stopping
 */
export async function stopUpdatesInApp({ press }, phone, issuer, service) {
  const url = new URL('/app/notifications/settings', issuer);
  const done = await press(phone, issuer, await (await phone.request(url)).text(), url, `Stop updates from ${service}`);
  if (done.response.status !== 200) throw new Error(`stopping answered ${done.response.status}`);
  return done.response.text();
}
