import { assert } from '@open-wc/testing';
import { createClient, IamSmartError } from '../index.js';
import type { IamSmartConfig } from '../index.js';

function configError(config: unknown): IamSmartError {
  try {
    createClient(config as IamSmartConfig);
  } catch (error) {
    assert.instanceOf(error, IamSmartError);
    assert.strictEqual(error.code, 'invalid_config');
    return error;
  }
  throw new Error('createClient accepted an invalid configuration');
}

const valid = { issuer: 'https://id.iamsmart.gov.hk', clientId: 'my-service' };
const page = `${location.origin}${location.pathname}`;

describe('createClient configuration', () => {
  it('uses the documented defaults', () => {
    const { config } = createClient(valid);
    assert.include(config, {
      issuer: valid.issuer,
      clientId: 'my-service',
      redirectUri: page,
      popupRedirectUri: page,
      postLogoutRedirectUri: page,
      scope: 'openid profile',
      storage: 'memory',
      clockSkewSeconds: 60,
      maxIdTokenAgeSeconds: 600,
    });
  });

  it('always asks for openid', () => {
    assert.strictEqual(createClient({ ...valid, scope: 'profile  email' }).config.scope, 'openid profile email');
  });

  it('takes the language from the page when not given', () => {
    const before = document.documentElement.lang;
    try {
      document.documentElement.lang = 'zh-Hant-HK';
      assert.strictEqual(createClient(valid).config.lang, 'zh-HK');
      document.documentElement.lang = 'zh-Hans';
      assert.strictEqual(createClient(valid).config.lang, 'zh-CN');
      document.documentElement.lang = 'en-GB';
      assert.strictEqual(createClient(valid).config.lang, 'en');
    } finally {
      document.documentElement.lang = before;
    }
  });

  it('resolves a relative redirect URI against the page', () => {
    assert.strictEqual(createClient({ ...valid, redirectUri: '/callback' }).config.redirectUri, `${location.origin}/callback`);
  });

  for (const issuer of ['http://localhost:8787', 'http://127.0.0.1:8787', 'http://[::1]:8787', 'https://example.com/tenant']) {
    it(`accepts the issuer ${issuer}`, () => {
      assert.strictEqual(createClient({ ...valid, issuer }).config.issuer, issuer);
    });
  }

  it('refuses a missing configuration', () => {
    assert.include(configError(undefined).message, 'configuration object');
  });

  for (const clientId of [undefined, '', '   ', 42]) {
    it(`refuses clientId ${JSON.stringify(clientId)}`, () => {
      assert.include(configError({ ...valid, clientId }).message, 'clientId');
    });
  }

  for (const issuer of [undefined, '', 'localhost:8787/', '/relative', 'not a url']) {
    it(`refuses the non-absolute issuer ${JSON.stringify(issuer)}`, () => {
      assert.include(configError({ ...valid, issuer }).message, 'issuer');
    });
  }

  for (const issuer of ['http://example.com', 'http://192.168.1.10:8787', 'ftp://localhost']) {
    it(`refuses the insecure issuer ${issuer}`, () => {
      assert.include(configError({ ...valid, issuer }).message, 'https');
    });
  }

  it('refuses an issuer with a query', () => {
    assert.include(configError({ ...valid, issuer: 'https://example.com/?tenant=1' }).message, 'query');
  });

  for (const name of ['redirectUri', 'popupRedirectUri', 'postLogoutRedirectUri']) {
    it(`refuses a ${name} on another origin`, () => {
      const error = configError({ ...valid, [name]: 'https://attacker.example/callback' });
      assert.include(error.message, name);
      assert.include(error.message, location.origin);
    });
  }

  it('refuses localStorage explicitly', () => {
    for (const storage of ['local', 'localStorage']) {
      assert.include(configError({ ...valid, storage }).message, 'never kept in localStorage');
    }
  });

  it('refuses an unknown storage', () => {
    assert.include(configError({ ...valid, storage: 'cookie' }).message, '"memory" or "session"');
  });

  it('refuses an unknown language and negative durations', () => {
    assert.include(configError({ ...valid, lang: 'fr' }).message, 'lang');
    assert.include(configError({ ...valid, clockSkewSeconds: -1 }).message, 'clockSkewSeconds');
    assert.include(configError({ ...valid, maxIdTokenAgeSeconds: Number.NaN }).message, 'maxIdTokenAgeSeconds');
  });

  describe('signing trust anchors', () => {
    const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIBATAKBggqhkjOPQQDAjAA\n-----END CERTIFICATE-----\n';

    it('are optional, and an empty list counts as none', () => {
      assert.include(createClient(valid).config, { signingTrustAnchors: undefined, signingTrustAnchorsUrl: undefined });
      assert.isUndefined(createClient({ ...valid, signingTrustAnchors: [] }).config.signingTrustAnchors);
    });

    it('keep PEM certificates as given, in a copy the page cannot change afterwards', () => {
      const given = [PEM, `a bundle\n${PEM}${PEM}`];
      const { config } = createClient({ ...valid, signingTrustAnchors: given });
      given.push('changed');
      assert.deepEqual(config.signingTrustAnchors, [PEM, `a bundle\n${PEM}${PEM}`]);
      assert.isTrue(Object.isFrozen(config.signingTrustAnchors));
    });

    for (const [name, anchors] of [
      ['a string instead of a list', PEM],
      ['a list with a non-string', [PEM, 42]],
      ['a list with a public key', ['-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----']],
      ['a list with base64 without the PEM block', ['MIIBszCCAVmgAwIBAgIBATAKBggqhkjOPQQDAjAA']],
    ] as const) {
      it(`refuse ${name}`, () => {
        assert.include(configError({ ...valid, signingTrustAnchors: anchors }).message, 'signingTrustAnchors');
      });
    }

    it('resolve signingTrustAnchorsUrl against the page', () => {
      assert.strictEqual(createClient({ ...valid, signingTrustAnchorsUrl: '/signing-ca.pem' }).config.signingTrustAnchorsUrl, `${location.origin}/signing-ca.pem`);
    });

    for (const url of ['https://id.iamsmart.gov.hk/csc/v2/ca.pem', '//attacker.example/ca.pem', '', 42]) {
      it(`refuse the signingTrustAnchorsUrl ${JSON.stringify(url)} (not this page's origin)`, () => {
        const error = configError({ ...valid, signingTrustAnchorsUrl: url });
        assert.include(error.message, 'signingTrustAnchorsUrl');
        assert.include(error.message, location.origin);
      });
    }
  });

  it('makes no request and stores nothing when created', () => {
    const { config } = createClient({ ...valid, storage: 'session' });
    assert.strictEqual(config.storage, 'session');
    assert.deepEqual(performance.getEntriesByType('resource').filter((entry) => entry.name.startsWith(valid.issuer)), []);
    assert.strictEqual(localStorage.length, 0);
  });
});
