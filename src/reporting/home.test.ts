// Which starts the home enables, from the facts alone (startActions is pure): the reasons for
// 休止・廃止・再開 and the order in which reasons are given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Report } from '../db/schema.ts';
import { jstMidnight } from './fiscal-year.ts';
import { annualReportOf, startActions } from './home.ts';

const report = (o: Partial<Report>): Report => ({
  id: 'r',
  institution_id: 'i',
  institution_kind: '診療所',
  prefecture_code: '13',
  municipality_code: '13102',
  fiscal_year: 2025,
  kind: 'new',
  state: 'accepted',
  catalogue: '2025:medical',
  current_version: 2,
  reference_date: null,
  baseline_report_id: null,
  compared_publication_id: null,
  changed_items: null,
  started_by: null,
  started_at: 0,
  submitted_at: jstMidnight(2026, 2, 1),
  submitted_by: null,
  decided_at: jstMidnight(2026, 2, 2),
  decided_by: null,
  decision_comment: null,
  returned_count: 0,
  updated_at: 0,
  ...o,
});
const window = {
  id: 'w',
  prefectureCode: '13',
  fiscalYear: 2026,
  scheme: 'medical' as const,
  opensAt: jstMidnight(2027, 1, 7),
  closesAt: jstMidnight(2027, 4, 1),
  referenceDate: '2027-01-01',
  updatedAt: 0,
  updatedBy: null,
};
const base = { now: jstMidnight(2027, 2, 1), fiscalYear: 2026, window, closed: false, suspended: false };

test('休止・廃止 need accepted data; 再開 only while 休止中; nothing after 廃止', () => {
  const none = startActions({ ...base, reports: [] });
  assert.deepEqual(none.suspension, { enabled: false, reason: 'no_previous_data' });
  assert.deepEqual(none.closure, { enabled: false, reason: 'no_previous_data' });
  assert.deepEqual(none.resumption, { enabled: false, reason: 'not_suspended' });
  const accepted = startActions({ ...base, reports: [report({})] });
  assert.deepEqual(accepted.suspension, { enabled: true });
  assert.deepEqual(accepted.closure, { enabled: true });
  assert.deepEqual(accepted.periodic, { enabled: true });
  const suspended = startActions({ ...base, reports: [report({})], suspended: true });
  assert.deepEqual(suspended.suspension, { enabled: false, reason: 'suspended' });
  assert.deepEqual(suspended.resumption, { enabled: true });
  const closed = startActions({ ...base, reports: [report({})], closed: true });
  for (const action of Object.values(closed)) assert.deepEqual(action, { enabled: false, reason: 'closed' });
});

test('an open report is named first; last year’s data may be accepted this year before the 報告基準日', () => {
  const open = startActions({ ...base, reports: [report({}), report({ id: 'd', state: 'draft', fiscal_year: 2026 })] });
  for (const k of ['new', 'periodic', 'change', 'suspension', 'closure'] as const) assert.deepEqual(open[k], { enabled: false, reason: 'open_report' });
  // Opened mid-year: its 新規報告 of FY2026 accepted in December counts as last year's data for the window.
  const midYear = startActions({ ...base, reports: [report({ fiscal_year: 2026, decided_at: jstMidnight(2026, 12, 1) })] });
  assert.deepEqual(midYear.periodic, { enabled: true });
  const afterReference = startActions({ ...base, reports: [report({ fiscal_year: 2026, decided_at: jstMidnight(2027, 1, 2) })] });
  assert.deepEqual(afterReference.periodic, { enabled: false, reason: 'no_previous_data' });
});

test('the annual report counts from the 報告基準日 on, in a reported state', () => {
  const submitted = report({ fiscal_year: 2026, kind: 'periodic', state: 'returned', submitted_at: jstMidnight(2027, 1, 10) });
  assert.equal(annualReportOf([submitted], 2026, window), submitted);
  assert.equal(annualReportOf([{ ...submitted, submitted_at: jstMidnight(2026, 12, 31) }], 2026, window), undefined);
  assert.equal(annualReportOf([{ ...submitted, state: 'draft' }], 2026, window), undefined);
  assert.equal(annualReportOf([{ ...submitted, kind: 'change' }], 2026, window), undefined);
});
