// client.startEme / requestEme against the real-HTTP fake provider
// (packages/sdk/test/fake-provider-plugin.js) acting as an e-ME provider with the sandbox's first
// resident's data. Polling runs at SCALE (as in the cross-device tests); the resident's answers are
// scripted through /control and the scenario's `eme` options.
import { assert } from '@open-wc/testing';
import type { EmeField } from '@iamsmart/protocol';
import { TOKEN_KEY_PREFIX } from '../login/token-store.js';
import type { EmeRequest, EmeResult, EmeSession, EmeSnapshot } from './types.js';
import type { IamSmartClient } from '../client.js';
import type { IamSmartConfig } from '../config/types.js';
import type { IamSmartUser } from '../login/types.js';
import { callbackFor, control, providerLog, recordingClient, registerScenario, waitFor } from '../test-support/fake-op.js';
import { approve, cancelStartedSessions, expectFailure, reached, rejectsWith, storageEntries, storedText, watchSession } from '../test-support/session-run.js';
import type { IamSmartError, IamSmartErrorCode } from '../errors.js';
import type { SessionRun } from '../test-support/session-run.js';
import type { DeviceOptions, EmeOptions, ProviderLog, Scenario, ScenarioOptions } from '../test-support/fake-op.js';

const SCALE = 0.05;
const FORM = { formName: 'Library card application', formNum: 'HPL-001', purpose: 'To issue your library card' };
const FIELDS: EmeField[] = ['enName', 'chName', 'idNo', 'birthDate', 'mobileNumber', 'emailAddress', 'residentialAddress', 'propertyOwner'];
/** The sandbox's first resident, as the fake provider answers for it. */
let resident: Record<string, unknown>;

before(async function () {
  this.timeout(60_000);
  resident = ((await (await fetch('/packages/sandbox/src/residents.json')).json()) as { eme: Record<string, unknown> }[])[0]?.eme ?? {};
  // The flow is a dynamic import inside `starting`: loaded once here, not on a state wait's clock.
  await import('./flow.js');
});


beforeEach(() => {
  sessionStorage.clear();
  localStorage.clear();
});

afterEach(cancelStartedSessions);

type Run = SessionRun<EmeSnapshot, EmeResult>;

interface StartOptions {
  eme?: EmeOptions | null;
  device?: DeviceOptions;
  scenario?: ScenarioOptions;
  config?: Partial<IamSmartConfig>;
  request?: EmeRequest;
}

async function clientFor(options: StartOptions): Promise<{ scenario: Scenario; client: IamSmartClient }> {
  const scenario = await registerScenario({ device: options.device ?? {}, ...(options.eme === null ? {} : { eme: options.eme ?? {} }), ...options.scenario });
  const { client } = recordingClient({ issuer: scenario.issuer, ...options.config }, SCALE);
  return { scenario, client };
}

function watch(scenario: Scenario, client: IamSmartClient, session: EmeSession): Run {
  return watchSession(scenario, client, session, 'emeData');
}

async function startForm(options: StartOptions = {}): Promise<Run> {
  const { scenario, client } = await clientFor(options);
  return watch(scenario, client, client.startEme(options.request ?? { fields: FIELDS, ...FORM }));
}

/** No storage holds any token the provider issued, nor any of the resident's data. */
function expectNothingKept(log: ProviderLog): void {
  const stored = storedText();
  for (const token of log.accessTokens) assert.notInclude(stored, token);
  assert.notInclude(stored, 'K543210');
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

/** The resident's values for `fields`, as the page should receive them. */
function residentData(fields: EmeField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, resident[field]]));
}

