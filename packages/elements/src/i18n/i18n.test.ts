/// <reference types="mocha" />
import { EME_FIELDS, ERROR_CODES } from '@iamsmart/sdk';
import { assert, fixtureSync, html } from '@open-wc/testing';
import { format, messagesFor, plural, flowMessages, langOf, loadMessages, resolveLang } from './index.js';
import { common as enCommon } from './en/common.js';
import { eme as enEme } from './en/eme.js';
import { qr as enQr } from './en/qr.js';
import { sign as enSign } from './en/sign.js';
import { common as zhCNCommon } from './zh-CN/common.js';
import { eme as zhCNEme } from './zh-CN/eme.js';
import { qr as zhCNQr } from './zh-CN/qr.js';
import { sign as zhCNSign } from './zh-CN/sign.js';
import { common as zhHKCommon } from './zh-HK/common.js';
import { eme as zhHKEme } from './zh-HK/eme.js';
import { qr as zhHKQr } from './zh-HK/qr.js';
import { sign as zhHKSign } from './zh-HK/sign.js';

const LANGS = ['en', 'zh-HK', 'zh-CN'] as const;

/** Every key path of a catalogue, e.g. `qr.steps.0`, `errors.unknown`, for comparing languages (plural forms are one string: languages have their own categories). */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || 'other' in value) return [prefix];
  return Object.entries(value)
    .flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key))
    .sort();
}

// The elements load their catalogues on demand (decision 042); these tests read every language's.
before(async () => {
  for (const lang of LANGS) await loadMessages(lang);
});

describe('messages', () => {
  it('has the same keys in every language, feature by feature', () => {
    const features = {
      common: [enCommon, zhHKCommon, zhCNCommon],
      qr: [enQr, zhHKQr, zhCNQr],
      sign: [enSign, zhHKSign, zhCNSign],
      eme: [enEme, zhHKEme, zhCNEme],
    };
    for (const [feature, [en, ...others]] of Object.entries(features)) {
      for (const [i, other] of others.entries()) assert.deepEqual(keyPaths(other), keyPaths(en), `${feature}: ${LANGS[i + 1]} and en`);
    }
  });

  it('loads each language’s catalogues as the elements read them', () => {
    assert.strictEqual(messagesFor('zh-HK').loginLabel, zhHKCommon.loginLabel);
    assert.strictEqual(messagesFor('zh-CN').sign, zhCNSign);
    assert.strictEqual(messagesFor('en').qr, enQr.qr);
  });

  it('has a non-empty message for every SDK error code in every language', () => {
    for (const lang of LANGS) {
      const { errors } = messagesFor(lang);
      assert.deepEqual(Object.keys(errors).sort(), [...ERROR_CODES].sort(), lang);
      for (const code of ERROR_CODES) assert.notStrictEqual(errors[code].trim(), '', `${lang} ${code}`);
    }
  });

  it('uses iAM Smart’s wording for the button and its website per language', () => {
    assert.strictEqual(messagesFor('en').loginLabel, 'Login with iAM Smart');
    assert.strictEqual(messagesFor('zh-HK').loginLabel, '智方便登入');
    assert.strictEqual(messagesFor('zh-CN').loginLabel, '智方便登入');
    assert.deepEqual(LANGS.map((lang) => messagesFor(lang).moreInfoUrl), [
      'https://www.iamsmart.gov.hk/en/',
      'https://www.iamsmart.gov.hk/tc/',
      'https://www.iamsmart.gov.hk/sc/',
    ]);
  });

  it('has form-filling words in iAM Smart’s wording: the label, a message per error code, a name per e-ME field', () => {
    assert.deepEqual(
      LANGS.map((lang) => messagesFor(lang).eme.label),
      ['Fill with iAM Smart', '以智方便填寫', '以智方便填写'],
    );
    for (const lang of LANGS) {
      const { eme } = messagesFor(lang);
      assert.deepEqual(Object.keys(flowMessages(lang, 'eme').errors).sort(), [...ERROR_CODES].sort(), lang);
      assert.deepEqual(Object.keys(eme.fields).sort(), [...EME_FIELDS].sort(), lang);
      for (const name of Object.values(eme.fields)) assert.notStrictEqual(name.trim(), '', lang);
      assert.strictEqual(flowMessages(lang, 'eme').qr.denied, eme.qr.denied);
      assert.deepInclude(flowMessages(lang, 'eme').errors, eme.errors);
    }
    assert.strictEqual(messagesFor('zh-HK').eme.fields.enName, '英文姓名');
    assert.notStrictEqual(messagesFor('zh-HK').eme.fields.idNo, messagesFor('zh-CN').eme.fields.idNo);
  });

  it('writes Traditional and Simplified Chinese differently where the scripts differ', () => {
    assert.notStrictEqual(messagesFor('zh-HK').connecting, messagesFor('zh-CN').connecting);
    assert.notStrictEqual(messagesFor('zh-HK').errors.issuer_unreachable, messagesFor('zh-CN').errors.issuer_unreachable);
  });
});

