// Hash signing through the backend (decision 037) against the real sandbox: logged in through the
// hosted page, from the phone's inbox with the identification code, and anonymous; each time the
// views over a real event stream, the page's result (no signature unless signatureToPage), the
// hook's full SignResult verified again here with node:crypto up to the sandbox CA, HKICHash from
// hkidOf, and ackResult SR001 as the sandbox received it.
import assert from 'node:assert/strict';
import { X509Certificate, verify } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createBrowser, spyStore, startBed } from './support.js';
import {
  ALL_SCOPES, DOCUMENT, HASH, acksOf, logInWithPhone, offeredCodes, openEvents, requestOptions, startRequest, storedRequest, throughHosted, throughInbox,
} from './requests-support.js';

let bed;
let origin;
let issuer;
let store;
let iams;
let setup;
before(async () => {
  bed = await startBed({ scopes: ALL_SCOPES });
  origin = bed.listeners[0].origin;
  issuer = bed.sandbox.issuer;
  store = spyStore();
  setup = await requestOptions(bed, { store });
  iams = bed.server(0, setup.options);
});
after(async () => {
  await iams?.close();
  await bed?.stop();
});

const SIGN = { flow: 'sign', hash: HASH, documentName: 'Tenancy agreement 2026-0117', lang: 'en' };

/** The signature and certificate checked independently: node:crypto over the document, the chain to the sandbox CA, the pseudonym. */
function verifyIndependently(result, openID) {
  assert.equal(result.certificateChain.length, 1);
  const leaf = new X509Certificate(result.certificateChain[0]);
  assert.ok(verify('sha256', DOCUMENT, leaf.publicKey, Buffer.from(result.signature, 'base64')), 'the signature verifies over the document');
  const ca = new X509Certificate(setup.caPem);
  assert.ok(leaf.checkIssued(ca) && leaf.verify(ca.publicKey), 'the certificate is issued by the sandbox CA');
  assert.ok(ca.verify(ca.publicKey), 'the CA is a self-signed root');
  assert.match(leaf.subject, new RegExp(`(pseudonym|2\\.5\\.4\\.65)=${openID}`));
  assert.equal(result.sub, openID);
  assert.equal(result.certificate.fingerprintSha256, leaf.fingerprint256.replace(/:/g, '').toLowerCase());
}

async function expectSigned(stream, view, { anonymous }) {
  const done = await stream.until((v) => v.state === 'done');
  await stream.ended;
  assert.deepEqual(stream.events.map((e) => [e.id, e.data.state]), [['1', view.state], ['2', 'done']]);
  const { result } = done.data;
  assert.deepEqual(Object.keys(result).sort(), ['certificate', 'documentName', 'hash', 'signedAt', 'signer'], 'no signature or chain for the page by default');
  assert.equal(result.hash, HASH);
  assert.equal(result.documentName, SIGN.documentName);
  assert.equal(result.signer, 'CHAN Tai Man');
  assert.ok(Math.abs(Date.parse(result.signedAt) - Date.now()) < 60_000);
  const hook = setup.hooked.signed.at(-1);
  assert.equal(hook.context.id, view.id);
  assert.equal(hook.context.anonymous, anonymous);
  assert.equal(hook.context.hash, HASH);
  assert.deepEqual(hook.context.session === undefined, anonymous);
  assert.deepEqual({ ...result }, { hash: hook.result.hash, documentName: hook.result.documentName, signedAt: hook.result.signedAt, signer: hook.result.signer, certificate: hook.result.certificate });
  verifyIndependently(hook.result, hook.context.openID);
  const record = await storedRequest(store, view.id);
  assert.equal(record.state, 'done');
  assert.deepEqual(record.result, result);
  const acks = await acksOf(bed, setup.calls);
  assert.deepEqual(acks.at(-1), { businessID: record.businessID, signingResult: 'SR001' }, 'ackResult SR001 for this request');
  return { done: done.data, hook, record };
}

