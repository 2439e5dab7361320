// An Express app that fills a form with e-ME and signs a document hash with iAM Smart through its
// own backend; the verified results are kept by the site (hooks), the page gets a reference.
// Configuration: the IAMSMART_* variables of the login example, plus IAMSMART_SCOPE (with
// eidapi_formFilling eidapi_sign), IAMSMART_TRUST_ANCHORS (a PEM file), IAMSMART_SIGN_DEPARTMENT
// and IAMSMART_SIGN_SERVICE.
import { randomUUID } from 'node:crypto';
import express from 'express';
import { createIamSmartServer, nodeMiddleware } from '@iamsmart/server';

const saved = new Map(); // the site's own records (a database in real life)
const keep = (record) => { const reference = randomUUID(); saved.set(reference, record); return { reference }; };

const iamsmart = createIamSmartServer({
  // Verified before they are called; what they return is what the page gets.
  onEme: (result, { openID }) => keep({ openID, form: result.data, missing: result.missing }),
  onSigned: (result, { openID }) => keep({ openID, hash: result.hash, signature: result.signature, certificateChain: result.certificateChain }),
  // For logged-in signing: hkidOf: (session) => yourRecords.hkidOf(session.resident.openID),
});

const app = express();
app.use(express.json()); // optional: the middleware reads bodies itself too
app.use(nodeMiddleware(iamsmart)); // /iamsmart/login … /iamsmart/requests …, POST /iamsmart/callback
app.get('/saved/:reference', (req, res) => {
  const record = saved.get(req.params.reference);
  if (record) res.json(record);
  else res.sendStatus(404);
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, 'localhost', () => console.log(`listening on http://localhost:${port}/`));
process.on('SIGTERM', () => { server.close(); void iamsmart.close(); });
