// The e-ME data checks on their own: the sandbox's residents pass exactly as they are, every
// malformed value is reported (never passed on), only requested fields are read, and the HKID
// check digit agrees with the residents' numbers.
import { assert } from '@open-wc/testing';
import { EME_FIELDS, hkidCheckDigit, type EmeField } from '@iamsmart/protocol';
import { readEmeData } from './data.js';

interface Resident {
  eme: Record<string, unknown>;
}

let residents: Resident[];

before(async () => {
  residents = (await (await fetch('/packages/sandbox/src/residents.json')).json()) as Resident[];
});

describe('readEmeData', () => {
  it('passes every field of every sandbox resident exactly as the sandbox holds it', () => {
    assert.isAtLeast(residents.length, 2);
    let missing = 0;
    for (const { eme } of residents) {
      const result = readEmeData(eme, EME_FIELDS);
      // residents.json writes a field the resident does not have as null.
      const held = EME_FIELDS.filter((field) => eme[field] !== undefined && eme[field] !== null);
      assert.deepEqual(result.invalid, []);
      assert.deepEqual(result.data, Object.fromEntries(held.map((field) => [field, eme[field]])));
      assert.deepEqual(result.filled, held);
      assert.deepEqual(result.missing, EME_FIELDS.filter((field) => !held.includes(field)));
      missing += result.missing.length;
    }
    assert.isAbove(missing, 0, 'some resident lacks a field');
  });

  it('reads only the requested fields, in the requested order; the rest of the answer is ignored', () => {
    const eme = residents[0]?.eme ?? {};
    const result = readEmeData({ sub: 'someone', ...eme, hkid: 'A1234563', name: 'CHAN Tai Man' }, ['mobileNumber', 'enName']);
    assert.deepEqual(result, { data: { mobileNumber: eme.mobileNumber, enName: eme.enName }, filled: ['mobileNumber', 'enName'], missing: [], invalid: [] } as unknown as ReturnType<typeof readEmeData>);
    assert.deepEqual(Object.keys(result.data), ['mobileNumber', 'enName']);
  });

  it('a requested field the answer lacks, or gives as null, is missing', () => {
    const result = readEmeData({ enName: { lastName: 'CHAN', firstName: 'Tai Man' }, carOwner: null }, ['enName', 'chName', 'carOwner']);
    assert.deepEqual(result.filled, ['enName']);
    assert.deepEqual(result.missing, ['chName', 'carOwner']);
    assert.deepEqual(Object.keys(result.data), ['enName']);
  });

  it('trims names and plain texts, and upper-cases an HKID', () => {
    const result = readEmeData(
      { enName: { lastName: ' CHAN ', firstName: 'Tai Man\n' }, prefix: ' Mr ', idNo: { identification: 'k543210', checkDigit: '3' }, extra: 1 },
      ['enName', 'prefix', 'idNo'],
    );
    assert.deepEqual(result.data, { enName: { lastName: 'CHAN', firstName: 'Tai Man' }, prefix: 'Mr', idNo: { identification: 'K543210', checkDigit: '3' } });
  });

  it('accepts what is well-formed at the edges: 29 Feb of a leap year, check digit A, two letters, a 15-digit number', () => {
    const result = readEmeData(
      {
        birthDate: '2024-02-29',
        idNo: { identification: 'Z000001', checkDigit: 'A' },
        mobileNumber: { countryCode: '1', subscriberNumber: '123456789012345' },
        residentialAddress: { zh: { street: '大涌橋路18號' } },
        passportNumber: 'x'.repeat(200),
        carOwner: false,
      },
      ['birthDate', 'idNo', 'mobileNumber', 'residentialAddress', 'passportNumber', 'carOwner'],
    );
    assert.deepEqual(result.invalid, []);
    assert.lengthOf(result.filled, 6);
  });

  const malformed: [EmeField, unknown, RegExp][] = [
    ['enName', 'CHAN Tai Man', /not a name/],
    ['enName', { lastName: 'CHAN' }, /firstName is not a string/],
    ['chName', { lastName: '  ', firstName: '大文' }, /lastName is empty/],
    ['idNo', { identification: 'K543210', checkDigit: '4' }, /check digit does not match/],
    ['idNo', { identification: 'K54321', checkDigit: '3' }, /one or two letters and six digits/],
    ['idNo', { identification: 'ABC543210', checkDigit: '3' }, /one or two letters and six digits/],
    ['idNo', { identification: 'K543210', checkDigit: 'B' }, /checkDigit is not 0-9 or A/],
    ['idNo', 'K543210(3)', /not an HKID number/],
    ['birthDate', '1978-02-31', /not a calendar date/],
    ['birthDate', '2023-02-29', /not a calendar date/],
    ['birthDate', '1978-13-01', /not a calendar date/],
    ['birthDate', '1978-3-14', /YYYY-MM-DD/],
    ['birthDate', '14/03/1978', /YYYY-MM-DD/],
    ['passportExpiry', '2031-08-19T00:00:00Z', /YYYY-MM-DD/],
    ['gender', 'X', /"M" or "F"/],
    ['gender', 'm', /"M" or "F"/],
    ['mobileNumber', { countryCode: '+852', subscriberNumber: '91234567' }, /countryCode/],
    ['mobileNumber', { countryCode: '852', subscriberNumber: '9123 4567' }, /subscriberNumber/],
    ['homeTelNumber', { countryCode: '852', subscriberNumber: '123' }, /subscriberNumber/],
    ['officeTelNumber', '+852 2810 5678', /not a phone number/],
    ['emailAddress', 'chan.taiman', /not an email address/],
    ['emailAddress', 'chan taiman@example.com', /not an email address/],
    ['emailAddress', 'chan@example', /not an email address/],
    ['residentialAddress', { en: { flat: 3 } }, /en\.flat is not a string/],
    ['residentialAddress', { en: { planet: 'Mars' } }, /unknown address part "planet"/],
    ['postalAddress', { fr: { street: 'Rue de la Paix' } }, /unknown address format "fr"/],
    ['postalAddress', {}, /neither an English nor a Chinese address/],
    ['postalAddress', { zh: {} }, /zh: no address part/],
    ['propertyOwner', 'yes', /not true or false/],
    ['carOwner', 0, /not true or false/],
    ['prefix', '', /empty/],
    ['maritalStatus', 42, /not a string/],
    ['educationLevel', 'x'.repeat(201), /longer than 200/],
    ['employmentStatus', ['employed'], /not a string/],
  ];
  for (const [field, value, reason] of malformed) {
    it(`${field} ${JSON.stringify(value).slice(0, 60)} → invalid, not in data`, () => {
      // A well-formed field beside it, which must still come through.
      const other: EmeField = field === 'carOwner' ? 'propertyOwner' : 'carOwner';
      const result = readEmeData({ [field]: value, [other]: true }, [field, other]);
      assert.strictEqual(result.invalid.length, 1);
      assert.strictEqual(result.invalid[0]?.field, field);
      assert.match(result.invalid[0]?.reason ?? '', reason);
      assert.notProperty(result.data, field);
      assert.deepEqual(result.filled, [other]);
      assert.deepEqual(result.missing, []);
    });
  }
});

describe('hkidCheckDigit (from @iamsmart/protocol)', () => {
  it("agrees with every sandbox resident's number", () => {
    for (const { eme } of residents) {
      const { identification, checkDigit } = eme.idNo as { identification: string; checkDigit: string };
      assert.strictEqual(hkidCheckDigit(identification), checkDigit);
    }
  });
});
