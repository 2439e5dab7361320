// A form-filling request checked before anything is sent: the resident must see exactly what the
// page will receive, so a request the app could only show wrongly is refused here.
import { isEmeField } from '@iamsmart/protocol';
import type { EmeField } from '@iamsmart/protocol';
import { IamSmartError } from '../errors.js';

export const MAX_FORM_NAME_LENGTH = 200;
export const MAX_FORM_NUM_LENGTH = 50;
export const MAX_PURPOSE_LENGTH = 500;

/** What the session asks for: the `eme` authorization detail as sent. */
export interface EmeDetail {
  type: 'eme';
  fields: EmeField[];
  optionalFields?: EmeField[];
  formName: string;
  formNum?: string;
  purpose?: string;
}

function invalid(message: string): never {
  throw new IamSmartError('form_invalid', message);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function fieldList(name: 'fields' | 'optionalFields', value: unknown): EmeField[] {
  if (!Array.isArray(value)) invalid(`\`${name}\` must be an array of e-ME field names; got ${describe(value)}.`);
  const seen = new Set<EmeField>();
  for (const [index, field] of (value as unknown[]).entries()) {
    if (!isEmeField(field)) invalid(`\`${name}[${index}]\` is not an e-ME field: ${describe(field)}.`);
    if (seen.has(field)) invalid(`\`${name}\` lists "${field}" twice.`);
    seen.add(field);
  }
  return [...seen];
}

/** An optional text: absent, or a string of at most `max` characters after trimming (empty counts as absent). */
function optionalText(name: string, value: unknown, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') invalid(`\`${name}\` must be a string; got ${describe(value)}.`);
  const trimmed = value.trim();
  if (trimmed.length > max) invalid(`\`${name}\` must be at most ${max} characters; got ${trimmed.length}.`);
  return trimmed === '' ? undefined : trimmed;
}

/** Checks a `EmeRequest` as the page gave it (types are not trusted) and returns the detail to send. */
export function emeDetail(request: unknown): EmeDetail {
  if (typeof request !== 'object' || request === null) invalid('startEme needs { fields, formName }.');
  const { fields: rawFields, optionalFields: rawOptional, formName: rawName, formNum: rawNum, purpose: rawPurpose } = request as Record<string, unknown>;
  const fields = fieldList('fields', rawFields);
  if (fields.length === 0) invalid('`fields` must list at least one e-ME field.');
  const optionalFields = rawOptional === undefined ? [] : fieldList('optionalFields', rawOptional);
  const stray = optionalFields.find((field) => !fields.includes(field));
  if (stray !== undefined) invalid(`\`optionalFields\` lists "${stray}", which is not in \`fields\`.`);
  const formName = typeof rawName === 'string' ? rawName.trim() : '';
  if (formName === '' || formName.length > MAX_FORM_NAME_LENGTH) {
    invalid(`\`formName\` must be the form's name the resident sees, 1 to ${MAX_FORM_NAME_LENGTH} characters; got ${typeof rawName === 'string' ? `${formName.length} characters` : describe(rawName)}.`);
  }
  const formNum = optionalText('formNum', rawNum, MAX_FORM_NUM_LENGTH);
  const purpose = optionalText('purpose', rawPurpose, MAX_PURPOSE_LENGTH);
  return {
    type: 'eme',
    fields,
    ...(optionalFields.length === 0 ? {} : { optionalFields }),
    formName,
    ...(formNum === undefined ? {} : { formNum }),
    ...(purpose === undefined ? {} : { purpose }),
  };
}
