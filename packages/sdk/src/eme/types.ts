import type { EmeData, EmeField } from '@iamsmart/protocol';
import type { IamSmartLang } from '../config/types.js';
import type { Session, SessionSnapshot } from '../session/types.js';

export type { EmeAddress, EmeAddressParts, EmeData, EmeField, EmeIdNo, EmePhoneNumber, PersonName } from '@iamsmart/protocol';

/** What a form asks the resident to fill in. */
export interface EmeRequest {
  /** The e-ME fields the form needs (at least one; no repeats). */
  fields: EmeField[];
  /** Those of `fields` the resident may leave out in the app (the form does not require them). Default: none. */
  optionalFields?: EmeField[];
  /** The form's name as the resident sees it in the app, e.g. `Library card application` (1–200 characters). */
  formName: string;
  /** The form's number, if it has one, e.g. `HPL-001`. */
  formNum?: string;
  /** Why the data is asked for, shown in the app (up to 500 characters). */
  purpose?: string;
  lang?: IamSmartLang;
}

/** What came back: the consented data, and what did not. */
export interface EmeResult {
  data: EmeData;
  /** The fields in `data`. */
  filled: EmeField[];
  /** Requested but not returned: left out by the resident in the app, or not held by e-ME. */
  missing: EmeField[];
  /** Returned but malformed (dropped from `data`), with why. */
  invalid: { field: EmeField; reason: string }[];
}

/** An e-ME session's state: in `done`, the validated data. */
export interface EmeSnapshot extends SessionSnapshot {
  result?: EmeResult;
}

/** An e-ME form-filling session. */
export type EmeSession = Session<EmeSnapshot, EmeResult>;
