/**
 * @iamsmart/server: the relying party's backend for the iAM Smart platform (login; sessions;
 * e-ME and signing requests with their verified results; notifications with consent per topic).
 */
export { createIamSmartServer } from './server.js';
export type { IamSmartServer, Resident, SessionInfo } from './server.js';
export type { IamSmartServerOptions } from './config.js';
export type { NotifyConsent, NotifyOptions } from './notifications/notifications.js';
export type { NotifyText, NotifyTopics } from './notifications/topics.js';
export type {
  EmeData, EmeResult, HkidRequest, PageLang, PageSignResult, RequestContext, RequestFlow, RequestHooks, RequestState, RequestView,
  SignResult, SignerCertificateInfo,
} from './requests/types.js';
export { DEFAULT_SCOPE, SANDBOX_PLATFORM_URL } from './config.js';
export { nodeMiddleware, toNodeListener, toWebRequest, sendWebResponse } from './node.js';
export { memoryStore } from './store/store.js';
export type { Store } from './store/store.js';
export { redisStore } from './store/redis.js';
export type { RedisStoreOptions } from './store/redis.js';
export { PlatformClient } from './platform/client.js';
export type {
  ConsentAnswer, EmeInitiate, InitiateAnswer, NotifyInitiate, OpenedPush, PlatformClientOptions, RequestBase, SignInitiate, TokenAnswer,
} from './platform/client.js';
export { KeyUnwrapper, decryptContent, encryptContent, signature } from './platform/crypto.js';
export { ConfigError, IamSmartServerError, PlatformError, StoreUnavailableError, SERVER_ERROR_CODES, codeForPlatformCode } from './errors.js';
export type { ServerErrorCode } from './errors.js';
