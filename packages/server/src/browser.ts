/** What the server reads from the browser's request: the platform's `source`, the page language, cookies. */
import { pickLang } from '@iamsmart/protocol';

export type PlatformLang = 'en-US' | 'zh-HK' | 'zh-CN';

/**
 * The platform's `source` (PLATFORM.md "Login" 2) for this browser: User-Agent Client Hints
 * (`Sec-CH-UA-Mobile`, `Sec-CH-UA-Platform`) first, then the User-Agent string.
 */
export function sourceOf(headers: Headers): { source: string, mobile: boolean } {
  const ua = headers.get('user-agent') ?? '';
  const hintPlatform = headers.get('sec-ch-ua-platform')?.replace(/"/g, '').trim().toLowerCase();
  const hintMobile = headers.get('sec-ch-ua-mobile')?.trim();
  let os: 'android' | 'ios' | 'other';
  if (hintPlatform === 'android') os = 'android';
  else if (hintPlatform === 'ios') os = 'ios';
  else if (hintPlatform !== undefined && hintPlatform !== '' && hintMobile === '?0') os = 'other';
  else if (/Android/i.test(ua)) os = 'android';
  else if (/iPhone|iPad|iPod/i.test(ua)) os = 'ios';
  else os = 'other';
  if (os === 'android') {
    if (/SamsungBrowser/i.test(ua)) return { source: 'Android_Samsung', mobile: true };
    if (/HuaweiBrowser/i.test(ua)) return { source: 'Android_Huawei', mobile: true };
    if (/MiuiBrowser|XiaoMi/i.test(ua)) return { source: 'Android_Xiaomi', mobile: true };
    if (/EdgA\//i.test(ua)) return { source: 'Android_Edge', mobile: true };
    if (/Firefox\//i.test(ua)) return { source: 'Android_Firefox', mobile: true };
    return { source: 'Android_Chrome', mobile: true };
  }
  if (os === 'ios') {
    if (/CriOS\//i.test(ua)) return { source: 'iOS_Chrome', mobile: true };
    if (/FxiOS\//i.test(ua)) return { source: 'iOS_Firefox', mobile: true };
    if (/EdgiOS\//i.test(ua)) return { source: 'iOS_Edge', mobile: true };
    return { source: 'iOS_Safari', mobile: true };
  }
  return { source: 'PC_Browser', mobile: false };
}

const PLATFORM_LANG: Record<string, PlatformLang> = { en: 'en-US', 'zh-HK': 'zh-HK', 'zh-CN': 'zh-CN' };

/** The platform's `lang` for `?lang=` (en, zh-HK, zh-CN) or, when absent, Accept-Language; undefined if `?lang=` is not one of them. */
export function platformLangOf(lang: string | null, headers: Headers): PlatformLang | undefined {
  if (lang !== null) return Object.hasOwn(PLATFORM_LANG, lang) ? PLATFORM_LANG[lang] : undefined;
  return PLATFORM_LANG[pickLang(headers.get('accept-language') ?? '')] ?? 'zh-HK';
}

/** The cookies of a request by name (the first of a repeated name). */
export function cookiesOf(headers: Headers): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/**
 * A same-origin path to return to after login: `/…` but not `//…` or `/\…`, no control
 * characters; undefined otherwise. Checked again by resolving it against the origin.
 */
export function safeReturnTo(value: string | null, origin: string): string | undefined {
  if (value === null || value === '') return '/';
  if (value.length > 2048 || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || hasControlOrBackslash(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return undefined;
  }
  if (url.origin !== origin) return undefined;
  return url.pathname + url.search + url.hash;
}

function hasControlOrBackslash(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return true;
  }
  return false;
}

/** `path` with `name=value` appended to its query (before any fragment). */
export function withParam(path: string, name: string, value: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set(name, value);
  return url.pathname + url.search + url.hash;
}
