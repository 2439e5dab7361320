// Framework integrations for @iamsmart/elements, generated from the Custom Elements Manifest by
// `npm run analyze` (custom-elements-manifest.config.mjs), so they list exactly the elements,
// attributes, properties and events the manifest does and never drift from it:
//   types/react.d.ts  React 19 `JSX.IntrinsicElements` (attributes, properties, `oniams-*` events)
//   types/vue.d.ts    Vue 3 `GlobalComponents` (vue-tsc checks attribute values and `@iams-*` handlers)
//   vscode.html-custom-data.json, vscode.css-custom-data.json   VS Code custom data
//   web-types.json    JetBrains web-types (package.json "web-types")
// The editor data comes from break-stuff's generators; the React and Vue types are written here
// because those generators type events as `CustomEvent<EventClass>` and props with their own base
// props rather than React's. Value types are indexed from the element classes' own declarations
// (`IamsLoginButton['mode']`), so an enum is the class's string-literal union. See
// docs/decisions/040-framework-types.md.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getWebTypesData } from 'custom-element-jet-brains-integration';
import { generateVsCodeCustomElementData } from 'custom-element-vs-code-integration';

/** A class's public surface as the manifest describes it, after the config's public-API filter. */
function elementsOf(manifest) {
  return manifest.modules
    .flatMap((mod) => mod.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName)
    .sort((a, b) => a.tagName.localeCompare(b.tagName))
    .map((declaration) => {
      const fields = (declaration.members ?? []).filter((member) => member.kind === 'field' && !member.readonly);
      return {
        tag: declaration.tagName,
        className: declaration.name,
        description: declaration.summary || declaration.description || '',
        // An attribute without a field (`lang`) is a standard HTML attribute the element reads.
        attributes: (declaration.attributes ?? []).map((attribute) => ({
          name: attribute.name,
          field: attribute.fieldName,
          type: attribute.type?.text ?? 'string',
          description: attribute.description ?? '',
        })),
        properties: fields.map((field) => ({ name: field.name, attribute: field.attribute, description: field.description ?? '' })),
        events: (declaration.events ?? [])
          .filter((event) => event.name)
          .map((event) => ({ name: event.name, type: event.type?.text ?? 'Event', description: event.description ?? '' })),
      };
    });
}

const doc = (text, indent) => {
  const lines = text.trim().split('\n').map((line) => line.replaceAll('*/', '*\\/'));
  if (!lines[0]) return '';
  return lines.length === 1 ? `${indent}/** ${lines[0]} */\n` : `${indent}/**\n${lines.map((line) => `${indent} * ${line}`.trimEnd()).join('\n')}\n${indent} */\n`;
};
const camel = (name) => name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());
/** The value type of an attribute or property, taken from the class so it cannot disagree with it. */
const valueType = (element, field, fallback) => (field ? `${element.className}['${field}']` : fallback);
const eventClasses = (elements) => [...new Set(elements.flatMap((element) => element.events.map((event) => event.type)))].sort();
const importLine = (elements) =>
  `import type {\n${[...elements.map((element) => element.className), ...eventClasses(elements)].map((name) => `  ${name},`).join('\n')}\n} from '../dist/types/index.js';`;

