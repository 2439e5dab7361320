// The demo partner site's web server: static pages from this folder plus the built CDN bundle,
// every response with strict security headers. Given the sandbox's platform client for the demo
// site, it also mounts its backend, @iamsmart/server, at /iamsmart (login through the platform's
// hosted getQR page, the HttpOnly session; docs/decisions/035-backend-login.md). The pages name the sandbox's URLs, which depend
// on the ports in use, so the HTML is rendered from templates once at start. It also serves the
// signing root the site trusts (/signing-ca.pem): the signing page verifies signatures against
// it, and it comes from the site's own origin so the trust decision stays with the site.
// With the backend it also sends a sample update to the logged-in resident's iAM Smart app
// (POST /api/sample-update, decision 059).
import { X509Certificate } from 'node:crypto';
import { createServer } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pickLang } from '@iamsmart/protocol';

const SITE_DIR = fileURLToPath(new URL('.', import.meta.url));
const DEFAULT_BUNDLE_DIR = fileURLToPath(new URL('../packages/elements/cdn/', import.meta.url));
const DEFAULT_DEMO_APP_DIR = fileURLToPath(new URL('../dist/demo/', import.meta.url));

/** What the CDN build writes to packages/elements/cdn/chunks/ (rollup.config.js): flat names of word characters and dashes. */
const CHUNK_PATH = /^\/chunks\/[\w-]+\.js(?:\.map)?$/;
const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
};

/** The library's update topics, named in the three languages the app shows them in. */
const NOTIFICATION_TOPICS = {
  'reservation-ready': { en: 'Reservation ready', 'zh-HK': '預約圖書可供領取', 'zh-CN': '预约图书可供领取' },
  'due-date': { en: 'Due-date reminders', 'zh-HK': '還書日期提示', 'zh-CN': '还书日期提示' },
};

/** The sample update the home page's button sends (POST /api/sample-update). */
const SAMPLE_UPDATE = {
  en: 'Your reserved book "Hong Kong Harbour Walks" is ready to collect at Harbourside Central Library until 12 December.',
  'zh-HK': '你預約的圖書《香港海港漫步》已可於海濱中央圖書館領取，請於12月12日前領取。',
  'zh-CN': '你预约的图书《香港海港漫步》已可于海滨中央图书馆领取，请于12月12日前领取。',
};

/** Where the signing page's `signing-trust-anchors-url` points. */
const SIGNING_ROOT_PATH = '/signing-ca.pem';

/** Files of this folder that are not part of the site. */
const PRIVATE_FILES = new Set(['server.js']);
/** Source folders of this folder: the bank form's Preact source is served only as its bundle. */
const PRIVATE_DIRS = new Set(['bank-app']);

/** What rollup builds from the private source folders, served from the demo app folder. */
const BUILT_FILES = ['bank-app.js', 'bank-app.js.map'];

/**
 * Every servable file, keyed by URL path. Requests are looked up in this map, never joined onto
 * a directory, so no path (encoded dots, backslashes, symlinks) can reach outside the site.
 */
function siteFiles(dir, root = dir, files = new Map()) {
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!PRIVATE_DIRS.has(relative(root, path))) siteFiles(path, root, files);
    } else if (MIME_TYPES[extname(name)] && !PRIVATE_FILES.has(relative(root, path))) {
      files.set(`/${relative(root, path).split(sep).join('/')}`, path);
    }
  }
  return files;
}

function escapeAttribute(value) {
  return value.replace(/[&"<>]/g, (char) => ({ '&': '&amp;', '"': '&quot;', '<': '&lt;', '>': '&gt;' })[char]);
}

function securityHeaders(issuerOrigin, { isHtml, allowsOpener }) {
  const headers = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  };
  if (!isHtml) return headers;
  headers['Content-Security-Policy'] = [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${issuerOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    `form-action 'self' ${issuerOrigin}`,
    "object-src 'none'",
    "require-trusted-types-for 'script'",
    // Lit renders templates through its own Trusted Types policy; nothing else creates one.
    'trusted-types lit-html',
  ].join('; ');
  headers['Permissions-Policy'] = 'camera=(), microphone=(), geolocation=(), payment=()';
  // The home page opens the sign-in popup and must keep a handle on it. The popup's own callback
  // page sets no COOP: the popup arrives there from the provider's page (no COOP), and a
  // different COOP would move it to a new browsing context group, cutting it off from its opener.
  if (!allowsOpener) headers['Cross-Origin-Opener-Policy'] = 'same-origin-allow-popups';
  return headers;
}

/**
 * The PEM as served: one or more certificates, each parsed here so a wrong option fails at start
 * rather than as a signature the page cannot verify.
 */
function checkedSigningRoot(pem) {
  if (pem === undefined) return undefined;
  const blocks = typeof pem === 'string' ? pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) : null;
  if (!blocks) throw new TypeError('startDemoSite: signingRootPem must be PEM text holding a certificate');
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw new TypeError(`startDemoSite: signingRootPem holds a certificate that cannot be read (${error.message})`);
    }
  }
  return `${blocks.join('\n')}\n`;
}

