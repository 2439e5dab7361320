/**
 * The e-ME fields iAM Smart can fill a form with, in iAM Smart's own names. One list for the SDK,
 * the elements and the sandbox's tests; a request naming anything else is refused.
 */
export const EME_FIELDS = [
  'enName',
  'chName',
  'idNo',
  'birthDate',
  'gender',
  'prefix',
  'maritalStatus',
  'homeTelNumber',
  'officeTelNumber',
  'mobileNumber',
  'emailAddress',
  'residentialAddress',
  'postalAddress',
  'educationLevel',
  'employmentStatus',
  'passportNumber',
  'passportExpiry',
  'propertyOwner',
  'carOwner',
] as const;

export type EmeField = (typeof EME_FIELDS)[number];

export function isEmeField(value: unknown): value is EmeField {
  return typeof value === 'string' && (EME_FIELDS as readonly string[]).includes(value);
}
