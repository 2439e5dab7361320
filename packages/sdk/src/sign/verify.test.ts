// Verification against certificates made here with WebCrypto and @peculiar/x509: a root CA, an
// intermediate CA and residents' certificates, each case changing one thing a check must catch.
import { assert } from '@open-wc/testing';
import { IamSmartError } from '../errors.js';
import { bytesToBase64, hashDocument } from './hash.js';
import type { SignatureResultInput } from './types.js';
import { SHA256_WITH_RSA, verifySignatureResult } from './verify.js';
import type * as X509 from '@peculiar/x509';
import { AsnConvert } from '@peculiar/asn1-schema';
import { GeneralName, GeneralSubtree, GeneralSubtrees, Name as AsnName, NameConstraints } from '@peculiar/asn1-x509';
import { loadX509 } from './x509.js';

const RSA: RsaHashedKeyGenParams = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY = 86_400_000;
// Loaded as the SDK loads it (x509.ts), in `before`.
let x509: typeof X509;
let Usage: typeof X509.KeyUsageFlags;
let CA_USAGE: X509.KeyUsageFlags;
let SIGNER_USAGE: X509.KeyUsageFlags;

let serial = 1;
const newKeys = () => crypto.subtle.generateKey(RSA, true, ['sign', 'verify']);

interface Issued {
  cert: X509.X509Certificate;
  keys: CryptoKeyPair;
}

async function root(name: string, { pathLength, usage = CA_USAGE, extensions = [] }: { pathLength?: number; usage?: X509.KeyUsageFlags; extensions?: X509.Extension[] } = {}): Promise<Issued> {
  const keys = await newKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    name,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 365 * DAY),
    keys,
    signingAlgorithm: RSA,
    extensions: [new x509.BasicConstraintsExtension(true, pathLength, true), new x509.KeyUsagesExtension(usage, true), ...extensions],
  });
  return { cert, keys };
}

interface IssueOptions {
  ca?: boolean;
  /** Key usage flags; `null` leaves the extension out. */
  usage?: X509.KeyUsageFlags | null;
  notAfter?: Date;
  /** Reuse a key pair, so that only the certificate differs from another one. */
  keys?: CryptoKeyPair;
  /** basicConstraints pathLenConstraint of a CA. */
  pathLength?: number;
  /** More extensions, after basicConstraints and keyUsage. */
  extensions?: X509.Extension[];
}

async function issue(issuer: Issued, subject: string, { ca = false, usage = SIGNER_USAGE, notAfter = new Date(Date.now() + 30 * DAY), keys, pathLength, extensions: more = [] }: IssueOptions = {}): Promise<Issued> {
  const pair = keys ?? (await newKeys());
  const extensions: X509.Extension[] = [];
  if (ca) extensions.push(new x509.BasicConstraintsExtension(true, pathLength, true));
  if (usage !== null) extensions.push(new x509.KeyUsagesExtension(usage, true));
  extensions.push(...more);
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(2, '0'),
    subject,
    issuer: issuer.cert.subject,
    notBefore: new Date(Date.now() - DAY),
    notAfter,
    publicKey: pair.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: RSA,
    extensions,
  });
  return { cert, keys: pair };
}

const pem = (issued: Issued) => issued.cert.toString('pem');
const document = new TextEncoder().encode('Tenancy agreement, Flat A, 12/F, 1 Queen’s Road Central. Signed by the tenant.');

let sandboxRoot: Issued;
let resident: Issued;
let good: SignatureResultInput;
let documentHash: string;

async function sign(keys: CryptoKeyPair, chain: Issued[]): Promise<SignatureResultInput> {
  // WebCrypto hashes the document itself: the signature is over SHA-256(document).
  const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, document));
  return { signature: bytesToBase64(signature), certificateChain: chain.map(pem), algorithm: SHA256_WITH_RSA, hash: documentHash };
}

async function rejected(result: SignatureResultInput, check: string, options: { trustAnchorsPem?: string[]; now?: Date; signerSub?: string } = {}): Promise<void> {
  try {
    await verifySignatureResult(result, { trustAnchorsPem: [pem(sandboxRoot)], documentHash, ...options });
  } catch (error) {
    assert.instanceOf(error, IamSmartError);
    assert.strictEqual(error.code, 'signature_invalid');
    assert.include(error.message, `(${check})`);
    return;
  }
  assert.fail(`accepted; expected the ${check} check to fail`);
}

