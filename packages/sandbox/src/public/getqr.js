// The platform's hosted login page (GET /api/v1/auth/getQR): counts down the code's life, asks
// the page's status endpoint (same origin) what happened in the app, says so in the status
// region, and follows the server's continue link once the app is done. Builds no markup; runs
// under the pages' strict CSP.
'use strict';

(() => {
  const section = document.getElementById('qr-section');
  const status = document.getElementById('login-status');
  const countdown = document.getElementById('countdown');
  const timeLeft = document.getElementById('time-left');
  if (!section || !status || !countdown || !timeLeft) return;
  const words = section.dataset;

  /** @param {string} text */
  function say(text) {
    if (status && status.textContent !== text) status.textContent = text;
  }

  const deadline = Date.now() + Number(countdown.dataset.remainingMs);
  let warned = deadline - Date.now() <= 60_000;
  let ended = false;
  const tick = () => {
    if (ended) return;
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      timeLeft.textContent = countdown.dataset.timeUp ?? '';
      say(countdown.dataset.timeUp ?? '');
      document.getElementById('new-code')?.focus();
      return;
    }
    const seconds = Math.ceil(remaining / 1000);
    const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
    timeLeft.textContent = (countdown.dataset.template ?? '').replace('{time}', text);
    // Announced once, not every second.
    if (!warned && remaining <= 60_000) {
      warned = true;
      say(countdown.dataset.minuteLeft ?? '');
    }
    setTimeout(tick, remaining % 1000 || 1000);
  };
  tick();

  const pollMs = Number(words.pollMs) || 1000;
  const poll = async () => {
    try {
      const response = await fetch(words.statusUrl ?? '', { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (response.ok) {
        /** @type {{ status: string, next?: string }} */
        const answer = await response.json();
        if (answer.status === 'scanned') say(words.scanned ?? '');
        if (answer.next) {
          ended = true;
          say(answer.status === 'approved' ? (words.done ?? '') : (words.stopped ?? ''));
          // Only a path on this origin: the server redirects from there.
          if (answer.next.startsWith('/api/v1/auth/getQR/')) location.assign(answer.next);
          return;
        }
        if (answer.status === 'expired') return;
      }
    } catch {
      // The network came and went: ask again.
    }
    setTimeout(() => { void poll(); }, pollMs);
  };
  setTimeout(() => { void poll(); }, pollMs);
})();
