// `@iamsmart/sdk/backend`: the backend-mode client alone. A page in backend mode loads this entry
// only: no oidc-client-ts, no jose, no signing or certificate code (the build checks it).
export { createBackendClient, RETURN_MARKERS } from './client.js';
export type { IamSmartBackendClient } from './client.js';
export type { IamSmartBackendConfig, IamSmartBackendUser, IamSmartResident, ResolvedIamSmartBackendConfig } from './types.js';
export type { IamSmartAnyClient, IamSmartBaseClient } from '../client.js';
export { IamSmartError, isIamSmartError } from '../errors.js';
export type { IamSmartErrorCode } from '../errors.js';
// The sessions' types (type-only: nothing of sign/ or eme/ is loaded).
export type { BackendSignResult, BackendSignSession, BackendSignSnapshot, SignDocument, SignRequest, SignerCertificateInfo } from '../sign/types.js';
export type { EmeRequest, EmeResult, EmeSession, EmeSnapshot } from '../eme/types.js';
export type { NotificationSettings, NotifyConsent, NotifyRequest, NotifySession, NotifySnapshot, NotifyTopic } from '../notify/types.js';
export type { SessionChannel, SessionSnapshot, SessionState } from '../session/types.js';
