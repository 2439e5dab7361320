/**
 * What the phone app may say about the browser that started a cross-device request (the
 * cross-device security BCP's "context"): its browser and OS, when it started, and whether it is
 * on the phone's network. A relayed QR code or identification code reaches a resident from a
 * browser elsewhere; these are the signs they can check (decision 026).
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import Bowser from 'bowser';

/** Prefix lengths that count as one network: an IPv4 /24 (a home or office LAN), an IPv6 /64 (one link). */
export const NETWORK_PREFIX = Object.freeze({ ipv4: 24, ipv6: 64 });

/**
 * @typedef {object} Requester
 * @property {string | undefined} browser e.g. "Chrome"; undefined when the User-Agent names none
 * @property {string | undefined} os e.g. "Linux"
 * @property {string | undefined} address the client address, normalised (see normaliseAddress)
 * @property {number} startedAt ms since the epoch
 */

/**
 * An address as compared here: IPv4-mapped IPv6 as plain IPv4, and the IPv6 loopback as the IPv4
 * one (both are this machine; a dual-stack `localhost` may use either). Anything else that is
 * not an IP address: undefined.
 * @param {string | undefined} address
 * @returns {string | undefined}
 */
export function normaliseAddress(address) {
  if (typeof address !== 'string') return undefined;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  if (address === '::1') return '127.0.0.1';
  return isIPv4(address) || isIPv6(address) ? address : undefined;
}

/**
 * Whether two client addresses are on one network by the prefixes above. Different families
 * (a dual-stack phone may use IPv6 where the computer uses IPv4 on the same Wi-Fi) or an unknown
 * address cannot be compared: `unknown`, and no warning is shown for it.
 * @param {string | undefined} first
 * @param {string | undefined} second
 * @returns {'same' | 'different' | 'unknown'}
 */
export function compareNetworks(first, second) {
  const a = normaliseAddress(first);
  const b = normaliseAddress(second);
  if (!a || !b) return 'unknown';
  const family = isIPv4(a) ? 'ipv4' : 'ipv6';
  if (family !== (isIPv4(b) ? 'ipv4' : 'ipv6')) return 'unknown';
  const network = new BlockList();
  network.addSubnet(a, NETWORK_PREFIX[family], family);
  return network.check(b, family) ? 'same' : 'different';
}

/**
 * The browser and OS a User-Agent names (bowser), or undefined for each it does not.
 * @param {string | undefined} userAgent
 * @returns {{ browser: string | undefined, os: string | undefined }}
 */
export function browserAndOs(userAgent) {
  if (!userAgent) return { browser: undefined, os: undefined };
  const parsed = Bowser.parse(userAgent);
  return { browser: parsed.browser.name || undefined, os: parsed.os.name || undefined };
}

/**
 * The requester of a device authorization, from what oidc-provider recorded of it (`deviceInfo`
 * in provider.js: the client address and User-Agent).
 * @param {unknown} deviceInfo
 * @param {number} [startedAt]
 * @returns {Requester}
 */
export function requesterOf(deviceInfo, startedAt = Date.now()) {
  const { ip, ua } = /** @type {{ ip?: unknown, ua?: unknown }} */ (deviceInfo ?? {});
  return {
    ...browserAndOs(typeof ua === 'string' ? ua : undefined),
    address: normaliseAddress(typeof ip === 'string' ? ip : undefined),
    startedAt,
  };
}
