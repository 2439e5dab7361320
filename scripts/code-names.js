// Code names in the docs must be in code formatting. Storybook's autodocs render the elements'
// JSDoc (through custom-elements.json) and the stories' descriptions as Markdown, where a bare
// `code_mismatch` reads as "code*mismatch*" and a bare <iams-provider> is swallowed as an HTML tag.
// This lists every identifier-like word outside backticks in those texts; `--check` fails on any.
// Run after `npm run analyze` (custom-elements.json is its output).
import { readFileSync, readdirSync } from 'node:fs';
import { ERROR_CODES, EME_FIELDS, SESSION_STATES } from '@iamsmart/protocol';

const ROOT = new URL('../', import.meta.url);
const MANIFEST = new URL('custom-elements.json', ROOT);
const STORIES = new URL('stories/', ROOT);

/**
 * What counts as a code name in prose. Each pattern is one kind the issue names; English words
 * with hyphens ("pop-up", "cross-device") are not code, so kebab-case is caught only for the kit's
 * own names (`iams-…`, `--iams-…`, `data-…`, `aria-…`) and the manifest's attribute, event, part,
 * slot and state names.
 */
const PATTERNS = [
  ['snake_case name (error code, claim, parameter)', /(?<![\w.-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w-])/g],
  ['kit name (element, event, CSS property)', /(?<![\w-])(?:--|<\/?)?iams-[a-z0-9-]*[a-z0-9]>?/g],
  ['HTML attribute', /(?<![\w-])(?:data|aria)-[a-z][a-z0-9-]*(?:=\S*)?/g],
  ['camelCase name (property, method, e-ME field)', /(?<![\w.])(?!iAM\b|iOS\b|iPadOS\b|iPhone|iPad|macOS\b|kB\b)[a-z]+[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)*(?:\(\))?(?![\w-])/g],
  ['file name', /(?<![\w/.-])[\w.-]*[\w-]\.(?:js|mjs|ts|json|html|css|md|mdx)(?![\w])/g],
  ['CSS pseudo-class or function', /(?<![\w`]):(?:defined|host|not|focus-visible|has)\b(?:\([^)]*\))?|\blight-dark\(\)/g],
];

/** Prose as Markdown reads it: code spans, fenced blocks and URLs removed (they are already code, or links). */
function prose(text) {
  return text
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/^(?: {4}|\t).*$/gm, ' ')
    .replace(/(`+)[\s\S]*?\1/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
}

/**
 * The code names outside code formatting in `text`: `names` are the manifest's own names (any
 * word equal to one is code), besides the patterns.
 * @param {string} text
 * @param {Iterable<string>} [names]
 * @returns {{ name: string, kind: string }[]}
 */
export function uncodedNames(text, names = []) {
  let plain = prose(text ?? '');
  const found = new Map();
  for (const [kind, pattern] of PATTERNS) {
    // A name is reported once, by the first pattern that takes it (`data-eme="enName"`, not also `enName`).
    plain = plain.replace(pattern, (match) => {
      if (!found.has(match)) found.set(match, kind);
      return ' '.repeat(match.length);
    });
  }
  for (const name of names) {
    const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![\\w\`-])${escaped}(?![\\w-])`).test(plain) && ![...found.keys()].some((key) => key.includes(name))) {
      found.set(name, 'name from the manifest or the protocol');
    }
  }
  return [...found].map(([name, kind]) => ({ name, kind }));
}

/** Names that are code wherever they appear: the kit's hyphenated or underscored names (single English words like `done` are not flagged). */
export function knownNames(manifest) {
  const names = new Set([...ERROR_CODES, ...SESSION_STATES, ...EME_FIELDS]);
  for (const declaration of manifest.modules.flatMap((mod) => mod.declarations ?? [])) {
    for (const list of [declaration.attributes, declaration.events, declaration.cssParts, declaration.slots, declaration.cssProperties]) {
      for (const item of list ?? []) if (item.name) names.add(item.name);
    }
  }
  return [...names].filter((name) => /[-_]|[a-z][A-Z]/.test(name));
}

/** Every description Storybook's docs tables show, with where it came from. */
export function manifestTexts(manifest) {
  const texts = [];
  for (const mod of manifest.modules) {
    for (const declaration of mod.declarations ?? []) {
      const where = declaration.tagName ? `<${declaration.tagName}>` : `${mod.path} ${declaration.name}`;
      texts.push([where, declaration.summary], [where, declaration.description]);
      for (const [kind, list] of Object.entries({
        attribute: declaration.attributes,
        member: declaration.members,
        event: declaration.events,
        slot: declaration.slots,
        'CSS part': declaration.cssParts,
        'CSS property': declaration.cssProperties,
      })) {
        for (const item of list ?? []) {
          texts.push([`${where} ${kind} ${item.name}`, item.description], [`${where} ${kind} ${item.name}`, item.summary]);
          for (const parameter of item.parameters ?? []) texts.push([`${where} ${kind} ${item.name}(${parameter.name})`, parameter.description]);
          if (item.return?.description) texts.push([`${where} ${kind} ${item.name} returns`, item.return.description]);
        }
      }
    }
  }
  return texts.filter(([, text]) => text);
}

/**
 * The stories' texts that reach the docs page: JSDoc comments (Storybook shows the meta's and each
 * story's as its description), `description:` strings of args, and MDX prose.
 */
export function storyTexts(files) {
  const texts = [];
  for (const [file, source] of files) {
    if (file.endsWith('.mdx')) {
      // MDX prose; JSX/imports lines are code.
      const lines = source.split('\n').filter((line) => !/^\s*(import|export|<|\{|\/\/)/.test(line));
      texts.push([file, lines.join('\n')]);
      continue;
    }
    for (const [comment] of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      texts.push([file, comment.replace(/^\s*\/?\*+\/? ?/gm, '')]);
    }
    for (const [, , text] of source.matchAll(/\bdescription:\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) texts.push([`${file} description`, text]);
  }
  return texts;
}

function main() {
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const names = knownNames(manifest);
  const files = readdirSync(STORIES, { recursive: true })
    .filter((file) => /\.stories\.ts$|\.mdx$/.test(file))
    .map((file) => [`stories/${file}`, readFileSync(new URL(file, STORIES), 'utf8')]);
  const problems = [...manifestTexts(manifest), ...storyTexts(files)].flatMap(([where, text]) =>
    uncodedNames(text, names).map(({ name, kind }) => `${where}: ${name} (${kind})`),
  );
  const unique = [...new Set(problems)];
  if (unique.length) {
    console.error(`${unique.length} code name(s) outside code formatting in the docs (put them in backticks):`);
    for (const problem of unique) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log(`Code names in code formatting: ${names.length} known names and ${PATTERNS.length} patterns checked in custom-elements.json and ${files.length} story files.`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