describe('startEme: the consented e-ME data', () => {
  it('asks for the fields, reads userinfo after approval: exact data, `emeData` once, no `login`, nothing stored, token revoked', async () => {
    const run = await startForm({ request: { fields: FIELDS, optionalFields: ['emailAddress', 'propertyOwner'], ...FORM, formName: `  ${FORM.formName}  ` } });
    assert.strictEqual(run.session.state, 'starting');
    await approve(run);
    const result = await run.session.done;

    assert.deepEqual(run.states, ['starting', 'awaiting-scan', 'approved', 'done']);
    assert.deepEqual(result, { data: residentData(FIELDS), filled: FIELDS, missing: [], invalid: [] });
    assert.deepEqual(result.data.idNo, { identification: 'K543210', checkDigit: '3' });
    assert.deepEqual(result.data.mobileNumber, { countryCode: '852', subscriberNumber: '91234567' });
    assert.strictEqual(result.data.residentialAddress?.zh?.street, '大涌橋路18號');
    assert.strictEqual(run.session.result, result);
    assert.deepEqual(run.results, [result]);
    assert.deepEqual(run.logins, []);
    assert.deepEqual(run.errors, []);
    assert.isNull(await run.client.getUser());
    assert.deepEqual(Object.keys(sessionStorage).filter((key) => key.startsWith(TOKEN_KEY_PREFIX)), []);

    const log = await providerLog(run.scenario);
    const [authorization] = log.deviceAuthorizations;
    assert.strictEqual(authorization?.form.scope, 'openid');
    assert.deepEqual(JSON.parse(authorization?.form.authorization_details ?? 'null'), [
      { type: 'eme', fields: FIELDS, optionalFields: ['emailAddress', 'propertyOwner'], formName: FORM.formName, formNum: FORM.formNum, purpose: FORM.purpose },
    ]);
    assert.deepEqual(log.userinfoRequests, [{ method: 'GET', authorization: `Bearer ${log.accessTokens[0] ?? ''}`, url: `${new URL(run.scenario.issuer).pathname}/me`, body: '' }]);
    await revoked(run);
    expectNothingKept(await providerLog(run.scenario));
  });

  it('optional fields the resident unticked, and a field e-ME does not hold, are missing; requestEme resolves', async () => {
    const { scenario, client } = await clientFor({ eme: { consent: ['enName', 'idNo', 'birthDate', 'chName'], values: { chName: null } } });
    const emeData: EmeResult[] = [];
    client.on('emeData', (result) => emeData.push(result));
    const promise = client.requestEme({ fields: ['enName', 'chName', 'idNo', 'mobileNumber', 'birthDate', 'emailAddress'], optionalFields: ['mobileNumber', 'emailAddress'], formName: FORM.formName });
    await waitFor(async () => (await providerLog(scenario)).deviceAuthorizations.length === 1, 'the device authorization');
    await control(scenario, { action: 'state', state: 'approved' });
    const result = await promise;
    assert.deepEqual(result.filled, ['enName', 'idNo', 'birthDate']);
    assert.deepEqual(result.missing, ['chName', 'mobileNumber', 'emailAddress']);
    assert.deepEqual(result.invalid, []);
    assert.deepEqual(result.data, residentData(['enName', 'idNo', 'birthDate']));
    assert.deepEqual(emeData, [result]);
    const [authorization] = (await providerLog(scenario)).deviceAuthorizations;
    // No formNum or purpose given: none sent.
    assert.deepEqual(JSON.parse(authorization?.form.authorization_details ?? 'null'), [
      { type: 'eme', fields: ['enName', 'chName', 'idNo', 'mobileNumber', 'birthDate', 'emailAddress'], optionalFields: ['mobileNumber', 'emailAddress'], formName: FORM.formName },
    ]);
  });

  it('never passes on a field the resident unticked, even when userinfo answers it: the token response\'s consent decides', async () => {
    const run = await startForm({ eme: { consent: ['enName', 'idNo'], leak: true }, request: { fields: ['enName', 'mobileNumber', 'idNo', 'emailAddress'], optionalFields: ['mobileNumber', 'emailAddress'], formName: FORM.formName } });
    await approve(run);
    const result = await run.session.done;
    assert.deepEqual(result.filled, ['enName', 'idNo']);
    assert.deepEqual(Object.keys(result.data), ['enName', 'idNo']);
    assert.deepEqual(result.missing, ['mobileNumber', 'emailAddress']);
    assert.deepEqual(result.invalid, []);
  });

  it('never passes on a field that was not requested, whatever the answer holds', async () => {
    const run = await startForm({ eme: { leak: true, extra: { hkid: 'K5432103', name: 'CHAN Tai Man' } }, request: { fields: ['enName', 'gender'], formName: FORM.formName } });
    await approve(run);
    const result = await run.session.done;
    assert.deepEqual(Object.keys(result.data), ['enName', 'gender']);
    assert.deepEqual(result.data, residentData(['enName', 'gender']));
    assert.deepEqual(result.filled, ['enName', 'gender']);
    assert.deepEqual(result.missing, []);
  });

  it('malformed values (a wrong check digit, 31 February, a phone with spaces) are invalid, the rest filled', async () => {
    const run = await startForm({
      eme: { values: { idNo: { identification: 'K543210', checkDigit: '4' }, birthDate: '1978-02-31', mobileNumber: { countryCode: '852', subscriberNumber: '9123 4567' } } },
      request: { fields: ['enName', 'idNo', 'birthDate', 'mobileNumber'], formName: FORM.formName },
    });
    await approve(run);
    const result = await run.session.done;
    assert.deepEqual(result.filled, ['enName']);
    assert.deepEqual(Object.keys(result.data), ['enName']);
    assert.deepEqual(result.missing, []);
    assert.deepEqual(result.invalid.map(({ field }) => field), ['idNo', 'birthDate', 'mobileNumber']);
    assert.match(result.invalid[0]?.reason ?? '', /check digit/);
    assert.match(result.invalid[1]?.reason ?? '', /calendar date/);
    assert.match(result.invalid[2]?.reason ?? '', /subscriberNumber/);
    assert.deepEqual(run.results, [result]);
  });

  it('leaves an existing login untouched: the same user before and after, one `login` event (the login\'s own)', async () => {
    const scenario = await registerScenario({ device: {}, eme: {} });
    const { client, nextNavigation } = recordingClient({ issuer: scenario.issuer, storage: 'session' }, SCALE);
    const logins: IamSmartUser[] = [];
    client.on('login', (user) => logins.push(user));
    const user = await client.handleCallback(await callbackFor(client, nextNavigation));
    assert.isNotNull(user);
    const storedBefore = storageEntries(sessionStorage);

    const run = watch(scenario, client, client.startEme({ fields: ['enName'], formName: FORM.formName }));
    await approve(run);
    const result = await run.session.done;
    assert.deepEqual(result.filled, ['enName']);
    assert.deepEqual(logins, [user]);
    assert.deepEqual(await client.getUser(), user);
    assert.deepEqual(storageEntries(sessionStorage), storedBefore);
    await revoked(run);
    assert.notInclude((await providerLog(scenario)).revoked, user.accessToken);
  });
});

