// e-ME through the backend (decision 037) against the real sandbox: logged in through the hosted
// page (authByQR true) and from the phone's inbox (authByQR false), and anonymous (code →
// getToken → getResult); each time the views the page sees over a real event stream, the result in
// the kit's shapes, the hook given the same result, and the stored record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createBrowser, spyStore, startBed } from './support.js';
import { ALL_SCOPES, forgedPush, logInWithPhone, openEvents, postPush, requestOptions, startRequest, storedRequest, throughHosted, throughInbox } from './requests-support.js';

let bed;
let origin;
let issuer;
let store;
let iams;
let hooked;
before(async () => {
  bed = await startBed({ scopes: ALL_SCOPES });
  origin = bed.listeners[0].origin;
  issuer = bed.sandbox.issuer;
  store = spyStore();
  const setup = await requestOptions(bed, { store });
  hooked = setup.hooked;
  iams = bed.server(0, setup.options);
});
after(async () => {
  await iams?.close();
  await bed?.stop();
});

const FORM = {
  flow: 'eme', fields: ['enName', 'chName', 'idNo', 'mobileNumber', 'residentialAddress', 'emailAddress', 'carOwner'],
  optionalFields: ['emailAddress'], formName: 'Tenancy application', formNum: 'TA-1', purpose: 'To prepare your tenancy agreement', lang: 'en',
};

const CHAN = {
  enName: { lastName: 'CHAN', firstName: 'Tai Man' },
  chName: { lastName: '陳', firstName: '大文' },
  idNo: { identification: 'K543210', checkDigit: '3' },
  mobileNumber: { countryCode: '852', subscriberNumber: '91234567' },
  emailAddress: 'chan.taiman@example.com',
  residentialAddress: {
    en: { flat: 'Flat C', floor: '12/F', block: 'Block 3', building: 'Sandbox Garden', street: '18 Tai Chung Kiu Road', area: 'Sha Tin', district: 'Sha Tin', region: 'New Territories' },
    zh: { region: '新界', district: '沙田區', area: '沙田', street: '大涌橋路18號', building: '沙盒花園', block: '第3座', floor: '12樓', flat: 'C室' },
  },
};

/** The checks every approved e-ME request shares: the views, the result, the hook, the store. */
async function expectDone(stream, view, { anonymous }) {
  const done = await stream.until((v) => v.state === 'done');
  await stream.ended;
  assert.deepEqual(stream.events.map((e) => [e.id, e.event, e.data.state]), [['1', 'request', view.state], ['2', 'request', 'done']]);
  assert.equal(stream.retry, 2000);
  const { result } = done.data;
  assert.deepEqual(result.data, CHAN);
  assert.deepEqual([...result.filled].sort(), ['chName', 'emailAddress', 'enName', 'idNo', 'mobileNumber', 'residentialAddress']);
  assert.deepEqual(result.missing, ['carOwner'], 'a field the platform cannot fill is reported missing');
  assert.deepEqual(result.invalid, []);
  assert.deepEqual(Object.keys(done.data).sort(), ['anonymous', 'expiresAt', 'flow', 'id', 'result', 'seq', 'state']);
  assert.equal(done.data.anonymous, anonymous);
  const hook = hooked.eme.at(-1);
  assert.deepEqual(hook.result, result, 'the hook got the result the page got');
  assert.equal(hook.context.id, view.id);
  assert.equal(hook.context.anonymous, anonymous);
  assert.match(hook.context.openID, /.+/);
  assert.equal(hook.context.session === undefined, anonymous);
  const record = await storedRequest(store, view.id);
  assert.equal(record.state, 'done');
  assert.deepEqual(record.result, result);
  // What the page may never see.
  assert.doesNotMatch(JSON.stringify(stream.events), /businessID|ticketID|platformState|binding|accessToken/);
  return done.data;
}

