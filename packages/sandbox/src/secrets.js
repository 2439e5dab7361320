/**
 * Secrets kept in the sandbox's data folder so a restart keeps ID tokens verifiable and browser
 * sessions readable: the signing keys (private JWKs), the cookie-signing keys and the pairwise
 * salt. Each is created on first start, written with mode 0600 and read back afterwards.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The default data folder: `${XDG_CACHE_HOME:-~/.cache}/iamsmart-sandbox`. */
export function defaultDataDir(env = process.env) {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'iamsmart-sandbox');
}

/**
 * RFC 7638 JWK thumbprint, used as the key id so it is derived from the key, not invented.
 * @param {Record<string, unknown>} jwk
 */
function thumbprint(jwk) {
  const members = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : ['crv', 'kty', 'x', 'y'];
  const canonical = JSON.stringify(Object.fromEntries(members.map((name) => [name, jwk[name]])));
  return createHash('sha256').update(canonical).digest('base64url');
}

/** @param {'RS256' | 'ES256'} alg */
function signingKey(alg) {
  const { privateKey } = alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = /** @type {Record<string, unknown>} */ (privateKey.export({ format: 'jwk' }));
  return { ...jwk, kid: thumbprint(jwk), alg, use: 'sig' };
}

const SECRET_FILES = {
  jwks: {
    file: 'jwks.json',
    create: () => ({ keys: [signingKey('RS256'), signingKey('ES256')] }),
    /** @param {any} value */
    valid: (value) => Array.isArray(value?.keys) && value.keys.length > 0
      && value.keys.every((/** @type {any} */ key) => typeof key?.kid === 'string' && typeof key.d === 'string'),
  },
  cookieKeys: {
    file: 'cookie-keys.json',
    create: () => [randomBytes(32).toString('base64url')],
    /** @param {any} value */
    valid: (value) => Array.isArray(value) && value.length > 0 && value.every((key) => typeof key === 'string' && key.length >= 32),
  },
  pairwiseSalt: {
    file: 'pairwise-salt.json',
    create: () => randomBytes(32).toString('base64url'),
    /** @param {any} value */
    valid: (value) => typeof value === 'string' && value.length >= 32,
  },
};

/**
 * Reads a JSON secret file, or creates it (mode 0600) when it does not exist yet.
 * @param {string} path
 * @param {() => unknown} create may return a promise
 * @param {(value: unknown) => boolean} valid
 */
export async function loadOrCreate(path, create, valid) {
  let text;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'ENOENT') throw error;
  }
  if (text === undefined) {
    const value = await create();
    try {
      // 'wx' so that two sandboxes starting together never overwrite each other's keys.
      await writeFile(path, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      return value;
    } catch (error) {
      if (/** @type {NodeJS.ErrnoException} */ (error).code !== 'EEXIST') throw error;
      text = await readFile(path, 'utf8');
    }
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new Error(`The sandbox secret file ${path} is not valid JSON. Delete it to let the sandbox create a new one.`, { cause });
  }
  if (!valid(value)) {
    throw new Error(`The sandbox secret file ${path} does not have the expected content. Delete it to let the sandbox create a new one.`);
  }
  // Keep private keys private even when the file was copied in with a looser mode.
  if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return value;
}

/**
 * Reads (or creates on first start) the sandbox's secrets in `dataDir`.
 * @param {string} dataDir
 * @returns {Promise<{ jwks: { keys: Record<string, unknown>[] }, cookieKeys: string[], pairwiseSalt: string }>}
 */
export async function loadSecrets(dataDir) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const entries = await Promise.all(Object.entries(SECRET_FILES).map(async ([name, spec]) => [
    name,
    await loadOrCreate(join(dataDir, spec.file), spec.create, spec.valid),
  ]));
  return /** @type {any} */ (Object.fromEntries(entries));
}