describe('verifySignatureResult', function () {
  before(async function () {
    this.timeout(60_000); // RSA key generation, slow in Firefox
    x509 = await loadX509();
    Usage = x509.KeyUsageFlags;
    CA_USAGE = Usage.keyCertSign | Usage.cRLSign;
    SIGNER_USAGE = Usage.digitalSignature | Usage.nonRepudiation;
    sandboxRoot = await root('CN=iAM Smart Sandbox Root CA, O=iAM Smart Web Kit');
    resident = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox');
    documentHash = (await hashDocument(document)).hash;
    good = await sign(resident.keys, [resident]);
  });

  it('accepts a signature by a resident certified by the trust anchor, and describes the signer', async () => {
    const verified = await verifySignatureResult(good, { trustAnchorsPem: [pem(sandboxRoot)], documentHash });
    const fingerprint = new Uint8Array(await crypto.subtle.digest('SHA-256', resident.cert.rawData));
    assert.deepEqual(verified, {
      signer: 'CHAN Tai Man',
      certificate: {
        subject: 'CN=CHAN Tai Man, O=iAM Smart Sandbox',
        issuer: 'CN=iAM Smart Sandbox Root CA, O=iAM Smart Web Kit',
        serialNumber: resident.cert.serialNumber,
        notBefore: resident.cert.notBefore.toISOString(),
        notAfter: resident.cert.notAfter.toISOString(),
        fingerprintSha256: Array.from(fingerprint, (byte) => byte.toString(16).padStart(2, '0')).join(''),
      },
    });
  });

  it('accepts a chain through an intermediate CA, and a chain that includes the root', async function () {
    this.timeout(30_000);
    const intermediate = await issue(sandboxRoot, 'CN=iAM Smart Sandbox Issuing CA', { ca: true, usage: CA_USAGE });
    const signer = await issue(intermediate, 'CN=WONG Siu Ming');
    const result = await sign(signer.keys, [signer, intermediate]);
    assert.strictEqual((await verifySignatureResult(result, { trustAnchorsPem: [pem(sandboxRoot)], documentHash })).signer, 'WONG Siu Ming');
    const withRoot = { ...result, certificateChain: [...result.certificateChain, pem(sandboxRoot)] };
    assert.strictEqual((await verifySignatureResult(withRoot, { trustAnchorsPem: [pem(sandboxRoot)], documentHash })).signer, 'WONG Siu Ming');
  });

  it('rejects a tampered signature', async () => {
    const bytes = Uint8Array.from(atob(good.signature), (char) => char.charCodeAt(0));
    bytes[100] = (bytes.at(100) ?? 0) ^ 0x01;
    await rejected({ ...good, signature: bytesToBase64(bytes) }, 'signature');
    await rejected({ ...good, signature: bytesToBase64(bytes.subarray(1)) }, 'signature');
    await rejected({ ...good, signature: 'not base64!' }, 'signature');
  });

  it('rejects a signature that does not match the certificate (another key, same CA and name)', async () => {
    const other = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox');
    await rejected({ ...good, certificateChain: [pem(other)] }, 'signature');
  });

  it('rejects a certificate outside the CA: self-signed, or from another root', async function () {
    this.timeout(30_000);
    const selfSigned = await root('CN=CHAN Tai Man, O=iAM Smart Sandbox');
    await rejected(await sign(selfSigned.keys, [selfSigned]), 'trust anchor');
    const otherRoot = await root('CN=iAM Smart Sandbox Root CA, O=iAM Smart Web Kit'); // same name, other key
    const impostor = await issue(otherRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox');
    await rejected(await sign(impostor.keys, [impostor]), 'trust anchor');
    await rejected(await sign(impostor.keys, [impostor, otherRoot]), 'trust anchor');
  });

  it('rejects a chain whose certificates are not issued by one another', async function () {
    this.timeout(30_000);
    const intermediate = await issue(sandboxRoot, 'CN=iAM Smart Sandbox Issuing CA', { ca: true, usage: CA_USAGE });
    await rejected({ ...good, certificateChain: [pem(resident), pem(intermediate)] }, 'certificate signature');
    // An intermediate with the right name but another key: names match, signatures do not.
    const signer = await issue(intermediate, 'CN=WONG Siu Ming');
    const lookalike = await issue(sandboxRoot, 'CN=iAM Smart Sandbox Issuing CA', { ca: true, usage: CA_USAGE });
    await rejected(await sign(signer.keys, [signer, lookalike]), 'certificate signature');
  });

  it('rejects an issuer that is not a CA', async () => {
    const notCa = await issue(sandboxRoot, 'CN=Not a CA');
    const signer = await issue(notCa, 'CN=LEE Ka Yan');
    await rejected(await sign(signer.keys, [signer, notCa]), 'basic constraints');
  });

  it('rejects a hash that is not the document’s', async () => {
    const otherHash = (await hashDocument('another document')).hash;
    await rejected({ ...good, hash: otherHash }, 'hash');
    // The result names the right hash, but the page is verifying it for another document.
    const error = await verifySignatureResult(good, { trustAnchorsPem: [pem(sandboxRoot)], documentHash: otherHash }).catch((caught: unknown) => caught);
    assert.instanceOf(error, IamSmartError);
    assert.include(error.message, '(hash)');
  });

  it('rejects an expired signer certificate, and one checked before it was valid', async () => {
    const expired = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox', { notAfter: new Date(Date.now() - 1000), keys: resident.keys });
    await rejected({ ...good, certificateChain: [pem(expired)] }, 'validity');
    await rejected(good, 'validity', { now: new Date(Date.now() - 2 * DAY) });
  });

  it('rejects a signer certificate without digitalSignature or nonRepudiation', async () => {
    const encipherOnly = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox', { usage: Usage.keyEncipherment, keys: resident.keys });
    await rejected({ ...good, certificateChain: [pem(encipherOnly)] }, 'key usage');
    const noUsage = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox', { usage: null, keys: resident.keys });
    await rejected({ ...good, certificateChain: [pem(noUsage)] }, 'key usage');
    const nonRepudiationOnly = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox', { usage: Usage.nonRepudiation, keys: resident.keys });
    const verified = await verifySignatureResult({ ...good, certificateChain: [pem(nonRepudiationOnly)] }, { trustAnchorsPem: [pem(sandboxRoot)], documentHash });
    assert.strictEqual(verified.signer, 'CHAN Tai Man');
  });

  it('rejects another algorithm, an empty chain and a chain that is not PEM', async () => {
    await rejected({ ...good, algorithm: '1.2.840.113549.1.1.5' }, 'algorithm');
    await rejected({ ...good, certificateChain: [] }, 'certificate chain');
    await rejected({ ...good, certificateChain: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] }, 'certificate chain');
  });
});

