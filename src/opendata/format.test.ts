import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INSTITUTION_KINDS } from '../db/schema.ts';
import {
  FACILITY_FILE,
  HOURS_FILE,
  HOURS_FILE_SPANS,
  HOURS_HEAD,
  ID_PATTERN,
  KIND_DIGIT,
  KIND_OF_DIGIT,
  OPEN_DATA_FILES,
  OPEN_DATA_FILE_STEMS,
  PHARMACY_UNIDENTIFIED_COLUMN,
  closedDayColumns,
  headersOf,
  inRowSpanColumns,
  masterColumns,
  stemOfFileName,
} from './format.ts';
import { kindMapping } from './mapping.ts';

test('each file has the column count of OPEN-DATA.md, every header once', () => {
  const widths: Record<string, number> = {
    '01-1_hospital_facility_info': 13 + 44 + 8,
    '01-2_hospital_speciality_hours': 36,
    '02-1_clinic_facility_info': 13 + 44 + 5,
    '02-2_clinic_speciality_hours': 36,
    '03-1_dental_facility_info': 13 + 44,
    '03-2_dental_speciality_hours': 36,
    '04_maternity_home': 13 + 44 + 8 * 3 * 2 * 2,
    '05_pharmacy': 11 + 53 + 8 * 4 * 2,
  };
  for (const stem of OPEN_DATA_FILE_STEMS) {
    const headers = headersOf(stem);
    assert.equal(headers.length, widths[stem], stem);
    assert.equal(new Set(headers).size, headers.length, `${stem}: a header repeats`);
    assert.equal(headers[0], 'ID', stem);
  }
});

test('the files in order and what each holds', () => {
  assert.deepEqual(Object.keys(OPEN_DATA_FILES), [...OPEN_DATA_FILE_STEMS]);
  for (const kind of INSTITUTION_KINDS) {
    assert.equal(OPEN_DATA_FILES[FACILITY_FILE[kind]].kind, kind);
    assert.equal(OPEN_DATA_FILES[FACILITY_FILE[kind]].role, 'facility');
    const hours = HOURS_FILE[kind];
    if (hours !== undefined) assert.equal(OPEN_DATA_FILES[hours].role, 'hours');
    assert.equal(KIND_OF_DIGIT.get(KIND_DIGIT[kind]), kind);
  }
  assert.deepEqual(Object.keys(HOURS_FILE), ['病院', '診療所', '歯科診療所']);
  assert.deepEqual(
    INSTITUTION_KINDS.map((k) => KIND_DIGIT[k]),
    ['1', '2', '3', '4', '5'],
  );
});

test('the hours files: ID, code, name, band, then 診療 per day and 外来受付 per day, 月 … 日 and 祝', () => {
  const headers = headersOf('02-2_clinic_speciality_hours');
  assert.deepEqual(headers.slice(0, 4), [HOURS_HEAD.id, HOURS_HEAD.department, HOURS_HEAD.departmentName, HOURS_HEAD.band]);
  assert.deepEqual(headers.slice(4, 8), ['月_診療開始時間', '月_診療終了時間', '火_診療開始時間', '火_診療終了時間']);
  assert.deepEqual(headers.slice(18, 22), ['祝_診療開始時間', '祝_診療終了時間', '月_外来受付開始時間', '月_外来受付終了時間']);
  assert.equal(headers.at(-1), '祝_外来受付終了時間');
  assert.equal(HOURS_FILE_SPANS.length, 16);
  assert.deepEqual(headersOf('01-2_hospital_speciality_hours'), headers);
  assert.deepEqual(headersOf('03-2_dental_speciality_hours'), headers);
});