describe('startEme: bad requests end in form_invalid before anything is sent', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['no request at all', () => null, /needs \{ fields, formName \}/],
    ['no fields', () => ({ formName: FORM.formName }), /`fields` must be an array/],
    ['fields that are a string', () => ({ fields: 'enName', formName: FORM.formName }), /`fields` must be an array/],
    ['an empty fields list', () => ({ fields: [], formName: FORM.formName }), /at least one/],
    ['an unknown field', () => ({ fields: ['enName', 'hkid'], formName: FORM.formName }), /`fields\[1\]` is not an e-ME field: "hkid"/],
    ['a field that is not a string', () => ({ fields: [42], formName: FORM.formName }), /`fields\[0\]` is not an e-ME field/],
    ['a field twice', () => ({ fields: ['enName', 'idNo', 'enName'], formName: FORM.formName }), /lists "enName" twice/],
    ['optionalFields not among fields', () => ({ fields: ['enName'], optionalFields: ['idNo'], formName: FORM.formName }), /"idNo", which is not in `fields`/],
    ['optionalFields with an unknown name', () => ({ fields: ['enName'], optionalFields: ['nickname'], formName: FORM.formName }), /`optionalFields\[0\]` is not an e-ME field/],
    ['optionalFields that are not an array', () => ({ fields: ['enName'], optionalFields: 'enName', formName: FORM.formName }), /`optionalFields` must be an array/],
    ['no formName', () => ({ fields: ['enName'] }), /`formName`/],
    ['a formName of spaces', () => ({ fields: ['enName'], formName: '   ' }), /`formName`.*0 characters/],
    ['a formName of 201 characters', () => ({ fields: ['enName'], formName: 'x'.repeat(201) }), /`formName`.*201 characters/],
    ['a formName that is not a string', () => ({ fields: ['enName'], formName: 42 }), /`formName`/],
    ['a formNum of 51 characters', () => ({ fields: ['enName'], formName: FORM.formName, formNum: 'x'.repeat(51) }), /`formNum` must be at most 50/],
    ['a formNum that is a number', () => ({ fields: ['enName'], formName: FORM.formName, formNum: 1 }), /`formNum` must be a string/],
    ['a purpose of 501 characters', () => ({ fields: ['enName'], formName: FORM.formName, purpose: 'x'.repeat(501) }), /`purpose` must be at most 500/],
  ];
  for (const [name, request, message] of cases) {
    it(`${name} → form_invalid`, async () => {
      const { scenario, client } = await clientFor({});
      const fetches = countFetches();
      try {
        const run = watch(scenario, client, client.startEme(request() as EmeRequest));
        const error = await expectFailure(run, 'error', 'form_invalid');
        assert.match(error.message, message);
        assert.strictEqual(fetches.count(), 0, 'no request from the page');
      } finally {
        fetches.stop();
      }
      assert.deepEqual((await providerLog(scenario)).requests, [], 'nothing reached the provider');
      assert.strictEqual(sessionStorage.length, 0);
    });
  }

  it('accepts the limits: 200-character name, 50-character number, 500-character purpose, all 19 fields', async () => {
    const { scenario, client } = await clientFor({});
    const { EME_FIELDS } = await import('@iamsmart/protocol');
    const run = watch(scenario, client, client.startEme({ fields: [...EME_FIELDS], formName: 'n'.repeat(200), formNum: 'f'.repeat(50), purpose: 'p'.repeat(500) }));
    await reached(run, 'awaiting-scan');
    const [authorization] = (await providerLog(scenario)).deviceAuthorizations;
    assert.lengthOf((JSON.parse(authorization?.form.authorization_details ?? '[]') as { fields: string[] }[])[0]?.fields ?? [], 19);
  });

  it('a provider without a userinfo endpoint → discovery_invalid, the resident never asked', async () => {
    const run = await startForm({ eme: null });
    const error = await expectFailure(run, 'error', 'discovery_invalid');
    assert.include(error.message, 'userinfo');
    assert.deepEqual((await providerLog(run.scenario)).requests, ['GET /.well-known/openid-configuration']);
  });
});