describe('resolveLang (the kit\'s one language rule, from @iamsmart/protocol)', () => {
  const table: [string | null, string][] = [
    ['en', 'en'],
    ['en-GB', 'en'],
    ['zh-HK', 'zh-HK'],
    ['zh-hk', 'zh-HK'],
    ['zh-Hant', 'zh-HK'],
    ['zh-Hant-HK', 'zh-HK'],
    ['zh-TW', 'zh-HK'],
    ['zh-MO', 'zh-HK'],
    ['yue', 'zh-HK'],
    // Bare zh is Hong Kong's Chinese here: Traditional (it read Simplified before the one rule).
    ['zh', 'zh-HK'],
    ['zh-CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-HK', 'zh-CN'],
    ['zh-SG', 'zh-CN'],
    ['fr', 'en'],
    ['', 'en'],
    [null, 'en'],
    ['not a tag!', 'en'],
  ];
  for (const [tag, lang] of table) {
    it(`${JSON.stringify(tag)} → ${lang}`, () => {
      assert.strictEqual(resolveLang(tag), lang);
    });
  }
});

// fixtureSync: plain elements need no render, and a background tab may never reach the next frame.
describe('langOf', () => {
  let documentLang: string;
  beforeEach(() => {
    documentLang = document.documentElement.lang;
  });
  afterEach(() => {
    document.documentElement.lang = documentLang;
  });

  it('prefers the element’s own lang, then the closest ancestor’s, then the page’s', () => {
    document.documentElement.lang = 'zh-CN';
    const tree = fixtureSync(html`<div lang="zh-HK"><p><span id="inherits"></span><span id="own" lang="en"></span></p></div>`);
    const byId = (id: string) => {
      const element = tree.querySelector(`#${id}`);
      if (!element) throw new Error(id);
      return element;
    };
    assert.strictEqual(langOf(byId('inherits')), 'zh-HK');
    assert.strictEqual(langOf(byId('own')), 'en');
    const plain = fixtureSync(html`<span></span>`);
    assert.strictEqual(langOf(plain), 'zh-CN');
    assert.strictEqual(langOf(document.createElement('span')), 'zh-CN');
  });

  it('crosses shadow roots', () => {
    const host = fixtureSync(html`<div lang="zh-TW"></div>`);
    const inner = document.createElement('span');
    host.attachShadow({ mode: 'open' }).append(inner);
    assert.strictEqual(langOf(inner), 'zh-HK');
  });

  it('reads lang="" (unknown) as English rather than looking further up', () => {
    const tree = fixtureSync(html`<div lang="zh-HK"><span lang=""></span></div>`);
    const span = tree.querySelector('span');
    if (!span) throw new Error('no span');
    assert.strictEqual(langOf(span), 'en');
  });
});

