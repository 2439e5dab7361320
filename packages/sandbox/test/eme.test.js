// e-ME form filling over real HTTP: a device authorization with an `eme` authorization detail,
// approved in the phone-app simulator (fields shown with the resident's values, an optional one
// unticked), then the token response and userinfo, which returns exactly the consented fields as
// residents.json has them. Malformed details and tampered Approve forms are refused.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EME_FIELDS } from '@iamsmart/protocol';
import { emeClaims } from '../src/eme/authorization-details.js';
import { residents } from '../src/residents.js';
import { startQrSession } from './app-support.js';
import { DEMO_ORIGIN, authorizationRequest, createBrowser, formFor, press, startTestSandbox } from './helpers.js';

/** @type {Awaited<ReturnType<typeof startTestSandbox>>} */
let sandbox;
before(async () => {
  sandbox = await startTestSandbox({ crossDevice: { rateLimit: { max: 1000, windowSeconds: 60 } } });
});
after(() => sandbox.stop());

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

/** @param {string} name @returns {import('../src/residents.js').EmeProfile} */
const emeOf = (name) => {
  const [lastName, ...first] = name.split(' ');
  const resident = residents.find(({ eme }) => eme.enName.lastName === lastName && eme.enName.firstName === first.join(' '));
  assert.ok(resident, name);
  return resident.eme;
};

/** @param {Record<string, unknown>} [overrides] */
const emeDetail = (overrides = {}) => ({
  type: 'eme',
  fields: ['enName', 'chName', 'idNo', 'mobileNumber', 'homeTelNumber', 'officeTelNumber', 'residentialAddress'],
  optionalFields: ['homeTelNumber', 'officeTelNumber'],
  formName: 'Library card application',
  formNum: 'LIB-01',
  purpose: 'To issue your library card',
  ...overrides,
});

/**
 * An eme session opened on a phone with `resident` signed in, at the decision step.
 * @param {{ resident?: string, detail?: Record<string, unknown> }} [options]
 */
async function openForm({ resident = 'CHAN Tai Man', detail = emeDetail() } = {}) {
  const session = await startQrSession(sandbox.issuer, { scope: 'openid', authorizationDetails: [detail] });
  const browser = createBrowser();
  const signIn = await browser.follow(new URL('/app/resident?lang=en', sandbox.issuer), sandbox.issuer);
  await press(browser, sandbox.issuer, await signIn.response.text(), signIn.location, resident);
  const link = session.qrLink();
  link.searchParams.set('lang', 'en');
  const opened = await browser.follow(link, sandbox.issuer);
  assert.equal(opened.response.status, 200);
  const choosePage = await opened.response.text();
  const decide = await press(browser, sandbox.issuer, choosePage, opened.location, session.user_code);
  assert.equal(decide.response.status, 200);
  return { session, browser, choosePage, decidePage: await decide.response.text(), decideUrl: decide.location };
}

/**
 * The optional-field checkboxes of the Approve form, as `{ field: checked }`.
 * @param {string} page
 */
function checkboxes(page) {
  return Object.fromEntries([...page.matchAll(/<input type="checkbox"[^>]*>/g)].map(([input]) => {
    assert.match(input, /form="decide-form"/);
    return [/value="(\w+)"/.exec(input)?.[1], /\bchecked\b/.test(input)];
  }));
}

/**
 * Submits Approve with these `keep` values (what the ticked checkboxes send).
 * @param {Awaited<ReturnType<typeof openForm>>} opened
 * @param {string[]} keep
 */
async function approveKeeping({ browser, decidePage, decideUrl }, keep) {
  const { action, fields } = formFor(decidePage, 'Approve');
  for (const field of keep) fields.append('keep', field);
  return browser.follow(new URL(action, decideUrl), sandbox.issuer, { method: 'POST', headers: FORM, body: fields.toString() });
}

/** @param {string} accessToken @param {{ method?: string, origin?: string }} [options] */
function userinfo(accessToken, { method = 'GET', origin } = {}) {
  return fetch(new URL('/me', sandbox.issuer), {
    method,
    headers: { authorization: `Bearer ${accessToken}`, ...(origin ? { origin } : {}) },
  });
}

/** @param {string} jwt */
const jwtClaims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));

