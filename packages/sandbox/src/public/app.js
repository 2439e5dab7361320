// The phone-app simulator's script: focus on each new screen, the request countdown, and on the
// home page reading a QR code (camera with BarcodeDetector, or a chosen or pasted picture decoded
// with jsQR). It builds no markup from data and runs under the pages' strict CSP and Trusted Types.
'use strict';

(() => {
  const announcer = document.getElementById('announcer');

  /** Polite announcement; cleared first so the same words are read again. @param {string} text */
  function announce(text) {
    if (!announcer) return;
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 50);
  }

  // A new step of a flow: a screen reader starts at its heading (or at a field that needs fixing).
  const autofocus = document.querySelector('[data-autofocus]');
  if (autofocus instanceof HTMLElement) autofocus.focus();
  else if (document.body.hasAttribute('data-focus-title')) document.getElementById('page-title')?.focus();

  const countdown = document.getElementById('countdown');
  const timeLeft = document.getElementById('time-left');
  if (countdown && timeLeft) {
    const deadline = Date.now() + Number(countdown.dataset.remainingMs);
    let warned = deadline - Date.now() <= 60_000;
    const tick = () => {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        timeLeft.textContent = countdown.dataset.timeUp ?? '';
        announce(countdown.dataset.timeUp ?? '');
        // The server shows why the request ended.
        setTimeout(() => { location.reload(); }, 2000);
        return;
      }
      const seconds = Math.ceil(remaining / 1000);
      const text = `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
      timeLeft.textContent = (countdown.dataset.template ?? '').replace('{time}', text);
      // Announced once, not every second.
      if (!warned && remaining <= 60_000) {
        warned = true;
        announce(countdown.dataset.minuteLeft ?? '');
      }
      setTimeout(tick, remaining % 1000 || 1000);
    };
    tick();
  }

  const picture = document.getElementById('picture');
  if (!picture) return;
  const messages = picture.dataset;
  const errorBox = /** @type {HTMLElement} */ (document.getElementById('app-error'));

  /** @param {string} text */
  function showError(text) {
    errorBox.textContent = text;
    errorBox.hidden = false;
  }

  /**
   * Opens a decoded or pasted link, but only this sandbox's own QR or code page: anything else is
   * refused here, without navigating.
   * @param {string} text
   */
  function openLink(text) {
    const target = URL.parse(text.trim());
    if (!target || target.origin !== location.origin || !['/app/qr', '/app/code'].includes(target.pathname)) {
      showError(messages.foreign ?? '');
      return;
    }
    errorBox.hidden = true;
    announce(messages.found ?? '');
    const lang = new URLSearchParams(location.search).get('lang');
    if (lang && !target.searchParams.has('lang')) target.searchParams.set('lang', lang);
    location.assign(`${target.pathname}${target.search}`);
  }

  /** Largest side the picture is scaled to before decoding: screenshots decode well at this size. */
  const MAX_SIDE = 1600;

  /** @param {Blob} blob */
  async function decodePicture(blob) {
    let bitmap;
    try {
      bitmap = await createImageBitmap(blob);
    } catch {
      showError(messages.unreadable ?? '');
      return;
    }
    const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d', { willReadFrequently: true }));
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    const found = /** @type {any} */ (window).jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' });
    if (found?.data) openLink(found.data);
    else showError(messages.noQr ?? '');
  }

  document.getElementById('script-needed')?.setAttribute('hidden', '');
  picture.hidden = false;
  const fileInput = /** @type {HTMLInputElement} */ (document.getElementById('picture-file'));
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void decodePicture(file);
    fileInput.value = '';
  });

  // A picture pasted anywhere; pasted text outside a field is taken as a link.
  document.addEventListener('paste', (event) => {
    const data = event.clipboardData;
    if (!data) return;
    const image = [...data.files].find((file) => file.type.startsWith('image/'));
    if (image) {
      event.preventDefault();
      void decodePicture(image);
      return;
    }
    const inField = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    const text = data.getData('text/plain');
    if (!inField && text) {
      event.preventDefault();
      openLink(text);
    }
  });

  const scan = /** @type {HTMLElement} */ (document.getElementById('scan'));
  scan.hidden = false;
  const canScan = 'BarcodeDetector' in window && typeof navigator.mediaDevices?.getUserMedia === 'function';
  if (!canScan) {
    /** @type {HTMLElement} */ (document.getElementById('scan-unavailable')).hidden = false;
    return;
  }
  /** @type {HTMLElement} */ (document.getElementById('scan-actions')).hidden = false;
  const startButton = /** @type {HTMLButtonElement} */ (document.getElementById('scan-start'));
  const stopButton = /** @type {HTMLButtonElement} */ (document.getElementById('scan-stop'));
  const video = /** @type {HTMLVideoElement} */ (document.getElementById('scan-video'));
  /** @type {MediaStream | undefined} */
  let stream;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  function stopCamera() {
    clearTimeout(timer);
    stream?.getTracks().forEach((track) => { track.stop(); });
    stream = undefined;
    video.srcObject = null;
    video.hidden = true;
    stopButton.hidden = true;
    startButton.hidden = false;
  }

  startButton.addEventListener('click', async () => {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      video.srcObject = stream;
      video.hidden = false;
      await video.play();
    } catch {
      stopCamera();
      showError(messages.scanFailed ?? '');
      return;
    }
    startButton.hidden = true;
    stopButton.hidden = false;
    stopButton.focus();
    announce(messages.scanStarted ?? '');
    const detector = new /** @type {any} */ (window).BarcodeDetector({ formats: ['qr_code'] });
    const look = async () => {
      if (!stream) return;
      const codes = await detector.detect(video).catch(() => []);
      if (codes[0]?.rawValue) {
        stopCamera();
        openLink(codes[0].rawValue);
        return;
      }
      timer = setTimeout(look, 200);
    };
    void look();
  });
  stopButton.addEventListener('click', () => {
    stopCamera();
    startButton.focus();
  });
  // The camera stops when the page is left (and the back-forward cache keeps no live camera).
  addEventListener('pagehide', stopCamera);
})();
