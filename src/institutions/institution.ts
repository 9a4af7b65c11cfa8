// An institution of the facility master as people give it (a CSV row, the office's form, a
// registration application): normalised in one pass and checked field by field, with a message in
// Japanese for each field that is wrong.
import { INSTITUTION_KINDS, type Institution, type InstitutionKind, type InstitutionStatus } from '../db/schema.ts';
import { isKatakana, normaliseCode, normaliseFullWidth, normaliseKana, normalisePhoneNumber, normalisePostcode } from '../platform/japanese/text.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { municipality, placesOfPostcode, prefectureName } from './places.ts';

export interface InstitutionInput {
  kind: InstitutionKind;
  prefectureCode: string;
  institutionCode: string;
  insuranceCode: string | null;
  name: string;
  nameKana: string;
  municipalityCode: string;
  postcode: string;
  address: string;
  building: string | null;
  phone: string;
  status: InstitutionStatus;
}

export type InstitutionField = keyof InstitutionInput;
export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export const INSTITUTION_LIMITS = { name: 100, nameKana: 100, address: 200, building: 100, institutionCode: 20 } as const;

/** The 点数表 digit (the third of a 保険機関コード) each kind of institution carries. */
const INSURANCE_TYPE_DIGITS: Record<InstitutionKind, readonly string[]> = {
  病院: ['1'],
  診療所: ['1'],
  歯科診療所: ['3'],
  助産所: ['1', '3', '4'],
  薬局: ['4'],
};

export const STATUS_LABELS: Record<InstitutionStatus, string> = { open: '開設', closed: '廃止' };

export type Raw<F extends string> = Partial<Record<F, string | undefined>>;

/** The refusals whose message names codes (fine in a file of codes, not on a form of choices). */
export interface InstitutionProblems {
  kind?: 'unknown';
  prefectureCode?: 'unknown';
  insuranceCode?: 'shape' | 'other_prefecture' | 'other_kind';
  municipalityCode?: 'unknown' | 'other_prefecture';
  postcode?: 'other_prefecture';
}

/**
 * Normalises and checks. `raw.status` may be 開設/廃止 or open/closed; missing means 開設. Returns
 * the value, or a message for each wrong field (never both).
 */
