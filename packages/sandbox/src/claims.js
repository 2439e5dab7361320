/**
 * What the sandbox releases about a resident, per scope. Kept apart from the provider set-up so
 * later e-ME scopes and RAR details extend one table.
 */
import { englishName } from './residents.js';

/** Claims per scope, in oidc-provider's `claims` configuration format. */
export const SCOPE_CLAIMS = Object.freeze({
  openid: ['sub'],
  profile: ['name', 'enName', 'chName', 'locale'],
});

/** Scopes a client may ask for. */
export const SCOPES = Object.freeze(Object.keys(SCOPE_CLAIMS));

/**
 * Every claim the sandbox can release for a resident; oidc-provider filters them by the granted
 * scopes. `chName` is left out when the resident has no Chinese name.
 * @param {import('./residents.js').Resident} resident
 * @returns {Record<string, unknown>}
 */
export function residentClaims(resident) {
  const { enName, chName } = resident.eme;
  return {
    name: englishName(resident),
    enName: { lastName: enName.lastName, firstName: enName.firstName },
    ...(chName ? { chName: { lastName: chName.lastName, firstName: chName.firstName } } : {}),
    locale: resident.locale,
  };
}
