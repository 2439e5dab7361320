// What the generated parts of README.md and docs/ share: the text between a start and an end
// marker comment, read or replaced with the markers kept (scripts/readme-api.js, readme-cdn.js,
// browser-support.js, bench/readme.js).

/** Whether `text` has `start` and, after it, `end`. */
export function hasMarkers(text, start, end) {
  const from = text.indexOf(start);
  return from >= 0 && text.indexOf(end) >= from;
}

function span(text, start, end, where) {
  if (!hasMarkers(text, start, end)) throw new Error(`${where} lacks the markers ${start} … ${end}`);
  return [text.indexOf(start) + start.length, text.indexOf(end)];
}

/** What lies between the markers. */
export function between(text, start, end, where = 'README.md') {
  const [from, to] = span(text, start, end, where);
  return text.slice(from, to);
}

/** `text` with what lies between the markers replaced by `body`. */
export function replaceBetween(text, start, end, body, where = 'README.md') {
  const [from, to] = span(text, start, end, where);
  return text.slice(0, from) + body + text.slice(to);
}
