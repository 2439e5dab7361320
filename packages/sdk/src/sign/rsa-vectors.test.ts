// Known-answer tests of the hand-written RSASSA-PKCS1-v1_5 verification (rsa.ts) with every
// test case of Project Wycheproof's rsa_signature_2048_sha256_test.json (test-vectors/, Apache
// 2.0; fetched here, never imported by the SDK, so it is in no bundle or package). The function
// takes a hash, so each message is hashed with SHA-256 first. "acceptable" cases (legacy
// encodings such as a DigestInfo without its NULL) must be refused: the one encoding RFC 8017
// allows is the only one accepted (decision 028).
import { assert } from '@open-wc/testing';
import { rsaPkcs1Sha256VerifyHash } from './rsa.js';

interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WycheproofFile {
  algorithm: string;
  numberOfTests: number;
  testGroups: { keySize: number; sha: string; publicKey: { modulus: string; publicExponent: string }; tests: WycheproofTest[] }[];
}

const hex = (value: string): Uint8Array<ArrayBuffer> => Uint8Array.from(value.match(/../g) ?? [], (byte) => parseInt(byte, 16));

describe('rsaPkcs1Sha256VerifyHash: Wycheproof RSASSA-PKCS1-v1_5 2048/SHA-256 vectors', () => {
  it('answers every test case as the vectors say (valid accepted; invalid and acceptable refused)', async () => {
    const response = await fetch(new URL('./test-vectors/rsa_signature_2048_sha256_test.json', import.meta.url));
    const file = (await response.json()) as WycheproofFile;
    assert.strictEqual(file.algorithm, 'RSASSA-PKCS1-v1_5');
    const wrong: string[] = [];
    const counts = { valid: 0, invalid: 0, acceptable: 0 };
    for (const group of file.testGroups) {
      assert.strictEqual(group.sha, 'SHA-256');
      const modulus = hex(group.publicKey.modulus);
      const exponent = hex(group.publicKey.publicExponent);
      for (const test of group.tests) {
        const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', hex(test.msg)));
        const verified = rsaPkcs1Sha256VerifyHash(modulus, exponent, hash, hex(test.sig));
        counts[test.result] += 1;
        if (verified !== (test.result === 'valid')) wrong.push(`tcId ${test.tcId} (${test.result}; ${test.flags.join(', ') || 'no flags'}${test.comment ? `; ${test.comment}` : ''}): ${verified ? 'accepted' : 'refused'}`);
      }
    }
    assert.deepEqual(wrong, []);
    assert.strictEqual(counts.valid + counts.invalid + counts.acceptable, file.numberOfTests);
    assert.deepEqual(counts, { valid: 9, invalid: 249, acceptable: 1 });
  });
});
