/**
 * How the button logs in: `redirect` (the page goes to iAM Smart and comes back), `popup`, `app`
 * (the app link on a phone) or `qr` (a QR code in a dialog, for the app on another device).
 */
export type LoginMode = 'redirect' | 'popup' | 'app' | 'qr';

/** The parts of `navigator` the check reads; tests pass their own. */
export interface NavigatorLike {
  userAgent: string;
  maxTouchPoints?: number;
  userAgentData?: { mobile: boolean; platform: string };
}

/**
 * True on a phone or tablet, where the iAM Smart app can be on the same device. User-Agent Client
 * Hints first (Chromium): `mobile` is false on Android tablets, so the platform counts too. Else
 * the user-agent string; iPadOS presents itself as a Mac and gives itself away by touch.
 */
export function isMobileDevice(nav: NavigatorLike = navigator): boolean {
  const hints = nav.userAgentData;
  if (hints) return hints.mobile || hints.platform === 'Android' || hints.platform === 'iOS';
  if (/Android|iPhone|iPad|iPod|Mobile/i.test(nav.userAgent)) return true;
  return nav.userAgent.includes('Macintosh') && (nav.maxTouchPoints ?? 0) > 1;
}

const EXPLICIT_MODES: readonly unknown[] = ['redirect', 'popup', 'app'] satisfies LoginMode[];

/**
 * `auto` is the app link on a phone or tablet and a redirect on a desktop. A value from an
 * attribute that is no mode (a typo, or a mode of a later version) also means `auto`.
 */
export function resolveLoginMode(mode: LoginMode | 'auto', nav?: NavigatorLike): LoginMode {
  if (EXPLICIT_MODES.includes(mode)) return mode as LoginMode;
  return isMobileDevice(nav) ? 'app' : 'redirect';
}
