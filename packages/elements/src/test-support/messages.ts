import { loadMessages } from '../i18n/index.js';

// The elements load their strings on demand (decision 042); tests that compare what an element
// shows with `messagesFor(lang)` import this first, so every language's wording is there to read.
await Promise.all((['en', 'zh-HK', 'zh-CN'] as const).map((lang) => loadMessages(lang)));