describe('e-ME through the backend', () => {
  test('logged in, hosted (authByQR true): 201 hosted view, the binding cookie, getQR with the ticket, the close-tab page, the stream ends done', async () => {
    const browser = createBrowser();
    await logInWithPhone(browser, origin, issuer);
    const started = await startRequest(browser, origin, FORM);
    assert.equal(started.status, 201);
    assert.equal(started.headers.get('cache-control'), 'no-store');
    assert.match(started.headers.getSetCookie().join('\n'), /^iams-browser=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=86400; HttpOnly; SameSite=Lax$/m);
    const view = await started.json();
    assert.match(view.id, /^[A-Za-z0-9_-]{43}$/);
    assert.deepEqual({ ...view, id: 'x', expiresAt: 0 }, { id: 'x', flow: 'eme', anonymous: false, state: 'hosted', seq: 1, expiresAt: 0, hostedUrl: `/iamsmart/requests/${view.id}/hosted` });
    assert.ok(Math.abs(view.expiresAt - (Date.now() + 18 * 60_000)) < 5_000);

    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    assert.equal(stream.response.status, 200);
    assert.match(stream.response.headers.get('content-type'), /^text\/event-stream/);
    await stream.until((v) => v.state === 'hosted');

    const { getQr, landing, html } = await throughHosted(browser, origin, issuer, view);
    assert.deepEqual([...getQr.searchParams.keys()].sort(), ['clientID', 'ticketID']);
    assert.equal(landing.status, 200);
    assert.match(landing.headers.get('content-security-policy'), /^default-src 'none'; style-src 'sha256-[^']+'; /);
    assert.doesNotMatch(landing.headers.get('content-security-policy'), /unsafe-inline/);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<title>You can close this tab<\/title>/);
    assert.match(html, /<main>\s*<h1>You can close this tab<\/h1>/);
    assert.doesNotMatch(html, /<script/);
    assert.ok(html.includes(new URL(origin).host));
    await expectDone(stream, view, { anonymous: false });

    // Polling sees the same; the session was not touched by the request's callback.
    const polled = await (await browser.request(`${origin}/iamsmart/requests/${view.id}`)).json();
    assert.equal(polled.state, 'done');
    assert.equal((await (await browser.request(`${origin}/iamsmart/session`)).json()).loggedIn, true);
  });

  test('logged in, from the phone\'s inbox (authByQR false): awaiting-app, no hostedUrl; approved in the app → done', async () => {
    const browser = createBrowser();
    const phone = await logInWithPhone(browser, origin, issuer, { receive: true });
    const view = await (await startRequest(browser, origin, { ...FORM, lang: 'zh-HK' })).json();
    assert.equal(view.state, 'awaiting-app');
    assert.equal(view.hostedUrl, undefined);
    assert.equal(view.identificationCode, undefined, 'e-ME shows no code (the sandbox matches none for e-ME)');
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    await stream.until((v) => v.state === 'awaiting-app');
    const hosted = await browser.request(`${origin}/iamsmart/requests/${view.id}/hosted`);
    assert.equal(hosted.status, 409, 'nothing to host when the request is in the app');
    await throughInbox(phone, issuer, 'Approve');
    await expectDone(stream, view, { anonymous: false });
  });

  test('anonymous (no login): hosted, then the landing with the code ends it (getToken, getResult); the close-tab page in zh-CN', async () => {
    const browser = createBrowser();
    const view = await (await startRequest(browser, origin, { ...FORM, lang: 'zh-CN' })).json();
    assert.equal(view.anonymous, true);
    assert.equal(view.state, 'hosted');
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    await stream.until((v) => v.state === 'hosted');
    const { landed, html } = await throughHosted(browser, origin, issuer, view);
    assert.ok(landed.searchParams.get('code'), 'an anonymous request comes back with a code');
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /<h1>你可以关闭此标签页<\/h1>/);
    await expectDone(stream, view, { anonymous: true });
    assert.equal((await (await browser.request(`${origin}/iamsmart/session`)).json()).loggedIn, false, 'no login came of it');
    // The same landing again (a reload) changes nothing.
    await browser.request(landed);
    assert.equal((await storedRequest(store, view.id)).seq, 2);
  });

  test('anonymous: true with a live session asks the anonymous API; the close-tab page in zh-HK', async () => {
    const browser = createBrowser();
    await logInWithPhone(browser, origin, issuer);
    const view = await (await startRequest(browser, origin, { ...FORM, anonymous: true, lang: 'zh-HK' })).json();
    assert.equal(view.anonymous, true);
    assert.equal(view.state, 'hosted');
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    const { html } = await throughHosted(browser, origin, issuer, view);
    assert.match(html, /<html lang="zh-HK">/);
    assert.match(html, /<title>你可以關閉此分頁<\/title>/);
    await expectDone(stream, view, { anonymous: true });
  });

  test('the platform\'s shapes converted (surname words, a compound Chinese surname, all-capitals), a malformed value listed invalid and dropped', async () => {
    const browser = createBrowser();
    await logInWithPhone(browser, origin, issuer);
    const view = await (await startRequest(browser, origin, { ...FORM, fields: ['enName', 'chName', 'idNo', 'mobileNumber', 'postalAddress'], optionalFields: [] })).json();
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    const { businessID } = await storedRequest(store, view.id);
    const content = {
      businessID, enName: { UnstructuredName: 'AU YEUNG Tai Man' }, chName: { ChineseName: '歐陽大文' },
      idNo: { Identification: 'K543210', CheckDigit: '4' }, mobileNumber: { CountryCode: '852', SubscriberNumber: '9123abcd' },
      postalAddress: { EngPremisesAddress: { Street: '1 Queen\'s Road', Region: 'Hong Kong' }, ChiPremisesAddress: {} },
    };
    assert.equal((await postPush(origin, forgedPush(bed.party.certificatePem, { businessID, content }))).status, 200);
    const { data } = await stream.until((v) => v.state === 'done');
    assert.deepEqual(data.result.data, {
      enName: { lastName: 'AU YEUNG', firstName: 'Tai Man' }, chName: { lastName: '歐', firstName: '陽大文' },
      postalAddress: { en: { street: '1 Queen\'s Road', region: 'Hong Kong' } },
    });
    assert.deepEqual(data.result.invalid.map((i) => i.field), ['idNo', 'mobileNumber']);
    assert.deepEqual(data.result.missing, []);
  });

  test('hosted: brokerPage=true when the browser opening it is a phone; the 303 does not spend the ticket', async () => {
    const browser = createBrowser();
    const view = await (await startRequest(browser, origin, FORM)).json();
    const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/140.0 Mobile Safari/537.36';
    const phone = new URL((await browser.request(`${origin}${view.hostedUrl}`, { headers: { 'user-agent': android } })).headers.get('location'));
    assert.equal(phone.searchParams.get('brokerPage'), 'true');
    const desktop = await browser.request(`${origin}${view.hostedUrl}`);
    assert.equal(desktop.headers.get('referrer-policy'), 'no-referrer');
    const desktopUrl = new URL(desktop.headers.get('location'));
    assert.equal(desktopUrl.searchParams.get('brokerPage'), null);
    assert.equal(desktopUrl.searchParams.get('ticketID'), phone.searchParams.get('ticketID'));
  });

  test('the page\'s request body is checked: fields, lengths, flow, lang', async () => {
    const browser = createBrowser();
    const cases = [
      [{ ...FORM, fields: [] }, 'form_invalid'],
      [{ ...FORM, fields: ['shoeSize'] }, 'form_invalid'],
      [{ ...FORM, fields: ['enName', 'enName'] }, 'form_invalid'],
      [{ ...FORM, fields: ['carOwner', 'passportNumber'], optionalFields: [] }, 'form_invalid'],
      [{ ...FORM, optionalFields: ['gender'] }, 'form_invalid'],
      [{ ...FORM, formName: '' }, 'invalid_request'],
      [{ ...FORM, formName: 'x'.repeat(201) }, 'invalid_request'],
      [{ ...FORM, purpose: 'x'.repeat(501) }, 'invalid_request'],
      [{ ...FORM, lang: 'fr' }, 'invalid_request'],
      [{ ...FORM, flow: 'login' }, 'invalid_request'],
      [{ flow: 'sign', hash: 'abc', documentName: 'x' }, 'document_invalid'],
    ];
    for (const [body, code] of cases) {
      const response = await startRequest(browser, origin, body);
      assert.equal((await response.json()).error.code, code, JSON.stringify(body));
      assert.equal(response.status, code === 'invalid_request' ? 400 : 400);
    }
    const big = await startRequest(browser, origin, { ...FORM, purpose: 'x'.repeat(17_000) });
    assert.equal(big.status, 413);
    const text = await browser.request(`${origin}/iamsmart/requests`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin', 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(text.status, 415);
    assert.equal(browser.jar.size, 0, 'no cookie for a refused request');
  });
});