describe('startEme: how userinfo is asked', () => {
  it('rp-userinfo-bearer-header: the access token goes only in an Authorization: Bearer header of one GET to the discovered userinfo endpoint, never in its URL or a body', async () => {
    const run = await startForm();
    await approve(run);
    await run.session.done;
    const log = await providerLog(run.scenario);
    const [token] = log.accessTokens;
    if (token === undefined) throw new Error('no access token issued');
    assert.lengthOf(log.userinfoRequests, 1);
    const [request] = log.userinfoRequests;
    assert.strictEqual(request?.method, 'GET');
    assert.strictEqual(request?.authorization, `Bearer ${token}`);
    // Exactly the discovered userinfo_endpoint (`${issuer}/me`), with no query at all.
    assert.strictEqual(request?.url, `${new URL(run.scenario.issuer).pathname}/me`);
    assert.strictEqual(request?.body, '');
    // The page asked no other route of the provider with it but revocation (which takes it in its form body).
    assert.deepEqual(log.requests.filter((route) => route.includes('/me')), ['GET /me']);
    assert.notInclude(log.requests.join(' '), token);
  });
});

describe('startEme: userinfo refuses or misbehaves', () => {
  async function failsAfterApproval(eme: EmeOptions, code: IamSmartErrorCode, config: Partial<IamSmartConfig> = {}): Promise<{ run: Run; error: IamSmartError }> {
    const run = await startForm({ eme, config });
    await approve(run);
    const error = await expectFailure(run, 'error', code);
    await revoked(run);
    expectNothingKept(await providerLog(run.scenario));
    return { run, error };
  }

  it('rp-userinfo-bad-sub-claim: an answer for another resident (sub differs from the ID token\'s) → form_data_error, no data', async () => {
    const { error } = await failsAfterApproval({ sub: 'other' }, 'form_data_error');
    assert.include(error.message, 'another resident');
  });

  it('HTTP 500 → form_data_error', async () => {
    assert.include((await failsAfterApproval({ userinfo: 'status-500' }, 'form_data_error')).error.message, 'HTTP 500');
  });

  it('an answer that is not JSON, or not a JSON object → form_data_error', async () => {
    assert.include((await failsAfterApproval({ userinfo: 'garbage' }, 'form_data_error')).error.message, 'not a JSON object');
    assert.include((await failsAfterApproval({ userinfo: 'array' }, 'form_data_error')).error.message, 'not a JSON object');
  });

  it('a cut connection → network_error', async () => {
    assert.include((await failsAfterApproval({ userinfo: 'drop' }, 'network_error')).error.message, 'could not be reached');
  });

  it('no answer in time → network_error, the request given up', async () => {
    // Long enough that the provider's own answers come in time on a busy machine.
    const { run, error } = await failsAfterApproval({ userinfo: 'hang' }, 'network_error', { requestTimeoutSeconds: 3 });
    assert.include(error.message, 'did not answer in time');
    assert.strictEqual((await providerLog(run.scenario)).userinfoClosedUnanswered, 1);
  });

  it('an ID token that fails the QR login\'s checks (nonce) → id_token_claims, userinfo never asked', async () => {
    const run = await startForm({ scenario: { nonce: 'wrong' } });
    await approve(run);
    await expectFailure(run, 'error', 'id_token_claims');
    assert.deepEqual((await providerLog(run.scenario)).userinfoRequests, []);
  });
});

