import type { EmeAddress, EmeAddressParts, EmeData, EmeField, EmePhoneNumber, PersonName } from '@iamsmart/sdk';

/*
 * Which e-ME value goes into which form control: the mapping table of <iams-eme-autofill>. A
 * control names what it wants with `data-eme` (an e-ME field, or a part of one, e.g.
 * `enName.lastName`), else with its `autocomplete` tokens. Kept apart from the filling so the
 * element can tell whether a form has anything to map without loading the dialog.
 */

/** The form controls the element fills. */
export type FillableElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A value for a control: text, or yes/no for a checkbox. */
export type EmeValue = string | boolean;

/** Reads the value a name stands for; `control` picks the format (ISO dates for `type=date`, one line in an `<input>`). */
type Getter = (data: EmeData, control: FillableElement) => EmeValue | undefined;

interface Entry {
  field: EmeField;
  get: Getter;
}

const ADDRESS_PARTS = ['flat', 'floor', 'block', 'building', 'estate', 'street', 'area', 'district', 'region'] as const satisfies readonly (keyof EmeAddressParts)[];

function text(value: string | undefined): string | undefined {
  return value?.trim() ? value : undefined;
}

function joined(parts: readonly (string | undefined)[], separator: string): string | undefined {
  // e-ME repeats a name across parts (area "Sha Tin", district "Sha Tin"): say it once.
  const kept = parts.filter((part): part is string => !!part?.trim()).filter((part, i, all) => all.indexOf(part) === i);
  return kept.length ? kept.join(separator) : undefined;
}

/** The English address as lines, as a Hong Kong envelope reads: flat/floor/block, building/estate, street, then area, district and region. */
function addressLines(parts: EmeAddressParts | undefined): (string | undefined)[] {
  if (!parts) return [];
  return [
    joined([parts.flat, parts.floor, parts.block], ', '),
    joined([parts.building, parts.estate], ', '),
    text(parts.street),
    joined([parts.area, parts.district, parts.region], ', '),
  ];
}

function isDateInput(control: FillableElement): boolean {
  return control instanceof HTMLInputElement && control.type === 'date';
}

/** `1978-03-14` → `14-03-1978` (Hong Kong order) unless the control is a date input, which takes ISO. */
function dateFor(iso: string | undefined, control: FillableElement): string | undefined {
  const match = iso && /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return undefined;
  return isDateInput(control) ? iso : `${match[3]}-${match[2]}-${match[1]}`;
}

function datePart(iso: string | undefined, index: 1 | 2 | 3): string | undefined {
  return iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)?.[index] : undefined;
}

function phone(value: EmePhoneNumber | undefined): string | undefined {
  return value ? `+${value.countryCode} ${value.subscriberNumber}` : undefined;
}

const table = new Map<string, Entry>();

function add(name: string, field: EmeField, get: Getter): void {
  table.set(name, { field, get });
}

for (const field of ['emailAddress', 'prefix', 'maritalStatus', 'educationLevel', 'employmentStatus', 'passportNumber', 'gender'] as const) {
  add(field, field, (data) => text(data[field]));
}
for (const field of ['propertyOwner', 'carOwner'] as const) add(field, field, (data) => data[field]);
for (const [field, separator] of [
  ['enName', ' '],
  ['chName', ''],
] as const) {
  // Family name first, as iAM Smart writes both: "CHAN Tai Man", "陳大文".
  const name = (data: EmeData): PersonName | undefined => data[field];
  add(field, field, (data) => joined([name(data)?.lastName, name(data)?.firstName], separator));
  add(`${field}.lastName`, field, (data) => text(name(data)?.lastName));
  add(`${field}.firstName`, field, (data) => text(name(data)?.firstName));
}
add('idNo', 'idNo', ({ idNo }) => idNo && `${idNo.identification}(${idNo.checkDigit})`);
add('idNo.identification', 'idNo', ({ idNo }) => idNo?.identification);
add('idNo.letters', 'idNo', ({ idNo }) => idNo && /^[A-Z]+/.exec(idNo.identification)?.[0]);
add('idNo.digits', 'idNo', ({ idNo }) => idNo && /\d+$/.exec(idNo.identification)?.[0]);
add('idNo.checkDigit', 'idNo', ({ idNo }) => idNo?.checkDigit);
for (const field of ['birthDate', 'passportExpiry'] as const) {
  add(field, field, (data, control) => dateFor(data[field], control));
  add(`${field}.day`, field, (data) => datePart(data[field], 3));
  add(`${field}.month`, field, (data) => datePart(data[field], 2));
  add(`${field}.year`, field, (data) => datePart(data[field], 1));
}
for (const field of ['homeTelNumber', 'officeTelNumber', 'mobileNumber'] as const) {
  add(field, field, (data) => phone(data[field]));
  add(`${field}.countryCode`, field, (data) => data[field]?.countryCode);
  add(`${field}.subscriberNumber`, field, (data) => data[field]?.subscriberNumber);
}
for (const field of ['residentialAddress', 'postalAddress'] as const) {
  const address = (data: EmeData): EmeAddress | undefined => data[field];
  add(field, field, (data, control) => joined(addressLines(address(data)?.en), control instanceof HTMLTextAreaElement ? '\n' : ', '));
  for (const line of [1, 2, 3] as const) add(`${field}.line${line}`, field, (data) => addressLines(address(data)?.en)[line - 1]);
  for (const lang of ['en', 'zh'] as const) {
    for (const part of ADDRESS_PARTS) add(`${field}.${lang}.${part}`, field, (data) => text(address(data)?.[lang]?.[part]));
  }
}

