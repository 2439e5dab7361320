// Browsers come from Debian (/usr/bin/chromium, /usr/bin/firefox-esr); never download one.
module.exports = { skipDownload: true };
