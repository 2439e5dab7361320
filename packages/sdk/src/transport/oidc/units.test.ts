// The session's pure parts: the transition table (session/), the SSE parser, the device
// authorization response checks and the QR payload formula.
import { assert } from '@open-wc/testing';
import { isIamSmartError } from '../../errors.js';
import type { SessionState } from '../../session/types.js';
import { formatUserCode, validateDeviceAuthorization } from './device-authorization.js';
import { createQrPayloads } from './qr-payload.js';
import { sseParser } from './status-stream.js';
import { canTransition, isFinal, TRANSITIONS } from '../../session/transitions.js';

const STATES: SessionState[] = ['idle', 'starting', 'awaiting-scan', 'scanned', 'approved', 'done', 'denied', 'expired', 'cancelled', 'error'];

// Written out again here, not derived from TRANSITIONS: a change to the table must be deliberate.
const LEGAL: Record<SessionState, SessionState[]> = {
  idle: ['starting'],
  starting: ['awaiting-scan', 'error', 'cancelled'],
  'awaiting-scan': ['starting', 'scanned', 'approved', 'denied', 'expired', 'cancelled', 'error'],
  scanned: ['starting', 'approved', 'denied', 'expired', 'cancelled', 'error'],
  approved: ['starting', 'done', 'denied', 'expired', 'cancelled', 'error'],
  done: ['starting'],
  denied: ['starting'],
  expired: ['starting'],
  cancelled: ['starting'],
  error: ['starting'],
};

describe('cross-device transition table', () => {
  for (const from of STATES) {
    it(`from ${from}: allows exactly ${LEGAL[from].join(', ')}`, () => {
      for (const to of STATES) assert.strictEqual(canTransition(from, to), LEGAL[from].includes(to), `${from} → ${to}`);
    });
  }

  it('has a row for every state, and only final states are final', () => {
    assert.sameMembers(Object.keys(TRANSITIONS), STATES);
    assert.deepEqual(
      STATES.filter((state) => isFinal(state)),
      ['done', 'denied', 'expired', 'cancelled', 'error'],
    );
  });
});

describe('sseParser', () => {
  function parse(chunks: string[]): [string, string][] {
    const events: [string, string][] = [];
    const push = sseParser((name, data) => events.push([name, data]));
    for (const chunk of chunks) push(chunk);
    return events;
  }

  it('dispatches named events on a blank line, across chunk boundaries and line-ending styles', () => {
    assert.deepEqual(parse(['event: st', 'ate\ndata: {"state":"scanned"}\n', '\n']), [['state', '{"state":"scanned"}']]);
    assert.deepEqual(parse(['event: state\r\ndata: a\r', '\n\r\n']), [['state', 'a']]);
    // A CR at a chunk's end may be half of CRLF: the line ends when the next chunk shows it is not.
    assert.deepEqual(parse(['event: state\rdata: b\r\r']), []);
    assert.deepEqual(parse(['event: state\rdata: b\r\r', ': keep-alive\r']), [['state', 'b']]);
  });

  it('ignores comments (keep-alives), joins data lines, defaults the name to message, drops events without data', () => {
    assert.deepEqual(parse([': keep-alive\n\n', 'data: 1\ndata: 2\n\n', 'event: state\n\n', 'data:x\n\n']), [
      ['message', '1\n2'],
      ['message', 'x'],
    ]);
  });

  it('waits for the rest of an event that has not ended', () => {
    assert.deepEqual(parse(['event: state\ndata: {"state":"approved"}\n']), []);
  });
});

describe('device authorization response', () => {
  const valid = { device_code: 'dc', user_code: '48210937', verification_uri: 'https://op.example/app/code', expires_in: 180 };

  function rejects(body: unknown, pattern: RegExp): void {
    try {
      validateDeviceAuthorization(body);
    } catch (error) {
      assert.isTrue(isIamSmartError(error));
      if (!isIamSmartError(error)) return;
      assert.strictEqual(error.code, 'token_endpoint_error');
      assert.match(error.message, pattern);
      return;
    }
    assert.fail(`accepted ${JSON.stringify(body)}`);
  }

  it('formats eight digits as 1234-5678 and keeps other codes as sent', () => {
    assert.strictEqual(formatUserCode('48210937'), '4821-0937');
    assert.strictEqual(formatUserCode('WDJB-MJHT'), 'WDJB-MJHT');
    assert.strictEqual(validateDeviceAuthorization(valid).userCode, '4821-0937');
  });

  it('defaults the interval to 5 seconds (RFC 8628 §3.2) and has no QR extension without its fields', () => {
    const auth = validateDeviceAuthorization(valid);
    assert.strictEqual(auth.intervalSeconds, 5);
    assert.isUndefined(auth.qr);
    assert.isUndefined(auth.verificationUriComplete);
  });

  it('refuses missing or malformed fields, and sessions longer than 10 minutes', () => {
    rejects(null, /not a JSON object/);
    rejects([], /not a JSON object/);
    rejects({ ...valid, device_code: '' }, /device_code/);
    rejects({ ...valid, user_code: 7 }, /user_code/);
    rejects({ ...valid, verification_uri: 'javascript:alert(1)' }, /verification_uri/);
    rejects({ ...valid, verification_uri_complete: 'not a url' }, /verification_uri_complete/);
    rejects({ ...valid, expires_in: 601 }, /expires_in/);
    rejects({ ...valid, expires_in: 0 }, /expires_in/);
    rejects({ ...valid, interval: -1 }, /interval/);
    rejects({ ...valid, iamsmart_qr_start_token: 'tok' }, /iamsmart_qr/);
    rejects({ ...valid, iamsmart_qr_start_token: 'tok', iamsmart_qr_start_secret: 's', iamsmart_qr_uri: 'https://op.example/app/qr', iamsmart_qr_interval: 0 }, /iamsmart_qr_interval/);
  });
});

describe('QR payload', () => {
  it('is {uri}?s={token}&t={t}&h=base64url(HMAC-SHA256(secret, "token.t")), checked against an independent computation', async () => {
    const qr = { startToken: 'start-tok', startSecret: 'sécret', uri: 'https://op.example/app/qr', intervalSeconds: 1 };
    const payloadAt = await createQrPayloads(qr);
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode('sécret'), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    for (const t of [0, 1, 37]) {
      const url = new URL(await payloadAt(t));
      assert.strictEqual(`${url.origin}${url.pathname}`, 'https://op.example/app/qr');
      assert.strictEqual(url.searchParams.get('s'), 'start-tok');
      assert.strictEqual(url.searchParams.get('t'), String(t));
      const h = url.searchParams.get('h') ?? '';
      assert.match(h, /^[A-Za-z0-9_-]{43}$/, 'full 32 bytes, base64url, no padding');
      const mac = Uint8Array.from(atob(h.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
      assert.isTrue(await crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode(`start-tok.${t}`)), `t=${t}`);
      assert.notInclude(url.href, 'cret', 'the secret never goes into the payload');
    }
  });
});
