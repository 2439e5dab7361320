// Unit tests of the platform client (dist/, built by `npm run build`): the signature, the content
// format and the key unwrap against values computed here independently with node:crypto, then
// the client against a small fake platform (getKey caching and renewal, D-codes, garbage, a bad
// GCM tag, timeouts, which calls are retried).
import assert from 'node:assert/strict';
import { constants, createCipheriv, createDecipheriv, createHmac, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ERROR_CODES } from '@iamsmart/protocol';
import { KeyUnwrapper, PlatformClient, PlatformError, SERVER_ERROR_CODES, decryptContent, encryptContent, signature } from '../dist/index.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' });
const wrap = (key) => publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, key).toString('base64');

/** Independent AES-256-GCM: Base64(int32BE(12) ‖ IV ‖ ciphertext ‖ tag). */
function aesEncrypt(key, iv, text) {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([0, 0, 0, 12]), iv, body, cipher.getAuthTag()]).toString('base64');
}
function aesDecrypt(key, content) {
  const bytes = Buffer.from(content, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(4, 16));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(16, bytes.length - 16)), decipher.final()]).toString('utf8');
}

test('every code the server answers is one of the shared error codes', () => {
  for (const code of SERVER_ERROR_CODES) assert.ok(ERROR_CODES.includes(code), code);
});

test('signature: URLEncode(Base64(HMAC-SHA256(secret, clientID + HmacSHA256 + timestamp + nonce + body)))', () => {
  const secret = 'a-fixed-client-secret-0123456789';
  const body = '{"content":"AAAADAECAwQFBgcICQoL"}';
  const cases = [
    ['rp-fixed', '1764748800000', '0b8e6a0e-2a3c-4c57-9d3e-1f0f5a7c9b11', body],
    ['rp-fixed', '1764748800001', '7f3c1c64-98a3-4e27-bb5b-2b6f9e0d7a42', ''],
  ];
  for (const [clientID, timestamp, nonce, text] of cases) {
    const expected = encodeURIComponent(createHmac('sha256', secret).update(`${clientID}HmacSHA256${timestamp}${nonce}${text}`).digest('base64'));
    assert.equal(signature(secret, clientID, timestamp, nonce, text), expected);
  }
  // Recorded once from the computation above, so a change on both sides would still be seen.
  assert.equal(signature(secret, 'rp-fixed', '1764748800000', '0b8e6a0e-2a3c-4c57-9d3e-1f0f5a7c9b11', body), 'l1oAcYb%2FaeKxDk6raPqqxoX1nmksMocAg5SLTaKMdmc%3D');
  // Base64's + / = are sent as %2B %2F %3D (upper case), as Java's URLEncoder writes them.
  let seen = '';
  for (let i = 0; i < 50 && !/%2B|%2F/.test(seen); i += 1) seen += signature(secret, 'rp', String(i), 'n', 'b');
  assert.match(seen, /%2B|%2F/);
  assert.doesNotMatch(seen, /[+/=]|%2b|%2f|%3d/);
});

