// Fiscal years turn at April 1 00:00 in Japan, which is March 31 15:00 UTC.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fiscalYearOf, fyEnd, fyStart, jstDateOf, jstMidnight, reiwaLabel } from './fiscal-year.ts';

test('the fiscal year turns at April 1 00:00 Japan time, not UTC', () => {
  const turn = Date.UTC(2027, 2, 31, 15, 0, 0); // 2027-04-01 00:00 JST
  assert.equal(fiscalYearOf(turn - 1), 2026, '2027-03-31 23:59:59.999 JST');
  assert.equal(fiscalYearOf(turn), 2027, '2027-04-01 00:00 JST');
  assert.equal(fiscalYearOf(Date.UTC(2027, 2, 31, 20, 0)), 2027, 'still March 31 in UTC, already April in Japan');
  assert.equal(fiscalYearOf(Date.UTC(2026, 11, 31, 15, 0)), 2026, 'January 1 belongs to the year that began the April before');
  assert.equal(fiscalYearOf(Date.UTC(2026, 3, 1, 0, 0)), 2026);
});

test('fyStart and fyEnd are the April 1 midnights in Japan; the end is exclusive and the next start', () => {
  assert.equal(fyStart(2026), Date.UTC(2026, 2, 31, 15, 0));
  assert.equal(fyEnd(2026), Date.UTC(2027, 2, 31, 15, 0));
  assert.equal(fyEnd(2026), fyStart(2027));
  assert.equal(fiscalYearOf(fyStart(2026)), 2026);
  assert.equal(fiscalYearOf(fyEnd(2026) - 1), 2026);
  assert.equal(fiscalYearOf(fyEnd(2026)), 2027);
});

test('Japan calendar days', () => {
  assert.equal(jstMidnight(2027, 1, 1), Date.UTC(2026, 11, 31, 15, 0));
  assert.equal(jstDateOf(Date.UTC(2026, 11, 31, 15, 0)), '2027-01-01');
  assert.equal(jstDateOf(Date.UTC(2026, 11, 31, 14, 59, 59)), '2026-12-31');
});

test('令和 labels', () => {
  assert.equal(reiwaLabel(2026), '令和8年度');
  assert.equal(reiwaLabel(2024), '令和6年度');
  assert.equal(reiwaLabel(2019), '令和元年度');
  assert.equal(reiwaLabel(2018), '平成30年度');
});
