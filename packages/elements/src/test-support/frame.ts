/*
 * A viewport of a given size in every engine: a same-origin frame that size, with the modules a
 * test needs imported in the frame's own realm (its own custom element registry, so the elements
 * it holds are defined there and size themselves against the frame's viewport).
 *
 * Why not the window: @web/test-runner-commands' `setViewport` sizes the window, and WebKit's
 * window (WebKitGTK's MiniBrowser, over WebDriver) is never narrower than its toolbar, 447 px. A
 * frame's document has a viewport of its own — media queries, viewport units, the top layer of a
 * modal `<dialog>` and `innerWidth` all follow it — so a frame 320 CSS px wide is the 320 px
 * viewport WCAG 1.4.10 (reflow) asks for, in Chromium, Firefox and WebKit alike.
 */

export interface ViewportFrame {
  window: Window & typeof globalThis;
  document: Document;
  /** The namespaces of `modules`, in order, imported in the frame's realm. */
  modules: unknown[];
  remove(): void;
}

/**
 * @param modules URLs of modules to import in the frame (TypeScript sources as the test server
 *   serves them, e.g. `new URL('./define.ts', import.meta.url).href`)
 */
export async function viewportFrame({ width, height, lang = 'en', modules }: { width: number; height: number; lang?: string; modules: string[] }): Promise<ViewportFrame> {
  const frame = document.createElement('iframe');
  frame.title = `${width} × ${height} viewport`;
  frame.style.cssText = `display: block; inline-size: ${width}px; block-size: ${height}px; border: 0; padding: 0;`;
  frame.srcdoc = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${width} px</title></head><body></body></html>`;
  const loaded = new Promise((resolve) => { frame.addEventListener('load', resolve, { once: true }); });
  document.body.append(frame);
  await loaded;
  const view = frame.contentWindow as (Window & typeof globalThis & { __viewportFrameModules?: Promise<unknown[]> }) | null;
  const doc = frame.contentDocument;
  if (!view || !doc) throw new Error('the frame has no document');
  // A classic script of the frame's document runs at once, in the frame's realm; its import()s
  // load the modules there (a module of the test's page would load them in the page's realm).
  const script = doc.createElement('script');
  script.textContent = `window.__viewportFrameModules = Promise.all([${modules.map((url) => `import(${JSON.stringify(url)})`).join(', ')}]);`;
  doc.head.append(script);
  const imported = view.__viewportFrameModules;
  if (!imported) throw new Error('the frame did not run its script');
  return { window: view, document: doc, modules: await imported, remove: () => { frame.remove(); } };
}
