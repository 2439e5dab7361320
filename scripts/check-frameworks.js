// `npm run check:packages`, second half (after scripts/check-packages.js): the packages as a React,
// Vue or plain-HTML developer gets them. Packs @iamsmart/sdk and @iamsmart/elements, and installs
// ONLY those two tarballs for the kit (the frameworks and tools at the repo's locked versions) into
// three fresh apps, one npm workspace so that one `npm install` serves them all:
//   react  React 19 + TypeScript with @iamsmart/elements/react: `tsc` finds nothing in a page
//          using every element nor in docs/frameworks/react.md's components, and in a file of
//          mistakes (wrong enum value, `onIamsLogin`, wrong event type, misspelt tag) exactly the
//          expected errors; `vite build`; in Chromium `oniams-login` fires, `onIamsLogin` not.
//   vue    Vue 3 with @iamsmart/elements/vue: the same with `vue-tsc` and vue.md's SFC (wrong
//          attribute values, a wrong handler type); `vite build`; in Chromium properties, an
//          attribute and an `@iams-login` listener arrive as vue.md says.
//   html   docs/frameworks/html.md's server-rendered page and script, and every README snippet
//          that imports the packages, extracted from the Markdown at run time: `tsc` (checkJs)
//          and `vite build`; in Chromium the page keeps the button's place while undefined, and
//          each snippet runs on a page of its own against a stand-in backend and OpenID Provider.
//          html.md's VS Code settings and package.json "web-types" name files the package ships.
// Fixtures are in scripts/framework-apps/. Run `npm run build` first; KEEP_APPS=1 keeps the apps.
// Decision 040.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './chromium.js';
import { run, runAsync } from './npm-apps.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const FIXTURES = join(ROOT, 'scripts/framework-apps');
const require = createRequire(join(ROOT, 'package.json'));
const version = (name) => require(`${name}/package.json`).version;

const started = Date.now();
const failures = [];
const checked = [];
const fail = (message) => failures.push(message);
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

/** Fenced blocks of a Markdown file (also indented in a list item), with the heading they are under. */
function fences(file) {
  const blocks = [];
  let heading = '';
  let open = null;
  for (const line of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
    if (open) {
      if (line.trim() === '```') {
        blocks.push(open);
        open = null;
      } else open.lines.push(line.slice(open.indent));
    } else if (/^#{1,6} /.test(line)) heading = line.replace(/^#+ /, '');
    else if (/^\s*```/.test(line)) open = { lang: line.trim().slice(3).trim(), heading, indent: line.indexOf('`'), lines: [] };
  }
  return blocks.map((block) => ({ ...block, text: `${block.lines.join('\n')}\n` }));
}

/**
 * tsc / vue-tsc output that must be a failure with each `expect:` line's message at that line,
 * and no other error. Returns how many expectations matched.
 */
function expectErrors(label, result, file, fixture) {
  const expectations = readFileSync(fixture, 'utf8')
    .split('\n')
    .map((line, index) => ({ line: index + 1, message: /expect: (.+?)(?: \*\/\}| -->)?$/.exec(line)?.[1] }))
    .filter((entry) => entry.message);
  const output = `${result.stdout}${result.stderr}`;
  if (result.status === 0) fail(`${label}: passed, but ${file} has ${expectations.length} mistakes`);
  const errors = [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+: [\s\S]+?)(?=^\S.*\(\d+,\d+\): error |(?![\s\S]))/gm)].map(
    ([, path, line, message]) => ({ path, line: Number(line), message }),
  );
  for (const { line, message } of expectations) {
    if (!errors.some((error) => error.path.endsWith(file) && error.line === line && error.message.includes(message))) {
      fail(`${label}: ${file}:${line} should fail with "${message}"; the output was:\n${output}`);
    }
  }
  for (const error of errors) {
    if (!expectations.some((expected) => error.path.endsWith(file) && expected.line === error.line)) {
      fail(`${label}: unexpected error ${error.path}:${error.line} ${error.message}`);
    }
  }
  return expectations.length;
}

/**
 * A static server for an app's dist/ (the pages' modules need http, not file:); `api` may answer a
 * request first (returns true when it did).
 */
function serve(dir, api = () => false) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };
  const server = createServer((request, response) => {
    if (api(request, response)) return;
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() }));
  });
}

