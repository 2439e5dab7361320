/**
 * The server's configuration: from code, else from the environment, checked at start.
 */
import { readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { ConfigError } from './errors.js';
import type { Store } from './store/store.js';
import type { RequestHooks } from './requests/types.js';
import { checkedTopics, type NotifyTopics } from './notifications/topics.js';

export const SANDBOX_PLATFORM_URL = 'http://localhost:8787';
export const DEFAULT_SCOPE = 'eidapi_auth eidapi_profiles';
const PLATFORM_SCOPES = ['eidapi_auth', 'eidapi_profiles', 'eidapi_formFilling', 'eidapi_sign', 'eidapi_fr', 'eidapi_bulksign'];

export interface IamSmartServerOptions extends RequestHooks {
  /** The platform's origin (IAMSMART_PLATFORM_URL). Default the sandbox, http://localhost:8787, only when NODE_ENV is not "production". */
  platformUrl?: string;
  /** The registered clientID (IAMSMART_CLIENT_ID). */
  clientID?: string;
  /** The client secret (IAMSMART_CLIENT_SECRET). */
  clientSecret?: string;
  /** PEM private key of the encipherment certificate (IAMSMART_PRIVATE_KEY, or a file: IAMSMART_PRIVATE_KEY_FILE). */
  privateKey?: string;
  /** The site's public origin, e.g. https://www.example.hk (IAMSMART_ORIGIN). */
  origin?: string;
  /** Where the server is mounted (IAMSMART_BASE_PATH, default /iamsmart). */
  basePath?: string;
  /** The registered redirectURI (IAMSMART_CALLBACK_URL, default origin + basePath + /callback). */
  callbackUrl?: string;
  /** Space-separated platform scopes (IAMSMART_SCOPE, default "eidapi_auth eidapi_profiles"). */
  scope?: string;
  /** At least 32 characters (IAMSMART_SESSION_SECRET); required with a shared store, random per process otherwise. */
  sessionSecret?: string;
  /** The store; default Redis when IAMSMART_REDIS_URL is set, else in memory. */
  store?: Store;
  /** Redis URL (IAMSMART_REDIS_URL) when no `store` is given. */
  redisUrl?: string;
  /** Per platform request (IAMSMART_TIMEOUT_MS, default 10 000). */
  timeoutMs?: number;
  /** How long a started login may take, from /login to /callback (default 10 minutes). */
  loginLifetimeMs?: number;
  /**
   * PEM certificates a signer's certificate must chain to (IAMSMART_TRUST_ANCHORS: the path of a
   * PEM file holding one or more). Required when signing is used; the sandbox's root is served at
   * {platformUrl}/csc/v2/ca.pem.
   */
  trustAnchorsPem?: string[];
  /** What a signing request names as asking (IAMSMART_SIGN_DEPARTMENT, IAMSMART_SIGN_SERVICE), 1–200 characters each. */
  signing?: { department: string, serviceName: string };
  /** Give the page the signature and certificate chain too (default false: the page gets the signer and certificate details). */
  signatureToPage?: boolean;
  /** How long a request (e-ME, signing, notification consent) may take from its start (default 18 minutes). */
  requestLifetimeMs?: number;
  /**
   * Notifications (decision 059): the topics a resident may agree to receive in the app, each
   * named in the three languages, e.g. `{ topics: { 'reservation-ready': { en, 'zh-HK', 'zh-CN' } } }`
   * (IAMSMART_NOTIFY_TOPICS: the `topics` object as JSON). Without it notifications are off.
   */
  notifications?: { topics: NotifyTopics };
  /** Where configuration is read from when not given in code (default process.env). */
  env?: Record<string, string | undefined>;
  /** For tests: the fetch the platform client uses, and the clock. */
  fetch?: typeof fetch;
  now?: () => number;
}

export interface ResolvedConfig {
  platformUrl: string;
  clientID: string;
  clientSecret: string;
  privateKeyPem: string;
  origin: string;
  basePath: string;
  callbackUrl: string;
  scope: string;
  sessionSecret: string | undefined;
  redisUrl: string | undefined;
  timeoutMs: number;
  loginLifetimeMs: number;
  /**
   * Cookies carry Secure (and the __Host-/__Secure- names) on https only. Not on http loopback
   * hosts: Chromium and Firefox accept Secure cookies over http://localhost, WebKit (Safari,
   * WebKitGTK) drops them, and a login there could never finish (decision 052).
   */
  secureCookies: boolean;
  /** Undefined when signing is not configured (a sign request is then refused, invalid_config). */
  signing: { department: string, serviceName: string, trustAnchorsPem: string[] } | undefined;
  signatureToPage: boolean;
  requestLifetimeMs: number;
  /** Undefined when notifications are not configured (their routes and notify() answer invalid_config). */
  notifications: { topics: NotifyTopics } | undefined;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Reads and checks the configuration; throws ConfigError naming the option and its variable. */
export function resolveConfig(options: IamSmartServerOptions): ResolvedConfig {
  const env = options.env ?? process.env;
  const production = env.NODE_ENV === 'production';
  const fromEnv = (name: string) => {
    const value = env[name];
    return value === undefined || value === '' ? undefined : value;
  };
  const pick = (value: string | undefined, name: string) => (value !== undefined && value !== '' ? value : fromEnv(name));
  const need = (value: string | undefined, option: string, name: string) => {
    if (value === undefined) throw new ConfigError(`${option} is required: pass it in code or set ${name}.`);
    return value;
  };

  const platformUrl = pick(options.platformUrl, 'IAMSMART_PLATFORM_URL') ?? (production ? undefined : SANDBOX_PLATFORM_URL);
  if (platformUrl === undefined) throw new ConfigError('platformUrl is required when NODE_ENV is "production" (the sandbox default is for development only): pass it in code or set IAMSMART_PLATFORM_URL.');
  const platform = httpUrl(platformUrl, 'platformUrl (IAMSMART_PLATFORM_URL)');
  if (production && platform.protocol !== 'https:' && !LOOPBACK.test(platform.hostname)) {
    throw new ConfigError('platformUrl (IAMSMART_PLATFORM_URL) must be https when NODE_ENV is "production".');
  }

  const clientID = need(pick(options.clientID, 'IAMSMART_CLIENT_ID'), 'clientID', 'IAMSMART_CLIENT_ID');
  const clientSecret = need(pick(options.clientSecret, 'IAMSMART_CLIENT_SECRET'), 'clientSecret', 'IAMSMART_CLIENT_SECRET');

  let privateKeyPem = pick(options.privateKey, 'IAMSMART_PRIVATE_KEY');
  const keyFile = fromEnv('IAMSMART_PRIVATE_KEY_FILE');
  if (privateKeyPem === undefined && keyFile !== undefined) {
    try {
      privateKeyPem = readFileSync(keyFile, 'utf8');
    } catch (error) {
      throw new ConfigError(`IAMSMART_PRIVATE_KEY_FILE (${keyFile}) cannot be read: ${(error as Error).message}`);
    }
  }
  privateKeyPem = need(privateKeyPem, 'privateKey', 'IAMSMART_PRIVATE_KEY or IAMSMART_PRIVATE_KEY_FILE');
  try {
    const key = createPrivateKey(privateKeyPem);
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`an ${key.asymmetricKeyType} key`);
  } catch (error) {
    throw new ConfigError(`privateKey (IAMSMART_PRIVATE_KEY) must be the PEM RSA private key of the encipherment certificate (${(error as Error).message}).`);
  }

  const originText = need(pick(options.origin, 'IAMSMART_ORIGIN'), 'origin', 'IAMSMART_ORIGIN');
  const originUrl = httpUrl(originText, 'origin (IAMSMART_ORIGIN)');
  if (originUrl.origin !== originText.replace(/\/$/, '')) throw new ConfigError(`origin (IAMSMART_ORIGIN) must be an origin only (scheme, host, port), e.g. ${originUrl.origin}, not ${originText}.`);
  const origin = originUrl.origin;

  const basePath = (pick(options.basePath, 'IAMSMART_BASE_PATH') ?? '/iamsmart').replace(/\/+$/, '');
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(basePath) || basePath.includes('//')) {
    throw new ConfigError(`basePath (IAMSMART_BASE_PATH) must be a path such as /iamsmart, not ${JSON.stringify(basePath)}.`);
  }

  const callbackUrl = pick(options.callbackUrl, 'IAMSMART_CALLBACK_URL') ?? `${origin}${basePath}/callback`;
  httpUrl(callbackUrl, 'callbackUrl (IAMSMART_CALLBACK_URL)');

  const scope = (pick(options.scope, 'IAMSMART_SCOPE') ?? DEFAULT_SCOPE).trim().split(/\s+/).join(' ');
  const scopes = scope.split(' ');
  if (!scopes.includes('eidapi_auth') || scopes.some((s) => !PLATFORM_SCOPES.includes(s)) || new Set(scopes).size !== scopes.length) {
    throw new ConfigError(`scope (IAMSMART_SCOPE) must hold eidapi_auth and only distinct scopes of ${PLATFORM_SCOPES.join(', ')}; got "${scope}".`);
  }

  const sessionSecret = pick(options.sessionSecret, 'IAMSMART_SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) throw new ConfigError('sessionSecret (IAMSMART_SESSION_SECRET) must be at least 32 characters.');
  const redisUrl = options.store ? undefined : pick(options.redisUrl, 'IAMSMART_REDIS_URL');
  if (redisUrl !== undefined) httpLikeRedis(redisUrl);

  const timeoutMs = Number(options.timeoutMs ?? fromEnv('IAMSMART_TIMEOUT_MS') ?? 10_000);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new ConfigError('timeoutMs (IAMSMART_TIMEOUT_MS) must be a positive number of milliseconds.');
  const loginLifetimeMs = options.loginLifetimeMs ?? 10 * 60_000;

  // Signing: configured when asked for in any way; then the trust anchors and both names are required.
  let anchors = options.trustAnchorsPem;
  const anchorsFile = fromEnv('IAMSMART_TRUST_ANCHORS');
  if (anchors === undefined && anchorsFile !== undefined) {
    try {
      anchors = pemBlocks(readFileSync(anchorsFile, 'utf8'));
    } catch (error) {
      throw new ConfigError(`IAMSMART_TRUST_ANCHORS (${anchorsFile}) cannot be read: ${(error as Error).message}`);
    }
  }
  const department = options.signing?.department ?? fromEnv('IAMSMART_SIGN_DEPARTMENT');
  const serviceName = options.signing?.serviceName ?? fromEnv('IAMSMART_SIGN_SERVICE');
  const wantsSigning = options.signing !== undefined || options.onSigned !== undefined || anchors !== undefined || department !== undefined || scopes.includes('eidapi_sign');
  let signing: ResolvedConfig['signing'];
  if (wantsSigning) {
    if (!anchors || anchors.length === 0 || anchors.some((pem) => typeof pem !== 'string' || !pem.includes('-----BEGIN CERTIFICATE-----'))) {
      throw new ConfigError('trustAnchorsPem (IAMSMART_TRUST_ANCHORS, a PEM file) is required for signing: the CA certificates a signer\'s certificate must chain to.');
    }
    const named = (value: string | undefined, name: string, variable: string) => {
      if (value === undefined || value.trim() === '' || value.length > 200) throw new ConfigError(`${name} (${variable}) is required for signing: 1–200 characters the resident sees in the app.`);
      return value;
    };
    signing = {
      department: named(department, 'signing.department', 'IAMSMART_SIGN_DEPARTMENT'),
      serviceName: named(serviceName, 'signing.serviceName', 'IAMSMART_SIGN_SERVICE'),
      trustAnchorsPem: [...anchors],
    };
  }
  const requestLifetimeMs = options.requestLifetimeMs ?? 18 * 60_000;
  if (!Number.isFinite(requestLifetimeMs) || requestLifetimeMs <= 0) throw new ConfigError('requestLifetimeMs must be a positive number of milliseconds.');

  let topics: unknown = options.notifications === undefined ? undefined : (options.notifications as { topics?: unknown } | null)?.topics ?? null;
  const topicsText = topics === undefined ? fromEnv('IAMSMART_NOTIFY_TOPICS') : undefined;
  if (topicsText !== undefined) {
    try {
      topics = JSON.parse(topicsText);
    } catch {
      throw new ConfigError('IAMSMART_NOTIFY_TOPICS must be a JSON object of topics, e.g. {"reservation-ready":{"en":"…","zh-HK":"…","zh-CN":"…"}}.');
    }
  }
  const notifications = topics === undefined ? undefined : { topics: checkedTopics(topics) };

  return {
    platformUrl: platform.origin + platform.pathname.replace(/\/+$/, ''),
    clientID, clientSecret, privateKeyPem, origin, basePath, callbackUrl, scope, sessionSecret, redisUrl, timeoutMs, loginLifetimeMs,
    signing, signatureToPage: options.signatureToPage === true, requestLifetimeMs, notifications,
    secureCookies: originUrl.protocol === 'https:',
  };
}

/** The PEM certificates in a file's text. */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)?.map((pem) => `${pem}\n`) ?? [];
}

function httpUrl(text: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${what} must be an absolute http(s) URL, not ${JSON.stringify(text)}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${what} must be an http(s) URL, not ${JSON.stringify(text)}.`);
  return url;
}

function httpLikeRedis(text: string): void {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:')) throw new ConfigError(`redisUrl (IAMSMART_REDIS_URL) must be a redis:// or rediss:// URL, not ${JSON.stringify(text)}.`);
}