/** A critical nameConstraints extension (RFC 5280 §4.2.1.10). */
function nameConstraints({ permitted = [], excluded = [] }: { permitted?: GeneralName[]; excluded?: GeneralName[] }): X509.Extension {
  const subtrees = (names: GeneralName[]) => (names.length === 0 ? undefined : new GeneralSubtrees(names.map((base) => new GeneralSubtree({ base }))));
  const value = AsnConvert.serialize(new NameConstraints({ permittedSubtrees: subtrees(permitted), excludedSubtrees: subtrees(excluded) }));
  return new x509.Extension('2.5.29.30', true, value);
}
const directoryName = (dn: string) => new GeneralName({ directoryName: AsnConvert.parse(new x509.Name(dn).toArrayBuffer(), AsnName) });
const subjectAltName = (names: X509.JsonGeneralNames) => new x509.SubjectAlternativeNameExtension(names);
const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2', emailProtection: '1.3.6.1.5.5.7.3.4', documentSigning: '1.3.6.1.5.5.7.3.36', any: '2.5.29.37.0' };
/** An extension no verifier knows (a private OID, value NULL). */
const unknownExtension = (critical: boolean) => new x509.Extension('1.3.6.1.4.1.55555.1.1', critical, new Uint8Array([0x05, 0x00]));

async function accepted(result: SignatureResultInput, options: { trustAnchorsPem?: string[]; signerSub?: string } = {}) {
  return verifySignatureResult(result, { trustAnchorsPem: [pem(sandboxRoot)], documentHash, ...options });
}