test('content: fixed key and IV give exactly the independently computed content, and it decrypts back', () => {
  const key = Buffer.from('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 'hex');
  const iv = Buffer.from('a0a1a2a3a4a5a6a7a8a9aaab', 'hex');
  const text = '{"code":"abc","grantType":"authorization_code"}';
  const expected = aesEncrypt(key, iv, text);
  assert.equal(encryptContent(key, text, iv), expected);
  assert.equal(expected, 'AAAADKChoqOkpaanqKmqq506H0IhriCFQATlsCVW4rkCzTdkxs4yCb40BOcK3x1uoB89nttLPFMA/2usbFj+rR8A9coXJzn66vfom8kclg==');
  assert.equal(Buffer.from(expected, 'base64').readInt32BE(0), 12);
  assert.equal(decryptContent(key, expected), text);
  assert.equal(aesDecrypt(key, encryptContent(key, text)), text);
});

test('content: a bad tag, bad framing, not Base64 or the wrong key all fail the same way', () => {
  const key = randomBytes(32);
  const good = aesEncrypt(key, randomBytes(12), '{"a":1}');
  const bytes = Buffer.from(good, 'base64');
  bytes[bytes.length - 1] ^= 1;
  const bad = [bytes.toString('base64'), 'not base64!', Buffer.from([0, 0, 0, 16, 1, 2, 3]).toString('base64'), 42];
  const messages = new Set();
  for (const content of [...bad, good]) {
    const k = content === good ? randomBytes(32) : key;
    assert.throws(() => decryptContent(k, content), (error) => {
      assert.ok(error instanceof PlatformError);
      assert.equal(error.code, 'platform_error');
      messages.add(error.message);
      return true;
    });
  }
  assert.equal(messages.size, 1);
});

describe('the key unwrap (RSA PKCS#1 v1.5 with implicit rejection)', () => {
  const unwrapper = new KeyUnwrapper(PRIVATE_PEM);

  test('unwraps a 32-byte key wrapped by crypto.publicEncrypt with PKCS#1 padding', () => {
    const key = randomBytes(32);
    assert.deepEqual(unwrapper.unwrap(wrap(key)), key);
    // PKCS#1 PEM works too.
    assert.deepEqual(new KeyUnwrapper(privateKey.export({ type: 'pkcs1', format: 'pem' })).unwrap(wrap(key)), key);
  });

  test('a tampered wrap gives a derived key, never an error: the content then fails exactly like a bad tag', () => {
    const key = randomBytes(32);
    const wrapped = Buffer.from(wrap(key), 'base64');
    wrapped[5] ^= 0x40;
    const tampered = wrapped.toString('base64');
    const derived = unwrapper.unwrap(tampered);
    assert.equal(derived.length, 32);
    assert.notDeepEqual(derived, key);
    assert.deepEqual(unwrapper.unwrap(tampered), derived, 'the same ciphertext derives the same key');
    const content = aesEncrypt(key, randomBytes(12), '{"secret":true}');
    const badContent = Buffer.from(content, 'base64');
    badContent[badContent.length - 1] ^= 1;
    let fromWrap;
    let fromTag;
    assert.throws(() => decryptContent(derived, content), (error) => { fromWrap = error; return true; });
    assert.throws(() => decryptContent(key, badContent.toString('base64')), (error) => { fromTag = error; return true; });
    assert.equal(fromWrap.constructor, fromTag.constructor);
    assert.equal(fromWrap.code, fromTag.code);
    assert.equal(fromWrap.message, fromTag.message);
  });

  test('a wrapped key of another length, a short wrap or garbage also derive a key', () => {
    for (const wrapped of [wrap(randomBytes(16)), wrap(randomBytes(33)), randomBytes(100).toString('base64'), '', 'garbage', undefined]) {
      const derived = unwrapper.unwrap(wrapped);
      assert.equal(derived.length, 32);
    }
    assert.notDeepEqual(unwrapper.unwrap(wrap(randomBytes(16))), unwrapper.unwrap(wrap(randomBytes(16))));
  });
});

/**
 * A fake platform: getKey wraps `state.key` to our public key; other paths decrypt the body and
 * answer what `state.answer(path, body)` returns ({ code, content? } or { raw } or 'hang').
 */
async function fakePlatform() {
  const state = {
    key: randomBytes(32), issueAt: Date.now(), expiresIn: 86_400_000, requests: [], answer: () => ({ code: 'D00000', content: {} }),
    dropNext: 0,
  };
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => { text += chunk; });
    request.on('end', async () => {
      const headers = request.headers;
      state.requests.push({ path: request.url, headers, text });
      if (state.dropNext > 0) {
        state.dropNext -= 1;
        request.socket.destroy();
        return;
      }
      if (request.url === '/api/v1/security/getKey') {
        response.end(JSON.stringify({ txID: 'tx-key', code: 'D00000', message: 'ok', content: { secretKey: wrap(state.key), pubKey: 'x', issueAt: state.issueAt, expiresIn: state.expiresIn } }));
        return;
      }
      let body;
      try {
        body = JSON.parse(aesDecrypt(state.key, JSON.parse(text).content));
      } catch {
        response.end(JSON.stringify({ txID: 'tx-bad', code: 'D30004', message: 'cannot decrypt' }));
        return;
      }
      const answer = await state.answer(request.url, body);
      if (answer === 'hang') return;
      if (answer.raw !== undefined) {
        response.end(answer.raw);
        return;
      }
      const content = answer.content === undefined ? undefined : (answer.tamper ? tamper(aesEncrypt(state.key, randomBytes(12), JSON.stringify(answer.content))) : aesEncrypt(state.key, randomBytes(12), JSON.stringify(answer.content)));
      response.end(JSON.stringify({ txID: `tx-${state.requests.length}`, code: answer.code, message: answer.message ?? 'message', ...(content ? { content } : {}) }));
    });
  });
  await new Promise((resolve) => { server.listen(0, '127.0.0.1', resolve); });
  const url = `http://127.0.0.1:${server.address().port}`;
  return { state, url, close: () => { server.closeAllConnections(); server.close(); } };
}
function tamper(content) {
  const bytes = Buffer.from(content, 'base64');
  bytes[bytes.length - 1] ^= 1;
  return bytes.toString('base64');
}

