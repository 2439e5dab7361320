/*
 * What `<iams-login-button mode="qr">` loads on its first click: the session dialog every flow
 * shares and `<iams-qr-login>` in it, so the button paints without them and qrcode. (The CDN file
 * carries this module in its entry: rollup.config.js's CDN_INLINE.)
 */
export { loginQrLogin, sessionDialog } from '../shared/dialog-view.js';