describe('signing through the backend', () => {
  test('logged in, hosted: HKICHash from hkidOf, getQR with the ticket, the signature verified, SR001', async () => {
    const browser = createBrowser();
    await logInWithPhone(browser, origin, issuer);
    const hkidCalls = setup.hooked.hkid.length;
    const started = await startRequest(browser, origin, SIGN);
    assert.equal(started.status, 201);
    const view = await started.json();
    assert.equal(view.state, 'hosted');
    assert.equal(setup.hooked.hkid.length, hkidCalls + 1, 'hkidOf was asked');
    assert.deepEqual(setup.hooked.hkid.at(-1).request, { flow: 'sign', hash: HASH, documentName: SIGN.documentName });
    assert.match(setup.hooked.hkid.at(-1).session.resident.openID, /.+/);
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    const { html } = await throughHosted(browser, origin, issuer, view);
    assert.match(html, /You can close this tab/);
    const { hook } = await expectSigned(stream, view, { anonymous: false });
    assert.equal(hook.context.openID, hook.context.session.resident.openID, 'the signer is the logged-in resident');
  });

  test('logged in, from the inbox: awaiting-app with the identification code; the phone picks it, approves → done', async () => {
    const browser = createBrowser();
    const phone = await logInWithPhone(browser, origin, issuer, { receive: true });
    const view = await (await startRequest(browser, origin, SIGN)).json();
    assert.equal(view.state, 'awaiting-app');
    assert.match(view.identificationCode, /^\d{4}-\d{4}$/);
    assert.equal(view.hostedUrl, undefined);
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    assert.equal((await stream.until(() => true)).data.identificationCode, view.identificationCode);
    assert.ok((await offeredCodes(phone, issuer)).includes(view.identificationCode));
    await throughInbox(phone, issuer, 'Approve', view.identificationCode);
    const { done } = await expectSigned(stream, view, { anonymous: false });
    assert.equal(done.identificationCode, undefined, 'the code only while awaiting the app');
  });

  test('anonymous: hosted, code → getToken → getResult, verified against the approving resident, SR001', async () => {
    const browser = createBrowser();
    const view = await (await startRequest(browser, origin, SIGN)).json();
    assert.equal(view.anonymous, true);
    const hkidCalls = setup.hooked.hkid.length;
    const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
    const { landed } = await throughHosted(browser, origin, issuer, view);
    assert.ok(landed.searchParams.get('code'));
    await expectSigned(stream, view, { anonymous: true });
    assert.equal(setup.hooked.hkid.length, hkidCalls, 'no HKID asked for an anonymous request');
  });

  test('signatureToPage: the page gets the signature and the chain too; a hook\'s answer replaces the result', async () => {
    const local = spyStore();
    const other = bed.server(0, { ...setup.options, store: local, signatureToPage: true, onSigned: undefined });
    try {
      const browser = createBrowser();
      const view = await (await startRequest(browser, origin, SIGN)).json();
      const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
      await throughHosted(browser, origin, issuer, view);
      const { data } = await stream.until((v) => v.state === 'done');
      assert.ok(verify('sha256', DOCUMENT, new X509Certificate(data.result.certificateChain[0]).publicKey, Buffer.from(data.result.signature, 'base64')));
    } finally {
      await other.close();
    }
    const replacing = bed.server(0, { ...setup.options, store: spyStore(), onSigned: (result) => ({ reference: `T-${result.hash.slice(0, 6)}` }) });
    try {
      const browser = createBrowser();
      const view = await (await startRequest(browser, origin, SIGN)).json();
      const stream = await openEvents(browser, `${origin}/iamsmart/requests/${view.id}/events`);
      await throughHosted(browser, origin, issuer, view);
      const { data } = await stream.until((v) => v.state === 'done');
      assert.deepEqual(data.result, { reference: `T-${HASH.slice(0, 6)}` });
    } finally {
      await replacing.close();
      bed.listeners[0].use((await import('../dist/index.js')).toNodeListener(iams));
    }
  });

  test('the configuration: signing without trust anchors or names is a ConfigError; a sign request to a server without signing is invalid_config', async () => {
    const { createIamSmartServer, ConfigError } = await import('../dist/index.js');
    const base = { platformUrl: issuer, clientID: bed.party.client.clientID, clientSecret: bed.party.client.secret, privateKey: bed.party.client.privateKeyPem, origin, env: {} };
    assert.throws(() => createIamSmartServer({ ...base, signing: { department: 'D', serviceName: 'S' } }), (e) => e instanceof ConfigError && /trustAnchorsPem/.test(e.message));
    assert.throws(() => createIamSmartServer({ ...base, onSigned: () => undefined }), ConfigError);
    assert.throws(() => createIamSmartServer({ ...base, scope: 'eidapi_auth eidapi_sign', trustAnchorsPem: [setup.caPem] }), (e) => e instanceof ConfigError && /signing\.department/.test(e.message));
    const plain = bed.server(0, { store: spyStore() });
    try {
      const response = await startRequest(createBrowser(), origin, SIGN);
      assert.equal(response.status, 500);
      assert.equal((await response.json()).error.code, 'invalid_config');
    } finally {
      await plain.close();
      bed.listeners[0].use((await import('../dist/index.js')).toNodeListener(iams));
    }
  });
});
