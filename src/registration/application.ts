// 新規ユーザ登録申請: what the public form (or a prefecture applying on an institution's behalf)
// sends, checked field by field, stored with its 申請番号, and acknowledged by mail.
import { recordAudit, type RequestOrigin } from '../audit/audit-log.ts';
import { isUniqueViolation, type Db } from '../db/dialect.ts';
import type { RegistrationApplication } from '../db/schema.ts';
import { normaliseEmail, normaliseExtension, normaliseLine, normalisePostcode } from '../platform/japanese/text.ts';
import { mailContext, type Ports } from '../ports.ts';
import { takeFromBudget } from '../identity/login/throttle.ts';
import { checkInstitution, type InstitutionField, type InstitutionProblems } from '../institutions/institution.ts';
import { municipality, placesOfPostcode, prefectureName } from '../institutions/places.ts';
import { findInstitutionByCode } from '../institutions/repository.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { formatJst } from '../platform/japanese/time.ts';
import { referenceNumber, referencePattern } from '../platform/reference.ts';
import { emailAddress } from '../platform/email-address.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import type { ApplicationInput } from './application-input.ts';
import { insertApplication, updateReturnedApplication } from './application-repository.ts';
import { registrationReceiptMail } from './mails.ts';

export type { ApplicationInput };

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
    const plain = formWording(institution.problems, v);
    for (const [field, message] of Object.entries(institution.errors)) {
      const target = INSTITUTION_FIELD[field as InstitutionField];
      if (target) errors[target] = plain[field as keyof InstitutionProblems] ?? message;
    }
  }

  const department = normaliseLine(v.department ?? '');
  if (department.length > DEPARTMENT_MAX) errors.department = MESSAGES['text.too_long']('担当部署名', DEPARTMENT_MAX);
  const number = normaliseExtension(v.department_number ?? '');
  if (!number.ok)
    errors.department_number =
      MESSAGES[number.problem === 'characters' ? 'registration.department_number.characters' : 'registration.department_number.too_long'];

  const contactName = normaliseLine(v.contact_name ?? '');
  if (contactName === '') errors.contact_name = MESSAGES['registration.contact_name.required'];
  else if (contactName.length > CONTACT_NAME_MAX) errors.contact_name = MESSAGES['text.too_long']('担当者氏名', CONTACT_NAME_MAX);

  const checkedEmail = emailAddress.safeParse(v.email ?? '');
  const email = checkedEmail.success ? checkedEmail.data : '';
  if (!checkedEmail.success) errors.email = checkedEmail.error.issues[0]!.message;
  else if (normaliseEmail(v.email_confirm ?? '') !== email) errors.email_confirm = MESSAGES['registration.email_confirm.mismatch'];

  if (!institution.ok || Object.keys(errors).length > 0) return { ok: false, errors: inFieldOrder(errors) };
  return {
    ok: true,
    value: { institution: institution.value, department: department || null, departmentNumber: number.ok ? number.value : null, contactName, email },
  };
}

/** The messages in the order of the fields on the page (the error summary lists them so). */
export function inFieldOrder(errors: ApplicationErrors): ApplicationErrors {
  return Object.fromEntries(APPLICATION_FIELDS.filter((f) => errors[f]).map((f) => [f, errors[f]]));
}

/** The form's words for refusals that checkInstitution words in codes (it also checks files of codes). */
function formWording(p: InstitutionProblems, v: Partial<ApplicationValues>): Partial<Record<keyof InstitutionProblems, string>> {
  const prefecture = prefectureName(v.prefecture_code ?? '') ?? '';
  const found = placesOfPostcode(normalisePostcode(v.postcode ?? '') ?? '')[0]?.prefectureName ?? '';
  return {
    kind: p.kind && MESSAGES['registration.kind.unknown'],
    prefectureCode: p.prefectureCode && MESSAGES['registration.prefecture.unknown'],
    municipalityCode:
      p.municipalityCode === 'other_prefecture'
        ? MESSAGES['registration.municipality.other_prefecture'](municipality(v.municipality_code ?? '')?.name ?? '', prefecture)
        : p.municipalityCode && MESSAGES['registration.municipality.unknown'],
    insuranceCode:
      p.insuranceCode === 'other_kind'
        ? MESSAGES['registration.insurance.other_kind'](v.kind ?? '')
        : p.insuranceCode && MESSAGES[p.insuranceCode === 'shape' ? 'registration.insurance.shape' : 'registration.insurance.other_prefecture'],
    postcode: p.postcode && MESSAGES['registration.postcode.other_prefecture'](found),
  };
}

