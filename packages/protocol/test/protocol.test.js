import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EME_FIELDS, hkidCheckDigit, isEmeField, isValidHkid, matchLang, normalizeScope, pickLang, resolveLang } from '../src/index.js';

describe('the language rule', () => {
  const cases = {
    en: 'en', 'en-GB': 'en', 'EN-us': 'en',
    zh: 'zh-HK', 'zh-HK': 'zh-HK', 'zh-MO': 'zh-HK', 'zh-TW': 'zh-HK', 'zh-Hant': 'zh-HK', 'zh-Hant-HK': 'zh-HK', zh_hk: 'zh-HK',
    yue: 'zh-HK', 'yue-HK': 'zh-HK', 'yue-Hant': 'zh-HK', 'yue-Hans': 'zh-CN',
    'zh-CN': 'zh-CN', 'zh-SG': 'zh-CN', 'zh-MY': 'zh-CN', 'zh-Hans': 'zh-CN', 'zh-Hans-HK': 'zh-CN', 'ZH-hans': 'zh-CN', 'zh-Hant-CN': 'zh-HK',
  };
  for (const [tag, lang] of Object.entries(cases)) {
    it(`reads ${tag} as ${lang}`, () => assert.equal(resolveLang(tag), lang));
  }
  it('reads unknown, empty and absent tags as English, and says so with matchLang', () => {
    for (const tag of ['fr', 'ja-JP', '', '   ', '-', null, undefined]) {
      assert.equal(resolveLang(tag), 'en');
      assert.equal(matchLang(tag), undefined);
    }
  });
  it('picks the first tag of a list it speaks', () => {
    assert.equal(pickLang('fr zh-TW en'), 'zh-HK');
    assert.equal(pickLang('ja,zh-CN;q=0.9,en;q=0.8'), 'zh-CN');
    assert.equal(pickLang(['de', 'fr']), 'en');
    assert.equal(pickLang(undefined), 'en');
  });
});

describe('HKID check digits', () => {
  it('computes published examples, with A as ten and two-letter prefixes', () => {
    assert.equal(hkidCheckDigit('A123456'), '3');
    assert.equal(hkidCheckDigit('K543210'), '3');
    assert.equal(isValidHkid('a123456', '3'), true);
    assert.equal(isValidHkid('A123456', '4'), false);
  });
  it('finds an A check digit and a two-letter body', () => {
    const bodies = [];
    for (let n = 0; n < 200 && bodies.length < 1; n += 1) {
      const body = `B${String(100000 + n)}`;
      if (hkidCheckDigit(body) === 'A') bodies.push(body);
    }
    assert.equal(bodies.length, 1);
    assert.match(hkidCheckDigit('XA123456') ?? '', /^[0-9A]$/);
  });
  it('refuses what is not a body', () => {
    for (const body of ['', '1234567', 'ABC123456', 'A12345', 'A1234567']) assert.equal(hkidCheckDigit(body), undefined);
    assert.equal(isValidHkid(undefined, '3'), false);
  });
});

describe('e-ME fields and scopes', () => {
  it('names the nineteen e-ME fields in iAM Smart order', () => {
    assert.equal(EME_FIELDS.length, 19);
    assert.equal(EME_FIELDS[0], 'enName');
    assert.ok(isEmeField('mobileNumber'));
    assert.ok(!isEmeField('toString'));
  });
  it('always includes openid', () => {
    assert.equal(normalizeScope('profile'), 'openid profile');
    assert.equal(normalizeScope('profile openid'), 'profile openid');
    assert.equal(normalizeScope(undefined), 'openid');
  });
});
