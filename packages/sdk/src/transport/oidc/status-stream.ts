import { IamSmartError } from '../../errors.js';
import { ConnectionLostError } from '../../session/transport.js';
import type { RequestUpdate } from '../../session/transport.js';

export type StreamState = RequestUpdate['state'];
export type StreamReason = NonNullable<Extract<RequestUpdate, { state: 'denied' }>['reason']>;

/** The server sends a keep-alive every 15 s: three missed ones mean the connection died silently. */
const IDLE_MS = 45_000;

const STATES = new Set<string>(['awaiting-scan', 'scanned', 'approved', 'denied', 'expired']);
const REASONS = new Set<string>(['declined', 'code_mismatch', 'scanned_elsewhere', 'stale']);

function garbage(what: string, cause?: unknown): never {
  throw new IamSmartError('network_error', `The status stream sent ${what}.`, { cause });
}

function parseState(data: string): RequestUpdate {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    return garbage('an event that is not JSON', cause);
  }
  const { state, reason } = (typeof value === 'object' && value !== null ? value : {}) as { state?: unknown; reason?: unknown };
  if (typeof state !== 'string' || !STATES.has(state)) return garbage(`an unknown state ${JSON.stringify(state)}`);
  if (reason !== undefined && (typeof reason !== 'string' || !REASONS.has(reason))) return garbage(`an unknown reason ${JSON.stringify(reason)}`);
  if (state === 'denied') return reason === undefined ? { state } : { state, reason: reason as StreamReason };
  // A reason only means something with `denied`.
  return { state: state as Exclude<StreamState, 'denied'> };
}

/**
 * An incremental parser for the server-sent-events format (HTML Living Standard §9.2.6): lines
 * end with CR, LF or CRLF; `field: value`; a blank line dispatches; `:` starts a comment.
 * Only `event: state` matters here; other event names are ignored, as EventSource would.
 * Returns the function to push each decoded chunk to.
 */
export function sseParser(onEvent: (name: string, data: string) => void): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  const line = (text: string): void => {
    if (text === '') {
      if (data.length > 0) onEvent(event || 'message', data.join('\n'));
      event = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    const value = colon === -1 ? '' : text.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  };
  return (chunk) => {
    buffer += chunk;
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      if (!match || (match[0] === '\r' && match.index === buffer.length - 1)) return;
      const text = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      line(text);
    }
  };
}

/**
 * Opens the status stream with a POST (the device code must not appear in a URL, so not
 * EventSource) and calls `onState` for each state event until the server ends the stream or
 * `signal` aborts. Resolves when the server ends it; throws `ConnectionLostError` when it cannot be
 * opened or breaks (retry), `IamSmartError('network_error')` for refusals and garbage (don't).
 */
export async function readStatusStream(endpoint: string, clientId: string, deviceCode: string, signal: AbortSignal, onState: (update: RequestUpdate) => void): Promise<void> {
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      body: new URLSearchParams({ client_id: clientId, device_code: deviceCode }),
      headers: { Accept: 'text/event-stream' },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new ConnectionLostError('Could not open the status stream.', { cause });
  }
  if (response.status >= 500 || response.status === 429) throw new ConnectionLostError(`The status stream answered HTTP ${response.status}.`);
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: unknown; error_description?: unknown };
    const detail = typeof body.error === 'string' ? `: ${body.error}${typeof body.error_description === 'string' ? ` (${body.error_description})` : ''}` : '';
    throw new IamSmartError('network_error', `The status stream refused the session with HTTP ${response.status}${detail}.`);
  }
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.toLowerCase().startsWith('text/event-stream') || !response.body) {
    await response.body?.cancel();
    garbage(`a response of type ${JSON.stringify(type)} instead of text/event-stream`);
  }
  const push = sseParser((name, data) => {
    if (name === 'state') onState(parseState(data));
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let idle: ReturnType<typeof setTimeout> | undefined;
  const silence = () =>
    new Promise<never>((_, reject) => {
      idle = setTimeout(() => {
        reject(new ConnectionLostError('The status stream went silent.'));
      }, IDLE_MS);
    });
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await Promise.race([reader.read(), silence()]);
      } catch (cause) {
        if (signal.aborted || cause instanceof ConnectionLostError) throw cause;
        throw new ConnectionLostError('The status stream broke off.', { cause });
      } finally {
        clearTimeout(idle);
      }
      if (chunk.done) return;
      push(chunk.value);
    }
  } finally {
    // Also when onState threw (garbage) or the session moved on: close the connection now.
    reader.cancel().catch(() => undefined);
  }
}
