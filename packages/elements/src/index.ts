/**
 * iAM Smart Web Components. Importing this module registers every element; import a class's own
 * module (e.g. `@iamsmart/elements/login-button/login-button`) to register it under another name.
 */
import './provider/define.js';
import './login-button/define.js';
import './qr-login/define.js';
import './sign-dialog/define.js';

export { IamsProvider } from './provider/provider.js';
export { IamsLoginButton } from './login-button/login-button.js';
export { IamsQrLogin } from './qr-login/qr-login.js';
export { IamsSignDialog } from './sign-dialog/sign-dialog.js';
export { iamsClientContext } from './context.js';
export { IamsErrorEvent, IamsLoginEvent, IamsLogoutEvent, IamsSignedEvent, IamsStateEvent, type IamsErrorDetail, type IamsStateDetail } from './events.js';
export { messagesFor, normalizeLang, resolveLang, type Messages } from './i18n/index.js';
