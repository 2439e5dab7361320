/**
 * The sandbox signing CA: a root CA and, per resident, an RSA key with an end-entity certificate
 * naming the resident, issued by the root. Created on first start and kept in the data folder
 * (`signing-root.json`, `signing-<resident id>.json`, mode 0600), so signatures made before a
 * restart still chain to the same root.
 *
 * What a relying party receives is another certificate for the same key, issued per client on
 * first use (certificateFor): it also names the resident by the pairwise `sub` that client sees,
 * as the subject's pseudonym (2.5.4.65), so the client can check that the certificate is the
 * approving resident's (decision 028).
 */
// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata API.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { loadOrCreate } from '../secrets.js';
import { englishName } from '../residents.js';

x509.cryptoProvider.set(globalThis.crypto);

export const ROOT_NAME = 'iAM Smart Sandbox Root CA';
export const ORGANIZATION = 'iAM Smart Sandbox';
const DAY_MS = 24 * 60 * 60 * 1000;
const ROOT_DAYS = 3652;
const LEAF_DAYS = 730;
// 2048 rather than 3072: key generation on every fresh data folder (each test) stays quick.
const ROOT_BITS = 2048;
/** X.520 pseudonym: the resident's pairwise `sub` at the client the certificate is for. */
export const PSEUDONYM_OID = '2.5.4.65';
/** RFC 9336 id-kp-documentSigning. */
const DOCUMENT_SIGNING = '1.3.6.1.5.5.7.3.36';

/** @param {number} modulusLength */
const rsaAlgorithm = (modulusLength) => ({
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength,
});

/** A positive 16-byte serial number, as RFC 5280 asks (unique, at most 20 bytes). */
function serialNumber() {
  const bytes = randomBytes(16);
  bytes[0] &= 0x7f;
  return bytes.toString('hex');
}

/** @param {number} days */
function validity(days) {
  const notBefore = new Date();
  return { notBefore, notAfter: new Date(notBefore.getTime() + days * DAY_MS) };
}

/** @param {CryptoKey} key */
async function privateKeyPem(key) {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', key));
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}

async function createRoot() {
  const keys = /** @type {import('node:crypto').webcrypto.CryptoKeyPair} */ (await globalThis.crypto.subtle.generateKey(rsaAlgorithm(ROOT_BITS), true, ['sign', 'verify']));
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: [{ CN: [ROOT_NAME] }, { O: [ORGANIZATION] }],
    ...validity(ROOT_DAYS),
    signingAlgorithm: rsaAlgorithm(ROOT_BITS),
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { key: await privateKeyPem(keys.privateKey), cert: cert.toString('pem') };
}

/**
 * @param {import('../residents.js').Resident} resident
 * @param {{ key: string, cert: string }} root
 */
async function createLeaf(resident, root) {
  const algorithm = rsaAlgorithm(2048);
  const keys = /** @type {import('node:crypto').webcrypto.CryptoKeyPair} */ (await globalThis.crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']));
  const rootCert = new x509.X509Certificate(root.cert);
  const rootKey = await globalThis.crypto.subtle.importKey(
    'pkcs8',
    x509.PemConverter.decodeFirst(root.key),
    algorithm,
    false,
    ['sign'],
  );
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [englishName(resident)] }, { O: [ORGANIZATION] }],
    issuer: rootCert.subject,
    ...validity(LEAF_DAYS),
    signingAlgorithm: algorithm,
    publicKey: keys.publicKey,
    signingKey: rootKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootCert),
    ],
  });
  return { key: await privateKeyPem(keys.privateKey), cert: cert.toString('pem') };
}

/** @param {any} value */
const isKeyAndCert = (value) => typeof value?.key === 'string' && value.key.includes('PRIVATE KEY')
  && typeof value.cert === 'string' && value.cert.includes('CERTIFICATE');

/** The credential ID of a resident's signing key. @param {string} residentId */
export const credentialIdFor = (residentId) => `sandbox-${residentId}`;