/**
 * Starts the demo site.
 * @param {object} options
 * @param {number} [options.port=8080] TCP port; 0 picks a free one.
 * @param {string} [options.host='localhost']
 * @param {string} options.sandboxIssuer the OpenID Provider's issuer, e.g. http://localhost:8787
 * @param {string} [options.signingRootPem] the signing CA root(s) the signing page trusts, served at
 *   /signing-ca.pem (the sandbox's `startSandbox().signingRootPem`); without it that path is 404
 *   and signing on the signing page ends in `invalid_config` (nothing to verify against)
 * @param {string} [options.bundleDir] folder holding iamsmart.js, sdk.js, their source maps and
 *   their on-demand chunks/ (default packages/elements/cdn, the CDN build)
 * @param {string} [options.demoAppDir] folder holding the bank form's bundle, bank-app.js and its
 *   source map (default dist/demo)
 * @param {{ clientID: string, secret: string, privateKeyPem: string }} [options.platformClient] the
 *   demo site's platform credentials (the sandbox's `startSandbox().demoPlatformClient`): with them
 *   @iamsmart/server (its dist/, built by `npm run build`) answers under /iamsmart against
 *   `sandboxIssuer`'s platform API; without them /iamsmart/* is 404
 * @param {string} [options.publicOrigin] the origin residents reach the site at, when it runs as one
 *   of several instances behind a load balancer (default this server's own origin)
 * @param {{ redisUrl: string, sessionSecret: string }} [options.sharedStore] for several instances:
 *   the backend keeps its pending logins and sessions in this Redis, under this secret
 * @param {(line: string) => void} [options.log] where the backend's hooks log the verified results
 *   they receive (field names, signer and certificate fingerprint; never the e-ME values)
 * @returns {Promise<{ origin: string, port: number, received: { flow: 'eme' | 'sign', anonymous: boolean, result: object }[], notified: { openID: string, topic: string, messageID: string }[], close: () => Promise<void> }>}
 */
