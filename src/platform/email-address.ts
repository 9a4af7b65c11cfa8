// An e-mail address as every form takes it: typed on a Japanese keyboard (full-width letters and
// "＠" become ASCII), required, at most 254 characters, and shaped like an address.
import { z } from 'zod';
import { normaliseEmail } from './japanese/text.ts';
import { MESSAGES } from './messages/index.ts';

export const emailAddress = z
  .string()
  .transform(normaliseEmail)
  .pipe(z.string().min(1, MESSAGES['contact.email.required']).max(254, MESSAGES['contact.email.too_long']))
  .pipe(z.email(MESSAGES['contact.email.invalid']));
