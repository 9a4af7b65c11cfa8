// Reading the report form: each kind of field parsed and normalised (全角 digits and times), what does
// not parse kept as typed with a message, the timetable's rules (00:00–00:00 refused, over midnight
// and 24:00 kept), shared timetables, and sections leaving the other sections' values alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseForm, parseTime } from './form.ts';
import { catalogueFor } from './load.ts';
import type { ReportValues } from './types.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const hospital = catalogueFor(2026, '病院', FIXTURES);
const midwife = catalogueFor(2026, '助産所', FIXTURES);
const pharmacy = catalogueFor(2026, '薬局', FIXTURES);

test('text fields: names to full width, フリガナ to katakana, phone, postcode, e-mail and URL normalised', () => {
  const r = parseForm(
    hospital,
    'basic',
    {
      'f.basic.name.official': ' ﾃﾞﾓ総合病院 A棟 ',
      'f.basic.name.kana': 'でも そうごうびょういん',
      'f.basic.name.note': '一行目\r\n二行目',
      'f.basic.phone.phone': '０３ー１２３４ー５６７８',
      'f.basic.phone.postcode': '〒１００－０００１',
      'f.basic.phone.email': 'ｉｎｆｏ＠ｅｘａｍｐｌｅ．ｊｐ',
      'f.basic.phone.website': ' https://example.jp/ ',
    },
    {},
  );
  assert.deepEqual(r.problems, {});
  assert.equal(r.values['basic.name.official'], 'デモ総合病院　Ａ棟');
  assert.equal(r.values['basic.name.kana'], 'デモ　ソウゴウビョウイン');
  assert.equal(r.values['basic.name.note'], '一行目\n二行目');
  assert.equal(r.values['basic.phone.phone'], '03-1234-5678');
  assert.equal(r.values['basic.phone.postcode'], '1000001');
  assert.equal(r.values['basic.phone.email'], 'info@example.jp');
  assert.equal(r.values['basic.phone.website'], 'https://example.jp/');
});

test('what does not parse is kept as typed, with a message by input name, and its value left out', () => {
  const previous: ReportValues = { 'basic.phone.phone': '03-1111-2222', 'access.parking.spaces': 10 };
  const r = parseForm(
    hospital,
    'all',
    {
      'f.basic.name.official': 'あ'.repeat(21),
      'f.basic.name.kana': 'Demo',
      'f.basic.phone.phone': '(03) 1234',
      'f.basic.phone.postcode': '12345',
      'f.basic.phone.email': 'info.example.jp',
      'f.basic.phone.website': 'example',
      'f.access.parking.available': '1',
      'f.access.parking.spaces': '十台',
      'f.access.parking.fee': 'cheap',
      'f.results.average_stay.days': '12.34',
      'f.results.survey.done': '1',
      'f.results.survey.date': '2026-02-30',
    },
    previous,
  );
  assert.deepEqual(Object.keys(r.invalid).sort(), Object.keys(r.problems).sort());
  assert.deepEqual(r.invalid, {
    'f.basic.name.official': 'あ'.repeat(21),
    'f.basic.name.kana': 'Demo',
    'f.basic.phone.phone': '(03) 1234',
    'f.basic.phone.postcode': '12345',
    'f.basic.phone.email': 'info.example.jp',
    'f.basic.phone.website': 'example',
    'f.access.parking.spaces': '十台',
    'f.access.parking.fee': 'cheap',
    'f.results.average_stay.days': '12.34',
    'f.results.survey.date': '2026-02-30',
  });
  assert.match(r.problems['f.basic.name.official']!, /20文字以内/);
  assert.match(r.problems['f.basic.name.kana']!, /カタカナ/);
  assert.match(r.problems['f.access.parking.spaces']!, /駐車場（台数）は整数/);
  assert.match(r.problems['f.results.average_stay.days']!, /小数点以下1桁/);
  assert.match(r.problems['f.results.survey.date']!, /実在する日付/);
  assert.equal(r.values['basic.phone.phone'], undefined, 'the previous value is not kept under a new, invalid one');
  assert.equal(r.values['access.parking.spaces'], undefined);
  assert.equal(r.values['access.parking.available'], true);
  assert.equal(r.values['results.survey.done'], true);
});