/** The text of each field row: label, mark and value, tags removed. @param {string} page */
const fieldRows = (page) => [...page.matchAll(/<li class="eme-field[^"]*">([\s\S]*?)<\/li>/g)]
  .map(([, row]) => row.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim());

test('discovery lists the eme authorization details type and the userinfo endpoint', async () => {
  const discovery = await (await fetch(sandbox.discoveryUrl)).json();
  assert.ok(discovery.authorization_details_types_supported.includes('eme'));
  assert.equal(discovery.userinfo_endpoint, `${sandbox.issuer}/me`);
});

test('full flow: the app lists each field with the value, an optional one is unticked, userinfo returns exactly the rest', async () => {
  const opened = await openForm();
  const { session, choosePage, decidePage } = opened;
  const eme = emeOf('CHAN Tai Man');
  assert.match(choosePage, /<dd class="form-name">Library card application<\/dd>/);
  assert.match(choosePage, /<dt>Form number<\/dt><dd>LIB-01<\/dd>/);
  assert.match(choosePage, /<dt>Purpose<\/dt><dd>To issue your library card<\/dd>/);
  assert.deepEqual(fieldRows(choosePage), [
    'English name (Required) CHAN Tai Man',
    'Chinese name (Required) 陳大文',
    'HKIC number (Required) K543210(3)',
    'Mobile number (Required) +852 9123 4567',
    'Home telephone number (Optional) +852 2604 1234',
    'Office telephone number (Optional) +852 2810 5678',
    'Residential address (Required) Flat C, 12/F, Block 3, Sandbox Garden, 18 Tai Chung Kiu Road, Sha Tin, Sha Tin, New Territories',
  ]);
  assert.deepEqual(checkboxes(choosePage), {}, 'nothing to untick before the code matches');
  assert.deepEqual(checkboxes(decidePage), { homeTelNumber: true, officeTelNumber: true }, 'optional fields start ticked');

  const done = await approveKeeping(opened, ['homeTelNumber']);
  assert.equal(done.response.status, 200);
  assert.match(await done.response.text(), /<h1[^>]*>Details given<\/h1>/);
  const tokens = await session.token();
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  const consented = ['enName', 'chName', 'idNo', 'mobileNumber', 'homeTelNumber', 'residentialAddress'];
  assert.deepEqual(tokens.body.authorization_details, [{
    type: 'eme', fields: consented, formName: 'Library card application', formNum: 'LIB-01', purpose: 'To issue your library card',
  }]);
  const idToken = jwtClaims(tokens.body.id_token);
  for (const field of EME_FIELDS) assert.equal(idToken[field], undefined, `no ${field} in the ID token`);

  for (const method of ['GET', 'POST']) {
    const answer = await userinfo(tokens.body.access_token, { method });
    assert.equal(answer.status, 200, method);
    const { sub, ...claims } = await answer.json();
    assert.equal(sub, idToken.sub);
    assert.deepEqual(claims, Object.fromEntries(consented.map((field) => [field, eme[/** @type {keyof typeof eme} */ (field)]])));
  }
});

test('userinfo answers the client\'s registered origins only (CORS)', async () => {
  const opened = await openForm();
  await approveKeeping(opened, []);
  const { access_token: token } = (await opened.session.token()).body;
  const own = await userinfo(token, { origin: DEMO_ORIGIN });
  assert.equal(own.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
  const claims = await own.json();
  assert.equal(claims.homeTelNumber, undefined, 'both optional fields unticked');
  assert.equal(claims.officeTelNumber, undefined);
  assert.deepEqual(claims.idNo, { identification: 'K543210', checkDigit: '3' });
  const foreign = await userinfo(token, { origin: 'http://evil.example' });
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
  // A page's GET with an Authorization header is preflighted first.
  const preflight = await fetch(new URL('/me', sandbox.issuer), {
    method: 'OPTIONS',
    headers: { origin: DEMO_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), DEMO_ORIGIN);
  assert.match(String(preflight.headers.get('access-control-allow-headers')), /authorization/i);
});

test('fields the resident does not have say "Not available" and are not returned', async () => {
  // Anika Patel has no Chinese name; Lee Ka Yan has no office telephone.
  const patel = await openForm({ resident: 'PATEL Anika' });
  const rows = fieldRows(patel.choosePage);
  assert.match(rows[1], /^Chinese name \(Required\) Not available Not in your e-ME profile, so it will not be given\.$/);
  assert.deepEqual(checkboxes(patel.decidePage), { homeTelNumber: true, officeTelNumber: true });
  await approveKeeping(patel, ['homeTelNumber', 'officeTelNumber']);
  const patelTokens = (await patel.session.token()).body;
  assert.ok(!patelTokens.authorization_details[0].fields.includes('chName'));
  const patelClaims = await (await userinfo(patelTokens.access_token)).json();
  assert.equal('chName' in patelClaims, false);
  assert.deepEqual(patelClaims.enName, emeOf('PATEL Anika').enName);

  const lee = await openForm({ resident: 'LEE Ka Yan' });
  assert.match(fieldRows(lee.choosePage)[5], /^Office telephone number \(Optional\) Not available/);
  assert.deepEqual(checkboxes(lee.decidePage), { homeTelNumber: true }, 'no checkbox for a field there is nothing of');
  await approveKeeping(lee, ['homeTelNumber', 'officeTelNumber']);
  const leeClaims = await (await userinfo((await lee.session.token()).body.access_token)).json();
  assert.equal('officeTelNumber' in leeClaims, false);
  assert.deepEqual(leeClaims.homeTelNumber, emeOf('LEE Ka Yan').homeTelNumber);
});

test('a login token gets the profile claims from userinfo and nothing e-ME', async () => {
  const session = await startQrSession(sandbox.issuer, { scope: 'openid profile' });
  const browser = createBrowser();
  let step = await browser.follow(session.qrLink(), sandbox.issuer);
  for (const name of ['CHAN Tai Man', session.user_code, 'Approve']) {
    step = await press(browser, sandbox.issuer, await step.response.text(), step.location, name);
  }
  const tokens = (await session.token()).body;
  const claims = await (await userinfo(tokens.access_token)).json();
  assert.deepEqual(Object.keys(claims).sort(), ['chName', 'enName', 'locale', 'name', 'sub']);
  assert.deepEqual(claims.chName, { lastName: '陳', firstName: '大文' });
});

test('an Approve form that gives a field not offered for unticking is refused, and nothing is given', async () => {
  const opened = await openForm();
  // passportNumber was not asked for; idNo is required, so it is not the resident's to add or drop.
  for (const keep of [['passportNumber'], ['idNo'], ['homeTelNumber', 'homeTelNumber']]) {
    const refused = await approveKeeping(opened, keep);
    assert.equal(refused.response.status, 400, keep.join());
    assert.equal((await opened.session.token()).body.error, 'authorization_pending', 'the request is still waiting');
  }
  const done = await approveKeeping(opened, ['officeTelNumber']);
  assert.equal(done.response.status, 200);
  const tokens = (await opened.session.token()).body;
  assert.deepEqual(tokens.authorization_details[0].fields, ['enName', 'chName', 'idNo', 'mobileNumber', 'officeTelNumber', 'residentialAddress']);
  const claims = await (await userinfo(tokens.access_token)).json();
  assert.equal(claims.passportNumber, undefined);
});

test('the device authorization request refuses malformed eme details', async () => {
  const cases = [
    [emeDetail({ fields: [] })],
    [emeDetail({ fields: ['enName', 'favouriteColour'], optionalFields: undefined })],
    [emeDetail({ fields: ['enName', 'enName'], optionalFields: undefined })],
    [emeDetail({ fields: 'enName' })],
    [emeDetail({ optionalFields: ['passportNumber'] })],
    [emeDetail({ optionalFields: ['homeTelNumber', 'homeTelNumber'] })],
    [emeDetail({ formName: undefined })],
    [emeDetail({ formName: '  ' })],
    [emeDetail({ formName: 'x'.repeat(201) })],
    [emeDetail({ formNum: 'x'.repeat(51) })],
    [emeDetail({ purpose: 'x'.repeat(501) })],
    [emeDetail({ purpose: 42 })],
    [emeDetail({ claims: ['idNo'] })],
    [emeDetail(), emeDetail({ formName: 'Another form' })],
  ];
  for (const details of cases) {
    const response = await fetch(new URL('/device/auth', sandbox.issuer), {
      method: 'POST',
      headers: FORM,
      body: new URLSearchParams({ client_id: 'demo-site', scope: 'openid', authorization_details: JSON.stringify(details) }),
    });
    const body = await response.json();
    assert.equal(response.status, 400, JSON.stringify(details));
    assert.equal(body.error, 'invalid_authorization_details', JSON.stringify(body));
  }
  // The longest of each is fine.
  const longest = await startQrSession(sandbox.issuer, {
    scope: 'openid',
    authorizationDetails: [emeDetail({ fields: [...EME_FIELDS], optionalFields: [...EME_FIELDS], formName: 'x'.repeat(200), formNum: 'x'.repeat(50), purpose: 'x'.repeat(500) })],
  });
  assert.match(longest.user_code, /^\d{4}-\d{4}$/);
});

test('emeClaims gives exactly the fields of the token\'s eme detail that the resident has, copied', () => {
  const lee = residents.find(({ id }) => id === 'res-lee-ka-yan');
  assert.ok(lee);
  const claims = emeClaims(lee, [{ type: 'credential' }, { type: 'eme', fields: ['idNo', 'officeTelNumber', 'nothing'] }]);
  assert.deepEqual(claims, { idNo: lee.eme.idNo });
  assert.notEqual(claims.idNo, lee.eme.idNo, 'a copy: nothing downstream can change the resident');
  assert.deepEqual(emeClaims(lee, undefined), {});
  assert.deepEqual(emeClaims(lee, [{ type: 'credential' }]), {});
});

test('an authorization request (redirect) with eme details is refused: only the app shows and asks for the fields', async () => {
  const { url } = authorizationRequest(sandbox.issuer, { scope: 'openid', authorization_details: JSON.stringify([emeDetail()]) });
  const response = await fetch(url, { redirect: 'manual' });
  assert.equal(response.status, 303);
  const location = new URL(/** @type {string} */ (response.headers.get('location')));
  assert.equal(location.origin, DEMO_ORIGIN);
  assert.equal(location.searchParams.get('error'), 'invalid_authorization_details');
  assert.match(String(location.searchParams.get('error_description')), /device authorization request/);
});
