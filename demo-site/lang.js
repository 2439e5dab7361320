// The kit's one language rule (@iamsmart/protocol), so the site's own scripts pick the language
// the elements will speak without waiting for, or depending on, the kit's bundle. The demo
// server serves the protocol module at the path this import resolves to.
export { pickLang } from '../packages/protocol/src/lang.js';
