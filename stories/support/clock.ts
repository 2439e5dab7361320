/**
 * The stories' clock, stopped: the QR code's countdown (`now`) and the scripted session's
 * `expiresAt` both read it, so "Expires in 2:30" stays 2:30 and every run renders the same.
 */
export const STORY_NOW = Date.parse('2026-03-02T10:00:00+08:00');
export const stoppedClock = (): number => STORY_NOW;

/** The scripted identification code (FAKE_USER_CODE) as the QR code's name speaks it: digit by digit. */
export const SPOKEN_CODE = '4 8 2 1, 0 9 3 7';
