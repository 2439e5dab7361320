// The browser support matrix, computed: the platform features the shipped code uses (each found by
// a pattern in the built CDN bundle, which holds the elements, the SDK and every bundled library),
// each feature's first supporting version from @mdn/browser-compat-data (BCD), and per browser the
// highest of those — the oldest version the kit can run in. Writes the tables in README.md and
// docs/browser-support.md between their markers; `--check` fails instead when they are out of date,
// when a listed feature's pattern no longer occurs in the bundle (the list would overstate), or
// when a newer API that is not listed appears in it (the list would understate). Run after the build.
import bcd from '@mdn/browser-compat-data' with { type: 'json' };
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replaceBetween } from './markers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the build writes the CDN bundle (the package's `cdn/` folder, decision 039). */
const BUNDLE_DIRS = ['packages/elements/cdn'];

export const BROWSERS = [
  ['chrome', 'Chrome'],
  ['edge', 'Edge'],
  ['firefox', 'Firefox'],
  ['safari', 'Safari (macOS)'],
  ['safari_ios', 'Safari on iOS / iPadOS (every iOS browser)'],
  ['chrome_android', 'Chrome for Android'],
  ['firefox_android', 'Firefox for Android'],
];

/**
 * @typedef {object} Feature
 * @property {string} name
 * @property {string[]} bcd BCD keys; the feature needs all of them.
 * @property {RegExp} pattern How it shows in the built bundle.
 * @property {string} use What uses it.
 * @property {string} [optional] Why it does not set a minimum (feature-detected, or never reached).
 * @property {string} [partialOk] Why a partial implementation is enough.
 */

