// The code-names check (scripts/code-names.js) finds what Markdown would mangle and lets code
// spans, code blocks and plain English through. The docs themselves are checked by
// `node scripts/code-names.js` in `npm test` after the build (it needs custom-elements.json).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { knownNames, storyTexts, uncodedNames } from './code-names.js';

const names = (text, known) => uncodedNames(text, known).map(({ name }) => name);

test('finds code names outside code formatting', () => {
  assert.deepEqual(names('Fails with code_mismatch when the codes differ.'), ['code_mismatch']);
  assert.deepEqual(names('Put it inside <iams-provider> and listen for iams-login.'), ['<iams-provider>', 'iams-login']);
  assert.deepEqual(names('Set --iams-accent, or data-eme="enName" on the input.'), ['--iams-accent', 'data-eme="enName"']);
  assert.deepEqual(names('Reads custom-elements.json and calls requestEme().'), ['requestEme()', 'custom-elements.json']);
  assert.deepEqual(names('Hidden until :defined.'), [':defined']);
  assert.deepEqual(names('The state is awaiting-scan.', ['awaiting-scan']), ['awaiting-scan']);
});

test('lets code spans, code blocks, links and English through', () => {
  assert.deepEqual(names('Fails with `code_mismatch`; see ``iams-login``.'), []);
  assert.deepEqual(names('Example:\n\n```html\n<iams-provider issuer="x"></iams-provider>\n```\n\n    IAMS_SANDBOX_CLIENTS=x npm start'), []);
  assert.deepEqual(names('A pop-up on iOS and iPadOS, 12 kB, with iAM Smart, see https://example.com/a_b.js.'), []);
  assert.deepEqual(names('The state is `awaiting-scan`.', ['awaiting-scan']), []);
});

test('reads the stories as Storybook shows them: JSDoc, arg descriptions and MDX prose', () => {
  const texts = storyTexts([
    ['a.stories.ts', "/**\n * The failure: code_mismatch.\n *\n *     npm start --x_y\n */\nconst x = { description: 'One of network_error.' };"],
    ['b.mdx', "import { Meta } from '@storybook/addon-docs/blocks';\n\nUse <iams-login-button> here."],
  ]);
  assert.deepEqual(
    texts.flatMap(([, text]) => names(text)),
    ['code_mismatch', 'network_error', '<iams-login-button>'],
  );
});

test('known names are the hyphenated, underscored or camelCase ones', () => {
  const manifest = { modules: [{ declarations: [{ attributes: [{ name: 'icon-only' }, { name: 'lang' }], events: [{ name: 'iams-login' }], cssParts: [{ name: 'button' }] }] }] };
  const known = knownNames(manifest);
  assert.ok(known.includes('icon-only') && known.includes('code_mismatch') && known.includes('enName'));
  assert.ok(!known.includes('lang') && !known.includes('button'));
});

