/**
 * The platform's hosted login page (GET /api/v1/auth/getQR), as iAM Smart hosts it (also for an
 * e-ME or signing request's ticketID, then headed with that flow's name): who asks,
 * the QR code, the identification code to match in the app, a countdown with a new code, a path
 * without scanning, and a live region for the status. Server-rendered, no inline script or style:
 * the page's one script (getqr.js) counts down, polls the status and follows the redirect.
 */
import QRCode from 'qrcode';
import { escapeHtml, html, SafeHtml } from '../views/html.js';
import { layout } from '../views/layout.js';
import { pt } from './strings.js';

/** @typedef {import('@iamsmart/protocol').Lang} Lang */

/** The hosted page's script, served by auth.js. */
export const PAGE_SCRIPT_PATH = '/api/v1/auth/getQR/page.js';

/** @param {number} ms */
function minutesSeconds(ms) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * The QR code as inline SVG (the CSP allows images from this origin only, so no data: URL),
 * drawn with presentation attributes, not style.
 * @param {string} text @param {string} label
 */
async function qrSvg(text, label) {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, width: 264 });
  // The library's markup, with the picture named for assistive technology.
  return html`<div class="platform-qr">${new SafeHtml(svg.replace('<svg ', `<svg role="img" aria-label="${escapeHtml(label)}" `))}</div>`;
}

/**
 * @typedef {object} HostedPage
 * @property {Lang} lang
 * @property {string} siteName
 * @property {string} origin
 * @property {string} qrLink what the QR code holds (the simulator's /app/qr link)
 * @property {string} userCode "4821-0937"
 * @property {number} remainingMs
 * @property {string} pageToken
 * @property {string | undefined} newCodeHref the same getQR request again (a new session); none for an
 *   e-ME request, whose ticket is used once and whose expiry is pushed to the relying party
 * @property {string} codeHref the simulator's page for typing the code
 * @property {boolean} broker brokerPage=true: a link that opens the app first, in a new tab: on a real phone
 *   the app is another program, and this page stays in the browser to carry on to the website
 * @property {number} pollMs
 * @property {(lang: Lang) => string} languageHref
 * @property {'login' | 'eme' | 'sign' | 'notify'} [purpose] what the resident is asked (default login): a page opened
 *   with an e-ME, signing or notification ticketID names that flow, not a login
 */

/** The page's heading and the label of the requesting site, for each purpose. */
const PURPOSE_WORDS = /** @type {const} */ ({
  login: { title: 'title', site: 'site' },
  eme: { title: 'emeTitle', site: 'requestSite' },
  sign: { title: 'signTitle', site: 'requestSite' },
  notify: { title: 'notifyTitle', site: 'requestSite' },
});

/** @param {HostedPage} page */
export async function hostedLoginPage(page) {
  const { lang } = page;
  const words = PURPOSE_WORDS[page.purpose ?? 'login'];
  const title = pt(lang, words.title);
  const ticket = encodeURIComponent(page.pageToken);
  const qr = await qrSvg(page.qrLink, pt(lang, 'qrLabel'));
  const main = html`<h1 id="page-title">${title}</h1>
<section class="requester" aria-labelledby="requester-heading">
<h2 id="requester-heading" class="label">${pt(lang, words.site)}</h2>
<p class="site-name" id="site-name">${page.siteName}</p>
<p class="site-origin"><span class="label">${pt(lang, 'address')}</span> <span class="origin" translate="no" id="site-origin">${page.origin}</span></p>
</section>
${page.broker ? html`<p><a class="action primary" id="open-app" href="${page.qrLink}" target="_blank">${pt(lang, 'openApp')}</a></p>
<p class="help">${pt(lang, 'openAppHelp')}</p>` : ''}
<section aria-labelledby="scan-heading" id="qr-section"
 data-status-url="/api/v1/auth/getQR/status?ticket=${ticket}" data-poll-ms="${String(page.pollMs)}"
 data-waiting="${pt(lang, 'statusWaiting')}" data-scanned="${pt(lang, 'statusScanned')}"
 data-done="${pt(lang, 'statusDone')}" data-stopped="${pt(lang, 'statusStopped')}">
<h2 id="scan-heading">${pt(lang, 'scanHeading')}</h2>
<p class="help">${pt(lang, 'scanHelp')}</p>
${qr}
</section>
<section aria-labelledby="code-heading">
<h2 id="code-heading">${pt(lang, 'codeHeading')}</h2>
<p class="user-code" id="user-code" translate="no"><strong>${page.userCode}</strong></p>
<p class="help">${pt(lang, 'codeHelp')}</p>
</section>
<p class="notice" id="login-status" role="status">${pt(lang, 'statusWaiting')}</p>
<p class="countdown" id="countdown" data-remaining-ms="${String(Math.max(0, page.remainingMs))}"
 data-template="${pt(lang, 'expiresIn')}" data-time-up="${pt(lang, 'expired')}" data-minute-left="${pt(lang, 'minuteLeft')}">
<span id="time-left">${pt(lang, 'expiresIn', { time: minutesSeconds(page.remainingMs) })}</span>
</p>
${page.newCodeHref ? html`<p><a class="action" id="new-code" href="${page.newCodeHref}">${pt(lang, 'newCode')}</a></p>` : ''}
<section aria-labelledby="no-scan-heading">
<h2 id="no-scan-heading">${pt(lang, 'noScanHeading')}</h2>
<p class="help">${pt(lang, 'noScanHelp')}</p>
<p><a href="${page.codeHref}" id="enter-code">${pt(lang, 'noScanLink')}</a></p>
</section>
<p class="help">${pt(lang, 'continueHelp')} <a href="/api/v1/auth/getQR/continue?ticket=${ticket}" id="continue">${pt(lang, 'continueLink')}</a></p>
<p class="secondary-action"><a href="/api/v1/auth/getQR/cancel?ticket=${ticket}" id="cancel">${pt(lang, 'cancel')}</a></p>`;
  return layout({ lang, title, main, languageHref: page.languageHref, pageScript: PAGE_SCRIPT_PATH });
}

/**
 * A refused request or a finished login: the reason and its D-code, no redirect.
 * @param {{ lang: Lang, kind: 'refused' | 'used', code?: string, details?: string }} options
 */
export function hostedProblemPage({ lang, kind, code, details }) {
  const title = pt(lang, kind === 'used' ? 'usedTitle' : 'refusedTitle');
  const main = html`<h1 id="page-title">${title}</h1>
<p class="help">${pt(lang, kind === 'used' ? 'usedHelp' : 'refusedHelp')}</p>
${code ? html`<dl class="technical">
<dt>${pt(lang, 'errorCode')}</dt><dd lang="en" translate="no"><code id="error-code">${code}</code></dd>
${details ? html`<dt>${pt(lang, 'errorDetails')}</dt><dd lang="en" id="error-details">${details}</dd>` : ''}
</dl>` : ''}`;
  return layout({ lang, title, main });
}