export async function startDemoSite({
  port = 8080, host = 'localhost', sandboxIssuer, signingRootPem, bundleDir = DEFAULT_BUNDLE_DIR, demoAppDir = DEFAULT_DEMO_APP_DIR,
  platformClient, publicOrigin, sharedStore, log = () => {},
} = {}) {
  if (!sandboxIssuer) throw new TypeError('startDemoSite: sandboxIssuer is required');
  const signingRoot = checkedSigningRoot(signingRootPem);
  const issuerOrigin = new URL(sandboxIssuer).origin;
  const files = siteFiles(SITE_DIR);
  // The CDN build's two entries (decision 047): the elements, and the SDK they load lazily (which page scripts may import too).
  for (const name of ['iamsmart.js', 'iamsmart.js.map', 'sdk.js', 'sdk.js.map']) files.set(`/${name}`, join(bundleDir, name));
  for (const name of BUILT_FILES) files.set(`/${name}`, join(demoAppDir, name));

  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = server.address().port;
  const origin = `http://${host}:${actualPort}`;
  // The backend, mounted at /iamsmart: imported only when used, so the site runs without it built.
  let backend;
  /** The verified results the backend's hooks received, newest last (the e2e tests compare them with the page's). */
  const received = [];
  /** The updates the sample button sent (the e2e tests compare them with the app's inbox). */
  const notified = [];
  if (platformClient) {
    try {
      const { createIamSmartServer, sendWebResponse, toWebRequest } = await import('@iamsmart/server');
      const iamsmart = createIamSmartServer({
        platformUrl: sandboxIssuer, clientID: platformClient.clientID, clientSecret: platformClient.secret,
        privateKey: platformClient.privateKeyPem, origin: publicOrigin ?? origin, basePath: '/iamsmart', env: {},
        // The login asks for what the library card, bank and signing pages need next; signing
        // only when the site was given the root it trusts signatures to chain to.
        scope: `eidapi_auth eidapi_profiles eidapi_formFilling${signingRoot ? ' eidapi_sign' : ''}`,
        ...(sharedStore ? { redisUrl: sharedStore.redisUrl, sessionSecret: sharedStore.sessionSecret } : {}),
        // Signatures are verified on this server against the same root the OIDC-mode page trusts.
        ...(signingRoot ? {
          trustAnchorsPem: [signingRoot],
          signing: { department: 'Harbourside Public Library', serviceName: 'Online services' },
          // The signing page offers the signature for download, so the page gets it.
          signatureToPage: true,
          // iAM Smart signs only for the HKID the site names (HKICHash). A bank would take it from
          // its own customer records; the demo asks iAM Smart for the logged-in resident's.
          async hkidOf(session) {
            const { idNo } = await backend.iamsmart.platform.profiles(session.accessToken, session.resident.openID, ['idNo']);
            return idNo && typeof idNo.Identification === 'string' ? `${idNo.Identification}${idNo.CheckDigit ?? ''}` : undefined;
          },
          onSigned(result, context) {
            const record = { flow: 'sign', anonymous: context.anonymous, result };
            received.push(record);
            log(`[iamsmart] signed ${JSON.stringify(result.documentName)} ${record.anonymous ? '(anonymous)' : '(logged in)'}: signer ${result.signer}, certificate SHA-256 ${result.certificate.fingerprintSha256.slice(0, 16)}…, verified against the signing root`);
          },
        } : {}),
        // The updates residents can get from the library in the iAM Smart app (decision 059).
        notifications: { topics: NOTIFICATION_TOPICS },
        onEme(result, context) {
          const record = { flow: 'eme', anonymous: context.anonymous, result };
          received.push(record);
          // Field names only: the values are the resident's and stay out of logs.
          log(`[iamsmart] e-ME ${record.anonymous ? '(anonymous)' : '(logged in)'}: filled ${result.filled.join(', ') || 'nothing'}${result.missing.length ? `; missing ${result.missing.join(', ')}` : ''}`);
        },
      });
      backend = { iamsmart, sendWebResponse, toWebRequest };
    } catch (error) {
      server.close();
      throw error;
    }
  }
  const templateValues = { ISSUER: sandboxIssuer.replace(/\/$/, ''), ORIGIN: publicOrigin ?? origin };
  // LANG: the page's first language, negotiated from Accept-Language by the kit's one language
  // rule, so the site's own strings and the elements agree before any script runs.
  // PROVIDER: the form and signing pages' <iams-provider> attributes. Backend mode when the
  // backend is mounted, unless the address asks for ?mode=oidc (the same page on the OpenID
  // Connect stand-in, the signature then verified in the page against /signing-ca.pem).
  const providerAttributes = (pathname, mode) => {
    if (mode === 'backend') return 'backend="/iamsmart"';
    const attributes = `issuer="${escapeAttribute(templateValues.ISSUER)}" client-id="demo-site" redirect-uri="${escapeAttribute(templateValues.ORIGIN)}/"`;
    return pathname === '/sign.html' ? `${attributes} signing-trust-anchors-url="${SIGNING_ROOT_PATH}"` : attributes;
  };
  const render = (html, lang, pathname, mode) =>
    html.replace(/\{\{(ISSUER|ORIGIN|LANG|PROVIDER)\}\}/g, (_match, key) => {
      if (key === 'PROVIDER') return providerAttributes(pathname, mode);
      return escapeAttribute(key === 'LANG' ? lang : templateValues[key]);
    });

  /**
   * POST /api/sample-update: the library's server sends the logged-in resident a sample
   * "reservation ready" update through iAM Smart. Only from the site's own pages (a cross-site
   * POST could otherwise send updates in the resident's name); the resident is the session's, never
   * one the page names. Answers `{ messageID }`, or `{ code }` with the refusal's status.
   */
  async function sampleUpdate(request, send) {
    const reply = (status, body) => send(status, {
      ...securityHeaders(issuerOrigin, { isHtml: false }), 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store',
    }, JSON.stringify(body));
    if (request.method !== 'POST') return reply(405, { code: 'invalid_request' });
    const fetchSite = request.headers['sec-fetch-site'];
    if ((fetchSite !== undefined && fetchSite !== 'same-origin') || request.headers.origin !== (publicOrigin ?? origin)) {
      return reply(403, { code: 'cross_site_request' });
    }
    const session = await backend.iamsmart.sessionOf(backend.toWebRequest(backend.iamsmart, request)).catch(() => undefined);
    if (!session) return reply(401, { code: 'login_required' });
    try {
      const { messageID } = await backend.iamsmart.notify(session.resident.openID, 'reservation-ready', SAMPLE_UPDATE, { link: `${publicOrigin ?? origin}/` });
      notified.push({ openID: session.resident.openID, topic: 'reservation-ready', messageID });
      log(`[iamsmart] update sent on reservation-ready: message ${messageID}`);
      return reply(200, { messageID });
    } catch (error) {
      const code = typeof error?.code === 'string' ? error.code : 'unknown';
      log(`[iamsmart] update refused: ${code}`);
      const status = { not_consented: 409, rate_limited: 429, login_required: 401 }[code] ?? 502;
      return reply(status, { code });
    }
  }

  server.on('request', async (request, response) => {
    const send = (status, headers, body) => {
      response.writeHead(status, headers);
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const plain = (status, text, extra = {}) =>
      send(status, { ...securityHeaders(issuerOrigin, { isHtml: false }), 'Content-Type': 'text/plain; charset=utf-8', ...extra }, `${text}\n`);

    if (backend && /^\/iamsmart(\/|$|\?)/.test(request.url)) {
      try {
        const answer = await backend.iamsmart.handle(backend.toWebRequest(backend.iamsmart, request));
        if (answer) {
          // The site's own headers too; the backend's Cache-Control (no-store) wins.
          for (const [name, value] of Object.entries(securityHeaders(issuerOrigin, { isHtml: false }))) {
            if (!answer.headers.has(name)) answer.headers.set(name, value);
          }
          return await backend.sendWebResponse(answer, response, request.method);
        }
      } catch {
        return plain(500, 'Internal Server Error');
      }
    }
    if (backend && request.url === '/api/sample-update') return sampleUpdate(request, send);
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    let pathname;
    let mode;
    try {
      const url = new URL(request.url, origin);
      pathname = decodeURIComponent(url.pathname);
      mode = backend && url.searchParams.get('mode') !== 'oidc' ? 'backend' : 'oidc';
    } catch {
      return plain(400, 'Bad Request');
    }
    if (pathname === SIGNING_ROOT_PATH) {
      if (!signingRoot) return plain(404, 'Not Found: the demo site was started without the sandbox\'s signing root (signingRootPem)');
      return send(200, { ...securityHeaders(issuerOrigin, { isHtml: false }), 'Content-Type': 'application/x-pem-file' }, signingRoot);
    }
    // The bundle's chunks have content-hashed names, so they are matched by shape, not listed.
    const file = CHUNK_PATH.test(pathname) ? join(bundleDir, pathname) : files.get(pathname === '/' ? '/index.html' : pathname);
    if (!file) return plain(404, 'Not Found');

    let body;
    try {
      body = await readFile(file);
    } catch {
      // The bundle is missing until `npm run build` has run.
      if (pathname.startsWith('/iamsmart.js') || pathname.startsWith('/sdk.js')) return plain(404, `Not Found: run \`npm run build\` to create packages/elements/cdn${pathname}`);
      if (pathname.startsWith('/bank-app.js')) return plain(404, 'Not Found: run `npm run build` to create dist/demo/bank-app.js');
      return plain(404, 'Not Found');
    }
    const type = extname(file);
    const isHtml = type === '.html';
    if (isHtml) body = render(body.toString('utf8'), pickLang(request.headers['accept-language']), pathname, mode);
    send(200, {
      ...securityHeaders(issuerOrigin, { isHtml, allowsOpener: pathname === '/popup-callback.html' }),
      'Content-Type': MIME_TYPES[type],
      ...(isHtml ? { Vary: 'Accept-Language' } : {}),
    }, body);
  });

  return {
    origin,
    port: actualPort,
    received,
    notified,
    close: async () => {
      await backend?.iamsmart.close();
      await new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

// Allow `node demo-site/server.js` on its own (the sandbox must be running elsewhere; its signing
// root is read from its CSC service once at start).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sandboxIssuer = process.env.SANDBOX_ISSUER ?? `http://localhost:${process.env.SANDBOX_PORT ?? 8787}`;
  const signingRootPem = await fetch(`${sandboxIssuer}/csc/v2/ca.pem`)
    .then((response) => (response.ok ? response.text() : undefined))
    .catch(() => undefined);
  if (!signingRootPem) console.warn(`Could not read ${sandboxIssuer}/csc/v2/ca.pem: the signing page cannot verify signatures.`);
  const site = await startDemoSite({ port: Number(process.env.DEMO_PORT ?? 8080), sandboxIssuer, signingRootPem });
  console.log(`Demo site: ${site.origin}/ (sandbox issuer ${sandboxIssuer})`);
}
