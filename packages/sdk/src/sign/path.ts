// The parts of RFC 5280 §6.1 path validation that @peculiar/x509 leaves to its caller (it parses
// certificates and checks signatures; its X509ChainBuilder only finds issuers), run on a path that
// verify.ts has already built and signature-checked. Why these are written here rather than taken
// from pkijs: decision 028.
import type { GeneralName, GeneralSubtree, NameConstraints } from '@peculiar/asn1-x509';
import type { loadX509 } from './x509.js';

type X509 = Awaited<ReturnType<typeof loadX509>>;
export type Certificate = InstanceType<X509['X509Certificate']>;
export type Fail = (check: string, detail: string) => never;

const BASIC_CONSTRAINTS = '2.5.29.19';
const KEY_USAGE = '2.5.29.15';
const EXT_KEY_USAGE = '2.5.29.37';
const NAME_CONSTRAINTS = '2.5.29.30';
const SUBJECT_ALT_NAME = '2.5.29.17';
/** The extensions these checks act on. Any other one marked critical ends the path (RFC 5280 §4.2), policy extensions included: no policy processing is done. */
const PROCESSED = new Set([BASIC_CONSTRAINTS, KEY_USAGE, EXT_KEY_USAGE, NAME_CONSTRAINTS, SUBJECT_ALT_NAME]);

/**
 * What a signer certificate's extendedKeyUsage must include when it has one: document signing
 * (RFC 9336), email protection (S/MIME, the purpose many personal signing certificates carry) or
 * any purpose. Without the extension the certificate is not restricted (RFC 5280 §4.2.1.12).
 */
export const DOCUMENT_SIGNING_PURPOSES = ['1.3.6.1.5.5.7.3.36', '1.3.6.1.5.5.7.3.4', '2.5.29.37.0'];

/** X.520 pseudonym: the sandbox puts the resident's pairwise `sub` at the client here (decision 028). */
export const PSEUDONYM = '2.5.4.65';
const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';

const selfIssued = (certificate: Certificate): boolean => certificate.subject === certificate.issuer;

/**
 * Checks `path` (the signer first, the trust anchor last) and throws through `fail` naming the
 * check: the signer is not a CA, no certificate below the anchor has a critical extension that is
 * not processed here, each CA's pathLenConstraint and nameConstraints hold (the anchor's too: a
 * site's root constrains what it vouches for), and the signer may sign documents.
 */
export async function checkPath(x509: X509, path: Certificate[], anchors: Certificate[], fail: Fail): Promise<void> {
  const [leaf] = path;
  if (!leaf) return fail('certificate chain', 'no certificates.');
  if (anchors.some((anchor) => anchor.equal(leaf))) fail('signer certificate', `"${leaf.subject}" is a trust anchor; a CA does not sign documents.`);
  if (leaf.getExtension(x509.BasicConstraintsExtension)?.ca) fail('signer certificate', `"${leaf.subject}" is a CA certificate (basicConstraints cA); a CA does not sign documents.`);

  for (const certificate of path.slice(0, -1)) {
    const unknown = certificate.extensions.find((extension) => extension.critical && !PROCESSED.has(extension.type));
    if (unknown) fail('critical extension', `"${certificate.subject}" has the critical extension ${unknown.type}, which this verifier does not process.`);
  }

  for (const [index, ca] of path.entries()) {
    if (index === 0) continue;
    const limit = ca.getExtension(x509.BasicConstraintsExtension)?.pathLength;
    // RFC 5280 §4.2.1.9: the non-self-issued intermediate CA certificates that follow it.
    const below = path.slice(1, index).filter((certificate) => !selfIssued(certificate)).length;
    if (limit !== undefined && below > limit) fail('path length', `"${ca.subject}" allows ${limit} CA certificate(s) below it (pathLenConstraint); this chain has ${below}.`);
  }

  if (path.some((certificate) => certificate.getExtension(NAME_CONSTRAINTS))) await checkNameConstraints(x509, path, fail);

  const keyUsage = leaf.getExtension(x509.KeyUsagesExtension);
  if (!keyUsage || (keyUsage.usages & (x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation)) === 0) {
    fail('key usage', 'the signer certificate does not allow digitalSignature or nonRepudiation.');
  }
  const purposes = leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages;
  if (purposes && !purposes.some((purpose) => DOCUMENT_SIGNING_PURPOSES.includes(String(purpose)))) {
    fail('extended key usage', `the signer certificate is for ${purposes.join(', ')}, not for signing documents (document signing, email protection or any purpose).`);
  }
}

