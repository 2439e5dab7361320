/* global window -- a classic script in the fixture pages */
// Loaded first by the fixture pages that tests open in an iframe: every uncaught error and
// unhandled rejection from then on, for the test to read from `window.uncaught` at the end.
window.uncaught = [];
window.addEventListener('unhandledrejection', (event) => window.uncaught.push(String(event.reason)));
window.addEventListener('error', (event) => window.uncaught.push(String(event.message)));
