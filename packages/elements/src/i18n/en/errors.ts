import type { ErrorMessages } from '../messages.js';

export const errors: ErrorMessages = {
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
    scanned_elsewhere:
      'This code was scanned on more than one phone, so the login was stopped for your safety. Someone else may have seen your code. Please start again and scan the new code with your own phone only.',
    document_invalid: 'This document cannot be signed: it is empty, too large or not a supported file. Please choose another document.',
    signature_invalid: 'The signature could not be verified, so it was rejected for your safety. Please try again.',
    signing_failed: 'iAM Smart could not sign the document. Please try again.',
    form_invalid: 'This form cannot be filled with iAM Smart: it asks for nothing iAM Smart can provide. Please fill it in yourself.',
    form_data_error: 'iAM Smart could not provide your details. Please try again, or fill in the form yourself.',
    backend_unavailable: 'This website\'s iAM Smart service is not available at the moment. Please try again later.',
    platform_error: 'iAM Smart could not complete the login. Please try again later.',
    cross_site_request: 'The request did not come from this website, so it was refused for your safety. Please start again from this website.',
    invalid_request: 'The login request was not valid. Please start again from this website.',
    signer_mismatch: 'This iAM Smart account is not the one this website expected. Please log in with your own iAM Smart.',
    unknown: 'Something went wrong with Login with iAM Smart. Please try again.',
  },
};
