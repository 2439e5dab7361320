// client.startSigning / sign against the real-HTTP fake provider
// (packages/sdk/test/fake-provider-plugin.js) acting as a CSC signing service with a test CA made
// in Node, so the SDK's own verification runs on real certificates and signatures. Polling runs at
// SCALE (as in the cross-device tests); the resident's answers are scripted through /control.
import { assert } from '@open-wc/testing';
import { validateDiscovery } from '../discovery.js';
import { TOKEN_KEY_PREFIX } from '../login/token-store.js';
import type { IamSmartClient } from '../client.js';
import type { IamSmartConfig } from '../config/types.js';
import type { IamSmartUser } from '../login/types.js';
import type { SignRequest, SignResult, SignSession, SignSnapshot } from './types.js';
import { callbackFor, control, NO_CERTIFICATE_URL, providerLog, recordingClient, registerScenario, SIGNING_ROOT_URL, waitFor } from '../test-support/fake-op.js';
import { approve, cancelStartedSessions, expectFailure, reached, rejectsWith, storageEntries, storedText, watchSession } from '../test-support/session-run.js';
import type { IamSmartError, IamSmartErrorCode } from '../errors.js';
import type { SessionRun } from '../test-support/session-run.js';
import type { CscOptions, DeviceOptions, ProviderLog, Scenario, ScenarioOptions } from '../test-support/fake-op.js';
import { bytesToBase64, DEFAULT_MAX_DOCUMENT_BYTES } from './hash.js';
import { loadX509 } from './x509.js';

const SCALE = 0.05;
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
const DOCUMENT = 'Tenancy agreement\nFlat C, 12/F, Block 3, Sandbox Garden\nRent: HK$18,000 a month\n';
const DOCUMENT_BYTES = new TextEncoder().encode(DOCUMENT);
const DOCUMENT_NAME = 'Tenancy agreement.txt';
let documentHash: string;
let documentFingerprint: string;

before(async function () {
  // The fake provider makes its test CA (four RSA keys) on first use: not on any one test's clock.
  this.timeout(60_000);
  await registerScenario({ csc: {} });
  // The flow and @peculiar/x509 (for the trust anchors) are dynamic imports inside `starting`; on a
  // cold, busy dev server their first load (many modules, transformed on request) took longer
  // than a state wait allows. Loaded once here instead.
  await import('./flow.js');
  await loadX509();
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', DOCUMENT_BYTES));
  documentHash = bytesToBase64(digest);
  const hex = Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join('');
  documentFingerprint = `${hex.slice(0, 4)} ${hex.slice(4, 8)} ${hex.slice(8, 12)} ${hex.slice(12, 16)}`;
});


beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

afterEach(cancelStartedSessions);

type Run = SessionRun<SignSnapshot, SignResult>;

interface StartOptions {
  csc?: CscOptions | null;
  device?: DeviceOptions;
  scenario?: ScenarioOptions;
  config?: Partial<IamSmartConfig>;
  request?: SignRequest;
  /** Reuse a client (and its scenario), e.g. one that has logged in. */
  with?: { scenario: Scenario; client: IamSmartClient };
}

async function clientFor(options: StartOptions): Promise<{ scenario: Scenario; client: IamSmartClient }> {
  if (options.with) return options.with;
  const scenario = await registerScenario({ device: options.device ?? {}, ...(options.csc === null ? {} : { csc: options.csc ?? {} }), ...options.scenario });
  const { client } = recordingClient({ issuer: scenario.issuer, signingTrustAnchors: scenario.signingRootPem === undefined ? undefined : [scenario.signingRootPem], ...options.config }, SCALE);
  return { scenario, client };
}

function watch(scenario: Scenario, client: IamSmartClient, session: SignSession): Run {
  return watchSession(scenario, client, session, 'signed');
}

async function startSigning(options: StartOptions = {}): Promise<Run> {
  const { scenario, client } = await clientFor(options);
  const session = client.startSigning(options.request ?? { document: DOCUMENT, documentName: DOCUMENT_NAME });
  return watch(scenario, client, session);
}