/** The names of one certificate by form, as name constraints see them (RFC 5280 §4.2.1.10). */
interface Names {
  /** The subject, if not empty, and any directory names in subjectAltName. */
  directoryName: Rdn[][];
  rfc822Name: string[];
  dNSName: string[];
  uniformResourceIdentifier: string[];
  /** Forms present that no constraint here can be checked against. */
  other: Set<string>;
}
type Rdn = Record<string, string[]>;
type Form = Exclude<keyof Names, 'other'>;

const FORMS = ['rfc822Name', 'dNSName', 'directoryName', 'uniformResourceIdentifier'] as const;
const OTHER_FORMS = ['otherName', 'x400Address', 'ediPartyName', 'iPAddress', 'registeredID'] as const;

function formOf(name: GeneralName): Form | (typeof OTHER_FORMS)[number] | undefined {
  return [...FORMS, ...OTHER_FORMS].find((form) => name[form] !== undefined);
}

async function checkNameConstraints(x509: X509, path: Certificate[], fail: Fail): Promise<void> {
  // Already in the bundle as @peculiar/x509's own dependencies; loaded only for a constrained path.
  const [{ AsnConvert }, asn1] = await Promise.all([import('@peculiar/asn1-schema'), import('@peculiar/asn1-x509')]);
  const rdns = (name: InstanceType<X509['Name']>): Rdn[] => name.toJSON();
  const namesOf = (certificate: Certificate): Names => {
    const names: Names = { directoryName: [], rfc822Name: [], dNSName: [], uniformResourceIdentifier: [], other: new Set() };
    const subject = rdns(certificate.subjectName);
    if (subject.length > 0) names.directoryName.push(subject);
    names.rfc822Name.push(...certificate.subjectName.getField(EMAIL_ADDRESS));
    const san = certificate.getExtension(SUBJECT_ALT_NAME);
    if (san) {
      for (const name of AsnConvert.parse(san.value, asn1.SubjectAlternativeName)) {
        const form = formOf(name);
        if (form === 'directoryName' && name.directoryName) names.directoryName.push(rdns(new x509.Name(AsnConvert.serialize(name.directoryName))));
        else if (form === 'rfc822Name' || form === 'dNSName' || form === 'uniformResourceIdentifier') names[form].push(String(name[form]));
        else if (form) names.other.add(form);
      }
    }
    return names;
  };

  for (const [index, ca] of path.entries()) {
    const extension = ca.getExtension(NAME_CONSTRAINTS);
    if (index === 0 || !extension) continue;
    let constraints: NameConstraints;
    try {
      constraints = AsnConvert.parse(extension.value, asn1.NameConstraints);
    } catch {
      return fail('name constraints', `the nameConstraints of "${ca.subject}" cannot be read.`);
    }
    const permitted: GeneralSubtree[] = constraints.permittedSubtrees ? [...constraints.permittedSubtrees] : [];
    const excluded: GeneralSubtree[] = constraints.excludedSubtrees ? [...constraints.excludedSubtrees] : [];
    const prefixOf = (subtree: GeneralSubtree): Rdn[] => (subtree.base.directoryName ? rdns(new x509.Name(AsnConvert.serialize(subtree.base.directoryName))) : []);
    // Every certificate below the CA, except self-issued intermediates (RFC 5280 §6.1.3 (b)).
    for (const [position, certificate] of path.slice(0, index).entries()) {
      if (position > 0 && selfIssued(certificate)) continue;
      const names = namesOf(certificate);
      const where = `"${certificate.subject}" under "${ca.subject}"`;
      for (const subtree of [...permitted, ...excluded]) {
        const form = formOf(subtree.base);
        if (subtree.minimum !== 0 || subtree.maximum !== undefined) fail('name constraints', `${where}: a subtree with minimum/maximum cannot be checked.`);
        if (form && !FORMS.includes(form as Form) && names.other.has(form)) fail('name constraints', `${where}: ${form} constraints cannot be checked.`);
      }
      for (const form of FORMS) {
        const allowed = permitted.filter((subtree) => formOf(subtree.base) === form);
        const denied = excluded.filter((subtree) => formOf(subtree.base) === form);
        const check = (name: string, inside: (subtree: GeneralSubtree) => boolean): void => {
          if (allowed.length > 0 && !allowed.some(inside)) fail('name constraints', `${where}: ${name} is outside the permitted ${form} subtrees.`);
          if (denied.some(inside)) fail('name constraints', `${where}: ${name} is in an excluded ${form} subtree.`);
        };
        if (form === 'directoryName') {
          for (const name of names.directoryName) check(`"${dn(name)}"`, (subtree) => withinDirectory(prefixOf(subtree), name));
          continue;
        }
        for (const name of names[form]) {
          if (form === 'uniformResourceIdentifier' && allowed.length + denied.length > 0 && hostOf(name) === undefined) fail('name constraints', `${where}: the URI "${name}" has no host to check.`);
          check(`"${name}"`, (subtree) => within(form, name, subtree.base[form] ?? ''));
        }
      }
    }
  }
}