/**
 * @typedef {object} SigningCredential
 * @property {string} credentialID
 * @property {import('../residents.js').Resident} resident
 * @property {import('node:crypto').KeyObject} privateKey
 * @property {X509Certificate} certificate
 */

/**
 * Reads (or creates on first start) the signing CA and every resident's credential in `dataDir`.
 * @param {string} dataDir the folder loadSecrets has already made (mode 0700)
 * @param {readonly import('../residents.js').Resident[]} residents
 */
export async function loadSigningCa(dataDir, residents) {
  const root = /** @type {{ key: string, cert: string }} */ (await loadOrCreate(join(dataDir, 'signing-root.json'), createRoot, isKeyAndCert));
  const rootCertificate = new X509Certificate(root.cert);
  // In parallel: key generation runs on the thread pool, and a first start makes six keys.
  const credentials = await Promise.all(residents.map(async (resident) => {
    const path = join(dataDir, `signing-${resident.id}.json`);
    const leaf = /** @type {{ key: string, cert: string }} */ (await loadOrCreate(path, () => createLeaf(resident, root), isKeyAndCert));
    const certificate = new X509Certificate(leaf.cert);
    // A root made afresh (its file deleted) would leave the kept certificates unverifiable.
    if (!certificate.verify(rootCertificate.publicKey)) {
      throw new Error(`The sandbox signing certificate in ${path} was not issued by the sandbox root CA in ${join(dataDir, 'signing-root.json')}. Delete the signing-*.json files to let the sandbox create new ones.`);
    }
    const credentialID = credentialIdFor(resident.id);
    return /** @type {SigningCredential} */ ({ credentialID, resident, privateKey: createPrivateKey(leaf.key), certificate });
  }));
  // Awaited here so a bad root key fails the start, not the first certificate issued later.
  const rootKey = await globalThis.crypto.subtle.importKey('pkcs8', x509.PemConverter.decodeFirst(root.key), rsaAlgorithm(ROOT_BITS), false, ['sign']);
  /** Per credential and `sub` (a pairwise `sub` is already per client): issued once per run. */
  const issued = new Map();
  /**
   * The credential's certificate for one client: the resident's key, named by the pairwise `sub`
   * that client sees (pseudonym) as well as by name, valid as long as the resident's own one.
   * @param {SigningCredential} credential
   * @param {string} sub
   * @returns {Promise<X509Certificate>}
   */
  function certificateFor(credential, sub) {
    const key = `${credential.credentialID}\n${sub}`;
    let certificate = issued.get(key);
    if (!certificate) {
      certificate = issueForClient(credential, sub);
      issued.set(key, certificate);
      certificate.catch(() => issued.delete(key));
    }
    return certificate;
  }
  /**
   * @param {SigningCredential} credential
   * @param {string} sub
   */
  async function issueForClient({ resident, certificate }, sub) {
    const own = new x509.X509Certificate(certificate.raw);
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: serialNumber(),
      subject: [{ CN: [englishName(resident)] }, { O: [ORGANIZATION] }, { [PSEUDONYM_OID]: [sub] }],
      issuer: own.issuer,
      notBefore: own.notBefore,
      notAfter: own.notAfter,
      signingAlgorithm: rsaAlgorithm(ROOT_BITS),
      publicKey: own.publicKey,
      signingKey: rootKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        new x509.ExtendedKeyUsageExtension([DOCUMENT_SIGNING], false),
        await x509.SubjectKeyIdentifierExtension.create(own.publicKey),
        await x509.AuthorityKeyIdentifierExtension.create(new x509.X509Certificate(root.cert)),
      ],
    });
    return new X509Certificate(Buffer.from(cert.rawData));
  }
  return {
    rootPem: root.cert,
    rootCertificate,
    credentials: new Map(credentials.map((credential) => [credential.credentialID, credential])),
    certificateFor,
  };
}
