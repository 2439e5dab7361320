// The small part of node-forge this package uses (node-forge ships no types).
declare module 'node-forge' {
  namespace forge {
    namespace jsbn {
      interface BigInteger { bitLength(): number }
    }
    namespace pki {
      namespace rsa {
        interface PrivateKey { n: jsbn.BigInteger; decrypt(data: string, scheme?: string): string }
      }
      function privateKeyFromPem(pem: string): rsa.PrivateKey;
    }
  }
  export default forge;
}
