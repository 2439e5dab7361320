import { assert } from '@open-wc/testing';
import { IamSmartError } from '../errors.js';
import { DEFAULT_MAX_DOCUMENT_BYTES, hashDocument, hashFingerprint, normalizeHash } from './hash.js';

async function rejection(promise: Promise<unknown>): Promise<IamSmartError> {
  try {
    await promise;
  } catch (error) {
    assert.instanceOf(error, IamSmartError);
    return error;
  }
  throw new Error('expected a rejection');
}

/** A Blob that fails the test if anything reads it. */
function unreadableBlob(size: number): Blob {
  const blob = new Blob(['x']);
  Object.defineProperty(blob, 'size', { value: size });
  for (const method of ['arrayBuffer', 'stream', 'text', 'slice', 'bytes']) {
    Object.defineProperty(blob, method, { value: () => assert.fail(`the Blob was read (${method})`) });
  }
  return blob;
}

describe('hashDocument', () => {
  // FIPS 180-2 / NIST CAVS SHA-256 vectors, written as base64.
  it('hashes "abc" (one block)', async () => {
    assert.deepEqual(await hashDocument('abc'), { hash: 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=', size: 3 });
  });

  it('hashes the 448-bit message (two blocks), as bytes and as a view into a larger buffer', async () => {
    const message = 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq';
    const expected = 'JI1qYdIGOLjlwCaTDD5gOaM85Flk/yFn9uzt1BnbBsE=';
    const bytes = new TextEncoder().encode(message);
    assert.strictEqual((await hashDocument(bytes.buffer)).hash, expected);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    assert.deepEqual(await hashDocument(new DataView(padded.buffer, 4, bytes.length)), { hash: expected, size: 56 });
  });

  it('hashes one million "a" given as a Blob', async () => {
    const blob = new Blob(['a'.repeat(1_000_000)], { type: 'text/plain' });
    assert.deepEqual(await hashDocument(blob), { hash: 'zcduXJkU+5KBocfihNc+Z/GAmkiklyAOBG05zMcRLNA=', size: 1_000_000 });
  });

  it('hashes strings as UTF-8', async () => {
    assert.deepEqual(await hashDocument('數碼簽署'), { hash: '+qEQ2wlZnAafA+ulBL61OiWSMtHAYDxX57SquhTzM3U=', size: 12 });
  });

  it('refuses an empty document of every kind', async () => {
    for (const empty of ['', new Blob([]), new ArrayBuffer(0), new Uint8Array(0)]) {
      const error = await rejection(hashDocument(empty));
      assert.strictEqual(error.code, 'document_invalid');
      assert.match(error.message, /empty/);
    }
  });

  it('refuses a document over the limit before reading it', async () => {
    const error = await rejection(hashDocument(unreadableBlob(DEFAULT_MAX_DOCUMENT_BYTES + 1)));
    assert.strictEqual(error.code, 'document_invalid');
    assert.include(error.message, `over the limit of ${100 * 1024 * 1024} bytes`);
    assert.strictEqual((await rejection(hashDocument('12345678901', { maxBytes: 10 }))).code, 'document_invalid');
    assert.strictEqual((await hashDocument('1234567890', { maxBytes: 10 })).size, 10);
  });

  it('refuses what is not a document', async () => {
    const error = await rejection(hashDocument({ size: 3 } as unknown as Blob));
    assert.strictEqual(error.code, 'document_invalid');
  });
});

describe('normalizeHash', () => {
  it('accepts base64 of exactly 32 bytes', () => {
    assert.strictEqual(normalizeHash('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='), 'ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });

  const wrongHashes: [string, string][] = [
    ['31 bytes', btoa('x'.repeat(31))],
    ['33 bytes', btoa('x'.repeat(33))],
    ['a SHA-1 (20 bytes)', 'qZk+NkcGgWq6PiVxeFDCbJzQ2J0='],
    ['base64url', 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0='],
    ['hex', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['empty', ''],
  ];
  for (const [name, value] of wrongHashes) {
    it(`refuses ${name}`, () => {
      try {
        normalizeHash(value);
      } catch (error) {
        assert.instanceOf(error, IamSmartError);
        assert.strictEqual(error.code, 'document_invalid');
        return;
      }
      assert.fail('accepted');
    });
  }

  it('refuses a non-string', () => {
    assert.throws(() => normalizeHash(42 as unknown as string), IamSmartError, /32 bytes/);
  });
});

describe('hashFingerprint', () => {
  it('is the first 8 bytes in upper-case hex groups of four, as the app shows it', async () => {
    // SHA-256("abc") = ba7816bf8f01cfea 414140de…
    assert.strictEqual(hashFingerprint((await hashDocument('abc')).hash), 'BA78 16BF 8F01 CFEA');
    assert.strictEqual(hashFingerprint(btoa('\x00\x01\x0a\xff'.padEnd(32, '\x00'))), '0001 0AFF 0000 0000');
  });

  it('refuses what is not a SHA-256 hash', () => {
    assert.throws(() => hashFingerprint(btoa('x'.repeat(20))), IamSmartError, /32 bytes/);
  });
});
