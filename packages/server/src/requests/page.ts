/**
 * The page the hosted tab ends on: "You can close this tab", in the request's language. No script
 * at all; its one style block is allowed by its hash, so the CSP allows nothing else.
 */
import { createHash } from 'node:crypto';
import type { PageLang } from './types.js';

const WORDS: Record<PageLang, { title: string, body: (site: string) => string }> = {
  en: { title: 'You can close this tab', body: (site) => `Go back to ${site} to continue.` },
  'zh-HK': { title: '你可以關閉此分頁', body: (site) => `請返回 ${site} 繼續。` },
  'zh-CN': { title: '你可以关闭此标签页', body: (site) => `请返回 ${site} 继续。` },
};

const STYLE = 'body{font-family:system-ui,sans-serif;margin:0;padding:2rem 1rem;line-height:1.5}main{max-width:36rem;margin:0 auto}h1{font-size:1.5rem}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
export const CLOSE_TAB_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function closeTabPage(lang: PageLang, site: string): Response {
  const words = WORDS[lang];
  const html = `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(words.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${escape(words.title)}</h1>
<p>${escape(words.body(site))}</p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': CLOSE_TAB_CSP,
      'referrer-policy': 'no-referrer', 'x-content-type-options': 'nosniff',
    },
  });
}