describe('plural', () => {
  const forms = { one: '{count} minute left', other: '{count} minutes left' };
  it('follows each language’s plural rules and formats the number', () => {
    assert.strictEqual(plural('en', 1, forms), '1 minute left');
    assert.strictEqual(plural('en', 2, forms), '2 minutes left');
    assert.strictEqual(plural('en', 1000, forms), '1,000 minutes left');
    assert.strictEqual(plural('zh-HK', 1, { other: '尚餘 {count} 分鐘' }), '尚餘 1 分鐘');
  });
});

describe('QR login messages', () => {
  it('use iAM Smart’s terms: 「智方便」, 登入 / 登录, 識別碼 / 识别码, 二維碼 / 二维码', () => {
    const hk = messagesFor('zh-HK').qr;
    const cn = messagesFor('zh-CN').qr;
    assert.include(hk.steps[0], '「智方便」');
    assert.include(cn.steps[0], '「智方便」');
    assert.strictEqual(hk.codeLabel, '識別碼');
    assert.strictEqual(cn.codeLabel, '识别码');
    assert.include(hk.newCode, '二維碼');
    assert.include(cn.newCode, '二维码');
    assert.include(hk.approved, '登入');
    assert.include(cn.approved, '登录');
    assert.notInclude(JSON.stringify(cn), '登入');
  });

  it('fill placeholders and plurals', () => {
    assert.strictEqual(format(messagesFor('en').qr.expiresIn, { time: '2:45' }), 'Expires in 2:45');
    assert.strictEqual(plural('en', 1, messagesFor('en').qr.minutesLeft), 'The QR code expires in 1 minute.');
    assert.strictEqual(plural('en', 2, messagesFor('en').qr.minutesLeft), 'The QR code expires in 2 minutes.');
    assert.strictEqual(plural('zh-CN', 20, messagesFor('zh-CN').qr.secondsLeft), '二维码将于 20 秒后失效。如需更多时间，请选择「获取新的二维码」。');
    assert.strictEqual(format('{a} {b}', { a: '1' }), '1 {b}');
  });
});

