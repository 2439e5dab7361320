// Two DOM type names the SDK's shared modules (e-ME checks, signature verification) use, as
// Node has them: the server is type-checked without the DOM library.
type BufferSource = NodeJS.BufferSource;
type JsonWebKey = import('node:crypto').webcrypto.JsonWebKey;