test('numbers and dates: full-width digits, commas, bounds; dates in three spellings', () => {
  const r = parseForm(
    hospital,
    'all',
    {
      'f.access.parking.available': '0',
      'f.access.parking.spaces': '１，２００',
      'f.results.average_stay.days': '１４．５',
      'f.results.survey.date': '２０２６年４月１日',
      'f.basic.beds.general': '120',
      'f.basic.beds.long_term': '３０',
    },
    {},
  );
  assert.deepEqual(r.problems, {});
  assert.equal(r.values['access.parking.available'], false);
  assert.equal(r.values['access.parking.spaces'], 1200);
  assert.equal(r.values['results.average_stay.days'], 14.5);
  assert.equal(r.values['results.survey.date'], '2026-04-01');
  assert.equal(r.values['basic.beds.total'], 150, 'computed, not typed');
  assert.equal(parseForm(hospital, 'all', { 'f.results.survey.date': '2026/4/1' }, {}).values['results.survey.date'], '2026-04-01');
  const out = parseForm(
    hospital,
    'all',
    { 'f.access.parking.spaces': '10000', 'f.results.average_stay.days': '-1', 'f.results.survey.date': '1999-12-31' },
    {},
  );
  assert.match(out.problems['f.access.parking.spaces']!, /9999以下/);
  assert.match(out.problems['f.results.average_stay.days']!, /0以上/);
  assert.match(out.problems['f.results.survey.date']!, /2000年1月1日以降/);
});

test('an empty input is not entered; other sections keep their values; a section drops its old invalid entries', () => {
  const previous: ReportValues = { 'basic.name.official': '旧名称', 'access.parking.available': true, 'access.parking.spaces': 3 };
  const r = parseForm(hospital, 'access', { 'f.access.parking.available': '1', 'f.access.parking.spaces': '' }, previous, {
    'f.access.parking.spaces': 'x',
    'f.basic.name.kana': 'abc',
  });
  assert.equal(r.values['basic.name.official'], '旧名称');
  assert.equal(r.values['access.parking.spaces'], undefined);
  assert.deepEqual(r.invalid, { 'f.basic.name.kana': 'abc' }, 'another section’s invalid input stays');
  assert.deepEqual(r.problems, {}, 'required is not checked on a draft save');
});

test('choice and multi: codes from options or a code list, sorted, free text for XX991, unknown codes refused', () => {
  const r = parseForm(
    hospital,
    'basic',
    {
      'f.basic.departments.list': ['03001', '01991', '01001', '01001'],
      'x.basic.departments.list.01991': ' 漢方内科 ',
      'x.basic.departments.list.01001': 'ignored',
      'f.basic.departments.outpatient': '9',
    },
    {},
  );
  assert.deepEqual(r.problems, {});
  assert.deepEqual(r.values['basic.departments.list'], [{ code: '01001' }, { code: '01991', text: '漢方内科' }, { code: '03001' }]);
  assert.equal(r.values['basic.departments.outpatient'], '9');
  const bad = parseForm(hospital, 'basic', { 'f.basic.departments.list': ['99999'], 'f.basic.departments.outpatient': '5' }, {});
  assert.match(bad.problems['f.basic.departments.list']!, /選択肢にありません/);
  assert.match(bad.problems['f.basic.departments.outpatient']!, /選択肢にありません/);
  assert.equal(bad.values['basic.departments.list'], undefined);
});

test('closed days: weekly flags, the 第n週 grid, 祝日 and free text', () => {
  const r = parseForm(
    hospital,
    'basic',
    {
      'c.basic.days.closed.w.sun': '1',
      'c.basic.days.closed.w.thu': '1',
      'c.basic.days.closed.n.3.sat': '1',
      'c.basic.days.closed.n.1.sat': '1',
      'c.basic.days.closed.w.hol': '1',
      'c.basic.days.closed.hol': '1',
      'c.basic.days.closed.other': ' 年末年始（12/29〜1/3） ',
    },
    {},
  );
  assert.deepEqual(r.values['basic.days.closed'], {
    weekly: ['thu', 'sun'],
    nth: [
      { week: 1, day: 'sat' },
      { week: 3, day: 'sat' },
    ],
    holidays: true,
    other: '年末年始（12/29〜1/3）',
  });
  assert.deepEqual(
    parseForm(hospital, 'basic', {}, {}).values['basic.days.closed'],
    { weekly: [], nth: [], holidays: false, other: '' },
    'nothing ticked = open every day',
  );
});

