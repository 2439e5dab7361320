/**
 * PDF signing's answer (PLATFORM.md "Signing": `docDigest` in, "a Base64 PKCS#7
 * (adbe.pkcs7.detached)" out): a CMS SignedData (RFC 5652) without encapsulated content, whose
 * signed attributes carry contentType (id-data), messageDigest (= docDigest, the SHA-256 of the
 * PDF's signed byte ranges the relying party computed) and signingTime, signed with the resident's
 * key, with the resident's certificate and the sandbox root. The relying party puts its DER into
 * the PDF's /Contents. Built with @peculiar/asn1-cms (the family of @peculiar/x509, the sandbox
 * CA's library) and signed with node:crypto, so nothing here encodes ASN.1 by hand.
 */
import { sign } from 'node:crypto';
import {
  Attribute, CertificateChoices, CertificateSet, ContentInfo, DigestAlgorithmIdentifier, DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo, IssuerAndSerialNumber, SignatureAlgorithmIdentifier, SignedData, SignerIdentifier, SignerInfo,
  SignerInfos, id_data, id_signedData,
} from '@peculiar/asn1-cms';
import {
  ContentType, MessageDigest, SigningTime, id_pkcs9_at_contentType, id_pkcs9_at_messageDigest, id_pkcs9_at_signingTime,
} from '@peculiar/asn1-pkcs9';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

const SHA256 = '2.16.840.1.101.3.4.2.1';
/** rsaEncryption with NULL parameters: the signature algorithm RFC 3370 §3.2 names for PKCS#1 v1.5 in CMS, which PDF readers expect. */
const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
/** DER NULL, the parameters of rsaEncryption. */
const DER_NULL = new Uint8Array([0x05, 0x00]).buffer;

/** @param {ArrayBuffer | Buffer} bytes */
const toBuffer = (bytes) => Buffer.from(bytes instanceof ArrayBuffer ? bytes : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));

/**
 * The signed attributes, in DER order (a SET OF is sorted by its members' encodings, X.690 §11.6),
 * and the DER of that SET, which is what the signature covers (RFC 5652 §5.4).
 * @param {Buffer} digest @param {Date} signingTime
 */
function signedAttributes(digest, signingTime) {
  const attributes = [
    new Attribute({ attrType: id_pkcs9_at_contentType, attrValues: [AsnConvert.serialize(new ContentType(id_data))] }),
    new Attribute({ attrType: id_pkcs9_at_messageDigest, attrValues: [AsnConvert.serialize(new MessageDigest(digest))] }),
    new Attribute({ attrType: id_pkcs9_at_signingTime, attrValues: [AsnConvert.serialize(new SigningTime(signingTime))] }),
  ].map((attribute) => ({ attribute, der: toBuffer(AsnConvert.serialize(attribute)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der));
  const body = Buffer.concat(attributes.map(({ der }) => der));
  const set = Buffer.concat([Buffer.from([0x31]), derLength(body.length), body]);
  return { attributes: attributes.map(({ attribute }) => attribute), der: set };
}

/** A DER length (X.690 §8.1.3). @param {number} length */
function derLength(length) {
  if (length < 0x80) return Buffer.from([length]);
  const bytes = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/**
 * A detached CMS SignedData over a digest already computed: the DER of its ContentInfo.
 * @param {object} options
 * @param {Buffer} options.digest the SHA-256 of the signed content (32 bytes)
 * @param {import('node:crypto').KeyObject} options.privateKey the signer's RSA key
 * @param {import('node:crypto').X509Certificate} options.certificate the signer's certificate
 * @param {readonly import('node:crypto').X509Certificate[]} options.chain the CA certificates above it
 * @param {Date} options.signingTime
 * @returns {Buffer}
 */
export function detachedSignedData({ digest, privateKey, certificate, chain, signingTime }) {
  const signer = AsnConvert.parse(certificate.raw, Certificate);
  const { attributes, der } = signedAttributes(digest, signingTime);
  const digestAlgorithm = new DigestAlgorithmIdentifier({ algorithm: SHA256 });
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({ issuer: signer.tbsCertificate.issuer, serialNumber: signer.tbsCertificate.serialNumber }),
    }),
    digestAlgorithm,
    signedAttrs: attributes,
    signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: RSA_ENCRYPTION, parameters: DER_NULL }),
    signature: new OctetString(sign('sha256', der, privateKey)),
  });
  const signedData = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([digestAlgorithm]),
    // Detached: the content type only, no eContent (the PDF's byte ranges stay in the PDF).
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet([certificate, ...chain].map((cert) => new CertificateChoices({ certificate: AsnConvert.parse(cert.raw, Certificate) }))),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return toBuffer(AsnConvert.serialize(new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) })));
}