/** The README snippets' pages in the plain-HTML app: { page, heading, text }. */
let snippetPages = [];

/** The workspace: three apps, their dependencies at the repo's versions, the kit from tarballs. */
function writeWorkspace(ws, tarballs) {
  const kit = { '@iamsmart/sdk': `file:${tarballs.sdk}`, '@iamsmart/elements': `file:${tarballs.elements}` };
  const at = (...names) => Object.fromEntries(names.map((name) => [name, version(name)]));
  const apps = {
    react: { dependencies: { ...kit, ...at('react', 'react-dom') }, devDependencies: at('@types/react', '@types/react-dom', 'typescript', 'vite') },
    vue: { dependencies: { ...kit, ...at('vue') }, devDependencies: at('@vitejs/plugin-vue', 'typescript', 'vite', 'vue-tsc') },
    html: { dependencies: kit, devDependencies: at('typescript', 'vite') },
  };
  const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(ws, 'package.json'), json({ name: 'iamsmart-framework-check', private: true, workspaces: Object.keys(apps) }));
  for (const [name, deps] of Object.entries(apps)) {
    cpSync(join(FIXTURES, name), join(ws, name), { recursive: true });
    writeFileSync(join(ws, name, 'package.json'), json({ name: `${name}-app`, private: true, type: 'module', ...deps }));
  }

  // The plain-HTML app's page and script are docs/frameworks/html.md's; the README's snippets
  // that import the packages become modules of a second page.
  const html = fences('docs/frameworks/html.md');
  const page = html.find((block) => block.lang === 'html' && block.text.startsWith('<!doctype html>'));
  const script = html.find((block) => block.lang === 'js' && block.text.startsWith('// main.js'));
  if (!page || !script) throw new Error('docs/frameworks/html.md: no server-rendered page (```html <!doctype html>) or its ```js // main.js');
  writeFileSync(join(ws, 'html/index.html'), page.text);
  writeFileSync(join(ws, 'html/main.js'), script.text);

  // The guides' React components and Vue SFCs are type-checked with the apps' own pages.
  const guides = { react: [fences('docs/frameworks/react.md'), 'tsx', 'src/guide-N.tsx'], vue: [fences('docs/frameworks/vue.md'), 'vue', 'src/Guide-N.vue'] };
  for (const [app, [blocks, lang, pattern]] of Object.entries(guides)) {
    const code = blocks.filter((block) => block.lang === lang);
    if (!code.length) throw new Error(`docs/frameworks/${app}.md: no \`\`\`${lang} blocks`);
    code.forEach((block, index) => writeFileSync(join(ws, app, pattern.replace('N', String(index + 1))), block.text));
    checked.push(`docs/frameworks/${app}.md: ${code.length} ${lang} block${code.length === 1 ? '' : 's'} type-checked in the ${app} app`);
  }

  const readme = fences('README.md');
  const snippets = readme.filter((block) => block.lang === 'js' && /from '@iamsmart\/|import '@iamsmart\//.test(block.text));
  // Each snippet gets a page of its own with what it takes from the page: two buttons (by id) and
  // a render function. The snippets themselves are used as written.
  mkdirSync(join(ws, 'html/readme'));
  snippets.forEach((snippet, index) => {
    writeFileSync(join(ws, 'html/readme', `snippet-${index + 1}.js`), `// README.md, "${snippet.heading}"\n${snippet.text}`);
    writeFileSync(
      join(ws, 'html', `readme-${index + 1}.html`),
      `<!doctype html>\n<html lang="en">\n<body>\n<button id="loginButton">Log in</button> <button id="logoutButton">Log out</button>\n` +
        `<script>function render(claims) { document.body.dataset.rendered = JSON.stringify(claims); }</script>\n` +
        `<script type="module" src="/readme/snippet-${index + 1}.js"></script>\n</body>\n</html>\n`,
    );
  });
  // The README's install line names the packages the apps install.
  const install = readme.filter((block) => block.heading === 'From npm' && block.lang === 'sh').map((block) => /npm install ([^#\n]+)/.exec(block.text)?.[1]);
  const named = (install[0] ?? '').trim().split(/\s+/).sort().join(' ');
  if (named !== Object.keys(kit).sort().join(' ')) fail(`README.md "From npm": npm install names "${named}", not ${Object.keys(kit).join(' ')}`);
  const headings = [...new Set(snippets.map((snippet) => snippet.heading))];
  for (const wanted of ['From npm', 'Two modes']) if (!headings.includes(wanted)) fail(`README.md: no snippet importing the packages under "${wanted}"`);
  snippetPages = snippets.map((snippet, index) => ({ page: `readme-${index + 1}.html`, heading: snippet.heading, text: snippet.text }));
  checked.push(`README.md: ${snippets.length} snippets importing the packages (${headings.map((h) => `"${h}"`).join(', ')}) and the "From npm" install line (${named})`);
}

/* global document, getComputedStyle, customElements -- the functions given to page.evaluate run in the browser */
async function browserChecks(ws) {
  const browser = await launchChromium();
  const servers = [];
  try {
    // React 19: which of the two handlers fires.
    const react = await serve(join(ws, 'react/dist'));
    servers.push(react);
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(react.url);
    await page.waitForFunction(() => document.querySelector('#typed')?.shadowRoot?.querySelector('button'));
    const fired = await page.evaluate(async () => {
      const login = (name) => new CustomEvent(name, { bubbles: true, composed: true, detail: { openID: 'resident-1' } });
      // The page also records iams-error events of its own (no backend answers /iamsmart/session).
      const logins = () => (document.querySelector('#fired')?.textContent ?? '').split('\n').filter((line) => /login/i.test(line));
      document.querySelector('#typed')?.dispatchEvent(login('iams-login'));
      document.querySelector('#camel-case')?.dispatchEvent(login('iams-login'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const afterLogin = logins();
      // What React 19 listens for on `onIamsLogin`: the rest of the name, verbatim.
      document.querySelector('#camel-case')?.dispatchEvent(login('IamsLogin'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        afterLogin,
        afterIamsLogin: logins(),
        iconOnly: document.querySelector('#camel-case')?.hasAttribute('icon-only'),
        fullWidth: document.querySelector('#typed')?.hasAttribute('full-width'),
      };
    });
    if (fired.afterLogin.join() !== 'oniams-login resident-1') fail(`React: after iams-login on both buttons the page recorded ${JSON.stringify(fired.afterLogin)}, not only oniams-login`);
    if (fired.afterIamsLogin.at(-1) !== 'onIamsLogin') fail(`React: an event named "IamsLogin" did not reach onIamsLogin (${JSON.stringify(fired.afterIamsLogin)})`);
    if (!fired.iconOnly || !fired.fullWidth) fail(`React: iconOnly property / full-width attribute not reflected (${JSON.stringify(fired)})`);
    if (errors.length) fail(`React page errors: ${errors.join('; ')}`);
    checked.push(
      'React (Chromium): iams-login reached `oniams-login` and not `onIamsLogin`, which ran only for an event named "IamsLogin"; `iconOnly={true}` set the property (reflected), `full-width` the attribute',
    );

    // Vue: properties where the element has them, `@iams-login` listening for iams-login.
    const vue = await serve(join(ws, 'vue/dist'));
    servers.push(vue);
    const vuePage = await browser.newPage();
    const vueErrors = [];
    vuePage.on('pageerror', (error) => vueErrors.push(error.message));
    await vuePage.goto(vue.url);
    await vuePage.waitForFunction(() => document.querySelector('iams-login-button')?.shadowRoot?.querySelector('button'));
    const vueState = await vuePage.evaluate(async () => {
      const dialog = document.querySelector('iams-sign-dialog');
      const oidc = document.querySelector('#oidc');
      document.querySelector('iams-login-button')?.dispatchEvent(new CustomEvent('iams-login', { bubbles: true, composed: true, detail: { openID: 'resident-2' } }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      return {
        documentIsBlob: dialog?.document instanceof Blob && !dialog.hasAttribute('document'),
        anchors: oidc?.signingTrustAnchors?.length,
        clientIdAttribute: oidc?.getAttribute('client-id'),
        who: document.querySelector('#who')?.textContent,
      };
    });
    if (!vueState.documentIsBlob || vueState.anchors !== 1 || vueState.clientIdAttribute !== 'your-client-id' || vueState.who !== 'resident-2' || vueErrors.length) {
      fail(`Vue (Chromium): ${JSON.stringify(vueState)} (want the document and signingTrustAnchors as properties, client-id as an attribute, @iams-login run); page errors: ${vueErrors.join('; ')}`);
    }
    checked.push('Vue (Chromium): `:document` and `:signingTrustAnchors` set as properties, `client-id` as an attribute, `@iams-login` ran on iams-login');

    // The server-rendered page: its place kept before the module runs, the button drawn after.
    const html = await serve(join(ws, 'html/dist'));
    servers.push(html);
    const measure = () => {
      const button = document.querySelector('iams-login-button');
      const box = button?.getBoundingClientRect();
      return {
        defined: button?.matches(':defined'),
        visibility: button ? getComputedStyle(button).visibility : '',
        height: Math.round(box?.height ?? 0),
        trigger: Math.round(button?.shadowRoot?.querySelector('button')?.getBoundingClientRect().height ?? 0),
        greetingTop: Math.round(document.querySelector('#greeting')?.getBoundingClientRect().top ?? 0),
      };
    };
    const blocked = await browser.newPage();
    await blocked.route('**/*.js', (route) => route.abort());
    await blocked.goto(html.url);
    const before = await blocked.evaluate(measure);
    const live = await browser.newPage();
    const liveErrors = [];
    live.on('pageerror', (error) => liveErrors.push(error.message));
    await live.goto(html.url);
    await live.waitForFunction(() => document.querySelector('iams-login-button')?.shadowRoot?.querySelector('button'));
    const after = await live.evaluate(measure);
    if (before.defined || before.visibility !== 'hidden') fail(`server-rendered page before its module: ${JSON.stringify(before)} (want undefined and hidden)`);
    if (!after.defined || after.visibility !== 'visible' || after.trigger !== 44) fail(`server-rendered page after its module: ${JSON.stringify(after)} (want defined, visible, a 44 px button)`);
    if (before.height !== after.height || before.greetingTop !== after.greetingTop) {
      fail(`server-rendered page: the upgrade moved the page (element ${before.height} → ${after.height} px high, the text below ${before.greetingTop} → ${after.greetingTop} px)`);
    }
    if (liveErrors.length) fail(`server-rendered page errors: ${liveErrors.join('; ')}`);
    checked.push(
      `server-rendered page (Chromium): with its module blocked the button is undefined, hidden and ${before.height} px high; with it, ${after.height} px (a ${after.trigger} px button and its link), the text below at ${before.greetingTop} px both times`,
    );

    checked.push(...(await runSnippets(browser, join(ws, 'html/dist'), servers)));
  } finally {
    for (const server of servers) server.close();
    await browser.close();
  }
}

/**
 * The README's snippets run in Chromium, each on its page, against a stand-in backend at
 * /iamsmart and a stand-in OpenID Provider at https://iam-smart.example (routed by the browser):
 * no page errors, and the buttons do what the snippets' comments say.
 */
async function runSnippets(browser, dist, servers) {
  const backendRequests = [];
  const site = await serve(dist, (request, response) => {
    if (!request.url?.startsWith('/iamsmart/')) return false;
    backendRequests.push(`${request.method} ${request.url}`);
    if (request.url === '/iamsmart/session') response.writeHead(200, { 'content-type': 'application/json' }).end('{"loggedIn":false}');
    else if (request.url === '/iamsmart/logout' && request.method === 'POST') response.writeHead(204).end();
    else response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>iAM Smart</title>');
    return true;
  });
  servers.push(site);
  const results = [];
  for (const snippet of snippetPages) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const issuer = 'https://iam-smart.example';
    const providerRequests = [];
    await page.route(`${issuer}/**`, (route) => {
      const url = route.request().url();
      providerRequests.push(url);
      if (url.endsWith('/.well-known/openid-configuration')) {
        void route.fulfill({
          json: { issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`, response_types_supported: ['code'], code_challenge_methods_supported: ['S256'] },
          headers: { 'access-control-allow-origin': '*' },
        });
      } else void route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>iAM Smart</title>' });
    });
    backendRequests.length = 0;
    await page.goto(`${site.url}/${snippet.page}`);
    await page.waitForLoadState('networkidle');
    const what = [];
    if (snippet.text.includes('createBackendClient')) {
      if (!backendRequests.includes('GET /iamsmart/session')) fail(`README "${snippet.heading}" snippet: no GET /iamsmart/session on load (${backendRequests.join(', ')})`);
      // The page is already idle when the click's POST starts: wait for its answer (up to 10 s), not for idleness.
      const loggedOut = page.waitForResponse((response) => response.url().endsWith('/iamsmart/logout') && response.request().method() === 'POST', { timeout: 10_000 }).catch(() => undefined);
      await page.click('#logoutButton');
      await loggedOut;
      if (!backendRequests.includes('POST /iamsmart/logout')) fail(`README "${snippet.heading}" snippet: logoutButton did not POST /iamsmart/logout (${backendRequests.join(', ')})`);
      await Promise.all([page.waitForURL(/\/iamsmart\/login\?/), page.click('#loginButton')]);
      const login = new URL(page.url());
      if (login.searchParams.get('lang') !== 'zh-HK' || !login.searchParams.get('returnTo')) fail(`README "${snippet.heading}" snippet: loginButton went to ${page.url()}`);
      what.push(`GET /iamsmart/session on load, logoutButton → POST /iamsmart/logout, loginButton → ${login.pathname}?returnTo=…&lang=${login.searchParams.get('lang')}`);
    } else if (snippet.text.includes('createClient(')) {
      await Promise.all([page.waitForURL(/iam-smart\.example\/authorize/), page.click('#loginButton')]);
      const authorize = new URL(page.url());
      const params = ['client_id', 'response_type', 'code_challenge_method'].map((name) => `${name}=${authorize.searchParams.get(name)}`);
      if (authorize.searchParams.get('client_id') !== 'your-client-id' || authorize.searchParams.get('code_challenge_method') !== 'S256') fail(`README "${snippet.heading}" snippet: loginButton went to ${page.url()}`);
      what.push(`loginButton → ${authorize.origin}${authorize.pathname} (${params.join(', ')})`);
    }
    if (snippet.text.includes("import '@iamsmart/elements'")) {
      const defined = await page.evaluate(() => ['iams-provider', 'iams-login-button', 'iams-qr-login', 'iams-sign-dialog', 'iams-eme-autofill', 'iams-notify-optin'].filter((tag) => customElements.get(tag)).length);
      if (defined !== 6) fail(`README "${snippet.heading}" snippet: ${defined} of 6 elements defined`);
      what.push(`${defined} elements defined`);
    }
    if (errors.length) fail(`README "${snippet.heading}" snippet (${snippet.page}): page errors: ${errors.join('; ')}`);
    results.push(`README "${snippet.heading}" snippet run in Chromium (${snippet.page}): no page error${what.length ? `; ${what.join('; ')}` : ''}`);
    await page.close();
  }
  return results;
}

const tmp = mkdtempSync(join(tmpdir(), 'iamsmart-frameworks-'));
try {
  const tarballs = {};
  for (const name of ['sdk', 'elements']) {
    const packageDir = join(ROOT, 'packages', name);
    if (!existsSync(join(packageDir, 'dist/index.js'))) throw new Error(`packages/${name}/dist is missing: run \`npm run build\` first`);
    const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp, '--loglevel=error'], packageDir));
    tarballs[name] = join(tmp, packed.filename);
    if (name === 'elements') {
      const files = new Set(packed.files.map((file) => file.path));
      const missing = ['types/react.d.ts', 'types/vue.d.ts', 'vscode.html-custom-data.json', 'vscode.css-custom-data.json', 'web-types.json'].filter((file) => !files.has(file));
      if (missing.length) throw new Error(`@iamsmart/elements tarball lacks ${missing.join(', ')} (run \`npm run analyze\`)`);
      checked.push(`packed ${packed.filename}: types/react.d.ts, types/vue.d.ts, VS Code HTML and CSS custom data, web-types.json`);
    }
  }
  const ws = join(tmp, 'apps');
  mkdirSync(ws);
  writeWorkspace(ws, tarballs);

  const t = Date.now();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], ws);
  const installed = readdirSync(join(ws, 'node_modules/@iamsmart')).sort();
  if (installed.join() !== 'elements,sdk') fail(`apps: node_modules/@iamsmart holds ${installed.join(', ')}`);
  checked.push(
    `one npm install for the three apps (${seconds(t)}): the two tarballs, react ${version('react')}, vue ${version('vue')}, vue-tsc ${version('vue-tsc')}, typescript ${version('typescript')}, vite ${version('vite')}`,
  );

  // html.md's VS Code settings name files the package ships.
  const settings = fences('docs/frameworks/html.md').find((block) => block.lang === 'json' && block.text.includes('html.customData'));
  const customData = settings ? JSON.parse(settings.text.replace(/^\s*\/\/.*$/gm, '')) : {};
  const dataFiles = [...(customData['html.customData'] ?? []), ...(customData['css.customData'] ?? [])];
  for (const file of dataFiles) if (!existsSync(join(ws, file))) fail(`docs/frameworks/html.md: VS Code setting names ${file}, not installed`);
  if (dataFiles.length !== 2) fail(`docs/frameworks/html.md: want the html.customData and css.customData settings, found ${JSON.stringify(customData)}`);
  const webTypes = JSON.parse(readFileSync(join(ws, 'node_modules/@iamsmart/elements/package.json'), 'utf8'))['web-types'];
  const webTypesData = webTypes && existsSync(join(ws, 'node_modules/@iamsmart/elements', webTypes)) ? JSON.parse(readFileSync(join(ws, 'node_modules/@iamsmart/elements', webTypes), 'utf8')) : null;
  if (webTypesData?.name !== '@iamsmart/elements') fail(`@iamsmart/elements: package.json "web-types" → ${webTypes}: not a web-types file of the package`);
  checked.push(`editor data: html.md's VS Code settings name ${dataFiles.length} installed files; "web-types" → ${webTypes}, ${webTypesData?.contributions?.html?.elements?.length ?? 0} elements`);

  const bin = {
    tsc: join(ws, 'node_modules/typescript/bin/tsc'),
    vueTsc: join(ws, 'node_modules/vue-tsc/bin/vue-tsc.js'),
    vite: join(ws, 'node_modules/vite/bin/vite.js'),
  };
  const build = (app) => {
    const since = Date.now();
    run(process.execPath, [bin.vite, 'build'], join(ws, app));
    const assets = readdirSync(join(ws, app, 'dist/assets')).filter((file) => file.endsWith('.js'));
    if (!assets.length) fail(`${app}: vite build wrote no JavaScript`);
    return `${assets.length} JS files, ${seconds(since)}`;
  };

  // The three type checks at once (each is one process, mostly waiting on the other's CPU).
  // React and Vue check the good page and the file of mistakes in one run: the run must fail
  // with exactly the mistakes' errors, at their lines, and no other.
  const since = Date.now();
  const [react, vue, html] = await Promise.all([
    runAsync(process.execPath, [bin.tsc, '-p', 'tsconfig.json'], join(ws, 'react')),
    runAsync(process.execPath, [bin.vueTsc, '-p', 'tsconfig.json'], join(ws, 'vue')),
    runAsync(process.execPath, [bin.tsc, '-p', 'tsconfig.json'], join(ws, 'html')),
  ]);
  const reactMistakes = expectErrors('react tsc', react, 'wrong/Wrong.tsx', join(ws, 'react/wrong/Wrong.tsx'));
  const vueMistakes = expectErrors('vue-tsc', vue, 'wrong/Wrong.vue', join(ws, 'vue/wrong/Wrong.vue'));
  if (html.status !== 0) fail(`html: tsc failed:\n${html.stdout}${html.stderr}`);
  checked.push(
    `type checks, at once (${seconds(since)}): react tsc (strict, skipLibCheck false, @iamsmart/elements/react): src/ (App.tsx, react.md's blocks) clean, wrong/Wrong.tsx's ${reactMistakes} mistakes each the expected error; vue-tsc (@iamsmart/elements/vue): src/ (App.vue, vue.md's block) clean, wrong/Wrong.vue's ${vueMistakes} each the expected error; html tsc (checkJs, strict): docs/frameworks/html.md's main.js and the README snippets clean`,
  );
  checked.push(`react: vite build (${build('react')})`);
  checked.push(`vue: vite build (${build('vue')})`);
  checked.push(`html: vite build of the server-rendered page and a page per README snippet (${build('html')})`);
  if (!failures.length) await browserChecks(ws);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
} finally {
  // KEEP_APPS=1 leaves the apps for a look (their path is printed).
  if (process.env.KEEP_APPS) console.log(`  apps kept in ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}

for (const line of checked) console.log(`  ${failures.length ? '·' : '✓'} ${line}`);
if (failures.length) {
  console.error(`\nFramework check FAILED (${seconds(started)}):`);
  for (const message of failures) console.error(`  ✗ ${message}`);
  process.exit(1);
}
console.log(`Framework check passed in ${seconds(started)}.`);