test('times: full width, without a colon, 24:00 only as an end', () => {
  assert.deepEqual(parseTime('０９：００', false), { ok: true, value: '09:00' });
  assert.deepEqual(parseTime('9:30', false), { ok: true, value: '09:30' });
  assert.deepEqual(parseTime('1730', true), { ok: true, value: '17:30' });
  assert.deepEqual(parseTime('9時', false), { ok: true, value: '09:00' });
  assert.deepEqual(parseTime('9時15分', false), { ok: true, value: '09:15' });
  assert.deepEqual(parseTime('24:00', true), { ok: true, value: '24:00' });
  assert.deepEqual(parseTime('24:00', false), { ok: false, problem: 'start_24' });
  assert.deepEqual(parseTime('24:30', true), { ok: false, problem: 'invalid' });
  assert.deepEqual(parseTime('9:60', true), { ok: false, problem: 'invalid' });
  assert.deepEqual(parseTime('朝', true), { ok: false, problem: 'invalid' });
});

test('department timetable: rows are the chosen 診療科目; 00:00–00:00 refused, over midnight and 24:00 kept', () => {
  const t = 't.basic.hours.hours';
  const r = parseForm(
    hospital,
    'basic',
    {
      'f.basic.departments.list': ['01001', '02001'],
      [`${t}.01001.1.mon.care.s`]: '０９：００',
      [`${t}.01001.1.mon.care.e`]: '12:00',
      [`${t}.01001.2.mon.care.s`]: '19:00',
      [`${t}.01001.2.mon.care.e`]: '07:00',
      [`${t}.02001.1.sat.care.s`]: '00:00',
      [`${t}.02001.1.sat.care.e`]: '24:00',
      [`${t}.02001.1.sun.care.s`]: '00:00',
      [`${t}.02001.1.sun.care.e`]: '00:00',
      [`${t}.02001.1.tue.care.s`]: '9:00',
      [`${t}.02001.1.tue.care.e`]: '',
      [`${t}.02001.1.wed.care.s`]: '',
      [`${t}.02001.1.wed.care.e`]: '',
      [`${t}.03001.1.mon.care.s`]: '09:00',
      [`${t}.03001.1.mon.care.e`]: '10:00',
      [`${t}.01001.1.mon.reception.s`]: '08:30',
      [`${t}.01001.1.mon.reception.e`]: '11:30',
    },
    {},
  );
  assert.deepEqual(r.values['basic.hours.hours'], {
    rows: [
      {
        code: '01001',
        bands: [{ mon: { care: ['09:00', '12:00'] } }, { mon: { care: ['19:00', '07:00'] } }],
      },
      { code: '02001', bands: [{ sat: { care: ['00:00', '24:00'] } }] },
    ],
  });
  assert.match(r.problems[`${t}.02001.1.sun.care.s`]!, /00:00〜00:00/);
  assert.match(r.problems[`${t}.02001.1.sun.care.s`]!, /診療時間（外科・時間帯1・日曜）/);
  assert.match(r.problems[`${t}.02001.1.tue.care.e`]!, /両方/);
  assert.deepEqual(r.invalid, {
    [`${t}.02001.1.sun.care.s`]: '00:00',
    [`${t}.02001.1.sun.care.e`]: '00:00',
    [`${t}.02001.1.tue.care.s`]: '9:00',
    [`${t}.02001.1.tue.care.e`]: '',
  });
});

