/**
 * A new platform client's credentials for local use: a client secret, an RSA-2048 key pair and a
 * self-signed encipherment certificate for its public key. Used by `iamsmart-sandbox new-client`
 * and for the demo site's own platform client (kept in the data folder).
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadOrCreate } from '../secrets.js';
import { MIN_RSA_BITS } from './choices.js';

x509.cryptoProvider.set(globalThis.crypto);

const CERTIFICATE_DAYS = 825;

/**
 * @param {string} clientId
 * @returns {Promise<{ secret: string, privateKeyPem: string, certificatePem: string }>}
 */
export async function createPlatformCredentials(clientId) {
  const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: MIN_RSA_BITS };
  const keys = /** @type {import('node:crypto').webcrypto.CryptoKeyPair} */ (await globalThis.crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']));
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const notBefore = new Date();
  const name = `CN=${clientId.replace(/[,+="\\<>;#]/g, '_')} encipherment (iAM Smart sandbox, local use only)`;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name,
    notBefore,
    notAfter: new Date(notBefore.getTime() + CERTIFICATE_DAYS * 24 * 60 * 60 * 1000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      // The key only receives wrapped content keys (and signs this certificate).
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    secret: randomBytes(32).toString('base64url'),
    privateKeyPem: x509.PemConverter.encode(der, 'PRIVATE KEY'),
    certificatePem: cert.toString('pem'),
  };
}

/** The file in the data folder holding the demo site's platform credentials (mode 0600). */
export const DEMO_PLATFORM_FILE = 'demo-platform-client.json';

/**
 * The demo site's platform credentials, created on first start and read back afterwards.
 * @param {string} dataDir
 * @returns {Promise<{ secret: string, privateKeyPem: string, certificatePem: string }>}
 */
export async function loadDemoPlatformCredentials(dataDir) {
  return /** @type {any} */ (await loadOrCreate(
    join(dataDir, DEMO_PLATFORM_FILE),
    () => createPlatformCredentials('demo-site'),
    (value) => {
      const v = /** @type {any} */ (value);
      return typeof v?.secret === 'string' && typeof v.privateKeyPem === 'string' && typeof v.certificatePem === 'string';
    },
  ));
}