export function checkInstitution(
  raw: Raw<InstitutionField>,
): { ok: true; value: InstitutionInput } | { ok: false; errors: FieldErrors<InstitutionField>; problems: InstitutionProblems } {
  const errors: FieldErrors<InstitutionField> = {};
  // What was wrong, for callers whose wording differs (the public form names no codes).
  const problems: InstitutionProblems = {};
  const refuse = <F extends keyof InstitutionProblems>(field: F, problem: NonNullable<InstitutionProblems[F]>, message: string) => {
    problems[field] = problem;
    errors[field] = message;
  };
  const text = (f: InstitutionField) => (raw[f] ?? '').toString();

  const kind = text('kind').trim() as InstitutionKind;
  if (!INSTITUTION_KINDS.includes(kind)) refuse('kind', 'unknown', MESSAGES['institution.kind.unknown'](INSTITUTION_KINDS.join('・')));

  const prefectureCode = normaliseCode(text('prefectureCode')).padStart(2, '0');
  if (!prefectureName(prefectureCode)) refuse('prefectureCode', 'unknown', MESSAGES['institution.prefecture.unknown']);

  const institutionCode = normaliseCode(text('institutionCode'));
  if (institutionCode === '') errors.institutionCode = MESSAGES['text.required']('機関コード');
  else if (!/^[0-9A-Z-]+$/.test(institutionCode)) errors.institutionCode = MESSAGES['institution.code.characters'];
  else if (institutionCode.length > INSTITUTION_LIMITS.institutionCode)
    errors.institutionCode = MESSAGES['text.too_long']('機関コード', INSTITUTION_LIMITS.institutionCode);

  const insurance = normaliseCode(text('insuranceCode')).replace(/-/g, '');
  let insuranceCode: string | null = null;
  if (insurance !== '') {
    if (!/^[0-9]{10}$/.test(insurance)) refuse('insuranceCode', 'shape', MESSAGES['institution.insurance.shape']);
    else if (!errors.prefectureCode && insurance.slice(0, 2) !== prefectureCode)
      refuse('insuranceCode', 'other_prefecture', MESSAGES['institution.insurance.other_prefecture'](prefectureCode));
    else if (!errors.kind && !INSURANCE_TYPE_DIGITS[kind].includes(insurance[2]!))
      refuse('insuranceCode', 'other_kind', MESSAGES['institution.insurance.other_kind'](kind, INSURANCE_TYPE_DIGITS[kind].join('・')));
    else insuranceCode = insurance;
  }

  const name = normaliseFullWidth(text('name'));
  if (name === '') errors.name = MESSAGES['text.required']('機関名');
  else if (name.length > INSTITUTION_LIMITS.name) errors.name = MESSAGES['text.too_long']('機関名', INSTITUTION_LIMITS.name);

  const nameKana = normaliseKana(text('nameKana'));
  if (nameKana === '') errors.nameKana = MESSAGES['text.required']('フリガナ');
  else if (!isKatakana(nameKana)) errors.nameKana = MESSAGES['institution.name_kana.katakana'];
  else if (nameKana.length > INSTITUTION_LIMITS.nameKana) errors.nameKana = MESSAGES['text.too_long']('フリガナ', INSTITUTION_LIMITS.nameKana);

  const municipalityCode = normaliseCode(text('municipalityCode'));
  const place = municipality(municipalityCode);
  if (!place) refuse('municipalityCode', 'unknown', MESSAGES['institution.municipality.unknown']);
  else if (!errors.prefectureCode && place.prefectureCode !== prefectureCode)
    refuse('municipalityCode', 'other_prefecture', MESSAGES['institution.municipality.other_prefecture'](place.name, prefectureName(prefectureCode) ?? ''));

  const postcode = normalisePostcode(text('postcode'));
  if (postcode === null) errors.postcode = MESSAGES['text.required']('郵便番号');
  else if (postcode === undefined) errors.postcode = MESSAGES['institution.postcode.shape'];
  else if (!errors.prefectureCode) {
    const places = placesOfPostcode(postcode);
    // An unknown postcode (a large business's own) is allowed; a known one must be in the prefecture.
    if (places.length > 0 && !places.some((p) => p.prefectureCode === prefectureCode))
      refuse('postcode', 'other_prefecture', MESSAGES['institution.postcode.other_prefecture'](places[0]!.prefectureName));
  }

  const address = normaliseFullWidth(text('address'));
  if (address === '') errors.address = MESSAGES['text.required']('住所');
  else if (address.length > INSTITUTION_LIMITS.address) errors.address = MESSAGES['text.too_long']('住所', INSTITUTION_LIMITS.address);

  const buildingText = normaliseFullWidth(text('building'));
  if (buildingText.length > INSTITUTION_LIMITS.building) errors.building = MESSAGES['text.too_long']('建物名', INSTITUTION_LIMITS.building);

  const phone = normalisePhoneNumber(text('phone'));
  let phoneValue = '';
  if (!phone.ok) errors.phone = MESSAGES[`contact.phone.${phone.problem}`]('電話番号');
  else if (phone.value === null) errors.phone = MESSAGES['text.required']('電話番号');
  else phoneValue = phone.value;

  const statusText = text('status').trim();
  const status: InstitutionStatus | undefined =
    statusText === '' || statusText === '開設' || statusText === 'open' ? 'open' : statusText === '廃止' || statusText === 'closed' ? 'closed' : undefined;
  if (!status) errors.status = MESSAGES['institution.status.unknown'];

  if (Object.keys(errors).length > 0) return { ok: false, errors, problems };
  return {
    ok: true,
    value: {
      kind,
      prefectureCode,
      institutionCode,
      insuranceCode,
      name,
      nameKana,
      municipalityCode,
      postcode: postcode!,
      address,
      building: buildingText || null,
      phone: phoneValue,
      status: status!,
    },
  };
}

/** The stored row's columns of a checked institution (the repository adds id and times). */
export function toRow(input: InstitutionInput): Omit<Institution, 'id' | 'created_at' | 'updated_at'> {
  return {
    kind: input.kind,
    prefecture_code: input.prefectureCode,
    institution_code: input.institutionCode,
    insurance_code: input.insuranceCode,
    name: input.name,
    name_kana: input.nameKana,
    municipality_code: input.municipalityCode,
    postcode: input.postcode,
    address: input.address,
    building: input.building,
    phone: input.phone,
    status: input.status,
  };
}

/** A stored institution as the checked input it came from. */
export function fromRow(row: Institution): InstitutionInput {
  return {
    kind: row.kind,
    prefectureCode: row.prefecture_code,
    institutionCode: row.institution_code,
    insuranceCode: row.insurance_code,
    name: row.name,
    nameKana: row.name_kana,
    municipalityCode: row.municipality_code,
    postcode: row.postcode,
    address: row.address,
    building: row.building,
    phone: row.phone,
    status: row.status,
  };
}
