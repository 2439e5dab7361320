import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hkidCheckDigit, isValidHkid } from '../src/hkid.js';
import { residents } from '../src/residents.js';

test('the textbook example A123456(3) is valid and any other check digit is not', () => {
  assert.equal(hkidCheckDigit('A123456'), '3');
  assert.equal(isValidHkid('A123456', '3'), true);
  for (const wrong of ['0', '1', '2', '4', '5', '6', '7', '8', '9', 'A']) {
    assert.equal(isValidHkid('A123456', wrong), false, `A123456(${wrong})`);
  }
});

test('two-letter prefixes use both letters (no space padding)', () => {
  assert.equal(hkidCheckDigit('XA506172'), '2');
  assert.notEqual(hkidCheckDigit('XA506172'), hkidCheckDigit('A506172'));
});

test('a remainder of 1 gives the check digit "A"', () => {
  assert.equal(hkidCheckDigit('Z683365'), 'A');
  assert.equal(isValidHkid('Z683365', 'a'), true, 'lower-case check digit accepted');
});

test('malformed bodies are rejected', () => {
  for (const body of ['123456', 'ABC123456', 'A12345', 'A1234567', 'A12345B', '']) {
    assert.throws(() => hkidCheckDigit(body), TypeError, body);
    assert.equal(isValidHkid(body, '0'), false, body);
  }
});

test('every test resident has a valid HKID number', () => {
  for (const resident of residents) {
    const { identification, checkDigit } = resident.eme.idNo;
    assert.ok(isValidHkid(identification, checkDigit), `${resident.id}: ${identification}(${checkDigit})`);
  }
  assert.ok(residents.some((r) => /^[A-Z]{2}/.test(r.eme.idNo.identification)), 'one two-letter prefix');
  assert.ok(residents.some((r) => /^[A-Z]\d/.test(r.eme.idNo.identification)), 'one-letter prefixes');
});
