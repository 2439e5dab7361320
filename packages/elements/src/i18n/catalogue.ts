import type { IamSmartLang } from '@iamsmart/sdk';
import { common as enCommon } from './en/common.js';
import type { Catalogues, Feature } from './messages.js';

type Loaders = { [F in Feature]: () => Promise<Catalogues[F]> };

/**
 * Where each language's feature catalogues come from (decision 042). One literal `import()` per
 * file, so rollup gives each its own chunk in the npm and the CDN builds alike. English `common` is
 * static: the login button's first paint in English loads nothing more, and it is the fallback when
 * another language cannot be loaded. The error messages (`errors`) are a feature of their own,
 * loaded with a flow or a failure, not with the first paint (decision 045).
 */
const loaders: Record<IamSmartLang, Loaders> = {
  en: {
    common: () => Promise.resolve(enCommon),
    errors: () => import('./en/errors.js').then((m) => m.errors),
    qr: () => import('./en/qr.js').then((m) => m.qr),
    sign: () => import('./en/sign.js').then((m) => m.sign),
    eme: () => import('./en/eme.js').then((m) => m.eme),
    notify: () => import('./en/notify.js').then((m) => m.notify),
  },
  'zh-HK': {
    common: () => import('./zh-HK/common.js').then((m) => m.common),
    errors: () => import('./zh-HK/errors.js').then((m) => m.errors),
    qr: () => import('./zh-HK/qr.js').then((m) => m.qr),
    sign: () => import('./zh-HK/sign.js').then((m) => m.sign),
    eme: () => import('./zh-HK/eme.js').then((m) => m.eme),
    notify: () => import('./zh-HK/notify.js').then((m) => m.notify),
  },
  'zh-CN': {
    common: () => import('./zh-CN/common.js').then((m) => m.common),
    errors: () => import('./zh-CN/errors.js').then((m) => m.errors),
    qr: () => import('./zh-CN/qr.js').then((m) => m.qr),
    sign: () => import('./zh-CN/sign.js').then((m) => m.sign),
    eme: () => import('./zh-CN/eme.js').then((m) => m.eme),
    notify: () => import('./zh-CN/notify.js').then((m) => m.notify),
  },
};

/** What has arrived, per language. */
export const loaded: Record<IamSmartLang, Partial<Catalogues>> = { en: { common: enCommon }, 'zh-HK': {}, 'zh-CN': {} };
/** Loads under way, so elements asking together share one request. */
const inFlight = new Map<string, Promise<void>>();

export function isLoaded(lang: IamSmartLang, features: readonly Feature[]): boolean {
  return features.every((feature) => loaded[lang][feature] !== undefined);
}

function loadOne(lang: IamSmartLang, feature: Feature): Promise<void> {
  if (loaded[lang][feature]) return Promise.resolve();
  const key = `${lang}/${feature}`;
  let load = inFlight.get(key);
  if (!load) {
    load = loaders[lang][feature]().then(
      (catalogue) => {
        (loaded[lang] as Record<Feature, Catalogues[Feature]>)[feature] = catalogue;
        inFlight.delete(key);
      },
      (error: unknown) => {
        // Forgotten, so a later switch to this language tries again (a network blip is not forever).
        inFlight.delete(key);
        throw error;
      },
    );
    inFlight.set(key, load);
  }
  return load;
}

/** Loads `lang`'s catalogues of `features`; rejects when one cannot be loaded. */
export async function loadCatalogues(lang: IamSmartLang, features: readonly Feature[]): Promise<void> {
  await Promise.all(features.map((feature) => loadOne(lang, feature)));
}

/**
 * Loads `lang`'s error messages (decision 045: not on the first paint). Never rejects: a failure is
 * still told, with `errorFallback` from the catalogue already shown, in the same language.
 */
export async function loadErrors(lang: IamSmartLang): Promise<void> {
  try {
    await loadCatalogues(lang, ['errors']);
  } catch (error) {
    console.warn(`iAM Smart: the ${lang} error messages could not be loaded; showing the general one.`, error);
  }
}

/** `lang` once its catalogues of `features` are loaded, else English (for words outside an element's render, e.g. an event's message). */
export async function loadedLang(lang: IamSmartLang, features: readonly Feature[]): Promise<IamSmartLang> {
  try {
    await loadCatalogues(lang, features);
    return lang;
  } catch (error) {
    console.warn(`iAM Smart: the ${lang} strings could not be loaded; showing English.`, error);
    await loadCatalogues('en', features);
    return 'en';
  }
}
