import type { Messages } from './messages.js';

export const en: Messages = {
  loginLabel: 'Login with iAM Smart',
  moreInfo: 'More info',
  moreInfoUrl: 'https://www.iamsmart.gov.hk/en/',
  opensInNewTab: ' (opens in a new tab)',
  connecting: 'Connecting to iAM Smart…',
  completing: 'Completing your login with iAM Smart…',
  notConfigured: 'Login with iAM Smart is not available on this page yet. Please try again later.',
  errors: {
    invalid_config: 'Login with iAM Smart is not set up correctly on this website. Please try again later or contact the website.',
    issuer_unreachable: 'Cannot connect to iAM Smart. Please check your internet connection and try again.',
    discovery_invalid: 'iAM Smart sent an unexpected response. Please try again later.',
    token_endpoint_error: 'iAM Smart could not complete the login. Please try again.',
    state_mismatch: 'This login request has expired or was started in another window. Please log in again.',
    issuer_mismatch: 'The login response did not come from iAM Smart, so it was rejected for your safety. Please log in again.',
    id_token_signature: 'The login response could not be verified, so it was rejected for your safety. Please log in again.',
    id_token_claims:
      "The login response is invalid or has expired. Please log in again. If this keeps happening, check your device's date and time.",
    callback_invalid: 'The login response was incomplete. Please log in again.',
    access_denied: 'The login was not authorised in iAM Smart.',
    authorization_error: 'iAM Smart could not process the login request. Please try again later.',
    popup_closed: 'The iAM Smart window was closed or blocked before the login finished. Please try again and allow pop-up windows for this website.',
    cancelled: 'The login was cancelled.',
    timeout: 'iAM Smart took too long to respond. Please try again.',
    session_expired: 'The code has expired. Please get a new code and scan it again.',
    rate_limited: 'Too many login attempts. Please wait a moment and try again.',
    network_error: 'The connection to iAM Smart was lost. Please check your internet connection and try again.',
    code_mismatch: 'The identification code chosen in iAM Smart did not match, so the login was stopped for your safety. Please try again.',
    unknown: 'Something went wrong with Login with iAM Smart. Please try again.',
  },
};