/** The applicant's 担当者氏名 as the account's 姓 and 名: split at the first space, all of it the 姓 when there is none. */
export function personOf(contactName: string): { familyName: string; givenName: string | null } {
  const [familyName, ...rest] = contactName.split(' ');
  return { familyName: familyName!, givenName: rest.join(' ') || null };
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

export type SubmitResult = { ok: true; number: string; id: string } | { ok: false; problem: 'rate_limited' | 'not_returned' | 'already_submitted' };

export interface SubmitOptions {
  /** A returned application (差し戻し) that this submission corrects: updated, keeping its 申請番号. */
  correcting?: string | undefined;
  /** Runs first in the transaction: false (the form was sent already) stores nothing. */
  claim?(trx: Db): Promise<boolean>;
  /** Runs in the same transaction once the application is written. */
  stored?(trx: Db, stored: { number: string; id: string }): Promise<void>;
}

/** Thrown inside the transaction to undo it (the claim too) and answer `result`. */
class Undo extends Error {
  constructor(readonly result: SubmitResult) {
    super(result.ok ? 'undone' : result.problem);
  }
}

/**
 * Stores the application and queues the receipt mail, in one transaction. From the public form
 * `origin.ip` is held to a budget; `submittedBy` is the prefecture account of a 代理申請. A returned
 * application sent again goes back into the queue under its own 申請番号, with what was corrected.
 */
export async function submitApplication(
  deps: Ports,
  input: ApplicationInput,
  origin: RequestOrigin,
  submittedBy: string | null = null,
  o: SubmitOptions = {},
): Promise<SubmitResult> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      const result = await deps.db.transaction().execute(async (trx): Promise<SubmitResult> => {
        if (o.claim && !(await o.claim(trx))) return { ok: false, problem: 'already_submitted' };
        if (!submittedBy && !(await takeFromBudget(trx, deps.clock, `registration:${origin.ip}`, PUBLIC_APPLICATION_BUDGET)))
          throw new Undo({ ok: false, problem: 'rate_limited' });
        const now = deps.clock.now();
        const i = input.institution;
        const known = await findInstitutionByCode(trx, i.prefectureCode, i.institutionCode);
        const fields = {
          status: 'submitted' as const,
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
          submitted_at: now,
          decided_by: null,
          decided_at: null,
          decision_reason: null,
          mail_failed_at: null,
          mail_failure: null,
        };
        let stored: { number: string; id: string; submittedBy: string | null };
        if (o.correcting) {
          const row = await updateReturnedApplication(trx, o.correcting, fields);
          if (!row) throw new Undo({ ok: false, problem: 'not_returned' });
          stored = { id: row.id, number: row.number, submittedBy: row.submitted_by };
        } else {
          stored = { id: deps.random.uuid(), number: referenceNumber('A', now, deps.random, 5), submittedBy };
          await insertApplication(trx, { id: stored.id, number: stored.number, ...fields, submitted_by: submittedBy, outcome: null, account_id: null });
        }
        const { number, id } = stored;
        await o.stored?.(trx, { number, id });
        await enqueueMail(trx, deps, {
          ...registrationReceiptMail(mailContext(deps.config), { number, input, submittedAt: formatJst(now), onBehalf: stored.submittedBy !== null }),
          registrationId: id,
        });
        await recordAudit(trx, deps.clock, {
          type: o.correcting ? 'registration.resubmitted' : 'registration.submitted',
          accountId: submittedBy,
          origin,
          details: { number, prefecture: i.prefectureCode, institutionCode: i.institutionCode },
        });
        return { ok: true, number, id };
      });
      if (result.ok) deps.workQueued?.();
      return result;
    } catch (err) {
      if (err instanceof Undo) return err.result;
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new Error('could not draw a free 申請番号');
}

/** The application as it was sent (for the receipt mail again, or the form of a returned one). */
export function inputOfRow(a: RegistrationApplication): ApplicationInput {
  return {
    institution: {
      kind: a.kind,
      prefectureCode: a.prefecture_code,
      institutionCode: a.institution_code,
      insuranceCode: a.insurance_code,
      name: a.name,
      nameKana: a.name_kana,
      municipalityCode: a.municipality_code,
      postcode: a.postcode,
      address: a.address,
      building: a.building,
      phone: a.phone,
      status: 'open',
    },
    department: a.department,
    departmentNumber: a.department_number,
    contactName: a.contact_name,
    email: a.email,
  };
}
