import { isFinalState } from '@iamsmart/protocol';
import type { SessionState } from './types.js';

/**
 * Every legal move of a cross-device session. `starting` is reachable from every other state
 * because `refresh()` may be called at any time (in `starting` it does nothing: a new code is
 * already on its way). Final states leave only through `refresh()`.
 */
export const TRANSITIONS: Readonly<Record<SessionState, readonly SessionState[]>> = {
  idle: ['starting'],
  starting: ['awaiting-scan', 'error', 'cancelled'],
  'awaiting-scan': ['starting', 'scanned', 'approved', 'denied', 'expired', 'cancelled', 'error'],
  scanned: ['starting', 'approved', 'denied', 'expired', 'cancelled', 'error'],
  // The code is being exchanged: only the token endpoint's answer (or the page) ends this.
  approved: ['starting', 'done', 'denied', 'expired', 'cancelled', 'error'],
  done: ['starting'],
  denied: ['starting'],
  expired: ['starting'],
  cancelled: ['starting'],
  error: ['starting'],
};

export function canTransition(from: SessionState, to: SessionState): boolean {
  return TRANSITIONS[from].includes(to);
}

/** States after which the session does no more work until `refresh()`. */
export const isFinal: (state: SessionState) => boolean = isFinalState;
