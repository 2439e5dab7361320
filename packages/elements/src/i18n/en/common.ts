import type { CommonMessages } from '../messages.js';

export const common: CommonMessages = {
  loginLabel: 'Login with iAM Smart',
  moreInfo: 'More info',
  moreInfoUrl: 'https://www.iamsmart.gov.hk/en/',
  opensInNewTab: ' (opens in a new tab)',
  connecting: 'Connecting to iAM Smart…',
  completing: 'Completing your login with iAM Smart…',
  notConfigured: 'Login with iAM Smart is not available on this page yet. Please try again later.',
  errorFallback: 'Something went wrong with Login with iAM Smart. Please try again.',
};
