import type { IamSmartClaims } from '@iamsmart/sdk';

/** The sandbox's issuer under `npm start`; the scripted stories name it so their links look real. */
export const STORYBOOK_ISSUER = 'http://localhost:8787';

/** Claims shaped like the sandbox's ID token for scope `openid profile`. */
export const CHAN_TAI_MAN: IamSmartClaims = {
  sub: 'storybook-pairwise-0001',
  iss: STORYBOOK_ISSUER,
  aud: 'storybook',
  name: 'CHAN Tai Man',
  enName: { lastName: 'CHAN', firstName: 'Tai Man' },
  chName: { lastName: '陳', firstName: '大文' },
  locale: 'en',
};
