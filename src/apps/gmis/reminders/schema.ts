// The reminder settings form: what was typed (kept as it is to show again) and the settings it makes,
// with a message beside each field; the rules are the reminders' own (settingProblems).
import type { FastifyRequest } from 'fastify';
import { normaliseText } from '../../../platform/japanese/text.ts';
import { BODY_MAX, REMINDER_DAY_CHOICES, SUBJECT_MAX, settingProblems, type ReminderSettings } from '../../../reminders/reminders.ts';
import type { FieldErrors } from '../../../web/forms.tsx';
import { formField, formFields } from '../../../web/request.ts';

/** The form as typed. */
export interface ReminderFormValues {
  enabled: string;
  days_before: string[];
  subject: string;
  body: string;
}

export const REMINDER_FIELDS = ['enabled', 'days_before', 'subject', 'body', 'action'] as const;

/** The fields as posted, bounded (a huge post is not echoed back whole); `action` says preview or save. */
export function readReminderForm(req: FastifyRequest): { values: ReminderFormValues; action: 'preview' | 'save' } {
  return {
    values: {
      enabled: formField(req, 'enabled', 10),
      days_before: formFields(req, 'days_before', REMINDER_DAY_CHOICES.length + 1).map((d) => d.slice(0, 10)),
      subject: formField(req, 'subject', SUBJECT_MAX * 2),
      body: formField(req, 'body', BODY_MAX * 2),
    },
    action: formField(req, 'action', 10) === 'preview' ? 'preview' : 'save',
  };
}

/** The settings the form makes, or the messages by field. */
export function parseReminderForm(v: ReminderFormValues): { ok: true; settings: ReminderSettings } | { ok: false; errors: FieldErrors } {
  const days = v.days_before.map((d) => Number(d.normalize('NFKC').trim()));
  const settings: ReminderSettings = {
    enabled: v.enabled === '1',
    daysBefore: days.map((d) => (Number.isInteger(d) ? d : -1)),
    // Not NFKC (normaliseLine): a subject's full-width punctuation stays as typed.
    subject: normaliseText(v.subject),
    body: normaliseText(v.body),
  };
  const problems = settingProblems(settings);
  return Object.keys(problems).length > 0 ? { ok: false, errors: problems } : { ok: true, settings };
}