/** No storage holds any token the provider issued. */
function expectNoTokenKept(log: ProviderLog): void {
  const stored = storedText();
  for (const token of log.accessTokens) assert.notInclude(stored, token);
  assert.strictEqual(localStorage.length, 0);
}

async function revoked(run: Run): Promise<void> {
  await waitFor(async () => {
    const log = await providerLog(run.scenario);
    return log.accessTokens.length > 0 && log.accessTokens.every((token) => log.revoked.includes(token));
  }, 'the access token revoked');
}

/** Counts the page's fetch() calls from now on (the SDK's requests all go through it). */
function countFetches(): { count: () => number; stop: () => void } {
  const original = Object.getOwnPropertyDescriptor(window, 'fetch')?.value as typeof fetch;
  let calls = 0;
  window.fetch = (...args: Parameters<typeof fetch>) => {
    calls += 1;
    return original.apply(window, args);
  };
  return {
    count: () => calls,
    stop: () => {
      window.fetch = original;
    },
  };
}

/** A Blob that counts its reads, and fails the test if read beyond `allowedReads`. */
function countedBlob(text: string): { blob: Blob; reads: () => number } {
  const blob = new Blob([text], { type: 'text/plain' });
  let reads = 0;
  const arrayBuffer = blob.arrayBuffer.bind(blob);
  Object.defineProperty(blob, 'arrayBuffer', {
    value: () => {
      reads += 1;
      return arrayBuffer();
    },
  });
  return { blob, reads: () => reads };
}

