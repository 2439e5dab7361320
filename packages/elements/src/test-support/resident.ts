import type { EmeData, EmeField, EmeRequest, EmeResult, IamSmartClaims, IamSmartUser } from '@iamsmart/sdk';

/*
 * The resident every scripted login, signing and form filling is about, for element tests and
 * stories alike: the sandbox's first test resident, CHAN Tai Man.
 */

/** The sandbox's issuer under `npm start`; scripted sessions name it so their links look real. */
export const FAKE_ISSUER = 'http://localhost:8787';

/** Claims shaped like the sandbox's ID token for scope `openid profile`. */
export const CHAN_TAI_MAN: IamSmartClaims = {
  sub: 'pairwise-sub-1',
  iss: FAKE_ISSUER,
  aud: 'fake-client',
  name: 'CHAN Tai Man',
  enName: { lastName: 'CHAN', firstName: 'Tai Man' },
  chName: { lastName: '陳', firstName: '大文' },
  locale: 'en',
};

/** A logged-in user with `claims` (CHAN Tai Man's by default, any of them replaced). */
export function fakeUser(claims: Partial<IamSmartClaims> = {}): IamSmartUser {
  return {
    claims: { ...CHAN_TAI_MAN, ...claims },
    idToken: 'fake-header.fake-payload.fake-signature',
    accessToken: 'fake-access-token',
    tokenType: 'Bearer',
    scope: 'openid profile',
    expiresAt: undefined,
  };
}

/** The e-ME data of the sandbox's first resident (`res-chan-tai-man` in residents.json), as the SDK returns it. */
export const FAKE_EME: Required<EmeData> = {
  enName: { lastName: 'CHAN', firstName: 'Tai Man' },
  chName: { lastName: '陳', firstName: '大文' },
  idNo: { identification: 'K543210', checkDigit: '3' },
  birthDate: '1978-03-14',
  gender: 'M',
  prefix: 'Mr',
  maritalStatus: 'married',
  homeTelNumber: { countryCode: '852', subscriberNumber: '26041234' },
  officeTelNumber: { countryCode: '852', subscriberNumber: '28105678' },
  mobileNumber: { countryCode: '852', subscriberNumber: '91234567' },
  emailAddress: 'chan.taiman@example.com',
  residentialAddress: {
    en: { flat: 'Flat C', floor: '12/F', block: 'Block 3', building: 'Sandbox Garden', street: '18 Tai Chung Kiu Road', area: 'Sha Tin', district: 'Sha Tin', region: 'New Territories' },
    zh: { region: '新界', district: '沙田區', area: '沙田', street: '大涌橋路18號', building: '沙盒花園', block: '第3座', floor: '12樓', flat: 'C室' },
  },
  postalAddress: {
    en: { flat: 'Room 1201', floor: '12/F', building: 'Harbour Centre', street: '25 Harbour Road', area: 'Wan Chai', district: 'Wan Chai', region: 'Hong Kong' },
    zh: { region: '香港', district: '灣仔區', area: '灣仔', street: '港灣道25號', building: '海港中心', floor: '12樓', flat: '1201室' },
  },
  educationLevel: 'degree',
  employmentStatus: 'employed',
  passportNumber: 'K10384756',
  passportExpiry: '2031-08-19',
  propertyOwner: true,
  carOwner: false,
};

/** A form-filling result for `fields`: what FAKE_EME has of them, the rest missing. */
export function fakeEmeResult(fields: readonly EmeField[], overrides: Partial<EmeResult> = {}): EmeResult {
  const data: EmeData = {};
  for (const field of fields) Object.assign(data, { [field]: FAKE_EME[field] });
  return { data, filled: [...fields], missing: [], invalid: [], ...overrides };
}

/** What the resident shares for a request: the requested fields FAKE_EME has, less those `leftOut` in the app. */
export function emeResultFor({ fields }: EmeRequest, leftOut: readonly EmeField[] = []): EmeResult {
  const shared = fields.filter((field) => !leftOut.includes(field));
  return fakeEmeResult(shared, { missing: fields.filter((field) => leftOut.includes(field)) });
}