test('外来受付時間 edits the reception part of the 診療時間 grid and leaves the care part alone', () => {
  const previous: ReportValues = {
    'basic.departments.list': [{ code: '01001' }],
    'basic.hours.hours': { rows: [{ code: '01001', bands: [{ mon: { care: ['09:00', '12:00'], reception: ['08:00', '11:00'] } }] }] },
  };
  const t = 't.basic.hours.hours';
  const r = parseForm(
    hospital,
    'access',
    { [`${t}.01001.1.mon.reception.s`]: '8:30', [`${t}.01001.1.mon.reception.e`]: '11:30', [`${t}.01001.1.mon.care.s`]: '10:00' },
    previous,
  );
  assert.deepEqual(r.values['basic.hours.hours'], { rows: [{ code: '01001', bands: [{ mon: { care: ['09:00', '12:00'], reception: ['08:30', '11:30'] } }] }] });
  const cleared = parseForm(hospital, 'access', {}, previous);
  assert.deepEqual(cleared.values['basic.hours.hours'], { rows: [{ code: '01001', bands: [{ mon: { care: ['09:00', '12:00'] } }] }] });
  const basic = parseForm(hospital, 'basic', { 'f.basic.departments.list': '01001' }, previous);
  assert.deepEqual(
    basic.values['basic.hours.hours'],
    { rows: [{ code: '01001', bands: [{ mon: { reception: ['08:00', '11:00'] } }] }] },
    'the care part was emptied',
  );
});

test('single-row timetables: 助産所 就業時間 (work + reception), 薬局 開店時間 with 4 bands', () => {
  const m = parseForm(midwife, 'basic', { 't.basic.work_hours.hours.all.1.mon.work.s': '9:00', 't.basic.work_hours.hours.all.1.mon.work.e': '17:00' }, {});
  assert.deepEqual(m.values['basic.work_hours.hours'], { rows: [{ code: 'all', bands: [{ mon: { work: ['09:00', '17:00'] } }] }] });
  const p = parseForm(
    pharmacy,
    'basic',
    {
      't.basic.open_hours.hours.all.4.hol.open.s': '20:00',
      't.basic.open_hours.hours.all.4.hol.open.e': '22:00',
      't.basic.open_hours.hours.all.5.hol.open.s': '1:00',
    },
    {},
  );
  assert.deepEqual(p.values['basic.open_hours.hours'], { rows: [{ code: 'all', bands: [{}, {}, {}, { hol: { open: ['20:00', '22:00'] } }] }] });
  assert.equal(p.values['basic.days.closed'] !== undefined, true);
});

test('matrices: rows from the chosen 診療科目 or a code list, cells by column kind', () => {
  const r = parseForm(
    hospital,
    'all',
    {
      'f.basic.departments.list': ['01001'],
      'm.access.appointments.by_department.01001.first': 'yes',
      'm.access.appointments.by_department.01001.wait': '３',
      'm.access.appointments.by_department.02001.first': 'yes',
      'm.services.languages.level.en.support': 'ok',
      'm.services.languages.level.zh.support': '',
      'm.services.languages.level.ko.support': 'maybe',
    },
    {},
  );
  assert.deepEqual(r.values['access.appointments.by_department'], { '01001': { first: 'yes', wait: 3 } });
  assert.deepEqual(r.values['services.languages.level'], { en: { support: 'ok' } });
  assert.match(r.problems['m.services.languages.level.ko.support']!, /外国語対応（言語ごとの対応）（韓国語・受入）/);
  assert.equal(r.invalid['m.services.languages.level.ko.support'], 'maybe');
});

test('a timetable row of a free-text department carries its name, and follows it when it is renamed', () => {
  const t = 't.basic.hours.hours.01991.1.mon.care';
  const form = { 'f.basic.departments.list': ['01991'], 'x.basic.departments.list.01991': '漢方内科', [`${t}.s`]: '9:00', [`${t}.e`]: '12:00' };
  const first = parseForm(hospital, 'basic', form, {});
  assert.deepEqual(first.values['basic.hours.hours'], { rows: [{ code: '01991', text: '漢方内科', bands: [{ mon: { care: ['09:00', '12:00'] } }] }] });
  const renamed = parseForm(hospital, 'basic', { ...form, 'x.basic.departments.list.01991': '東洋医学内科' }, first.values);
  assert.deepEqual(renamed.values['basic.hours.hours'], { rows: [{ code: '01991', text: '東洋医学内科', bands: [{ mon: { care: ['09:00', '12:00'] } }] }] });
});
