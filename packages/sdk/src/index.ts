export { createClient } from './client.js';
export { EME_FIELDS, FLOWS, LANGS, SESSION_STATES, hkidCheckDigit, isEmeField, pickLang, resolveLang } from '@iamsmart/protocol';
export type { EmeField, Flow } from '@iamsmart/protocol';
export { ERROR_CODES, IamSmartError, isIamSmartError } from './errors.js';
export type { IamSmartErrorCode } from './errors.js';
export type {
  QrLoginRequest,
  QrLoginSession,
  QrLoginSnapshot,
  SessionState,
  EmeAddress,
  EmeAddressParts,
  EmeData,
  EmeIdNo,
  EmePhoneNumber,
  EmeRequest,
  EmeResult,
  EmeSession,
  EmeSnapshot,
  IamSmartClaims,
  IamSmartClient,
  IamSmartConfig,
  IamSmartEventMap,
  IamSmartLang,
  IamSmartUser,
  LoginOptions,
  LogoutOptions,
  PersonName,
  ResolvedIamSmartConfig,
  SignRequest,
  SignResult,
  SignerCertificateInfo,
  SignDocument,
  SignSession,
  SignSnapshot,
  TokenStorage,
  Unsubscribe,
} from './types.js';