const dn = (name: Rdn[]): string => name.map((rdn) => Object.entries(rdn).map(([type, values]) => `${type}=${values.join('+')}`).join('+')).join(', ');

/** Compared as RFC 4518 would, simplified: case-insensitive, spaces trimmed and collapsed. */
const fold = (value: string): string => value.trim().replace(/\s+/g, ' ').toLowerCase();

/** directoryName: the constraint's RDNs are the first RDNs of the name. */
const withinDirectory = (prefix: Rdn[], name: Rdn[]): boolean => prefix.length <= name.length && prefix.every((rdn, index) => sameRdn(rdn, name[index] ?? {}));

function within(form: 'rfc822Name' | 'dNSName' | 'uniformResourceIdentifier', value: string, base: string): boolean {
  const constraint = fold(base);
  const name = fold(value);
  if (form === 'dNSName') return inDomain(name.replace(/\.$/, ''), constraint.replace(/\.$/, ''));
  if (form === 'rfc822Name') {
    // A mailbox, or every mailbox at a host (or, with a leading dot, under a domain).
    if (constraint.includes('@')) return name === constraint;
    return inHost(name.slice(name.lastIndexOf('@') + 1), constraint);
  }
  const host = hostOf(name);
  return host !== undefined && inHost(host, constraint);
}

function hostOf(uri: string): string | undefined {
  try {
    return new URL(uri).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** dNSName: the constraint itself or any name with more labels on the left. */
const inDomain = (name: string, constraint: string): boolean =>
  constraint === '' || (constraint.startsWith('.') ? name.endsWith(constraint) : name === constraint || name.endsWith(`.${constraint}`));

/** rfc822Name and URI hosts: the host itself, or with a leading dot any host under the domain. */
const inHost = (host: string, constraint: string): boolean => (constraint.startsWith('.') ? host.endsWith(constraint) : host === constraint);

function sameRdn(a: Rdn, b: Rdn): boolean {
  const types = Object.keys(a);
  if (types.length !== Object.keys(b).length) return false;
  return types.every((type) => {
    const left = (a[type] ?? []).map(fold).sort();
    const right = (b[type] ?? []).map(fold).sort();
    return left.length === right.length && left.every((value, index) => value === right[index]);
  });
}