describe('startSigning: a document signed and verified', () => {
  it('hashes, asks for approval, signs, verifies: result, `signed` once, no `login`, nothing stored, token revoked', async () => {
    const run = await startSigning({ request: { document: DOCUMENT, documentName: `  ${DOCUMENT_NAME}  ` } });
    assert.strictEqual(run.session.state, 'starting');
    assert.isNull(await run.client.getUser());
    await approve(run);
    const result = await run.session.done;

    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', 'done']);
    // The document is known while still starting and stays in every later snapshot.
    const document = { name: DOCUMENT_NAME, hash: documentHash, size: DOCUMENT_BYTES.length, fingerprint: documentFingerprint };
    const firstWithDocument = run.snapshots.findIndex((snapshot) => snapshot.document !== undefined);
    assert.strictEqual(run.snapshots[firstWithDocument]?.state, 'starting');
    for (const snapshot of run.snapshots.slice(firstWithDocument)) assert.deepEqual(snapshot.document, document);
    assert.deepEqual(run.session.document, document);
    assert.match(documentFingerprint, /^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);

    assert.strictEqual(run.session.result, result);
    assert.deepEqual(run.results, [result]);
    assert.deepEqual(run.logins, []);
    assert.deepEqual(run.errors, []);
    assert.isNull(await run.client.getUser());
    assert.deepEqual(Object.keys(sessionStorage).filter((key) => key.startsWith(TOKEN_KEY_PREFIX)), []);

    assert.strictEqual(result.algorithm, SHA256_WITH_RSA);
    assert.strictEqual(result.hash, documentHash);
    assert.strictEqual(result.documentName, DOCUMENT_NAME);
    assert.strictEqual(result.signer, 'CHAN Tai Man');
    assert.strictEqual(result.sub, 'pairwise-sub-7f3a', 'the certificate names the resident who approved (the ID token\'s sub)');
    assert.strictEqual(result.certificateChain.length, 2);
    for (const pem of result.certificateChain) assert.match(pem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----$/);
    assert.strictEqual(result.certificateChain[1]?.replace(/\s/g, ''), run.scenario.signingRootPem?.replace(/\s/g, ''));
    assert.include(result.certificate, { subject: 'CN=CHAN Tai Man, O=Fake Provider, 2.5.4.65=pairwise-sub-7f3a', issuer: 'CN=Fake Provider Test Root CA, O=iAM Smart Web Kit tests', serialNumber: '03' });
    assert.match(result.certificate.fingerprintSha256, /^[0-9a-f]{64}$/);
    assert.isBelow(Date.parse(result.certificate.notBefore), Date.now());
    assert.isAbove(Date.parse(result.certificate.notAfter), Date.now());
    assert.strictEqual(new Date(result.signedAt).toISOString(), result.signedAt);
    assert.approximately(Date.parse(result.signedAt), Date.now(), 10_000);

    // Checked here again without the SDK's own RSA code: WebCrypto over the document's bytes with the leaf's key.
    const x509 = await loadX509();
    const leaf = new x509.X509Certificate(result.certificateChain[0] ?? '');
    const key = await leaf.publicKey.export({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ['verify']);
    const signature = Uint8Array.from(atob(result.signature), (char) => char.charCodeAt(0));
    assert.isTrue(await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, DOCUMENT_BYTES));

    const log = await providerLog(run.scenario);
    const [authorization] = log.deviceAuthorizations;
    assert.strictEqual(authorization?.form.scope, 'openid');
    assert.deepEqual(JSON.parse(authorization?.form.authorization_details ?? 'null'), [
      { type: 'credential', credentialID: 'default', documentDigests: [{ hash: documentHash, label: DOCUMENT_NAME }], hashAlgorithmOID: '2.16.840.1.101.3.4.2.1' },
    ]);
    const [accessToken] = log.accessTokens;
    // The credential the token response named ("default" resolved at approval).
    assert.deepEqual(
      log.cscRequests.map(({ operation, authorization: header, contentType, body }) => ({ operation, header, contentType, body })),
      [
        { operation: 'credentials/info', header: `Bearer ${accessToken}`, contentType: 'application/json', body: { credentialID: 'fake-credential-chan-tai-man', certificates: 'chain' } },
        {
          operation: 'signatures/signHash',
          header: `Bearer ${accessToken}`,
          contentType: 'application/json',
          body: { credentialID: 'fake-credential-chan-tai-man', hashes: [documentHash], hashAlgorithmOID: '2.16.840.1.101.3.4.2.1', signAlgo: SHA256_WITH_RSA },
        },
      ],
    );
    await revoked(run);
    expectNoTokenKept(await providerLog(run.scenario));
  });

  it('leaves an existing login untouched: the same user before and after, one `login` event (the login\'s own)', async () => {
    const scenario = await registerScenario({ device: {}, csc: {} });
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer, storage: 'session', signingTrustAnchors: [scenario.signingRootPem ?? ''] }, SCALE);
    const logins: IamSmartUser[] = [];
    client.on('login', (user) => logins.push(user));
    const user = await client.handleCallback(await callbackFor(client, nextNavigation));
    assert.isNotNull(user);
    const storedBefore = storageEntries(sessionStorage);

    const run = watch(scenario, client, client.startSigning({ document: DOCUMENT, documentName: DOCUMENT_NAME }));
    await approve(run);
    const result = await run.session.done;
    assert.strictEqual(result.signer, 'CHAN Tai Man');
    assert.deepEqual(run.results, [result]);
    assert.deepEqual(logins, [user]);
    assert.deepEqual(await client.getUser(), user);
    assert.deepEqual(storageEntries(sessionStorage), storedBefore);
    // The login's token and the signing token are different; only the signing one is revoked.
    await revoked(run);
    const log = await providerLog(scenario);
    assert.notInclude(log.revoked, user.accessToken);
    expectNoTokenKept({ ...log, accessTokens: log.accessTokens.filter((token) => token !== user.accessToken) });
  });

  it('signs a precomputed hash with trust anchors from a same-origin URL; sign resolves with the result', async () => {
    const { scenario, client } = await clientFor({ config: { signingTrustAnchors: undefined, signingTrustAnchorsUrl: SIGNING_ROOT_URL } });
    const signed: SignResult[] = [];
    client.on('signed', (result) => signed.push(result));
    const promise = client.sign({ hash: documentHash, documentName: DOCUMENT_NAME });
    await waitFor(async () => (await providerLog(scenario)).deviceAuthorizations.length === 1, 'the device authorization');
    await control(scenario, { action: 'state', state: 'approved' });
    const result = await promise;
    assert.strictEqual(result.hash, documentHash);
    assert.strictEqual(result.signer, 'CHAN Tai Man');
    assert.deepEqual(signed, [result]);
  });

  it('shows the size as undefined for a given hash, and sends "default" when the token response names no credential', async () => {
    const run = await startSigning({ csc: { credentialID: null }, request: { hash: documentHash, documentName: DOCUMENT_NAME } });
    await approve(run);
    await run.session.done;
    assert.deepEqual(run.session.document, { name: DOCUMENT_NAME, hash: documentHash, size: undefined, fingerprint: documentFingerprint });
    const log = await providerLog(run.scenario);
    assert.deepEqual(log.cscRequests.map(({ body }) => body?.credentialID), ['default', 'default']);
  });
});

