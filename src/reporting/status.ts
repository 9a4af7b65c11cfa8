// 休止・廃止・再開 as reports: one catalogue file for every kind (data/<FY>/status.json) whose groups
// are named after the report kinds — `suspension`, `closure`, `resumption` — beside groups every
// status report has (`contact`). A report of one kind sees its own group and the shared ones, with
// its items numbered 1…n; its effective date is the first required date field of its own group (the
// day 休止・廃止・再開 happened: the law has them reported afterwards — 医療法 第8条の2・第9条 within
// 10 days, 薬機法 第10条 within 30 — so it may not be later than the day of 報告).
import type { Account, Institution } from '../db/schema.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { fieldInputName } from './catalogue/check.ts';
import type { CatalogueField, InvalidInput, Item, KindCatalogue, ReportValues, Section } from './catalogue/types.ts';
import { STATUS_KINDS, type ReportKind } from './report.ts';

/** 休止, 廃止 or 再開. */
export type StatusKind = 'suspension' | 'closure' | 'resumption';

export const isStatusKind = (kind: ReportKind): kind is StatusKind => STATUS_KINDS.includes(kind);

const narrowed = new WeakMap<KindCatalogue, Map<StatusKind, KindCatalogue>>();

/** The status catalogue as a report of `kind` sees it: the other kinds' groups left out, items renumbered 1…n. */
export function statusCatalogue(cat: KindCatalogue, kind: StatusKind): KindCatalogue {
  let byKind = narrowed.get(cat);
  if (byKind === undefined) {
    byKind = new Map();
    narrowed.set(cat, byKind);
  }
  const cached = byKind.get(kind);
  if (cached !== undefined) return cached;
  const others = new Set<string>(STATUS_KINDS.filter((k) => k !== kind));
  let n = 0;
  const sections: Section[] = cat.sections
    .filter((s) => !others.has(s.id))
    .map((s) => ({ ...s, items: s.items.map((i): Item => ({ ...i, no: { [cat.kind]: ++n } })) }));
  const items = sections.flatMap((s) => s.items);
  const fields = new Map<string, CatalogueField>();
  for (const item of items)
    for (const field of item.fields) {
      const old = cat.fields.get(`${item.id}.${field.id}`)!;
      fields.set(old.path, { ...old, item });
    }
  const result: KindCatalogue = { ...cat, sections, items, itemsById: new Map(items.map((i) => [i.id, i])), fields };
  byKind.set(kind, result);
  return result;
}

/** The field of the day the 休止・廃止・再開 took effect: the first required date field of the kind's own group. */
export function effectiveDateField(cat: KindCatalogue, kind: StatusKind): CatalogueField {
  const section = cat.sections.find((s) => s.id === kind);
  const cf = section?.items
    .flatMap((i) => i.fields.map((f) => cat.fields.get(`${i.id}.${f.id}`)))
    .find((c) => c !== undefined && c.field.kind === 'date' && c.field.required === true);
  if (cf === undefined) throw new Error(`${cat.id} ${cat.kind}: the group ${kind} has no required date field`);
  return cf;
}

/** The effective date a status report's values give (YYYY-MM-DD), if filled. */
export function effectiveDateOf(cat: KindCatalogue, kind: StatusKind, values: ReportValues): string | undefined {
  const v = values[effectiveDateField(cat, kind).path];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * What stops 報告 of a status report besides the catalogue's own checks, by input name: an effective
 * date after `today` (JST, YYYY-MM-DD), and for 休止 a planned resumption not after the day it began.
 */
export function statusProblems(cat: KindCatalogue, kind: StatusKind, values: ReportValues, today: string): Record<string, string> {
  const problems: Record<string, string> = {};
  const dateField = effectiveDateField(cat, kind);
  const date = effectiveDateOf(cat, kind, values);
  if (date !== undefined && date > today) problems[fieldInputName(dateField)] = MESSAGES['reporting.status.date_after_today'](dateField.field.label.ja);
  if (kind === 'suspension' && date !== undefined) {
    const until = [...cat.fields.values()].find((c) => c.item.group === kind && c.field.kind === 'date' && c.path !== dateField.path);
    const v = until && values[until.path];
    if (until && typeof v === 'string' && v !== '' && v <= date)
      problems[fieldInputName(until)] = MESSAGES['reporting.status.until_not_after'](until.field.label.ja, dateField.field.label.ja);
  }
  return problems;
}

/**
 * At a save: a date statusProblems refuses, typed in this post, is kept as typed with its message
 * beside it (like a value that did not parse), so the form and its progress show it before 報告.
 */
export function keepStatusProblems(
  cat: KindCatalogue,
  kind: StatusKind,
  form: Readonly<Record<string, string | readonly string[] | undefined>>,
  parsed: { values: ReportValues; invalid: InvalidInput; problems: Record<string, string> },
  today: string,
): void {
  for (const [name, message] of Object.entries(statusProblems(cat, kind, parsed.values, today))) {
    const typed = form[name];
    if (typed === undefined || !name.startsWith('f.')) continue;
    parsed.invalid[name] = typeof typed === 'string' ? typed : (typed[0] ?? '');
    delete parsed.values[name.slice(2)];
    parsed.problems[name] = message;
  }
}

/** Where a status report's prefill comes from: the contact is the account that starts it, at the institution's phone. */
const PREFILL: ReadonlyArray<[path: string, value: (a: Account, i: Institution) => string | null]> = [
  ['contact.person.name', (a) => a.display_name],
  ['contact.person.email', (a) => a.email],
  ['contact.person.phone', (_, i) => i.phone],
];

/** Version 1 of a status report: the contact filled in (the fields the catalogue has). */
export function statusPrefill(cat: KindCatalogue, account: Account, institution: Institution): ReportValues {
  const values: ReportValues = {};
  for (const [path, value] of PREFILL) {
    const v = value(account, institution);
    if (cat.fields.has(path) && v) values[path] = v;
  }
  return values;
}
