// An Express app with "Login with iAM Smart" (configuration from IAMSMART_* variables).
import express from 'express';
import { createIamSmartServer, nodeMiddleware, toWebRequest } from '@iamsmart/server';

const iamsmart = createIamSmartServer(); // IAMSMART_CLIENT_ID, _CLIENT_SECRET, _PRIVATE_KEY_FILE, _ORIGIN…
const app = express();
app.use(nodeMiddleware(iamsmart)); // GET /iamsmart/login, /callback, /session; POST /iamsmart/logout

const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

app.get('/', async (req, res, next) => {
  try {
    const session = await iamsmart.sessionOf(toWebRequest(iamsmart, req));
    const error = typeof req.query.iams_error === 'string' ? `<p>Login failed: ${escape(req.query.iams_error)}</p>` : '';
    res.type('html').send(session
      ? `<p>Hello ${escape(session.resident.enName ?? session.resident.openID)}</p>`
      : `${error}<a href="/iamsmart/login?returnTo=/">Login with iAM Smart</a>`);
  } catch (failure) {
    next(failure); // e.g. the session store is down
  }
});

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, 'localhost', () => console.log(`listening on http://localhost:${port}/`));
process.on('SIGTERM', () => { server.close(); void iamsmart.close(); });