describe('plain words (decision 062)', () => {
  const FLOWS = ['login', 'sign', 'eme', 'notify'] as const;
  /** A next step, as every error message ends: "Please …", 請…, 请…. */
  const NEXT_STEP = { en: /\bPlease\b/, 'zh-HK': /請/, 'zh-CN': /请/ };

  /** Every string a language's catalogues hold (the values, not the keys: `authorization_error` is a code). */
  function strings(value: unknown): string[] {
    if (typeof value === 'string') return [value];
    return typeof value === 'object' && value !== null ? Object.values(value).flatMap(strings) : [];
  }

  /** Asserts that no string of `lang` matches `pattern`. */
  function noneMatch(lang: (typeof LANGS)[number], pattern: RegExp): void {
    for (const text of strings(messagesFor(lang))) assert.notMatch(text, pattern, lang);
  }

  it('every error message says what to do next, in every flow and language', () => {
    for (const lang of LANGS) {
      const text = messagesFor(lang);
      const general = { errorFallback: text.errorFallback, requestExpiredMessage: text.qr.requestExpiredMessage };
      for (const flow of FLOWS) {
        const { errors, notConfigured } = flowMessages(lang, flow);
        for (const [key, message] of Object.entries({ ...errors, notConfigured, ...general })) {
          assert.match(message, NEXT_STEP[lang], `${lang} ${flow} ${key}`);
        }
      }
    }
  });

  it('spell “iAM Smart” exactly, and “log in” as the verb (“login” only as a noun or in “Login with iAM Smart”)', () => {
    for (const lang of LANGS) {
      for (const text of strings(messagesFor(lang))) {
        for (const [spelt] of text.replaceAll('iamsmart.gov.hk', '').matchAll(/i\s*a\s*m[\s-]*smart/gi)) assert.strictEqual(spelt, 'iAM Smart', lang);
      }
      noneMatch(lang, /\b(?:please|to|then|and|can|must|not|again,?) log-?in\b|\blogin (?:again|first|with (?!iAM Smart))/i);
    }
  });

  it('one term per thing: approve (never authorise), the QR code or the identification code (never a bare “code”)', () => {
    noneMatch('en', /authori[sz]/i);
    noneMatch('en', /(?<!QR |identification |\{)\bcode\b/i);
    noneMatch('zh-HK', /授權/);
    noneMatch('zh-CN', /授权/);
  });

  it('quote 「智方便」 in Chinese except inside the names 智方便登入, 智方便數碼簽署 and 以智方便填寫', () => {
    for (const lang of ['zh-HK', 'zh-CN'] as const) noneMatch(lang, /(?<![「『])智方便(?![」』]|登入|登录|數碼簽署|数码签署|填寫|填写)/);
  });

  it('log in with 登录 in zh-CN (登入 only in the name 智方便登入), and call a request 要求 in zh-HK, 请求 in zh-CN', () => {
    noneMatch('zh-HK', /登录|請求/);
    noneMatch('zh-CN', /(?<!智方便)登入/);
    // 要求 stays where it is the verb "asks for".
    noneMatch('zh-CN', /要求(?!「智方便」|：)/);
  });
});

describe('signing messages', () => {
  it('have a signing message for every SDK error code in every language (notifications\' own codes through flowMessages)', () => {
    for (const lang of LANGS) {
      const { errors } = flowMessages(lang, 'sign');
      assert.deepEqual(Object.keys(errors).sort(), [...ERROR_CODES].sort(), lang);
      for (const code of ERROR_CODES) assert.notStrictEqual(errors[code].trim(), '', `${lang} ${code}`);
    }
  });

  it('use iAM Smart’s wording: “Signing with iAM Smart”, 智方便數碼簽署, 智方便数码签署', () => {
    assert.deepEqual(
      LANGS.map((lang) => messagesFor(lang).sign.label),
      ['Signing with iAM Smart', '智方便數碼簽署', '智方便数码签署'],
    );
    assert.include(messagesFor('zh-HK').sign.qr.denied, '數碼簽署');
    assert.include(messagesFor('zh-CN').sign.qr.denied, '数码签署');
    assert.strictEqual(messagesFor('zh-HK').sign.fingerprint, '文件指紋');
    assert.strictEqual(messagesFor('zh-CN').sign.fingerprint, '文件指纹');
  });

  it('never speak of logging in', () => {
    for (const lang of LANGS) {
      const { sign } = messagesFor(lang);
      const { qr, errors, notConfigured } = flowMessages(lang, 'sign');
      // The messages, not the codes they are keyed by (login_required).
      const words = JSON.stringify([sign, qr, Object.values(errors), notConfigured]);
      assert.notMatch(words, /log ?in|登入|登录/i, lang);
    }
  });

  it('answer signing\'s and form filling\'s own general message for notifications\' codes, which they never meet (decision 059)', () => {
    for (const lang of LANGS) {
      for (const flow of ['sign', 'eme'] as const) {
        const { errors } = flowMessages(lang, flow);
        for (const code of ['login_required', 'not_consented', 'topic_unknown', 'message_invalid', 'message_too_large', 'link_invalid'] as const) {
          assert.strictEqual(errors[code], messagesFor(lang)[flow].errors.unknown, `${lang} ${flow} ${code}`);
        }
        assert.strictEqual(errors.access_denied, messagesFor(lang)[flow].errors.access_denied);
      }
    }
  });

  it('keep the login’s wording for the login purpose', () => {
    assert.strictEqual(flowMessages('en', 'login').qr, messagesFor('en').qr);
    assert.strictEqual(flowMessages('en', 'login').errors.access_denied, 'The login was not approved in iAM Smart. Please try again if you want to log in.');
    assert.strictEqual(flowMessages('en', 'sign').qr.newCode, messagesFor('en').qr.newCode);
  });

  it('fill the signer and the validity', () => {
    assert.strictEqual(format(messagesFor('en').sign.signedBy, { signer: 'CHAN Tai Man' }), 'Signed by CHAN Tai Man.');
    assert.strictEqual(format(messagesFor('zh-HK').sign.validityRange, { from: 'A', to: 'B' }), 'A 至 B');
  });
});