describe('startEme: the resident and the page', () => {
  it('declined in the app → denied (access_denied), userinfo never asked', async () => {
    const run = await startForm();
    await reached(run, 'awaiting-scan');
    await control(run.scenario, { action: 'state', state: 'denied', reason: 'declined' });
    await expectFailure(run, 'denied', 'access_denied');
    assert.deepEqual((await providerLog(run.scenario)).userinfoRequests, []);
  });

  it('refresh() after expiry: a new code for the same fields, then the data', async () => {
    const run = await startForm({ device: { expiresIn: 1 } });
    await reached(run, 'expired', 5000);
    assert.strictEqual(run.session.error?.code, 'session_expired');
    run.session.refresh();
    assert.strictEqual(run.session.state, 'starting');
    await approve(run);
    const result = await run.session.done;
    assert.deepEqual(result.filled, FIELDS);
    assert.deepEqual(run.results, [result]);
    const { deviceAuthorizations } = await providerLog(run.scenario);
    assert.strictEqual(deviceAuthorizations.length, 2);
    assert.strictEqual(deviceAuthorizations[1]?.form.authorization_details, deviceAuthorizations[0]?.form.authorization_details);
  });

  it('cancel() while userinfo is asked → cancelled, the request aborted, no `emeData` even later', async () => {
    const run = await startForm({ eme: { userinfo: 'hang' } });
    await approve(run);
    await waitFor(async () => (await providerLog(run.scenario)).userinfoRequests.length === 1, 'the userinfo request');
    assert.strictEqual(run.session.state, 'approved');
    run.session.cancel();
    assert.strictEqual(run.session.state, 'cancelled');
    await rejectsWith(run.session.done, 'cancelled');
    await waitFor(async () => (await providerLog(run.scenario)).userinfoClosedUnanswered === 1, 'the userinfo request aborted');
    await revoked(run);
    assert.deepEqual(run.results, []);
    assert.deepEqual(run.errors, []);
    assert.strictEqual(run.session.state, 'cancelled');
  });
});
