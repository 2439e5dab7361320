import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NOTIFY_LIMITS, notifyLinkProblem, notifyTextProblem, notifyTopicProblem, plainTextProblem } from '../src/index.js';

const text = (en, zhHK = '你的預約書籍已可領取。', zhCN = '你的预约书籍已可领取。') => ({ en, 'zh-HK': zhHK, 'zh-CN': zhCN });

test('a message in three languages of plain text passes', () => {
  assert.equal(notifyTextProblem(text('Your reserved book is ready.\nCollect it by Friday.')), undefined);
  assert.equal(notifyTextProblem(text('Fish & chips < 5 dollars, R&D, 1 < 2 > 0')), undefined);
});

test('markup, control characters, a missing or extra language, or empty text are message_invalid', () => {
  for (const en of ['<b>Ready</b>', 'Ready</p>', 'See <!-- x -->', 'A &amp; B', 'A &#60;b>', 'A &#x3c;', 'tab\there', 'bell\u0007', 'rtl\u202Eevil', '   ', '']) {
    assert.equal(notifyTextProblem(text(en)), 'message_invalid', JSON.stringify(en));
  }
  assert.equal(notifyTextProblem({ en: 'Ready', 'zh-HK': '可取' }), 'message_invalid');
  assert.equal(notifyTextProblem({ ...text('Ready'), fr: 'Prêt' }), 'message_invalid');
  assert.equal(notifyTextProblem('Ready'), 'message_invalid');
  assert.equal(notifyTextProblem(text('Ready', 42)), 'message_invalid');
});

test('text over the limit is message_too_large, counted in characters, not UTF-16 units', () => {
  assert.equal(notifyTextProblem(text('a'.repeat(NOTIFY_LIMITS.text + 1))), 'message_too_large');
  assert.equal(notifyTextProblem(text('a', '書'.repeat(NOTIFY_LIMITS.text))), undefined);
  assert.equal(notifyTextProblem(text('a', '𠀋'.repeat(NOTIFY_LIMITS.text))), undefined);
  // markup beats size: the text is refused as what it is
  assert.equal(notifyTextProblem(text(`<b>${'a'.repeat(NOTIFY_LIMITS.text)}`)), 'message_invalid');
  assert.equal(plainTextProblem('x'.repeat(61), 60), 'message_too_large');
});

test('a link must be https on a registered origin (http on the loopback), without credentials', () => {
  const origins = ['https://library.example.hk', 'http://localhost:8080'];
  assert.equal(notifyLinkProblem('https://library.example.hk/reservations/42', origins), undefined);
  assert.equal(notifyLinkProblem('http://localhost:8080/account', origins), undefined);
  for (const link of [
    'https://evil.example/reservations', 'https://library.example.hk.evil.example/', 'http://library.example.hk/',
    'https://library.example.hk:8443/', 'https://user:pw@library.example.hk/', 'javascript:alert(1)', '/relative',
    'https://library.example.hk/a b', `https://library.example.hk/${'a'.repeat(NOTIFY_LIMITS.link)}`, 42, 'http://localhost:9999/',
  ]) assert.equal(notifyLinkProblem(link, origins), 'link_invalid', String(link));
});

test('a topic is an id and a name in each language', () => {
  assert.equal(notifyTopicProblem('reservation-ready', { en: 'Reservation ready', 'zh-HK': '預約書籍可取', 'zh-CN': '预约书籍可取' }), undefined);
  assert.equal(notifyTopicProblem('Reservation', { en: 'a', 'zh-HK': 'b', 'zh-CN': 'c' }), 'invalid_config');
  assert.equal(notifyTopicProblem('ok', { en: 'a', 'zh-HK': 'b' }), 'invalid_config');
  assert.equal(notifyTopicProblem('ok', { en: '<i>a</i>', 'zh-HK': 'b', 'zh-CN': 'c' }), 'invalid_config');
});