test('closed days: 休診, 休業 for 助産所, and 薬局 with its 営業日 block and full-width week digits', () => {
  const clinic = closedDayColumns('診療所');
  assert.equal(clinic.all.length, 44);
  assert.equal(clinic.weekly.mon, '毎週決まった曜日に休診（月）');
  assert.equal(clinic.nth[2].sat, '決まった週に休診（定期週）第2週（土）');
  assert.equal(clinic.holiday, '祝日に休診');
  assert.equal(clinic.other, 'その他の休診日（gw、お盆等）');
  const maternity = closedDayColumns('助産所');
  assert.equal(maternity.weekly.sun, '毎週決まった曜日に休業（日）');
  assert.equal(maternity.other, 'その他の休業日（gw、お盆等）');
  const pharmacy = closedDayColumns('薬局');
  assert.equal(pharmacy.all.length, 53);
  assert.equal(pharmacy.openDays?.hol, '営業日（祝）');
  assert.equal(pharmacy.weeklyHoliday, '定期閉店毎週（祝）');
  assert.equal(pharmacy.nth[1].mon, '定期閉店第１週（月）');
  assert.equal(pharmacy.nth[5].sun, '定期閉店第５週（日）');
  assert.ok(!headersOf('05_pharmacy').some((h) => /第[1-5]週/.test(h)), 'no half-width week digit in the pharmacy file');
  assert.deepEqual(headersOf('05_pharmacy').slice(11, 19), [
    '営業日（月）',
    '営業日（火）',
    '営業日（水）',
    '営業日（木）',
    '営業日（金）',
    '営業日（土）',
    '営業日（日）',
    '営業日（祝）',
  ]);
  assert.equal(headersOf('05_pharmacy')[PHARMACY_UNIDENTIFIED_COLUMN], '機関区分');
});

test('hours in the row: 助産所 就業 and 外来受付 in three bands, 薬局 開店 in four', () => {
  const maternity = inRowSpanColumns('助産所');
  assert.equal(maternity.length, 8 * 3 * 2);
  assert.deepEqual(maternity[0], { day: 'mon', band: 1, part: 'work', start: '月_就業時間帯1_開始時間', end: '月_就業時間帯1_終了時間' });
  assert.ok(maternity.some((s) => s.start === '祝_外来受付時間帯3_開始時間' && s.part === 'reception'));
  const pharmacy = inRowSpanColumns('薬局');
  assert.equal(pharmacy.length, 8 * 4);
  assert.ok(pharmacy.every((s) => s.part === 'open'));
  assert.ok(pharmacy.some((s) => s.end === '祝_開店時間帯4_終了時間'));
  assert.deepEqual(inRowSpanColumns('病院'), []);
});

test('file names: <stem>.csv or the ministry’s <stem>_YYYYMMDD.csv', () => {
  assert.equal(stemOfFileName('01-1_hospital_facility_info_20260601.csv'), '01-1_hospital_facility_info');
  assert.equal(stemOfFileName('05_pharmacy.csv'), '05_pharmacy');
  assert.equal(stemOfFileName('02-2_clinic_speciality_hours_20251201.CSV'), '02-2_clinic_speciality_hours');
  assert.equal(stemOfFileName('05_pharmacy_2026.csv'), undefined);
  assert.equal(stemOfFileName('05_pharmacy.csv.zip'), undefined);
  assert.equal(stemOfFileName('README.md'), undefined);
});

test('an ID: prefecture, kind digit, ten-character code that may hold letters', () => {
  assert.deepEqual([...ID_PATTERN.exec('132A000000003')!].slice(1), ['13', '2', 'A000000003']);
  for (const bad of ['131000000000', '13100000000012', '136000000000A', '1310000-00001']) assert.equal(ID_PATTERN.exec(bad), null, bad);
});

test('every column of a kind’s files is read by the master, the catalogue, the closed-day block or the hours', () => {
  for (const fy of [2025, 2026]) {
    for (const kind of INSTITUTION_KINDS) {
      const m = kindMapping(fy, kind);
      const master = masterColumns(kind);
      const read = new Set<string>([
        master.id,
        master.kindDigit,
        master.prefecture,
        master.municipality,
        ...[...m.texts, ...m.websites, ...m.counts].map((c) => c.column),
        ...(m.latitude === undefined ? [] : [m.latitude.column]),
        ...(m.longitude === undefined ? [] : [m.longitude.column]),
        ...closedDayColumns(kind).all,
        ...inRowSpanColumns(kind).flatMap((s) => [s.start, s.end]),
      ]);
      assert.deepEqual(
        headersOf(FACILITY_FILE[kind]).filter((h) => !read.has(h)),
        [],
        `${fy} ${kind}`,
      );
      assert.ok(m.closedDays !== undefined, `${kind}: closed days`);
      assert.equal(m.hours?.role, HOURS_FILE[kind] === undefined ? 'facility' : 'hours', kind);
      assert.equal(m.departments !== undefined, HOURS_FILE[kind] !== undefined, kind);
    }
  }
});