// RFC 5280 §6.1 path validation beyond signatures and validity: each case was accepted before
// (issue 10, finding 5) and must now be refused, naming the check.
describe('verifySignatureResult: CA constraints along the path', function () {
  this.timeout(60_000); // several RSA keys per case, slow in Firefox

  it('refuses a chain longer than a CA’s pathLenConstraint allows (on the root or an intermediate)', async () => {
    const rootNoIntermediates = await root('CN=Path Root, O=iAM Smart Web Kit', { pathLength: 0 });
    const intermediate = await issue(rootNoIntermediates, 'CN=Issuing CA', { ca: true, usage: CA_USAGE });
    const signer = await issue(intermediate, 'CN=WONG Siu Ming');
    await rejected(await sign(signer.keys, [signer, intermediate]), 'path length', { trustAnchorsPem: [pem(rootNoIntermediates)] });
    // pathLen 0 on the intermediate: it may issue signers, not another CA.
    const lastCa = await issue(sandboxRoot, 'CN=Last CA', { ca: true, usage: CA_USAGE, pathLength: 0 });
    const subCa = await issue(lastCa, 'CN=Sub CA', { ca: true, usage: CA_USAGE });
    const deep = await issue(subCa, 'CN=LEE Ka Yan');
    await rejected(await sign(deep.keys, [deep, subCa, lastCa]), 'path length');
    // Within the limits: accepted.
    const direct = await issue(lastCa, 'CN=LEE Ka Yan');
    assert.strictEqual((await accepted(await sign(direct.keys, [direct, lastCa]))).signer, 'LEE Ka Yan');
    const rootOneIntermediate = await root('CN=Path Root 1, O=iAM Smart Web Kit', { pathLength: 1 });
    const allowed = await issue(rootOneIntermediate, 'CN=Issuing CA 1', { ca: true, usage: CA_USAGE });
    const allowedSigner = await issue(allowed, 'CN=WONG Siu Ming');
    assert.strictEqual((await accepted(await sign(allowedSigner.keys, [allowedSigner, allowed]), { trustAnchorsPem: [pem(rootOneIntermediate)] })).signer, 'WONG Siu Ming');
  });

  it('refuses a certificate outside a CA’s critical nameConstraints (directory name, DNS, email; permitted and excluded)', async () => {
    const onlySandbox = await issue(sandboxRoot, 'CN=Sandbox Issuing CA', { ca: true, usage: CA_USAGE, extensions: [nameConstraints({ permitted: [directoryName('O=iAM Smart Sandbox')] })] });
    const inside = await issue(onlySandbox, 'O=iAM Smart Sandbox, CN=WONG Siu Ming');
    assert.strictEqual((await accepted(await sign(inside.keys, [inside, onlySandbox]))).signer, 'WONG Siu Ming');
    const outside = await issue(onlySandbox, 'O=Other, CN=WONG Siu Ming');
    await rejected(await sign(outside.keys, [outside, onlySandbox]), 'name constraints');

    const notOther = await issue(sandboxRoot, 'CN=Excluding CA', { ca: true, usage: CA_USAGE, extensions: [nameConstraints({ excluded: [directoryName('O=Other')] })] });
    const excluded = await issue(notOther, 'O=Other, CN=WONG Siu Ming');
    await rejected(await sign(excluded.keys, [excluded, notOther]), 'name constraints');

    const onlyDomain = await issue(sandboxRoot, 'CN=Domain CA', {
      ca: true,
      usage: CA_USAGE,
      extensions: [nameConstraints({ permitted: [new GeneralName({ dNSName: 'sandbox.example' }), new GeneralName({ rfc822Name: 'sandbox.example' })] })],
    });
    const dnsOutside = await issue(onlyDomain, 'CN=WONG Siu Ming', { extensions: [subjectAltName([{ type: 'dns', value: 'evil.example' }])] });
    await rejected(await sign(dnsOutside.keys, [dnsOutside, onlyDomain]), 'name constraints');
    const emailOutside = await issue(onlyDomain, 'CN=WONG Siu Ming', { extensions: [subjectAltName([{ type: 'email', value: 'wong@evil.example' }])] });
    await rejected(await sign(emailOutside.keys, [emailOutside, onlyDomain]), 'name constraints');
    const emailInside = await issue(onlyDomain, 'CN=WONG Siu Ming', { extensions: [subjectAltName([{ type: 'email', value: 'wong@sandbox.example' }, { type: 'dns', value: 'www.sandbox.example' }])] });
    assert.strictEqual((await accepted(await sign(emailInside.keys, [emailInside, onlyDomain]))).signer, 'WONG Siu Ming');

    // A constraint on the trust anchor itself applies too.
    const constrainedRoot = await root('CN=Constrained Root, O=iAM Smart Web Kit', { extensions: [nameConstraints({ permitted: [directoryName('O=iAM Smart Sandbox')] })] });
    const underRoot = await issue(constrainedRoot, 'O=Other, CN=CHAN Tai Man');
    await rejected(await sign(underRoot.keys, [underRoot]), 'name constraints', { trustAnchorsPem: [pem(constrainedRoot)] });
  });

  it('refuses an unknown critical extension on the signer certificate or an intermediate; a non-critical one is ignored', async () => {
    const criticalLeaf = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox', { keys: resident.keys, extensions: [unknownExtension(true)] });
    await rejected({ ...good, certificateChain: [pem(criticalLeaf)] }, 'critical extension');
    const nonCritical = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox', { keys: resident.keys, extensions: [unknownExtension(false)] });
    assert.strictEqual((await accepted({ ...good, certificateChain: [pem(nonCritical)] })).signer, 'CHAN Tai Man');
    const criticalCa = await issue(sandboxRoot, 'CN=Odd CA', { ca: true, usage: CA_USAGE, extensions: [unknownExtension(true)] });
    const signer = await issue(criticalCa, 'CN=WONG Siu Ming');
    await rejected(await sign(signer.keys, [signer, criticalCa]), 'critical extension');
  });

  it('refuses a signer certificate for server authentication only; accepts document signing, email protection, any purpose', async () => {
    const withEku = (usages: string[]) => issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox', { keys: resident.keys, extensions: [new x509.ExtendedKeyUsageExtension(usages, false)] });
    await rejected({ ...good, certificateChain: [pem(await withEku([EKU.serverAuth]))] }, 'extended key usage');
    await rejected({ ...good, certificateChain: [pem(await withEku([EKU.serverAuth, EKU.clientAuth]))] }, 'extended key usage');
    for (const usage of [EKU.documentSigning, EKU.emailProtection, EKU.any]) {
      assert.strictEqual((await accepted({ ...good, certificateChain: [pem(await withEku([EKU.serverAuth, usage]))] })).signer, 'CHAN Tai Man', usage);
    }
  });

  it('refuses the trust anchor itself, or any CA certificate, as the signer', async () => {
    const signingRoot = await root('CN=Signing Root, O=iAM Smart Web Kit', { usage: CA_USAGE | Usage.digitalSignature | Usage.nonRepudiation });
    await rejected(await sign(signingRoot.keys, [signingRoot]), 'signer certificate', { trustAnchorsPem: [pem(signingRoot)] });
    const signingCa = await issue(sandboxRoot, 'CN=Signing CA', { ca: true, usage: CA_USAGE | Usage.digitalSignature });
    await rejected(await sign(signingCa.keys, [signingCa]), 'signer certificate');
  });

  it('refuses a certificate of another resident than the one who approved (the pseudonym is the approval’s `sub`)', async () => {
    const named = await issue(sandboxRoot, 'CN=CHAN Tai Man, O=iAM Smart Sandbox, 2.5.4.65=sub-chan-tai-man', { keys: resident.keys });
    const verified = await accepted({ ...good, certificateChain: [pem(named)] }, { signerSub: 'sub-chan-tai-man' });
    assert.strictEqual(verified.sub, 'sub-chan-tai-man');
    // A valid signature and chain, by a certificate for someone else.
    const other = await issue(sandboxRoot, 'CN=WONG Siu Ming, O=iAM Smart Sandbox, 2.5.4.65=sub-wong-siu-ming');
    await rejected(await sign(other.keys, [other]), 'resident', { signerSub: 'sub-chan-tai-man' });
    // A certificate that names nobody cannot be tied to the approval.
    await rejected(good, 'resident', { signerSub: 'sub-chan-tai-man' });
  });
});