describe('startSigning: bad input ends in a typed error before anything is sent', () => {
  /** A Blob claiming to be over the limit that fails the test if anything reads it. */
  function oversizedBlob(): Blob {
    const blob = new Blob(['x']);
    Object.defineProperty(blob, 'size', { value: DEFAULT_MAX_DOCUMENT_BYTES + 1 });
    for (const method of ['arrayBuffer', 'stream', 'text', 'slice', 'bytes']) {
      Object.defineProperty(blob, method, { value: () => assert.fail(`the Blob was read (${method})`) });
    }
    return blob;
  }

  const cases: [string, () => unknown, IamSmartErrorCode][] = [
    ['no documentName', () => ({ document: DOCUMENT }), 'document_invalid'],
    ['an empty documentName', () => ({ document: DOCUMENT, documentName: '' }), 'document_invalid'],
    ['a documentName of spaces', () => ({ document: DOCUMENT, documentName: '   ' }), 'document_invalid'],
    ['a documentName of 201 characters', () => ({ document: DOCUMENT, documentName: 'x'.repeat(201) }), 'document_invalid'],
    ['a documentName that is not a string', () => ({ document: DOCUMENT, documentName: 42 }), 'document_invalid'],
    ['neither document nor hash', () => ({ documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['both document and hash', () => ({ document: DOCUMENT, hash: documentHash, documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['an empty string', () => ({ document: '', documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['an empty Blob', () => ({ document: new Blob([]), documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['an empty ArrayBuffer', () => ({ document: new ArrayBuffer(0), documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['a document over 100 MiB (never read)', () => ({ document: oversizedBlob(), documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['a document that is not one', () => ({ document: { size: 3 }, documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['a hash of 31 bytes', () => ({ hash: btoa('x'.repeat(31)), documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['a hash in hex', () => ({ hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['a hash that is not a string', () => ({ hash: 42, documentName: DOCUMENT_NAME }), 'document_invalid'],
    ['no request at all', () => null, 'document_invalid'],
  ];
  for (const [name, request, code] of cases) {
    it(`${name} → ${code}`, async () => {
      const { scenario, client } = await clientFor({});
      const fetches = countFetches();
      try {
        const run = watch(scenario, client, client.startSigning(request() as SignRequest));
        const error = await expectFailure(run, 'error', code);
        assert.isNotEmpty(error.message);
        assert.isUndefined(run.session.document);
        assert.strictEqual(fetches.count(), 0, 'no request from the page');
      } finally {
        fetches.stop();
      }
      assert.deepEqual((await providerLog(scenario)).requests, [], 'nothing reached the provider');
    });
  }

  it('no trust anchors configured → invalid_config, the document not even hashed, nothing sent', async () => {
    const { scenario, client } = await clientFor({ config: { signingTrustAnchors: undefined } });
    const { blob, reads } = countedBlob(DOCUMENT);
    const fetches = countFetches();
    try {
      const run = watch(scenario, client, client.startSigning({ document: blob, documentName: DOCUMENT_NAME }));
      const error = await expectFailure(run, 'error', 'invalid_config');
      assert.include(error.message, 'signingTrustAnchors');
      assert.strictEqual(reads(), 0);
      assert.strictEqual(fetches.count(), 0);
    } finally {
      fetches.stop();
    }
    assert.deepEqual((await providerLog(scenario)).requests, []);
  });

  for (const [name, url] of [['answers 404', '/fake-op/missing.pem'], ['holds no certificate', NO_CERTIFICATE_URL]] as const) {
    it(`a trust-anchors URL that ${name} → invalid_config before the provider is asked`, async () => {
      const { scenario, client } = await clientFor({ config: { signingTrustAnchors: undefined, signingTrustAnchorsUrl: url } });
      const fetches = countFetches();
      let error: IamSmartError;
      try {
        const run = watch(scenario, client, client.startSigning({ document: DOCUMENT, documentName: DOCUMENT_NAME }));
        error = await expectFailure(run, 'error', 'invalid_config');
        // The document was hashed (shown), but the resident was never asked.
        assert.strictEqual(run.session.document?.hash, documentHash);
        assert.strictEqual(fetches.count(), 1, 'only the trust anchors were fetched');
      } finally {
        fetches.stop();
      }
      assert.include(error.message, url);
      assert.deepEqual((await providerLog(scenario)).requests, []);
    });
  }

  it('a provider without a signing service → discovery_invalid, no device authorization', async () => {
    const run = await startSigning({ csc: null, config: { signingTrustAnchorsUrl: SIGNING_ROOT_URL } });
    const error = await expectFailure(run, 'error', 'discovery_invalid');
    assert.include(error.message, 'offers no signing service');
    assert.deepEqual((await providerLog(run.scenario)).requests, ['GET /.well-known/openid-configuration']);
  });

  it('discovery: iamsmart_signing_endpoint must be https (http only on the loopback)', () => {
    const base = { issuer: 'https://id.example', authorization_endpoint: 'https://id.example/a', token_endpoint: 'https://id.example/t', jwks_uri: 'https://id.example/k' };
    assert.strictEqual(validateDiscovery(base.issuer, { ...base, iamsmart_signing_endpoint: 'https://id.example/csc/v2' }).iamsmart_signing_endpoint, 'https://id.example/csc/v2');
    for (const endpoint of ['http://id.example/csc/v2', 'not a url', 42]) {
      assert.throws(() => validateDiscovery(base.issuer, { ...base, iamsmart_signing_endpoint: endpoint }), /iamsmart_signing_endpoint/);
    }
    const local = { issuer: 'http://localhost:8787', authorization_endpoint: 'http://localhost:8787/a', token_endpoint: 'http://localhost:8787/t', jwks_uri: 'http://localhost:8787/k' };
    assert.strictEqual(validateDiscovery(local.issuer, { ...local, iamsmart_signing_endpoint: 'http://localhost:8787/csc/v2' }).iamsmart_signing_endpoint, 'http://localhost:8787/csc/v2');
  });
});

describe('startSigning: the signing service refuses or misbehaves', () => {
  async function failsAfterApproval(csc: CscOptions, code: IamSmartErrorCode, config: Partial<IamSmartConfig> = {}): Promise<{ run: Run; error: IamSmartError }> {
    const run = await startSigning({ csc, config });
    await approve(run);
    const error = await expectFailure(run, 'error', code);
    // Kept through the failure, for the page to show what was being signed.
    assert.strictEqual(run.session.document?.hash, documentHash);
    await revoked(run);
    expectNoTokenKept(await providerLog(run.scenario));
    return { run, error };
  }

  it('a hash the approval does not cover (CSC 400) → signing_failed with the service\'s reason', async () => {
    const { error } = await failsAfterApproval({ grant: 'other-hash' }, 'signing_failed');
    assert.include(error.message, 'HTTP 400 invalid_request');
    assert.include(error.message, 'is not among the documents the resident approved');
  });

  it('an expired grant (CSC 401) → signing_failed', async () => {
    const { error } = await failsAfterApproval({ token: 'expire-after-info' }, 'signing_failed');
    assert.include(error.message, 'HTTP 401 invalid_token');
    assert.include(error.message, 'the access token is invalid or has expired');
  });

  it('an answer that is not JSON, or a 500 → signing_failed', async () => {
    assert.include((await failsAfterApproval({ signHash: 'garbage' }, 'signing_failed')).error.message, 'not a JSON object');
    assert.include((await failsAfterApproval({ info: 'status-500' }, 'signing_failed')).error.message, 'HTTP 500');
  });

  it('a cut connection → network_error', async () => {
    await failsAfterApproval({ signHash: 'drop' }, 'network_error');
  });

  it('no answer in time → network_error, the request given up', async () => {
    // Long enough that the provider's own answers come in time on a busy machine.
    const { run, error } = await failsAfterApproval({ info: 'hang' }, 'network_error', { requestTimeoutSeconds: 3 });
    assert.include(error.message, 'did not answer in time');
    assert.strictEqual((await providerLog(run.scenario)).cscClosedUnanswered, 1);
  });

  it('a tampered signature → signature_invalid, never a success', async () => {
    const { error } = await failsAfterApproval({ signHash: 'tampered' }, 'signature_invalid');
    assert.include(error.message, '(signature)');
  });

  it('a signer certificate from another CA → signature_invalid', async () => {
    const { error } = await failsAfterApproval({ credential: 'other-ca' }, 'signature_invalid');
    assert.include(error.message, '(trust anchor)');
  });

  it('a valid signature and chain by another resident’s certificate than the approver’s → signature_invalid (resident)', async () => {
    const { error } = await failsAfterApproval({ credential: 'other-resident' }, 'signature_invalid');
    assert.include(error.message, '(resident)');
    assert.include(error.message, 'pairwise-sub-other-resident');
  });

  it('an ID token that fails the QR login\'s checks (nonce) → id_token_claims, the signing service never called', async () => {
    const run = await startSigning({ scenario: { nonce: 'wrong' } });
    await approve(run);
    await expectFailure(run, 'error', 'id_token_claims');
    assert.deepEqual((await providerLog(run.scenario)).cscRequests, []);
  });
});

describe('startSigning: the resident and the page', () => {
  it('declined in the app → denied (access_denied), nothing signed', async () => {
    const run = await startSigning();
    await reached(run, 'awaiting-scan');
    await control(run.scenario, { action: 'state', state: 'denied', reason: 'declined' });
    await expectFailure(run, 'denied', 'access_denied');
    assert.deepEqual((await providerLog(run.scenario)).cscRequests, []);
  });

  it('refresh() after expiry: a new code for the same document, not hashed again, then signed', async () => {
    const { blob, reads } = countedBlob(DOCUMENT);
    const run = await startSigning({ device: { expiresIn: 1 }, request: { document: blob, documentName: DOCUMENT_NAME } });
    await reached(run, 'expired', 5000);
    assert.strictEqual(run.session.error?.code, 'session_expired');
    const document = run.session.document;
    assert.strictEqual(document?.hash, documentHash);
    const seen = run.snapshots.length;
    run.session.refresh();
    assert.strictEqual(run.session.state, 'starting');
    assert.strictEqual(run.session.document, document, 'kept through refresh');
    await approve(run);
    const result = await run.session.done;
    assert.strictEqual(result.hash, documentHash);
    assert.strictEqual(reads(), 1, 'hashed once');
    for (const snapshot of run.snapshots.slice(seen)) assert.strictEqual(snapshot.document, document);
    const { deviceAuthorizations } = await providerLog(run.scenario);
    assert.strictEqual(deviceAuthorizations.length, 2);
    assert.strictEqual(deviceAuthorizations[1]?.form.authorization_details, deviceAuthorizations[0]?.form.authorization_details);
  });

  it('cancel() while the signing service works → cancelled, the request aborted, no `signed` even later', async () => {
    const run = await startSigning({ csc: { signHash: 'hang' } });
    await approve(run);
    await waitFor(async () => (await providerLog(run.scenario)).cscRequests.some(({ operation }) => operation === 'signatures/signHash'), 'the signHash request');
    assert.strictEqual(run.session.state, 'approved');
    run.session.cancel();
    assert.strictEqual(run.session.state, 'cancelled');
    await rejectsWith(run.session.done, 'cancelled');
    await waitFor(async () => (await providerLog(run.scenario)).cscClosedUnanswered === 1, 'the signHash request aborted');
    await revoked(run);
    assert.deepEqual(run.results, []);
    assert.deepEqual(run.errors, []);
    assert.strictEqual(run.session.state, 'cancelled');
  });
});
