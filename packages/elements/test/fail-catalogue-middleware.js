// Test pages can make one message catalogue fail to load (decision 042's fallback to English):
// `POST /__iams-fail-catalogue?path=i18n/zh-CN/common` arms a 404 for the next request whose path
// (extension left out) ends so, from the same browser — Chromium and Firefox run side by side.
// One shot, held here rather than in a cookie, so no later test page inherits it.
export function failCatalogueMiddleware() {
  /** @type {Map<string, string>} user agent → the path to fail */
  const armed = new Map();
  return async (ctx, next) => {
    const agent = ctx.get('user-agent');
    if (ctx.method === 'POST' && ctx.path === '/__iams-fail-catalogue') {
      armed.set(agent, String(ctx.query.path));
      ctx.status = 204;
      return;
    }
    const failing = armed.get(agent);
    if (failing && ctx.path.replace(/\.(js|ts)$/, '').endsWith(failing)) {
      armed.delete(agent);
      ctx.status = 404;
      ctx.set('Cache-Control', 'no-store');
      return;
    }
    await next();
  };
}
