import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EME_FIELDS, isEmeField, isValidHkid } from '@iamsmart/protocol';
import { residentClaims } from '../src/claims.js';
import { ageOf, englishName, residents } from '../src/residents.js';

// A resident may have no Chinese name (field absent) and no office phone (null: not in e-ME).
const MAY_BE_ABSENT = new Set(['chName']);
const MAY_BE_NULL = new Set(['officeTelNumber']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

test('at least six residents with unique stable ids and English names', () => {
  assert.ok(residents.length >= 6);
  assert.equal(new Set(residents.map((r) => r.id)).size, residents.length);
  assert.equal(new Set(residents.map(englishName)).size, residents.length);
  for (const resident of residents) assert.match(resident.id, /^res-[a-z-]+$/);
});

test('every resident has a complete e-ME profile in iAM Smart field names', () => {
  for (const { id, eme } of residents) {
    for (const field of EME_FIELDS) {
      if (MAY_BE_ABSENT.has(field) && !(field in eme)) continue;
      assert.ok(field in eme, `${id}: ${field} present`);
      if (MAY_BE_NULL.has(field) && eme[field] === null) continue;
      assert.ok(eme[field] !== null && eme[field] !== '', `${id}: ${field} filled`);
    }
    assert.deepEqual(Object.keys(eme).filter((key) => !isEmeField(key)), [], `${id}: no other fields`);
    assert.match(eme.enName.lastName, /^[A-Z]+$/, `${id}: surname in capitals`);
    assert.ok(eme.enName.firstName);
    if (eme.chName) assert.ok(eme.chName.lastName && eme.chName.firstName, `${id}: chName parts`);
    assert.match(eme.birthDate, ISO_DATE);
    assert.match(eme.passportExpiry, ISO_DATE);
    assert.ok(['M', 'F'].includes(eme.gender));
    for (const phone of [eme.homeTelNumber, eme.officeTelNumber, eme.mobileNumber].filter(Boolean)) {
      assert.equal(phone.countryCode, '852');
      assert.match(phone.subscriberNumber, /^[2-9]\d{7}$/, `${id}: HK phone number`);
    }
    assert.match(eme.mobileNumber.subscriberNumber, /^[4-9]/, `${id}: mobile numbers start 4-9`);
    assert.match(eme.emailAddress, /^[^@\s]+@example\.[a-z]+$/, `${id}: reserved example domain`);
    for (const address of [eme.residentialAddress, eme.postalAddress]) {
      for (const part of ['street', 'area', 'district', 'region']) {
        assert.ok(address.en[part], `${id}: English ${part}`);
        assert.ok(address.zh[part], `${id}: Chinese ${part}`);
      }
      assert.match(address.zh.district, /[\u4e00-\u9fff]/);
    }
    assert.equal(typeof eme.propertyOwner, 'boolean');
    assert.equal(typeof eme.carOwner, 'boolean');
  }
});

test('the residents cover the personas the kit is tested with', () => {
  const chan = residents.find((r) => englishName(r) === 'CHAN Tai Man');
  assert.ok(chan, 'CHAN Tai Man');
  assert.deepEqual(chan.eme.chName, { lastName: '陳', firstName: '大文' });

  const minors = residents.filter((r) => ageOf(r) >= 11 && ageOf(r) <= 17);
  assert.ok(minors.length >= 1, 'one resident aged 11–17 today');

  assert.ok(residents.some((r) => !r.eme.chName), 'one resident with no Chinese name');
  assert.ok(residents.some((r) => r.passportIssuer !== 'HKG' && r.nationality !== 'CHN'), 'one holding a non-HK passport');

  const districts = new Set(residents.map((r) => r.eme.residentialAddress.en.district));
  const regions = new Set(residents.map((r) => r.eme.residentialAddress.en.region));
  assert.ok(districts.size >= 5, 'varied districts');
  assert.deepEqual([...regions].sort(), ['Hong Kong', 'Kowloon', 'New Territories']);
  assert.equal(new Set(residents.map((r) => r.eme.mobileNumber.subscriberNumber)).size, residents.length);
  assert.deepEqual(new Set(residents.map((r) => r.locale)), new Set(['en', 'zh-HK', 'zh-CN']));
});

test('ages are counted in whole years around the birthday', () => {
  const resident = /** @type {any} */ ({ eme: { birthDate: '2012-03-15' } });
  assert.equal(ageOf(resident, new Date('2026-03-14T12:00:00Z')), 13);
  assert.equal(ageOf(resident, new Date('2026-03-15T12:00:00Z')), 14);
});

test('profile claims: "CHAN Tai Man" style name, enName, chName only when there is one, locale', () => {
  const chan = residents.find((r) => r.id === 'res-chan-tai-man');
  assert.deepEqual(residentClaims(chan), {
    name: 'CHAN Tai Man',
    enName: { lastName: 'CHAN', firstName: 'Tai Man' },
    chName: { lastName: '陳', firstName: '大文' },
    locale: 'zh-HK',
  });
  const withoutChinese = residents.find((r) => !r.eme.chName);
  assert.equal('chName' in residentClaims(withoutChinese), false);
});

test('every test resident has a valid HKID number', () => {
  for (const resident of residents) {
    const { identification, checkDigit } = resident.eme.idNo;
    assert.ok(isValidHkid(identification, checkDigit), `${resident.id}: ${identification}(${checkDigit})`);
  }
  assert.ok(residents.some((r) => /^[A-Z]{2}/.test(r.eme.idNo.identification)), 'one two-letter prefix');
  assert.ok(residents.some((r) => /^[A-Z]\d/.test(r.eme.idNo.identification)), 'one-letter prefixes');
});
