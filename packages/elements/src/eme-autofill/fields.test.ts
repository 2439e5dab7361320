/// <reference types="mocha" />
import { EME_FIELDS } from '@iamsmart/sdk';
import { assert, fixture, html } from '@open-wc/testing';
import { FAKE_EME } from '../test-support/resident.js';
import { AUTOCOMPLETE_NAMES, EME_NAMES, discover, fieldOf, nameFromAutocomplete, valueFor, type FillableElement } from './fields.js';

function input(type = 'text'): HTMLInputElement {
  const element = document.createElement('input');
  element.type = type;
  return element;
}

/** The value each data-eme name gives for the sandbox's first resident, in a text input (a textarea and a date input where noted). */
const TABLE: [name: string, value: string | boolean, control?: FillableElement][] = [
  ['enName', 'CHAN Tai Man'],
  ['enName.lastName', 'CHAN'],
  ['enName.firstName', 'Tai Man'],
  ['chName', '陳大文'],
  ['chName.lastName', '陳'],
  ['chName.firstName', '大文'],
  ['idNo', 'K543210(3)'],
  ['idNo.identification', 'K543210'],
  ['idNo.letters', 'K'],
  ['idNo.digits', '543210'],
  ['idNo.checkDigit', '3'],
  ['birthDate', '14-03-1978'],
  ['birthDate', '1978-03-14', input('date')],
  ['birthDate.day', '14'],
  ['birthDate.month', '03'],
  ['birthDate.year', '1978'],
  ['gender', 'M'],
  ['prefix', 'Mr'],
  ['maritalStatus', 'married'],
  ['homeTelNumber', '+852 26041234'],
  ['officeTelNumber.subscriberNumber', '28105678'],
  ['mobileNumber', '+852 91234567'],
  ['mobileNumber.countryCode', '852'],
  ['mobileNumber.subscriberNumber', '91234567'],
  ['emailAddress', 'chan.taiman@example.com'],
  ['residentialAddress', 'Flat C, 12/F, Block 3, Sandbox Garden, 18 Tai Chung Kiu Road, Sha Tin, New Territories'],
  ['residentialAddress', 'Flat C, 12/F, Block 3\nSandbox Garden\n18 Tai Chung Kiu Road\nSha Tin, New Territories', document.createElement('textarea')],
  ['residentialAddress.line1', 'Flat C, 12/F, Block 3'],
  ['residentialAddress.line2', 'Sandbox Garden'],
  ['residentialAddress.line3', '18 Tai Chung Kiu Road'],
  ['residentialAddress.en.building', 'Sandbox Garden'],
  ['residentialAddress.zh.street', '大涌橋路18號'],
  ['residentialAddress.zh.district', '沙田區'],
  ['postalAddress.en.street', '25 Harbour Road'],
  ['educationLevel', 'degree'],
  ['employmentStatus', 'employed'],
  ['passportNumber', 'K10384756'],
  ['passportExpiry', '19-08-2031'],
  ['propertyOwner', true],
  ['carOwner', false],
];

describe('e-ME mapping table', () => {
  for (const [name, value, control] of TABLE) {
    it(`${name}${control ? ` in a ${control instanceof HTMLTextAreaElement ? 'textarea' : 'date input'}` : ''} → ${JSON.stringify(value)}`, () => {
      assert.strictEqual(valueFor(name, FAKE_EME, control ?? input()), value);
    });
  }

  it('knows every e-ME field by its own name, and nothing else at the top level', () => {
    assert.sameMembers(
      EME_NAMES.filter((name) => !name.includes('.')),
      [...EME_FIELDS],
    );
    for (const field of EME_FIELDS) assert.strictEqual(fieldOf(field), field);
    assert.isUndefined(fieldOf('nickname'));
    assert.isUndefined(fieldOf('enName.middleName'));
  });

  it('gives nothing for a field e-ME did not return, or an address part the resident does not have', () => {
    assert.isUndefined(valueFor('enName', {}, input()));
    assert.isUndefined(valueFor('postalAddress.en.block', FAKE_EME, input()));
    assert.isUndefined(valueFor('birthDate.day', { birthDate: 'not a date' }, input()));
  });

  it('maps every autocomplete token the brief names', () => {
    assert.deepEqual(Object.keys(AUTOCOMPLETE_NAMES).sort(), [
      'address-level1',
      'address-level2',
      'address-line1',
      'address-line2',
      'address-line3',
      'bday',
      'bday-day',
      'bday-month',
      'bday-year',
      'email',
      'family-name',
      'given-name',
      'honorific-prefix',
      'name',
      'sex',
      'street-address',
      'tel',
      'tel-country-code',
      'tel-national',
    ]);
    for (const name of Object.values(AUTOCOMPLETE_NAMES)) assert.isDefined(fieldOf(name), name);
  });

  const autocomplete: [string, string | undefined][] = [
    ['given-name', 'enName.firstName'],
    ['section-a shipping family-name', 'enName.lastName'],
    ['BDAY', 'birthDate'],
    ['tel', 'mobileNumber'],
    ['home tel', 'homeTelNumber'],
    ['work tel-national', 'officeTelNumber.subscriberNumber'],
    ['mobile tel-country-code', 'mobileNumber.countryCode'],
    ['fax tel', undefined],
    ['email webauthn', 'emailAddress'],
    ['address-level1', 'residentialAddress.en.region'],
    ['off', undefined],
    ['organization', undefined],
    ['', undefined],
  ];
  for (const [tokens, name] of autocomplete) {
    it(`autocomplete="${tokens}" → ${String(name)}`, () => {
      assert.strictEqual(nameFromAutocomplete(tokens), name);
    });
  }

  it('finds controls by data-eme first, then autocomplete, and lists unknown names', async () => {
    const form = await fixture<HTMLFormElement>(html`<form>
      <input id="a" data-eme="enName.lastName" autocomplete="email" />
      <input id="b" autocomplete="given-name" />
      <input id="c" data-eme="nickname" />
      <input id="d" autocomplete="organization" />
      <input id="e" type="password" data-eme="idNo" />
      <select id="f" data-eme="gender"><option>M</option></select>
      <textarea id="g" data-eme="postalAddress"></textarea>
      <input id="h" type="hidden" data-eme="emailAddress" />
      <button data-eme="enName">Send</button>
    </form>`);
    const { targets, unknown } = discover(form);
    assert.deepEqual(
      targets.map(({ element, name, field }) => [element.id, name, field]),
      [
        ['a', 'enName.lastName', 'enName'],
        ['b', 'enName.firstName', 'enName'],
        ['f', 'gender', 'gender'],
        ['g', 'postalAddress', 'postalAddress'],
        ['h', 'emailAddress', 'emailAddress'],
      ],
    );
    assert.deepEqual(
      unknown.map(({ name, element }) => [name, element.id]),
      [['nickname', 'c']],
    );
  });
});
