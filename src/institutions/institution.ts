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
export function checkInstitution(raw: Raw<InstitutionField>): { ok: true; value: InstitutionInput } | { ok: false; errors: FieldErrors<InstitutionField>; problems: InstitutionProblems } {
  const errors: FieldErrors<InstitutionField> = {};
  // What was wrong, for callers whose wording differs (the public form names no codes).
  const problems: InstitutionProblems = {};
  const refuse = <F extends keyof InstitutionProblems>(field: F, problem: NonNullable<InstitutionProblems[F]>, message: string) => {
    problems[field] = problem;
    errors[field] = message;
  };
  const text = (f: InstitutionField) => (raw[f] ?? '').toString();

  const kind = text('kind').trim() as InstitutionKind;
  if (!INSTITUTION_KINDS.includes(kind)) refuse('kind', 'unknown', `機関区分は ${INSTITUTION_KINDS.join('・')} のいずれかです。`);

  const prefectureCode = normaliseCode(text('prefectureCode')).padStart(2, '0');
  if (!prefectureName(prefectureCode)) refuse('prefectureCode', 'unknown', '都道府県を選んでください（コードは01〜47）。');

  const institutionCode = normaliseCode(text('institutionCode'));
  if (institutionCode === '') errors.institutionCode = '機関コードを入力してください。';
  else if (!/^[0-9A-Z-]+$/.test(institutionCode)) errors.institutionCode = '機関コードは半角の英数字とハイフンで入力してください。';
  else if (institutionCode.length > INSTITUTION_LIMITS.institutionCode) errors.institutionCode = `機関コードは${INSTITUTION_LIMITS.institutionCode}文字以内で入力してください。`;

  const insurance = normaliseCode(text('insuranceCode')).replace(/-/g, '');
  let insuranceCode: string | null = null;
  if (insurance !== '') {
    if (!/^[0-9]{10}$/.test(insurance)) refuse('insuranceCode', 'shape', '保険機関コードは10桁の数字です（都道府県2桁＋点数表1桁＋7桁）。ない場合は空欄にしてください。');
    else if (!errors.prefectureCode && insurance.slice(0, 2) !== prefectureCode)
      refuse('insuranceCode', 'other_prefecture', `保険機関コードの最初の2桁は都道府県コード（${prefectureCode}）です。`);
    else if (!errors.kind && !INSURANCE_TYPE_DIGITS[kind].includes(insurance[2]!))
      refuse('insuranceCode', 'other_kind', `保険機関コードの3桁目（点数表）が${kind}のもの（${INSURANCE_TYPE_DIGITS[kind].join('・')}）ではありません。`);
    else insuranceCode = insurance;
  }

  const name = normaliseFullWidth(text('name'));
  if (name === '') errors.name = '機関名を入力してください。';
  else if (name.length > INSTITUTION_LIMITS.name) errors.name = `機関名は${INSTITUTION_LIMITS.name}文字以内で入力してください。`;

  const nameKana = normaliseKana(text('nameKana'));
  if (nameKana === '') errors.nameKana = 'フリガナを入力してください。';
  else if (!isKatakana(nameKana)) errors.nameKana = 'フリガナはカタカナで入力してください（ひらがなは自動でカタカナにします）。';
  else if (nameKana.length > INSTITUTION_LIMITS.nameKana) errors.nameKana = `フリガナは${INSTITUTION_LIMITS.nameKana}文字以内で入力してください。`;

  const municipalityCode = normaliseCode(text('municipalityCode'));
  const place = municipality(municipalityCode);
  if (!place) refuse('municipalityCode', 'unknown', '市区町村を選んでください（5桁の市区町村コード）。');
  else if (!errors.prefectureCode && place.prefectureCode !== prefectureCode)
    refuse('municipalityCode', 'other_prefecture', `${place.name}は${prefectureName(prefectureCode)}の市区町村ではありません。`);

  const postcode = normalisePostcode(text('postcode'));
  if (postcode === null) errors.postcode = '郵便番号を入力してください。';
  else if (postcode === undefined) errors.postcode = '郵便番号は7桁の数字で入力してください（例 530-0001）。';
  else if (!errors.prefectureCode) {
    const places = placesOfPostcode(postcode);
    // An unknown postcode (a large business's own) is allowed; a known one must be in the prefecture.
    if (places.length > 0 && !places.some((p) => p.prefectureCode === prefectureCode)) refuse('postcode', 'other_prefecture', `この郵便番号は${places[0]!.prefectureName}のものです。`);
  }

  const address = normaliseFullWidth(text('address'));
  if (address === '') errors.address = '住所を入力してください。';
  else if (address.length > INSTITUTION_LIMITS.address) errors.address = `住所は${INSTITUTION_LIMITS.address}文字以内で入力してください。`;

  const buildingText = normaliseFullWidth(text('building'));
  if (buildingText.length > INSTITUTION_LIMITS.building) errors.building = `建物名は${INSTITUTION_LIMITS.building}文字以内で入力してください。`;

  const phone = normalisePhoneNumber(text('phone'));
  let phoneValue = '';
  if (!phone.ok) errors.phone = MESSAGES[`contact.phone.${phone.problem}`]('電話番号');
  else if (phone.value === null) errors.phone = '電話番号を入力してください。';
  else phoneValue = phone.value;

  const statusText = text('status').trim();
  const status: InstitutionStatus | undefined = statusText === '' || statusText === '開設' || statusText === 'open' ? 'open' : statusText === '廃止' || statusText === 'closed' ? 'closed' : undefined;
  if (!status) errors.status = '状態は「開設」か「廃止」です。';

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
