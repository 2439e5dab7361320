// The CDN folder's hashes (decision 039): after `rollup -c` writes packages/elements/cdn/, this
// writes cdn/integrity.json (each script's SHA-384 as a Subresource Integrity value, with the
// package's name and version) and cdn/importmap.json (the hashes of every module the entry may
// import — sdk.js, chunks/, and iamsmart.js itself for scripts that import it — as an import map's
// `integrity` section, keyed by their jsDelivr URLs for this version; decision 047), and prints the
// hashes a page needs. scripts/readme-cdn.js renders the README's CDN snippet from the same manifest.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CDN_DIR = new URL('../packages/elements/cdn/', import.meta.url);
/** The module a page's <script> loads: registers every element (decision 047). */
export const ENTRY = 'iamsmart.js';
/** The SDK's API for page scripts; also what the provider loads lazily in OpenID Connect mode. */
export const SDK = 'sdk.js';
/** Everything in one file, for pages without an import map. */
export const BUNDLE = 'iamsmart.bundle.js';

/** The modules an import map's `integrity` covers: every file of the split build (not the single file, which imports nothing). */
export const isMapped = (file) => file !== BUNDLE;

/** SRI metadata for the bytes a CDN serves: `sha384-` and the digest in base64 (SRI's strongest common algorithm). */
export const sri = (bytes) => `sha384-${createHash('sha384').update(bytes).digest('base64')}`;

/** The folder's versioned URL on jsDelivr (unpkg's is https://unpkg.com/<name>@<version>/cdn/). */
export const jsDelivrBase = ({ package: name, version }) => `https://cdn.jsdelivr.net/npm/${name}@${version}/cdn/`;

/**
 * The import map that gives each module of the split build its hash, for the folder served at
 * `base`: the SDK and the chunks, which the entry imports when they are used, and the entry itself
 * for a page script that imports it (a <script>'s own `integrity` takes precedence over the map's).
 */
export function importMap(manifest, base = jsDelivrBase(manifest)) {
  const modules = Object.entries(manifest.files).filter(([file]) => isMapped(file));
  // Integrity keys are resolved as URLs against the page's base URL, so another origin's modules need absolute URLs.
  return { integrity: Object.fromEntries(modules.map(([file, hash]) => [new URL(file, base).href, hash])) };
}

/** @param {string} dir the CDN folder as written by rollup */
export function writeCdnManifest(dir) {
  const { name, version } = JSON.parse(readFileSync(new URL('../packages/elements/package.json', import.meta.url), 'utf8'));
  const scripts = readdirSync(dir, { recursive: true })
    .map((file) => String(file).split('\\').join('/'))
    .filter((file) => file.endsWith('.js'))
    .sort();
  for (const required of [ENTRY, SDK, BUNDLE]) if (!scripts.includes(required)) throw new Error(`${dir}/${required} was not built`);
  const manifest = {
    package: name,
    version,
    entry: ENTRY,
    sdk: SDK,
    bundle: BUNDLE,
    files: Object.fromEntries(scripts.map((file) => [file, sri(readFileSync(join(dir, file)))])),
  };
  writeFileSync(join(dir, 'integrity.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'importmap.json'), `${JSON.stringify(importMap(manifest), null, 2)}\n`);
  const base = jsDelivrBase(manifest);
  console.log(
    `CDN ${base}\n  ${ENTRY} ${manifest.files[ENTRY]}\n  ${SDK} ${manifest.files[SDK]}\n  ${BUNDLE} ${manifest.files[BUNDLE]}\n` +
      `  chunks: ${scripts.filter((file) => file.startsWith('chunks/')).length}; the split build's hashes in ${dir}/importmap.json`,
  );
  return manifest;
}

export function readCdnManifest() {
  return JSON.parse(readFileSync(new URL('integrity.json', CDN_DIR), 'utf8'));
}
