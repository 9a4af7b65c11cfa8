// 新規ユーザ登録申請: what the public form (or a prefecture applying on an institution's behalf)
// sends, checked field by field, stored with its 申請番号, and acknowledged by mail.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation } from '../db/dialect.ts';
import { normaliseEmail, normaliseExtension, normaliseLine } from '../gmis/japanese-input.ts';
import { mailContext, type IdentityDeps } from '../identity/deps.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import { checkInstitution, type InstitutionField, type InstitutionInput } from '../institutions/institution.ts';
import { findInstitutionByCode } from '../institutions/repository.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japan-time.ts';
import { referenceNumber, referencePattern } from '../platform/reference.ts';
import { emailAddress } from '../web/email-field.ts';
import { MESSAGES } from '../web/messages.ts';
import { registrationReceiptMail } from './mails.ts';

/** The form's fields, in page order. */
export const APPLICATION_FIELDS = [
  'kind',
  'name',
  'name_kana',
  'institution_code',
  'insurance_code',
  'postcode',
  'prefecture_code',
  'municipality_code',
  'address',
  'building',
  'phone',
  'department',
  'department_number',
  'contact_name',
  'email',
  'email_confirm',
] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];
export type ApplicationValues = Record<ApplicationField, string>;
export type ApplicationErrors = Partial<Record<ApplicationField, string>>;

const INSTITUTION_FIELD: Record<InstitutionField, ApplicationField | undefined> = {
  kind: 'kind',
  name: 'name',
  nameKana: 'name_kana',
  institutionCode: 'institution_code',
  insuranceCode: 'insurance_code',
  postcode: 'postcode',
  prefectureCode: 'prefecture_code',
  municipalityCode: 'municipality_code',
  address: 'address',
  building: 'building',
  phone: 'phone',
  status: undefined,
};

export const CONTACT_NAME_MAX = 50;
export const DEPARTMENT_MAX = 100;

export interface ApplicationInput {
  institution: InstitutionInput;
  department: string | null;
  departmentNumber: string | null;
  contactName: string;
  email: string;
}


/** Normalises and checks everything the form sends; a message for each wrong field. */
export function checkApplication(v: Partial<ApplicationValues>): { ok: true; value: ApplicationInput } | { ok: false; errors: ApplicationErrors } {
  const errors: ApplicationErrors = {};
  const institution = checkInstitution({
    kind: v.kind,
    name: v.name,
    nameKana: v.name_kana,
    institutionCode: v.institution_code,
    insuranceCode: v.insurance_code,
    postcode: v.postcode,
    prefectureCode: v.prefecture_code,
    municipalityCode: v.municipality_code,
    address: v.address,
    building: v.building,
    phone: v.phone,
    status: '開設',
  });
  if (!institution.ok) {
    for (const [field, message] of Object.entries(institution.errors)) {
      const target = INSTITUTION_FIELD[field as InstitutionField];
      if (target) errors[target] = message;
    }
  }

  const department = normaliseLine(v.department ?? '');
  if (department.length > DEPARTMENT_MAX) errors.department = MESSAGES['text.too_long']('担当部署名', DEPARTMENT_MAX);
  const number = normaliseExtension(v.department_number ?? '');
  if (!number.ok) errors.department_number = number.problem === 'characters' ? '担当部署番号は数字とハイフン（-）で入力してください。' : '担当部署番号は10文字以内で入力してください。';

  const contactName = normaliseLine(v.contact_name ?? '');
  if (contactName === '') errors.contact_name = '担当者氏名を入力してください。';
  else if (contactName.length > CONTACT_NAME_MAX) errors.contact_name = MESSAGES['text.too_long']('担当者氏名', CONTACT_NAME_MAX);

  const checkedEmail = emailAddress.safeParse(v.email ?? '');
  const email = checkedEmail.success ? checkedEmail.data : '';
  if (!checkedEmail.success) errors.email = checkedEmail.error.issues[0]!.message;
  else if (normaliseEmail(v.email_confirm ?? '') !== email) errors.email_confirm = '確認用のメールアドレスが一致しません。もう一度入力してください。';

  if (!institution.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { institution: institution.value, department: department || null, departmentNumber: number.ok ? number.value : null, contactName, email },
  };
}

/** The form's values from a stored input (to show the confirmation page, or to correct it). */
export function valuesOf(input: ApplicationInput): ApplicationValues {
  const i = input.institution;
  return {
    kind: i.kind,
    name: i.name,
    name_kana: i.nameKana,
    institution_code: i.institutionCode,
    insurance_code: i.insuranceCode ?? '',
    postcode: i.postcode,
    prefecture_code: i.prefectureCode,
    municipality_code: i.municipalityCode,
    address: i.address,
    building: i.building ?? '',
    phone: i.phone,
    department: input.department ?? '',
    department_number: input.departmentNumber ?? '',
    contact_name: input.contactName,
    email: input.email,
    email_confirm: input.email,
  };
}

/** A-20261121-4K7MQ */
export const APPLICATION_NUMBER_PATTERN = referencePattern('A', 5);

/** Applications one address may send from the public form per hour (a person makes a few; a script many). */
export const PUBLIC_APPLICATION_BUDGET = { max: 10, windowMs: 3_600_000 };

export type SubmitResult = { ok: true; number: string; id: string } | { ok: false; problem: 'rate_limited' };

/**
 * Stores the application and queues the receipt mail, in one transaction. From the public form
 * `origin.ip` is held to a budget; `submittedBy` is the prefecture account of a 代理申請.
 */
export async function submitApplication(deps: IdentityDeps, input: ApplicationInput, origin: RequestOrigin, submittedBy: string | null = null): Promise<SubmitResult> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const result = await deps.db.transaction().execute(async (trx): Promise<SubmitResult> => {
        if (!submittedBy && !(await takeFromBudget(trx, deps.clock, `registration:${origin.ip}`, PUBLIC_APPLICATION_BUDGET))) return { ok: false, problem: 'rate_limited' };
        const now = deps.clock.now();
        const number = referenceNumber('A', now, deps.random, 5);
        const id = deps.random.uuid();
        const i = input.institution;
        const known = await findInstitutionByCode(trx, i.prefectureCode, i.institutionCode);
        await trx
          .insertInto('registration_applications')
          .values({
            id,
            number,
            status: 'submitted',
            kind: i.kind,
            prefecture_code: i.prefectureCode,
            municipality_code: i.municipalityCode,
            institution_code: i.institutionCode,
            insurance_code: i.insuranceCode,
            name: i.name,
            name_kana: i.nameKana,
            postcode: i.postcode,
            address: i.address,
            building: i.building,
            phone: i.phone,
            department: input.department,
            department_number: input.departmentNumber,
            contact_name: input.contactName,
            email: input.email,
            institution_id: known?.id ?? null,
            submitted_by: submittedBy,
            submitted_at: now,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
            outcome: null,
            account_id: null,
            mail_failed_at: null,
            mail_failure: null,
          })
          .execute();
        await enqueueMail(trx, deps, { ...registrationReceiptMail(mailContext(deps.config), { number, input, submittedAt: formatJst(now), onBehalf: submittedBy !== null }), registrationId: id });
        await recordAudit(trx, deps.clock, { type: 'registration.submitted', accountId: submittedBy, origin, details: { number, prefecture: i.prefectureCode, institutionCode: i.institutionCode } });
        return { ok: true, number, id };
      });
      if (result.ok) deps.workQueued?.();
      return result;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error('could not draw a free 申請番号');
}
