/**
 * The store on Redis (node-redis), for several instances of the server: expiry is Redis's own
 * (`SET … PX`), take-once is `GETDEL` (Redis ≥ 6.2). A lost connection makes every call fail at
 * once with StoreUnavailableError (no offline queue), each command is bounded by a timeout, and
 * node-redis reconnects in the background, so the server recovers when Redis returns.
 * Compare-and-set is a Lua script (atomic in Redis); pub/sub has its own connection
 * (`client.duplicate()`), opened at the first subscription, which node-redis resubscribes after a
 * reconnect. Messages published while a subscriber is disconnected are lost: the server's event
 * streams re-read the request now and then for that reason.
 */
import { createClient } from 'redis';
import { StoreUnavailableError } from '../errors.js';
import type { Store } from './store.js';

export interface RedisStoreOptions {
  /** e.g. redis://localhost:6379 */
  url: string;
  /** Prefix of every key (default `iams:`), so one Redis can serve other things too. */
  prefix?: string;
  /** Per command (default 2 000 ms). */
  commandTimeoutMs?: number;
  /** Called with connection errors (default: ignored; the calls fail with StoreUnavailableError). */
  onError?: (error: unknown) => void;
}

/** Sets KEYS[1] to ARGV[3] (PX ARGV[4]) if its value is ARGV[2] (ARGV[1] = '1') or it is absent (ARGV[1] = '0'). */
const SWAP_SCRIPT = `local current = redis.call('GET', KEYS[1])
if (ARGV[1] == '0' and current == false) or (ARGV[1] == '1' and current == ARGV[2]) then
  redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4])
  return 1
end
return 0`;

/** Connection errors are answered through the calls, not thrown as events. */
function ignore(): void {
  // nothing
}

/** Connects (without waiting for Redis: it may come later) and returns the store. */
export function redisStore({ url, prefix = 'iams:', commandTimeoutMs = 2_000, onError = ignore }: RedisStoreOptions): Store {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: commandTimeoutMs,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 1_000),
    },
  });
  client.on('error', onError);
  let closed = false;
  let firstAttemptDone = false;
  const connecting = client.connect().catch((error: unknown) => { onError(error); }).finally(() => { firstAttemptDone = true; });

  let subscriber: ReturnType<typeof client.duplicate> | undefined;
  let subscribing: Promise<unknown> | undefined;

  async function run<T>(what: string, command: () => Promise<T>): Promise<T> {
    if (closed) throw new StoreUnavailableError('The Redis store was closed.');
    if (!client.isReady && !firstAttemptDone) {
      // Just started: wait (bounded) for the first connection rather than refuse the first requests.
      let wait: NodeJS.Timeout | undefined;
      await Promise.race([connecting, new Promise((resolve) => { wait = setTimeout(resolve, commandTimeoutMs); })]);
      clearTimeout(wait);
      // Waited once: from now on a Redis that is not there is refused at once (node-redis keeps trying).
      firstAttemptDone = true;
    }
    if (!client.isReady) throw new StoreUnavailableError(`Redis is not connected (${what}).`);
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => { reject(new StoreUnavailableError(`Redis did not answer ${what} within ${commandTimeoutMs} ms.`)); }, commandTimeoutMs);
        }),
      ]);
    } catch (cause) {
      if (cause instanceof StoreUnavailableError) throw cause;
      throw new StoreUnavailableError(`Redis failed on ${what}.`, { cause });
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async get(key) {
      return (await run('GET', () => client.get(prefix + key))) ?? undefined;
    },
    async set(key, value, ttlMs) {
      await run('SET', () => client.set(prefix + key, value, { expiration: { type: 'PX', value: Math.max(1, Math.ceil(ttlMs)) } }));
    },
    async delete(key) {
      await run('DEL', () => client.del(prefix + key));
    },
    async take(key) {
      return (await run('GETDEL', () => client.getDel(prefix + key))) ?? undefined;
    },
    async swap(key, expected, value, ttlMs) {
      const done = await run('EVAL', () => client.eval(SWAP_SCRIPT, {
        keys: [prefix + key], arguments: [expected === undefined ? '0' : '1', expected ?? '', value, String(Math.max(1, Math.ceil(ttlMs)))],
      }));
      return done === 1;
    },
    async publish(channel, message) {
      await run('PUBLISH', () => client.publish(prefix + channel, message));
    },
    async subscribe(channel, listener) {
      if (closed) throw new StoreUnavailableError('The Redis store was closed.');
      if (!subscriber) {
        subscriber = client.duplicate();
        subscriber.on('error', onError);
        subscribing = subscriber.connect().catch((error: unknown) => { onError(error); });
      }
      const own = subscriber;
      const name = prefix + channel;
      const handler = (message: string) => { listener(message); };
      // Bounded like every command: a subscriber connection that does not come is a store failure.
      await run('SUBSCRIBE', async () => {
        await subscribing;
        await own.subscribe(name, handler);
      });
      return async () => {
        try {
          if (own.isReady) await own.unsubscribe(name, handler);
        } catch {
          // gone with the connection
        }
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      await subscribing;
      try {
        if (subscriber?.isOpen) subscriber.destroy();
      } catch {
        // already gone
      }
      await connecting;
      try {
        if (client.isOpen) client.destroy();
      } catch {
        // already gone
      }
    },
  };
}