/** @type {Feature[]} */
export const FEATURES = [
  // CSS
  { name: '`light-dark()`', bcd: ['css.types.color.light-dark'], pattern: /light-dark\(/, use: 'every element: the theme colours follow the page’s `color-scheme`' },
  { name: '`:focus-visible`', bcd: ['css.selectors.focus-visible'], pattern: /:focus-visible/, use: 'every element: the keyboard focus ring' },
  { name: '`:is()`', bcd: ['css.selectors.is'], pattern: /:is\(/, use: 'the dialogs’ styles' },
  { name: '`dvh` units', bcd: ['css.types.length.viewport_percentage_units_dynamic'], pattern: /\d+dvh/, use: 'the dialogs’ height on phones' },
  { name: '`::backdrop`', bcd: ['css.selectors.backdrop'], pattern: /::backdrop/, use: 'the modal dialogs' },
  { name: 'logical properties (`inline-size`, `margin-block`)', bcd: ['css.properties.inline-size', 'css.properties.margin-block'], pattern: /margin-block/, use: 'every element’s layout' },
  { name: '`gap` in flex layout', bcd: ['css.properties.gap.flex_context'], pattern: /gap:/, use: 'buttons and dialogs' },
  { name: '`@media (forced-colors)`', bcd: ['css.at-rules.media.forced-colors'], pattern: /forced-colors/, use: 'Windows High Contrast styles', optional: 'a media query a browser does not know is skipped' },
  { name: '`@media (prefers-reduced-motion)`', bcd: ['css.at-rules.media.prefers-reduced-motion'], pattern: /prefers-reduced-motion/, use: 'no spinner motion when asked', optional: 'a media query a browser does not know is skipped' },
  // HTML and DOM
  { name: 'custom elements, shadow DOM', bcd: ['api.CustomElementRegistry.define', 'api.Element.attachShadow'], pattern: /customElements\.define\(/, use: 'every element' },
  { name: '`<dialog>` with `showModal()`', bcd: ['html.elements.dialog', 'api.HTMLDialogElement.showModal'], pattern: /\.showModal\(\)/, use: 'the QR login, signing and e-ME dialogs' },
  { name: 'constructed style sheets (`adoptedStyleSheets`)', bcd: ['api.Document.adoptedStyleSheets', 'api.ShadowRoot.adoptedStyleSheets', 'api.CSSStyleSheet.CSSStyleSheet', 'api.CSSStyleSheet.replaceSync'], pattern: /adoptedStyleSheets/, use: '`<iams-eme-autofill>` checks each field with a style sheet added to the page for a moment (Lit’s own use is feature-detected)' },
  { name: '`checkVisibility()` with `opacityProperty`, `visibilityProperty`, `contentVisibilityAuto`', bcd: ['api.Element.checkVisibility.options_opacityProperty_parameter', 'api.Element.checkVisibility.options_visibilityProperty_parameter', 'api.Element.checkVisibility.options_contentVisibilityAuto_parameter'], pattern: /checkVisibility\(/, use: '`<iams-eme-autofill>`: a field the resident cannot see is not filled' },
  { name: '`elementsFromPoint()` and `elementFromPoint()` on a shadow root', bcd: ['api.ShadowRoot.elementsFromPoint', 'api.ShadowRoot.elementFromPoint'], pattern: /elementsFromPoint\(/, use: '`<iams-eme-autofill>`: a covered field is not filled (`elementFromPoint()` where WebKit lists a shadow host over its own text field)' },
  { name: '`AbortSignal.any()`', bcd: ['api.AbortSignal.any_static'], pattern: /AbortSignal\.any\(/, use: 'the SDK’s signing, e-ME and backend-mode requests (the QR login does without it)' },
  { name: '`AbortSignal.timeout()`', bcd: ['api.AbortSignal.timeout_static'], pattern: /AbortSignal\.timeout\(/, use: 'the SDK’s request time limits', partialOk: 'older Chrome aborts with `AbortError` instead of `TimeoutError`, which changes only the wording of a developer message' },
  { name: 'streamed `fetch` bodies with `TextDecoderStream`', bcd: ['api.TextDecoderStream', 'api.ReadableStream.pipeThrough'], pattern: /new TextDecoderStream/, use: 'the QR login’s status stream' },
  { name: '`EventSource`', bcd: ['api.EventSource'], pattern: /new EventSource\(/, use: 'backend mode’s status stream', optional: 'feature-detected: without it the SDK polls' },
  { name: '`navigator.userAgentData`', bcd: ['api.Navigator.userAgentData'], pattern: /userAgentData/, use: '`<iams-login-button>` tells phones from desktops', optional: 'feature-detected: without it the user agent string decides' },
  { name: '`Uint8Array.fromBase64()`', bcd: ['javascript.builtins.Uint8Array.fromBase64'], pattern: /Uint8Array\.fromBase64/, use: 'jose: base64 decoding', optional: 'feature-detected: jose decodes base64 itself otherwise' },
  { name: '`crypto.randomUUID()`', bcd: ['api.Crypto.randomUUID'], pattern: /randomUUID\(\)/, use: 'oidc-client-ts’s DPoP proofs', optional: 'never reached: the kit does not turn DPoP on' },
  { name: 'Web Crypto (`digest`, `importKey`, `verify`)', bcd: ['api.SubtleCrypto.digest', 'api.SubtleCrypto.importKey', 'api.SubtleCrypto.verify'], pattern: /subtle\.digest\(/, use: 'ID token and signature checks, document hashes (secure contexts only)' },
  // JavaScript
  { name: 'ES modules, dynamic `import()`', bcd: ['javascript.operators.import', 'javascript.operators.import_meta'], pattern: /import\(/, use: 'the CDN bundle loads its chunks on demand' },
  { name: 'class static initialization blocks', bcd: ['javascript.classes.static.initialization_blocks'], pattern: /static\{/, use: 'the elements’ event classes, compiled for ES2022' },
  { name: 'private class methods', bcd: ['javascript.classes.private_class_methods'], pattern: /#[A-Za-z_$][\w$]*\(/, use: 'the SDK and the elements' },
  { name: 'logical assignment (`??=`)', bcd: ['javascript.operators.nullish_coalescing_assignment'], pattern: /\?\?=/, use: 'the SDK and the elements' },
  { name: '`Error` `cause`', bcd: ['javascript.builtins.Error.Error.options_cause_parameter'], pattern: /cause:/, use: 'the SDK’s errors keep what caused them' },
  { name: '`Array.prototype.at()`', bcd: ['javascript.builtins.Array.at'], pattern: /\.at\(-?\d+\)/, use: 'the SDK and `<iams-eme-autofill>`' },
  { name: '`Object.hasOwn()`', bcd: ['javascript.builtins.Object.hasOwn'], pattern: /Object\.hasOwn\(/, use: '`<iams-eme-autofill>`' },
  { name: '`structuredClone()`', bcd: ['api.structuredClone'], pattern: /structuredClone\(/, use: 'jose: the issuer’s key set' },
  { name: '`String.prototype.replaceAll()`', bcd: ['javascript.builtins.String.replaceAll'], pattern: /\.replaceAll\(/, use: 'the elements’ messages' },
  { name: '`Intl.PluralRules`, `Intl.NumberFormat` units, `Intl.DateTimeFormat` `dateStyle`', bcd: ['javascript.builtins.Intl.PluralRules', 'javascript.builtins.Intl.NumberFormat.NumberFormat.options_parameter.options_unit_parameter', 'javascript.builtins.Intl.DateTimeFormat.DateTimeFormat.options_parameter.options_dateStyle_parameter'], pattern: /Intl\.PluralRules/, use: 'counts, file sizes and dates in three languages' },
];

/**
 * Newer APIs that must be in FEATURES if the bundle uses them, so that a minimum cannot silently
 * fall behind the code: `bcd` is the key a feature must list.
 */
export const WATCHED = [
  ...FEATURES.filter((f) => !f.optional).map((f) => ({ pattern: f.pattern, bcd: f.bcd[0] })),
  { pattern: /Promise\.withResolvers/, bcd: 'javascript.builtins.Promise.withResolvers' },
  { pattern: /Intl\.Segmenter/, bcd: 'javascript.builtins.Intl.Segmenter' },
  { pattern: /:has\(/, bcd: 'css.selectors.has' },
  { pattern: /color-mix\(/, bcd: 'css.types.color.color-mix' },
  { pattern: /@container|container-type/, bcd: 'css.at-rules.container' },
  { pattern: /\bpopover\b|showPopover/, bcd: 'api.HTMLElement.popover' },
  { pattern: /closedBy|closedby/, bcd: 'api.HTMLDialogElement.closedBy' },
  { pattern: /requestClose\(/, bcd: 'api.HTMLDialogElement.requestClose' },
  { pattern: /Object\.groupBy|Map\.groupBy/, bcd: 'javascript.builtins.Object.groupBy' },
  { pattern: /Array\.fromAsync/, bcd: 'javascript.builtins.Array.fromAsync' },
  { pattern: /\.(toSorted|toReversed|toSpliced)\(/, bcd: 'javascript.builtins.Array.toSorted' },
  { pattern: /\.findLast(Index)?\(/, bcd: 'javascript.builtins.Array.findLast' },
  { pattern: /URL\.(canParse|parse)\(/, bcd: 'api.URL.canParse_static' },
  { pattern: /fromBase64|toBase64\(/, bcd: 'javascript.builtins.Uint8Array.fromBase64' },
  { pattern: /\.(union|intersection|symmetricDifference|isSubsetOf)\(/, bcd: 'javascript.builtins.Set.union' },
  { pattern: /text-wrap/, bcd: 'css.properties.text-wrap' },
  { pattern: /@starting-style/, bcd: 'css.at-rules.starting-style' },
  { pattern: /transition-behavior|allow-discrete/, bcd: 'css.properties.transition-behavior' },
  { pattern: /field-sizing/, bcd: 'css.properties.field-sizing' },
  { pattern: /anchor-name|position-anchor/, bcd: 'css.properties.anchor-name' },
  { pattern: /@scope/, bcd: 'css.at-rules.scope' },
  { pattern: /CloseWatcher/, bcd: 'api.CloseWatcher' },
  { pattern: /\(\?<[=!]/, bcd: 'javascript.regular_expressions.lookbehind_assertion' },
  { pattern: /:user-invalid|:user-valid/, bcd: 'css.selectors.user-invalid' },
  { pattern: /attachInternals\(/, bcd: 'api.HTMLElement.attachInternals' },
  { pattern: /Intl\.DurationFormat/, bcd: 'javascript.builtins.Intl.DurationFormat' },
  { pattern: /\bTemporal\./, bcd: 'javascript.builtins.Temporal' },
  { pattern: /scrollend/, bcd: 'api.Element.scrollend_event' },
  { pattern: /\binert\b\s*=|\.inert\b/, bcd: 'api.HTMLElement.inert' },
];

const compat = (key) => {
  const found = key.split('.').reduce((node, part) => node?.[part], bcd);
  if (!found?.__compat) throw new Error(`No BCD entry ${key} (@mdn/browser-compat-data ${bcd.__meta.version})`);
  return found.__compat;
};

/** Version strings compared as numbers, part by part ("15.4" < "15.10"). */
const newer = (a, b) => {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) > (y[i] ?? 0);
  return false;
};

/**
 * The first version of `browser` that has `key` as a page can use it: not behind a flag, prefix or
 * other name, not removed, and not partial unless the feature says why that is enough.
 * @returns {string | null} null when the browser does not have it (or BCD does not know).
 */
export function firstVersion(key, browser, partialOk = false) {
  const statements = [compat(key).support[browser] ?? []].flat();
  const usable = statements.filter(
    (s) => !s.flags && !s.prefix && !s.alternative_name && (partialOk || !s.partial_implementation) && typeof s.version_added === 'string' && /^≤?\d/.test(s.version_added),
  );
  // Gone from today's versions: unsupported. (A removed statement alongside a current one is an
  // earlier stretch of the same feature, e.g. a partial implementation later completed.)
  if (!usable.some((s) => !s.version_removed)) return null;
  const versions = usable.map((s) => s.version_added.replace('≤', ''));
  return versions.reduce((low, v) => (low === null || newer(low, v) ? v : low), null);
}

/** A feature's version per browser: the highest over its BCD keys (null: unsupported). */
export function featureVersions(feature) {
  return Object.fromEntries(
    BROWSERS.map(([browser]) => {
      const each = feature.bcd.map((key) => firstVersion(key, browser, Boolean(feature.partialOk)));
      return [browser, each.includes(null) ? null : each.reduce((high, v) => (newer(v, high) ? v : high))];
    }),
  );
}

/** Per browser, the oldest version that has every required feature, and the features that set it. */
export function minimums(features = FEATURES) {
  return BROWSERS.map(([browser, label]) => {
    let version = '0';
    let by = [];
    for (const feature of features.filter((f) => !f.optional)) {
      const v = featureVersions(feature)[browser];
      if (v === null) return { browser, label, version: null, by: [feature.name] };
      if (newer(v, version)) [version, by] = [v, [feature.name]];
      else if (v === version) by.push(feature.name);
    }
    return { browser, label, version, by };
  });
}

/** The shipped code: every JavaScript file of the CDN bundle. */
export function bundleText() {
  const dir = BUNDLE_DIRS.map((d) => join(ROOT, d)).find((d) => existsSync(join(d, 'iamsmart.js')));
  if (!dir) throw new Error(`No CDN bundle in ${BUNDLE_DIRS.join(' or ')}: run \`npm run build\` first.`);
  const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.js'));
  return { dir, files, text: files.map((f) => readFileSync(join(dir, String(f)), 'utf8')).join('\n') };
}

/** What is wrong with the list against the bundle: listed features it no longer uses, watched APIs it uses unlisted. */
export function listProblems(text, features = FEATURES, watched = WATCHED) {
  const problems = [];
  for (const f of features) if (!f.pattern.test(text)) problems.push(`${f.name} is listed but ${f.pattern} no longer occurs in the bundle: remove it or fix its pattern.`);
  const listed = new Set(features.flatMap((f) => f.bcd));
  for (const w of watched) if (w.pattern.test(text) && !listed.has(w.bcd)) problems.push(`The bundle uses ${w.bcd} (${w.pattern}), which scripts/browser-support.js does not list: add it to FEATURES.`);
  return problems;
}

const v = (version) => (version === null ? 'no' : version);

export function renderReadme(mins) {
  return [
    '| Browser | Minimum version | Set by |',
    '|---|---|---|',
    ...mins.map((m) => `| ${m.label} | ${v(m.version)} | ${m.by.join(', ')} |`),
    '',
    `Computed by \`scripts/browser-support.js\` from [@mdn/browser-compat-data](https://github.com/mdn/browser-compat-data) ${bcd.__meta.version} over the features the built bundle uses; how, and what the tests cover: [docs/browser-support.md](docs/browser-support.md).`,
  ].join('\n');
}

export function renderDoc(mins, features = FEATURES) {
  const head = `| Feature | BCD key | Used by | ${BROWSERS.map(([, label]) => label.replace(/ \(.*\)$/, '')).join(' | ')} |`;
  const rows = features.map((f) => {
    const versions = featureVersions(f);
    const note = f.optional ? ` *Not counted: ${f.optional}.*` : f.partialOk ? ` (partial implementations count: ${f.partialOk})` : '';
    return `| ${f.name} | ${f.bcd.map((k) => `\`${k}\``).join('<br>')} | ${f.use}.${note} | ${BROWSERS.map(([b]) => v(versions[b])).join(' | ')} |`;
  });
  return [
    '| Browser | Minimum version | Set by |',
    '|---|---|---|',
    ...mins.map((m) => `| ${m.label} | ${v(m.version)} | ${m.by.join(', ')} |`),
    '',
    `Features (BCD ${bcd.__meta.version}); a version is the first without a flag, prefix or other name:`,
    '',
    head,
    `|${'---|'.repeat(3 + BROWSERS.length)}`,
    ...rows,
  ].join('\n');
}

const MARKERS = {
  readme: ['<!-- browser-support:start (generated by scripts/browser-support.js from @mdn/browser-compat-data) -->', '<!-- browser-support:end -->'],
  doc: ['<!-- browser-features:start (generated by scripts/browser-support.js from @mdn/browser-compat-data) -->', '<!-- browser-features:end -->'],
};

function main() {
  const check = process.argv.includes('--check');
  const { dir, files, text } = bundleText();
  const problems = listProblems(text);
  const mins = minimums();
  const outputs = [
    [join(ROOT, 'README.md'), MARKERS.readme, renderReadme(mins)],
    [join(ROOT, 'docs/browser-support.md'), MARKERS.doc, renderDoc(mins)],
  ];
  for (const [file, markers, body] of outputs) {
    const current = readFileSync(file, 'utf8');
    const updated = replaceBetween(current, ...markers, `\n\n${body}\n\n`, file);
    if (current === updated) continue;
    if (check) problems.push(`${file} is out of date: run \`node scripts/browser-support.js\`.`);
    else writeFileSync(file, updated);
  }
  if (problems.length) {
    for (const problem of problems) console.error(problem);
    process.exit(1);
  }
  console.log(
    `Browser support: ${FEATURES.length} features found in ${files.length} files of ${dir.slice(ROOT.length)}; minimums ${mins.map((m) => `${m.browser} ${v(m.version)}`).join(', ')} (BCD ${bcd.__meta.version}).`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