describe('the platform client against a fake platform', () => {
  let platform;
  const secret = 'fake-platform-client-secret-0123';
  const client = (options = {}) => new PlatformClient({ platformUrl: platform.url, clientID: 'rp-unit', clientSecret: secret, privateKeyPem: PRIVATE_PEM, timeoutMs: 1000, ...options });
  before(async () => { platform = await fakePlatform(); });
  after(() => platform.close());

  test('sends the five headers, signs the exact body, timestamps never decrease, nonces are UUIDs', async () => {
    platform.state.requests = [];
    platform.state.answer = () => ({ code: 'D00000', content: { accessToken: 't', openID: 'o', issueAt: 1, expiresIn: 2 } });
    let clock = Date.now();
    const c = client({ now: () => (clock -= 5) });
    await c.getToken('code-1');
    await c.getToken('code-2');
    const stamps = platform.state.requests.map((r) => Number(r.headers.timestamp));
    for (let i = 1; i < stamps.length; i += 1) assert.ok(stamps[i] >= stamps[i - 1], 'timestamp never decreases');
    for (const { headers, text } of platform.state.requests) {
      assert.equal(headers.clientid, 'rp-unit');
      assert.equal(headers.signaturemethod, 'HmacSHA256');
      assert.match(headers.nonce, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const expected = encodeURIComponent(createHmac('sha256', secret).update(`rp-unitHmacSHA256${headers.timestamp}${headers.nonce}${text}`).digest('base64'));
      assert.equal(headers.signature, expected);
    }
    assert.equal(new Set(platform.state.requests.map((r) => r.headers.nonce)).size, platform.state.requests.length);
    const token = JSON.parse(aesDecrypt(platform.state.key, JSON.parse(platform.state.requests[2].text).content));
    assert.deepEqual(token, { code: 'code-2', grantType: 'authorization_code' });
  });

  test('getKey is cached, renewed before expiry, and renewed once on a key code, then the code fails', async () => {
    platform.state.requests = [];
    platform.state.issueAt = Date.now();
    platform.state.expiresIn = 600_000;
    let clock = Date.now();
    const c = client({ now: () => clock });
    platform.state.answer = () => ({ code: 'D00000', content: { ok: true } });
    await c.profiles('t', 'o', ['enName']);
    await c.profiles('t', 'o', ['enName']);
    const keys = () => platform.state.requests.filter((r) => r.path === '/api/v1/security/getKey').length;
    assert.equal(keys(), 1, 'one getKey for two calls');
    clock += 600_000; // past expiry (less the renewal margin)
    platform.state.issueAt = clock; // the next key is issued now
    await c.profiles('t', 'o', ['enName']);
    assert.equal(keys(), 2, 'renewed on expiry');
    // The platform rotated the key: the first try answers D30002, the client renews and retries once.
    platform.state.key = randomBytes(32);
    let calls = 0;
    platform.state.answer = () => { calls += 1; return { code: 'D00000', content: { ok: calls } }; };
    assert.deepEqual(await c.profiles('t', 'o', ['enName']), { ok: 1 });
    assert.equal(keys(), 3);
    // A key code every time: renewed once, then the failure.
    platform.state.answer = () => ({ code: 'D30003', message: 'revoked' });
    await assert.rejects(c.profiles('t', 'o', ['enName']), (error) => error instanceof PlatformError && error.platformCode === 'D30003' && error.code === 'platform_error');
    assert.equal(keys(), 4);
  });

  test('a timestamp refusal (D29005: the platform did nothing) is sent again freshly signed, even getToken; ten refusals fail', async () => {
    platform.state.requests = [];
    let refusals = 2;
    platform.state.answer = () => (refusals-- > 0 ? { code: 'D29005', message: 'timestamp is lower than the last accepted one' } : { code: 'D00000', content: { accessToken: 't', openID: 'o', issueAt: 1, expiresIn: 2 } });
    const c = client();
    assert.equal((await c.getToken('code-1')).accessToken, 't');
    const sent = platform.state.requests.filter((r) => r.path === '/api/v1/auth/getToken');
    assert.equal(sent.length, 3, 'refused twice, then accepted');
    assert.equal(new Set(sent.map((r) => r.headers.nonce)).size, 3, 'each try is signed anew');
    platform.state.requests = [];
    platform.state.answer = () => ({ code: 'D29005', message: 'timestamp' });
    await assert.rejects(c.getToken('code-2'), { name: 'PlatformError', code: 'platform_error', platformCode: 'D29005' });
    assert.equal(platform.state.requests.filter((r) => r.path === '/api/v1/auth/getToken').length, 10);
  });

  test('a D-code is a PlatformError with the code, the txID and the shared code', async () => {
    platform.state.answer = () => ({ code: 'D40004', message: 'The authorization code is unknown, expired or already used.' });
    await assert.rejects(client().getToken('old'), (error) => {
      assert.ok(error instanceof PlatformError);
      assert.equal(error.platformCode, 'D40004');
      assert.equal(error.code, 'session_expired');
      assert.match(error.txID, /^tx-/);
      return true;
    });
    platform.state.answer = () => ({ code: 'D29004', message: 'signature' });
    await assert.rejects(client().getToken('x'), { name: 'PlatformError', code: 'platform_error', platformCode: 'D29004' });
  });

  test('garbage (not JSON), JSON without a code, and a bad GCM tag are platform_error', async () => {
    for (const answer of [{ raw: '<html>oops</html>' }, { raw: '{"hello":1}' }, { raw: '' }]) {
      platform.state.answer = () => answer;
      await assert.rejects(client().getToken('x'), { name: 'PlatformError', code: 'platform_error' });
    }
    platform.state.answer = () => ({ code: 'D00000', content: { accessToken: 't', openID: 'o' }, tamper: true });
    await assert.rejects(client().getToken('x'), { name: 'PlatformError', code: 'platform_error', message: "The platform's answer could not be decrypted." });
  });

  test('a platform that never answers is a timeout; getToken is never sent twice', async () => {
    platform.state.requests = [];
    platform.state.answer = () => 'hang';
    const started = Date.now();
    await assert.rejects(client({ timeoutMs: 300 }).getToken('x'), { name: 'PlatformError', code: 'timeout' });
    assert.ok(Date.now() - started < 3000);
    assert.equal(platform.state.requests.filter((r) => r.path === '/api/v1/auth/getToken').length, 1);
  });

  test('a network failure: getKey and reads are retried, getToken is not', async () => {
    platform.state.answer = () => ({ code: 'D00000', content: { accessToken: 't', openID: 'o' } });
    const c = client();
    platform.state.requests = [];
    platform.state.dropNext = 1; // the getKey's connection is cut once
    assert.equal((await c.getToken('x')).openID, 'o');
    assert.equal(platform.state.requests.filter((r) => r.path === '/api/v1/security/getKey').length, 2);
    platform.state.requests = [];
    platform.state.dropNext = 1; // the getToken's connection is cut: not sent again
    await assert.rejects(c.getToken('y'), { name: 'PlatformError', code: 'platform_error' });
    assert.equal(platform.state.requests.filter((r) => r.path === '/api/v1/auth/getToken').length, 1);
    platform.state.requests = [];
    platform.state.dropNext = 1; // a read is sent again
    assert.deepEqual(await c.profiles('t', 'o', ['enName']), { accessToken: 't', openID: 'o' });
    assert.equal(platform.state.requests.filter((r) => r.path === '/api/v1/profiles').length, 2);
  });

  /** Each call's connection is cut: it fails, and is not sent a second time. */
  async function sentAtMostOnce(calls) {
    for (const [path, call] of calls) {
      platform.state.requests = [];
      platform.state.dropNext = 1;
      await assert.rejects(call(), { name: 'PlatformError', code: 'platform_error' }, path);
      // At most once: a connection cut before the platform read it also fails without a second try.
      assert.ok(platform.state.requests.filter((r) => r.path === path).length <= 1, path);
      platform.state.dropNext = 0;
    }
  }

  test('initiateRequest (account and anonymous, e-ME and signing) is never sent twice; getResult and ackResult are', async () => {
    const c = client();
    await c.contentKey();
    const basics = { businessID: 'b1', source: 'PC_Browser', redirectURI: 'http://localhost/cb', state: 's1', lang: 'en-US' };
    const calls = [
      ['/api/v1/account/eme/initiateRequest', () => c.emeInitiate({ accessToken: 't', openID: 'o' }, { ...basics, formName: 'F', formNum: 'N', formDesc: 'D', eMEFields: ['enName'] })],
      ['/api/v1/anonymous/eme/initiateRequest', () => c.emeInitiate(undefined, { ...basics, formName: 'F', formNum: 'N', formDesc: 'D', eMEFields: ['enName'] })],
      ['/api/v1/account/signing/initiateRequest', () => c.signInitiate({ accessToken: 't', openID: 'o' }, { ...basics, hashCode: 'h', department: 'd', serviceName: 's', documentName: 'n' })],
      ['/api/v1/anonymous/signing/initiateRequest', () => c.signInitiate(undefined, { ...basics, hashCode: 'h', department: 'd', serviceName: 's', documentName: 'n' })],
    ];
    await sentAtMostOnce(calls);
    platform.state.answer = (path, body) => ({ code: 'D00000', content: path.endsWith('initiateRequest') ? { authByQR: false, identificationCode: '1234-5678' } : { businessID: body.businessID } });
    assert.deepEqual(await calls[2][1](), { authByQR: false, identificationCode: '1234-5678' });
    platform.state.answer = () => ({ code: 'D00000', content: { authByQR: true } });
    await assert.rejects(calls[0][1](), { code: 'platform_error' }, 'authByQR true without a ticketID');
    platform.state.answer = (path, body) => ({ code: 'D00000', content: { businessID: body.businessID } });
    for (const [path, call] of [['/api/v1/anonymous/eme/getResult', () => c.emeResult('t', 'b1')], ['/api/v1/account/signing/ackResult', () => c.ackResult('b1', 'SR001')]]) {
      platform.state.requests = [];
      platform.state.dropNext = 1;
      await call();
      assert.equal(platform.state.requests.filter((r) => r.path === path).length, 2, path);
    }
  });

  test('notifications (decision 059): initiateRequest and send are never sent twice; getConsent and withdraw are; answers checked; D80002, D80006, D80007 carry their shared codes', async () => {
    const c = client();
    await c.contentKey();
    const basics = { businessID: 'b1', source: 'PC_Browser', redirectURI: 'http://localhost/cb', state: 's1', lang: 'en-US' };
    const name = { 'en-US': 'Reservation ready', 'zh-HK': '預約書籍可供領取', 'zh-CN': '预约书籍可供领取' };
    const message = { 'en-US': 'Ready.', 'zh-HK': '可領取。', 'zh-CN': '可领取。' };
    const once = [
      ['/api/v1/account/notification/initiateRequest', () => c.notifyInitiate({ accessToken: 't', openID: 'o' }, { ...basics, topics: [{ topicID: 'ready', name }] })],
      ['/api/v1/notification/send', () => c.notifySend('o', 'ready', message, 'http://localhost/loans')],
    ];
    await sentAtMostOnce(once);
    const bodies = [];
    platform.state.answer = (path, body) => {
      bodies.push({ path, body });
      if (path.endsWith('/send')) return { code: 'D00000', content: { messageID: 'm-1' } };
      if (path.endsWith('/withdraw')) return { code: 'D00000', content: { openID: body.openID, topics: ['other'] } };
      return { code: 'D00000', content: { openID: body.openID, topics: [{ topicID: 'ready', since: 1764748800000 }] } };
    };
    for (const [path, call, expected] of [
      ['/api/v1/notification/getConsent', () => c.notifyConsent('o'), { openID: 'o', topics: [{ topicID: 'ready', since: 1764748800000 }] }],
      ['/api/v1/notification/withdraw', () => c.notifyWithdraw('o', ['ready']), { openID: 'o', topics: [{ topicID: 'other' }] }],
    ]) {
      platform.state.requests = [];
      platform.state.dropNext = 1;
      assert.deepEqual(await call(), expected, path);
      assert.equal(platform.state.requests.filter((r) => r.path === path).length, 2, path);
    }
    assert.deepEqual(await c.notifySend('o', 'ready', message, 'http://localhost/loans'), { messageID: 'm-1' });
    assert.deepEqual(bodies.at(-1), { path: '/api/v1/notification/send', body: { openID: 'o', topicID: 'ready', message, link: 'http://localhost/loans' } });
    await c.notifyWithdraw('o');
    assert.deepEqual(bodies.at(-1).body, { openID: 'o' }, 'no topics: all');
    // An answer for another resident, without topics, or a send without a messageID.
    platform.state.answer = () => ({ code: 'D00000', content: { openID: 'someone-else', topics: [] } });
    await assert.rejects(c.notifyConsent('o'), { code: 'platform_error' });
    platform.state.answer = () => ({ code: 'D00000', content: { openID: 'o' } });
    await assert.rejects(c.notifyWithdraw('o'), { code: 'platform_error' });
    platform.state.answer = () => ({ code: 'D00000', content: {} });
    await assert.rejects(c.notifySend('o', 'ready', message), { code: 'platform_error' });
    for (const [platformCode, code] of [['D80002', 'not_consented'], ['D80006', 'rate_limited'], ['D80007', 'rate_limited'], ['D80003', 'message_invalid'], ['D80004', 'link_invalid'], ['D80005', 'message_too_large'], ['D80008', 'invalid_request']]) {
      platform.state.answer = () => ({ code: platformCode });
      await assert.rejects(c.notifySend('o', 'ready', message), { name: 'PlatformError', code, platformCode });
    }
  });

  test('an unreachable platform is platform_error', async () => {
    const closed = createServer();
    await new Promise((resolve) => { closed.listen(0, '127.0.0.1', resolve); });
    const port = closed.address().port;
    closed.close();
    await assert.rejects(client({ platformUrl: `http://127.0.0.1:${port}` }).getToken('x'), { name: 'PlatformError', code: 'platform_error' });
  });
});
