// The README's e-ME and signing example (examples/express-requests.js) runs as written: configured
// from IAMSMART_* variables (the trust anchors from a PEM file), behind express.json(), it fills a
// form and signs a hash without a login, and its hooks keep the verified results the page refers to.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { X509Certificate, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { createBrowser, startBed } from './support.js';
import { ALL_SCOPES, DOCUMENT, HASH, openEvents, startRequest, throughHosted } from './requests-support.js';

const example = fileURLToPath(new URL('../examples/express-requests.js', import.meta.url));

let bed;
before(async () => { bed = await startBed({ sites: 0, spare: 1, scopes: ALL_SCOPES }); });
after(() => bed?.stop());

test('the example is in the README verbatim', async () => {
  const code = await readFile(example, 'utf8');
  assert.ok((await readFile(new URL('../README.md', import.meta.url), 'utf8')).includes(code.trimEnd()));
});

test('runs: an anonymous e-ME request and an anonymous signature, each kept by the site with the page holding its reference', async () => {
  const origin = bed.spareOrigins[0];
  const folder = await mkdtemp(join(tmpdir(), 'iams-express-requests-'));
  const keyFile = join(folder, 'key.pem');
  const anchors = join(folder, 'anchors.pem');
  await writeFile(keyFile, bed.party.client.privateKeyPem, { mode: 0o600 });
  await writeFile(anchors, await (await fetch(`${bed.sandbox.issuer}/csc/v2/ca.pem`)).text());
  const child = spawn(process.execPath, [example], {
    env: {
      PATH: process.env.PATH, PORT: new URL(origin).port, IAMSMART_PLATFORM_URL: bed.sandbox.issuer, IAMSMART_CLIENT_ID: bed.party.client.clientID,
      IAMSMART_CLIENT_SECRET: bed.party.client.secret, IAMSMART_PRIVATE_KEY_FILE: keyFile, IAMSMART_ORIGIN: origin,
      IAMSMART_SCOPE: ALL_SCOPES.join(' '), IAMSMART_TRUST_ANCHORS: anchors, IAMSMART_SIGN_DEPARTMENT: 'Lettings Department', IAMSMART_SIGN_SERVICE: 'Tenancy',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the example exited (${code})`)));
      child.stdout.on('data', (chunk) => { if (/listening/.test(String(chunk))) resolve(); });
    });
    const browser = createBrowser();
    const eme = await (await startRequest(browser, origin, { flow: 'eme', fields: ['enName', 'emailAddress'], formName: 'Library card', lang: 'en' })).json();
    const emeStream = await openEvents(browser, `${origin}/iamsmart/requests/${eme.id}/events`);
    await throughHosted(browser, origin, bed.sandbox.issuer, eme);
    const emeDone = await emeStream.until((v) => v.state === 'done');
    const { reference } = emeDone.data.result;
    assert.deepEqual(Object.keys(emeDone.data.result), ['reference'], 'the page gets only what the hook returned');
    const kept = await (await fetch(`${origin}/saved/${reference}`)).json();
    assert.deepEqual(kept.form, { enName: { lastName: 'CHAN', firstName: 'Tai Man' }, emailAddress: 'chan.taiman@example.com' });

    const sign = await (await startRequest(browser, origin, { flow: 'sign', hash: HASH, documentName: 'Tenancy agreement', lang: 'en' })).json();
    const signStream = await openEvents(browser, `${origin}/iamsmart/requests/${sign.id}/events`);
    await throughHosted(browser, origin, bed.sandbox.issuer, sign);
    const signDone = await signStream.until((v) => v.state === 'done');
    const signed = await (await fetch(`${origin}/saved/${signDone.data.result.reference}`)).json();
    assert.equal(signed.hash, HASH);
    assert.ok(verify('sha256', DOCUMENT, new X509Certificate(signed.certificateChain[0]).publicKey, Buffer.from(signed.signature, 'base64')));
  } finally {
    process.kill(child.pid, 'SIGKILL');
    await rm(folder, { recursive: true, force: true });
  }
});
