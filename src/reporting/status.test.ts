// 休止・廃止・再開 on the shipped status catalogue: each report kind sees its own group and the shared
// one, numbered 1…n; the effective date comes from the catalogue; a date after today (and, for 休止,
// a planned resumption not after the day it began) stops 報告 and is kept as typed at a save; the
// contact is prefilled from the account and the institution.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Account, Institution } from '../db/schema.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { checkComplete } from './catalogue/check.ts';
import { kindCatalogue, loadCatalogue } from './catalogue/load.ts';
import { parseForm } from './engine.ts';
import { effectiveDateField, effectiveDateOf, keepStatusProblems, statusCatalogue, statusPrefill, statusProblems } from './status.ts';

const status = (kind: Institution['kind']) => kindCatalogue(loadCatalogue(2025, 'status'), kind);

test('each kind of status report sees its own group and 担当者・備考, numbered from 1', () => {
  const clinic = status('診療所');
  assert.deepEqual(
    statusCatalogue(clinic, 'suspension').sections.map((s) => s.id),
    ['suspension', 'contact'],
  );
  assert.deepEqual(
    statusCatalogue(clinic, 'closure').sections.map((s) => s.id),
    ['closure', 'contact'],
  );
  const resumption = statusCatalogue(clinic, 'resumption');
  assert.deepEqual(
    resumption.items.map((i) => [i.id, i.no.診療所]),
    [
      ['resumption.effective', 1],
      ['resumption.changes', 2],
      ['contact.person', 3],
      ['contact.remarks', 4],
    ],
  );
  assert.ok([...resumption.fields.keys()].every((p) => p.startsWith('resumption.') || p.startsWith('contact.')));
  assert.equal(resumption.itemsById.get('contact.person'), resumption.fields.get('contact.person.name')?.item, 'fields point at the renumbered items');
  assert.equal(statusCatalogue(clinic, 'resumption'), resumption, 'cached');
  assert.equal(resumption.id, '2025:status');
});

test('the effective date is the first required date of the kind’s group, for every institution kind', () => {
  for (const kind of ['病院', '診療所', '歯科診療所', '助産所', '薬局'] as const)
    for (const report of ['suspension', 'closure', 'resumption'] as const)
      assert.equal(effectiveDateField(statusCatalogue(status(kind), report), report).path, `${report}.effective.date`, `${kind} ${report}`);
  const cat = statusCatalogue(status('薬局'), 'closure');
  assert.equal(effectiveDateOf(cat, 'closure', { 'closure.effective.date': '2026-01-31' }), '2026-01-31');
  assert.equal(effectiveDateOf(cat, 'closure', {}), undefined);
});

test('fields by institution kind: 入院患者 for 病院・診療所, the pharmacy’s own records and guidance', () => {
  const paths = (kind: Institution['kind']) => [...statusCatalogue(status(kind), 'closure').fields.keys()].filter((p) => /guidance|records/.test(p));
  assert.deepEqual(paths('病院'), ['closure.records.medical', 'closure.guidance.patients', 'closure.guidance.inpatients']);
  assert.deepEqual(paths('歯科診療所'), ['closure.records.medical', 'closure.guidance.patients']);
  assert.deepEqual(paths('薬局'), ['closure.records.pharmacy', 'closure.guidance.customers']);
});

test('what stops 報告: required fields by the catalogue (その他 needs its words, 移転 its successor), a date after today, a planned resumption too early', () => {
  const cat = statusCatalogue(status('診療所'), 'suspension');
  const values = {
    'suspension.effective.date': '2026-02-02',
    'suspension.period.plan': 'date',
    'suspension.period.until': '2026-02-02',
    'suspension.reason.reason': 'other',
    'contact.person.name': '銀座　花子',
    'contact.person.phone': '03-1234-5678',
  };
  assert.deepEqual(Object.keys(checkComplete(cat, values, {})), ['f.suspension.reason.detail']);
  assert.deepEqual(statusProblems(cat, 'suspension', values, '2026-02-01'), {
    'f.suspension.effective.date': MESSAGES['reporting.status.date_after_today']('休止した日'),
    'f.suspension.period.until': MESSAGES['reporting.status.until_not_after']('再開予定日', '休止した日'),
  });
  assert.deepEqual(statusProblems(cat, 'suspension', { ...values, 'suspension.period.until': '2026-04-01' }, '2026-02-02'), {});
  const closure = statusCatalogue(status('診療所'), 'closure');
  const closing = { 'closure.effective.date': '2026-01-31', 'closure.reason.reason': 'relocation', 'closure.records.medical': '院長宅' };
  assert.ok('f.closure.successor.name' in checkComplete(closure, closing, {}), '移転: the successor is required');
  assert.ok(!('f.closure.successor.name' in checkComplete(closure, { ...closing, 'closure.reason.reason': 'retirement' }, {})));
});

test('at a save, a date after today is kept as typed with its message, not stored', () => {
  const cat = statusCatalogue(status('診療所'), 'resumption');
  const form = { 'f.resumption.effective.date': '2026/3/1', 'f.resumption.changes.basic_changed': '0' };
  const parsed = parseForm(cat, 'resumption', form, {});
  assert.equal(parsed.values['resumption.effective.date'], '2026-03-01');
  keepStatusProblems(cat, 'resumption', form, parsed, '2026-02-01');
  assert.equal(parsed.values['resumption.effective.date'], undefined);
  assert.equal(parsed.invalid['f.resumption.effective.date'], '2026/3/1');
  assert.equal(parsed.problems['f.resumption.effective.date'], MESSAGES['reporting.status.date_after_today']('再開した日'));
  assert.equal(parsed.values['resumption.changes.basic_changed'], false);
  // 報告 is then stopped by the kept input, as for any value that did not parse.
  assert.ok('f.resumption.effective.date' in checkComplete(cat, parsed.values, parsed.invalid));
  const today = parseForm(cat, 'resumption', { 'f.resumption.effective.date': '2026-02-01' }, {});
  keepStatusProblems(cat, 'resumption', { 'f.resumption.effective.date': '2026-02-01' }, today, '2026-02-01');
  assert.deepEqual(today.invalid, {});
});

test('the contact starts as the account that starts the report, at the institution’s phone', () => {
  const cat = statusCatalogue(status('薬局'), 'suspension');
  const account = { display_name: '日本橋　薬子', email: 'kusuri@example.jp' } as Account;
  const institution = { phone: '03-3000-1234' } as Institution;
  assert.deepEqual(statusPrefill(cat, account, institution), {
    'contact.person.name': '日本橋　薬子',
    'contact.person.email': 'kusuri@example.jp',
    'contact.person.phone': '03-3000-1234',
  });
});
