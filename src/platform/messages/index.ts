// The message catalogue: every sentence the logic chooses between (a field's problem, a notice
// after a redirect, a refusal), by a stable id — `context.subject.what`. Routes, pages, mails and
// tests name a message by its id and never by its wording; page prose (headings, help text) lives
// with its page. One file per context; ids are unique across them (messages.test.ts).
//
// Japanese is the only language today. Another would be a second set of the same files, typed
// `satisfies Catalogue`: the same ids, each a string or a function of the same arguments.
import { catalogue } from './catalogue.ts';
import { closures } from './closures.ts';
import { errors } from './errors.ts';
import { feedback } from './feedback.ts';
import { fields } from './fields.ts';
import { identity } from './identity.ts';
import { jurisdiction } from './jurisdiction.ts';
import { navi } from './navi.ts';
import { office } from './office.ts';
import { officeInbox } from './office-inbox.ts';
import { opendata } from './opendata.ts';
import { opendataImport } from './opendata-import.ts';
import { password } from './password.ts';
import { portal } from './portal.ts';
import { publication } from './publication.ts';
import { registration } from './registration.ts';
import { reportCsv } from './report-csv.ts';
import { reportCsvPages } from './report-csv-pages.ts';
import { reportForm } from './report-form.ts';
import { reportReview } from './report-review.ts';
import { reporting } from './reporting.ts';
import { review } from './review.ts';
import { search } from './search.ts';
import { sso } from './sso.ts';
import { staffSearch } from './staff-search.ts';

/** Each context's part of the catalogue, by name (messages.test.ts checks that no id repeats). */
export const CATALOGUE_PARTS = {
  catalogue,
  closures,
  errors,
  feedback,
  fields,
  identity,
  jurisdiction,
  navi,
  office,
  officeInbox,
  opendata,
  opendataImport,
  password,
  portal,
  publication,
  registration,
  reportCsv,
  reportCsvPages,
  reportForm,
  reportReview,
  reporting,
  review,
  search,
  sso,
  staffSearch,
} as const;

export const MESSAGES = {
  ...catalogue,
  ...closures,
  ...errors,
  ...feedback,
  ...fields,
  ...identity,
  ...jurisdiction,
  ...navi,
  ...office,
  ...officeInbox,
  ...opendata,
  ...opendataImport,
  ...password,
  ...portal,
  ...publication,
  ...registration,
  ...reportCsv,
  ...reportCsvPages,
  ...reportForm,
  ...reportReview,
  ...reporting,
  ...review,
  ...search,
  ...sso,
  ...staffSearch,
} as const;

export type MessageId = keyof typeof MESSAGES;

/** The shape another language's catalogue must have. */
export type Catalogue = {
  readonly [K in MessageId]: (typeof MESSAGES)[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};