/** Props an element takes in either framework: its attributes by name, its writable properties by name. */
function ownProps(element, attributeName) {
  const props = new Map();
  for (const attribute of element.attributes) {
    props.set(attributeName(attribute.name), {
      type: valueType(element, attribute.field, attribute.type),
      description: `${attribute.description} (attribute \`${attribute.name}\`)`.trim(),
    });
  }
  for (const property of element.properties) {
    if (props.has(property.name)) continue;
    props.set(property.name, {
      type: valueType(element, property.name),
      description: `${property.description} (property${property.attribute ? `; attribute \`${property.attribute}\`` : ''})`.trim(),
    });
  }
  return props;
}

const propLines = (props, indent) =>
  [...props].map(([name, { type, description }]) => `${doc(description, indent)}${indent}${/^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`}?: ${type};`).join('\n');

function reactTypes(elements) {
  const blocks = elements.map((element) => {
    const props = ownProps(element, (name) => name);
    for (const event of element.events) {
      props.set(`on${event.name}`, {
        type: `(event: ${event.type}) => void`,
        description: `${event.description} (event \`${event.name}\`; \`on${pascal(event.name)}\` would never fire)`,
      });
    }
    return `${doc(`Props of \`<${element.tag}>\`: its attributes (kebab-case), its properties (camelCase, set as properties once the element is defined) and its events as \`on<event-name>\`.`, '')}export interface ${element.className}Props {\n${propLines(props, '  ')}\n}`;
  });
  return `// Generated by \`npm run analyze\` (scripts/framework-types.js) from custom-elements.json. Do not edit.
// React 19 JSX types for the iAM Smart elements. Load them once in a React + TypeScript project:
//   /// <reference types="@iamsmart/elements/react" />
// Events are \`on\` + the event's own name: \`oniams-login\`, not \`onIamsLogin\` (React 19 adds a
// listener for the rest of the name as written, and no element fires "IamsLogin").
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
${importLine(elements)}

${blocks.join('\n\n')}

type ElementProps<E extends HTMLElement, P> = Omit<DetailedHTMLProps<HTMLAttributes<E>, E>, keyof P> & P;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
${elements.map((element) => `${doc(element.description.split('\n\n')[0], '      ')}      '${element.tag}': ElementProps<${element.className}, ${element.className}Props>;`).join('\n')}
    }
  }
}
`;
}

function vueTypes(elements) {
  const blocks = elements.map((element) => {
    // Vue matches `client-id="…"` and `:clientId` to the camelCase prop, `@iams-login` to `onIamsLogin`.
    const props = ownProps(element, camel);
    for (const event of element.events) {
      props.set(`on${pascal(event.name)}`, { type: `(event: ${event.type}) => void`, description: `${event.description} (event \`${event.name}\`: \`@${event.name}\`)` });
    }
    return `export interface ${element.className}Props {\n${propLines(props, '  ')}\n}`;
  });
  return `// Generated by \`npm run analyze\` (scripts/framework-types.js) from custom-elements.json. Do not edit.
// Vue 3 types for the iAM Smart elements, so vue-tsc checks their attribute values and event
// handlers in templates. Load them once:  /// <reference types="@iamsmart/elements/vue" />
// and tell Vue's compiler the tags are custom elements (compilerOptions.isCustomElement).
import type { DefineComponent } from 'vue';
${importLine(elements)}

${blocks.join('\n\n')}

declare module 'vue' {
  interface GlobalComponents {
${elements.map((element) => `${doc(element.description.split('\n\n')[0], '    ')}    '${element.tag}': DefineComponent<${element.className}Props>;`).join('\n')}
  }
}
`;
}

/** One entry per name; where elements describe it differently, every description. */
function uniqueByName(entries = []) {
  const byName = new Map();
  for (const entry of entries) {
    const seen = byName.get(entry.name);
    if (!seen) byName.set(entry.name, { ...entry });
    else if (entry.description && !seen.description?.split('\n\n').includes(entry.description)) {
      seen.description = seen.description ? `${seen.description}\n\n${entry.description}` : entry.description;
    }
  }
  return [...byName.values()];
}

/** A CEM analyzer plugin writing every integration into the elements package (`packageDir`). */
export function frameworkIntegrations({ packageDir }) {
  return {
    name: 'iams-framework-integrations',
    packageLinkPhase({ customElementsManifest }) {
      const elements = elementsOf(customElementsManifest);
      mkdirSync(join(packageDir, 'types'), { recursive: true });
      writeFileSync(join(packageDir, 'types/react.d.ts'), reactTypes(elements));
      writeFileSync(join(packageDir, 'types/vue.d.ts'), vueTypes(elements));

      const editorOptions = { hideLogs: true, hideMethodDocs: true };
      generateVsCodeCustomElementData(customElementsManifest, { ...editorOptions, outdir: packageDir });
      // The generators list a CSS property or part once per element that has it; editors want it once.
      const cssDataFile = join(packageDir, 'vscode.css-custom-data.json');
      const cssData = JSON.parse(readFileSync(cssDataFile, 'utf8'));
      writeFileSync(cssDataFile, `${JSON.stringify({ ...cssData, properties: uniqueByName(cssData.properties), pseudoElements: uniqueByName(cssData.pseudoElements) }, null, 2)}\n`);
      // The generator names the package after the working directory's package.json (the repo's).
      const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
      const webTypes = { ...JSON.parse(getWebTypesData(customElementsManifest, editorOptions)), name: pkg.name, version: pkg.version };
      const css = webTypes.contributions.css;
      webTypes.contributions.css = { ...css, properties: uniqueByName(css.properties), 'pseudo-elements': uniqueByName(css['pseudo-elements']) };
      writeFileSync(join(packageDir, 'web-types.json'), `${JSON.stringify(webTypes, null, 2)}\n`);
    },
  };
}
