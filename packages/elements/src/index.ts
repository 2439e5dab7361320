/**
 * iAM Smart Web Components. Importing this module registers every element; import a class's own
 * module (e.g. `@iamsmart/elements/login-button/login-button`) to register it under another name.
 */
import './provider/define.js';
import './login-button/define.js';
import './qr-login/define.js';
import './sign-dialog/define.js';
import './eme-autofill/define.js';
import './notify-optin/define.js';

export { IamsProvider } from './provider/provider.js';
export { IamsLoginButton } from './login-button/login-button.js';
export { IamsQrLogin } from './qr-login/qr-login.js';
export { IamsSignDialog } from './sign-dialog/sign-dialog.js';
export { IamsEmeAutofill } from './eme-autofill/eme-autofill.js';
export { IamsNotifyOptin } from './notify-optin/notify-optin.js';
export { AUTOCOMPLETE_NAMES, EME_NAMES, type EmeUnknownName, type FillableElement } from './eme-autofill/fields.js';
export type { EmeFilledField, EmeRefusalReason, EmeRefusedField } from './eme-autofill/fill.js';
export { iamsClientContext } from './shared/context.js';
export {
  IamsErrorEvent,
  IamsFilledEvent,
  IamsLoginEvent,
  IamsLogoutEvent,
  IamsNotifyEvent,
  IamsSignedEvent,
  IamsStateEvent,
  type IamsErrorDetail,
  type IamsFilledDetail,
  type IamsNotifyDetail,
  type IamsStateDetail,
} from './events.js';
export { langOf, loadMessages, messagesFor, resolveLang, type Messages } from './i18n/index.js';