/** Every `data-eme` name the element knows, e.g. `enName`, `enName.lastName`, `residentialAddress.zh.street`. */
export const EME_NAMES: readonly string[] = [...table.keys()];

/** The `autocomplete` field names the element maps, and the `data-eme` name each stands for (addresses are the residential one). */
export const AUTOCOMPLETE_NAMES: Readonly<Record<string, string>> = {
  name: 'enName',
  'given-name': 'enName.firstName',
  'family-name': 'enName.lastName',
  'honorific-prefix': 'prefix',
  bday: 'birthDate',
  'bday-day': 'birthDate.day',
  'bday-month': 'birthDate.month',
  'bday-year': 'birthDate.year',
  sex: 'gender',
  email: 'emailAddress',
  tel: 'mobileNumber',
  'tel-national': 'mobileNumber.subscriberNumber',
  'tel-country-code': 'mobileNumber.countryCode',
  'street-address': 'residentialAddress',
  'address-line1': 'residentialAddress.line1',
  'address-line2': 'residentialAddress.line2',
  'address-line3': 'residentialAddress.line3',
  'address-level1': 'residentialAddress.en.region',
  'address-level2': 'residentialAddress.en.district',
};

/** `home tel` and `work tel` name the home and office numbers; `mobile tel` (and plain `tel`) the mobile. */
const PHONE_CONTACTS: Readonly<Record<string, string>> = { home: 'homeTelNumber', work: 'officeTelNumber', mobile: 'mobileNumber' };

/** The `data-eme` name an `autocomplete` value stands for, e.g. `section-a home tel-national` → `homeTelNumber.subscriberNumber`. */
export function nameFromAutocomplete(autocomplete: string): string | undefined {
  const tokens = autocomplete.toLowerCase().trim().split(/\s+/).filter((token) => token !== 'webauthn');
  const last = tokens.at(-1);
  const name = last && Object.hasOwn(AUTOCOMPLETE_NAMES, last) ? AUTOCOMPLETE_NAMES[last] : undefined;
  if (!name || !last?.startsWith('tel')) return name;
  const contact = tokens.at(-2);
  // A fax or pager number is not one iAM Smart holds.
  if (contact === 'fax' || contact === 'pager') return undefined;
  const phoneField = contact && Object.hasOwn(PHONE_CONTACTS, contact) ? PHONE_CONTACTS[contact] : undefined;
  return phoneField ? name.replace('mobileNumber', phoneField) : name;
}

/** The e-ME field a name belongs to, or undefined for a name the element does not know. */
export function fieldOf(name: string): EmeField | undefined {
  return table.get(name)?.field;
}

/** The value `name` stands for in `data`, formatted for `control`; undefined when e-ME did not give it. */
export function valueFor(name: string, data: EmeData, control: FillableElement): EmeValue | undefined {
  return table.get(name)?.get(data, control);
}

/** Other ways a form may write a value in its choices (`<option>`, radio and checkbox values and labels). */
export function choicesFor(name: string, value: EmeValue): string[] {
  if (typeof value === 'boolean') return value ? ['true', 'yes', 'y', '1', 'on', '是'] : ['false', 'no', 'n', '0', '否'];
  if (name === 'gender') return value === 'M' ? ['M', 'male', '男'] : value === 'F' ? ['F', 'female', '女'] : [value];
  if (name.endsWith('.countryCode')) return [value, `+${value}`];
  return [value];
}

/** Input types that can hold an e-ME value (`hidden` is found so it can be refused). */
const INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'number', 'date', 'radio', 'checkbox', 'hidden']);

function isFillable(element: Element): element is FillableElement {
  if (element instanceof HTMLInputElement) return INPUT_TYPES.has(element.type);
  return element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
}

/** A control the form asks e-ME for. */
export interface EmeTarget {
  element: FillableElement;
  /** The `data-eme` name (from `autocomplete`, the name it maps to). */
  name: string;
  field: EmeField;
}

/** A `data-eme` name the element does not know, and the control that has it. */
export interface EmeUnknownName {
  name: string;
  element: Element;
}

export interface EmeDiscovery {
  targets: EmeTarget[];
  unknown: EmeUnknownName[];
}

/**
 * The form's controls that ask for e-ME data, in document order: its listed elements (those
 * associated with `form=` too, which filling refuses), `data-eme` first, then `autocomplete`.
 */
export function discover(form: HTMLFormElement): EmeDiscovery {
  const targets: EmeTarget[] = [];
  const unknown: EmeUnknownName[] = [];
  for (const element of Array.from(form.elements)) {
    if (!isFillable(element)) continue;
    // An empty `data-eme` says nothing: `autocomplete` decides then.
    const declared = element.getAttribute('data-eme')?.trim() ?? '';
    const name = declared !== '' ? declared : nameFromAutocomplete(element.getAttribute('autocomplete') ?? '');
    if (!name) continue;
    const field = fieldOf(name);
    if (field) targets.push({ element, name, field });
    else unknown.push({ name, element });
  }
  return { targets, unknown };
}

/** Whether the form needs `field` filled: one of its controls for it is `required`. */
export function isRequired(targets: readonly EmeTarget[], field: EmeField): boolean {
  return targets.some((target) => target.field === field && target.element.required);
}
