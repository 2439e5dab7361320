export { createClient } from './client.js';
export { EME_FIELDS, isEmeField } from './eme-fields.js';
export type { EmeField } from './eme-fields.js';
export { ERROR_CODES, IamSmartError, isIamSmartError } from './errors.js';
export type { IamSmartErrorCode } from './errors.js';
export type {
  CrossDeviceRequest,
  CrossDeviceSession,
  CrossDeviceSnapshot,
  CrossDeviceState,
  EmeAddress,
  EmeAddressParts,
  EmeData,
  EmeIdNo,
  EmePhoneNumber,
  FormDataRequest,
  FormDataResult,
  FormDataSession,
  FormDataSnapshot,
  IamSmartClaims,
  IamSmartClient,
  IamSmartConfig,
  IamSmartEventMap,
  IamSmartLang,
  IamSmartUser,
  LoginMode,
  LoginOptions,
  LogoutOptions,
  PersonName,
  ResolvedIamSmartConfig,
  SignatureRequest,
  SignatureResult,
  SignerCertificateInfo,
  SigningDocument,
  SigningSession,
  SigningSnapshot,
  TokenStorage,
  Unsubscribe,
} from './types.js';
