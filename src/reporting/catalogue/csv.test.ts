// Reports as CSV, without a database: every kind's full demo report written out and read back is the
// same values (UTF-8 with a BOM, without one, Shift_JIS); a file with only some columns keeps the rest;
// the hours file replaces only the parts it has columns for; and every problem comes back with its
// file, line, column and a Japanese message — the form's own message for a value that does not parse.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { INSTITUTION_KINDS } from '../../db/schema.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { demoValues } from '../demo-values.ts';
import {
  csvHeaders,
  keyOfHeader,
  parseReportCsv,
  readReportCsv,
  reportCsv,
  sortProblems,
  type CsvProblem,
  type CsvTarget,
  type ReportCsvFiles,
} from './csv.ts';
import { catalogueFor } from './load.ts';
import type { InvalidInput, KindCatalogue, ReportValues, Timetable } from './types.ts';
import { canonicalValues } from './values.ts';

const hospital = catalogueFor(2026, '病院');
const pharmacy = catalogueFor(2026, '薬局');
const KEY = '13:H00001';
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** Reads the files over one institution's values (13:H00001 unless the targets say otherwise). */
function read(
  files: ReportCsvFiles,
  o: { cat?: KindCatalogue; values?: ReportValues; invalid?: InvalidInput; complete?: boolean; targets?: Map<string, CsvTarget> } = {},
) {
  const parsed = parseReportCsv(files);
  assert.ok(parsed.csv, JSON.stringify(parsed.problems));
  const targets = o.targets ?? new Map([[KEY, { cat: o.cat ?? hospital, values: o.values ?? {}, invalid: o.invalid ?? {} }]]);
  const r = readReportCsv(parsed.csv, targets, { complete: o.complete ?? false });
  return { problems: sortProblems([...parsed.problems, ...r.problems], parsed.csv), rows: r.rows, values: r.rows[0]?.values, invalid: r.rows[0]?.invalid };
}

/** An items file of the key columns and these, one row for 13:H00001. */
const items = (cells: Record<string, string>) =>
  utf8(`都道府県コード,機関コード,${Object.keys(cells).join(',')}\r\n13,H00001,${Object.values(cells).map(quote).join(',')}\r\n`);
const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

describe('round trip', () => {
  for (const kind of INSTITUTION_KINDS) {
    test(`${kind}: the demo report written out and read back is the same values, in UTF-8 (BOM) and Shift_JIS`, () => {
      const cat = catalogueFor(2026, kind);
      const values = demoValues(kind, 2026);
      for (const encoding of ['utf-8', 'shift_jis'] as const) {
        const out = reportCsv(cat, [{ prefectureCode: '13', institutionCode: 'H00001', values }], encoding);
        assert.deepEqual(out.unencodable, []);
        if (encoding === 'utf-8') assert.deepEqual([...out.items.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 starts with a BOM');
        else assert.match(iconv.decode(out.items, 'cp932'), /^都道府県コード,機関コード,/);
        // Read over nothing (a new report) and over the same values (nothing changes).
        for (const before of [{}, values]) {
          const r = read({ items: out.items, hours: out.hours }, { cat, values: before, complete: true });
          assert.deepEqual(r.problems, []);
          assert.deepEqual(canonicalValues(r.values!), canonicalValues(values));
        }
      }
    });
  }

  test('UTF-8 without a BOM reads the same; a template has every column and no row', () => {
    const values = demoValues('病院', 2026);
    const out = reportCsv(hospital, [{ prefectureCode: '13', institutionCode: 'H00001', values }]);
    const r = read({ items: out.items.subarray(3), hours: out.hours.subarray(3) });
    assert.deepEqual(canonicalValues(r.values!), canonicalValues(values));

    const template = reportCsv(hospital, []);
    const header = template.items
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    assert.deepEqual(header[0]!.split(','), csvHeaders(hospital).items);
    assert.deepEqual(header.slice(1), ['']);
    assert.ok(header[0]!.includes('名称（正式名称）[basic.name.official]'));
    assert.ok(!header[0]!.includes('[basic.beds.total]'), 'a computed sum has no column');
    assert.match(
      template.hours.toString('utf8'),
      /^\uFEFF都道府県コード,機関コード,項目,診療科目コード,診療科目名,診療時間帯,月_診療開始時間,月_診療終了時間,火_診療開始時間/,
    );
  });

  test('Shift_JIS: characters it lacks are named by institution, not written as "?"', () => {
    const out = reportCsv(hospital, [{ prefectureCode: '13', institutionCode: 'H00001', values: { 'basic.name.official': '𠮷野家病院' } }], 'shift_jis');
    assert.deepEqual(out.unencodable, ['13:H00001']);
  });

  test('a Shift_JIS file as Excel saves it, with a prefecture code that lost its 0 and はい/いいえ', () => {
    const text =
      '都道府県コード,機関コード,名称[basic.name.official],駐車場の有無[access.parking.available],access.parking.spaces\r\n1,H00001,ｻﾝﾌﾟﾙ病院,はい,１２\r\n';
    const parsed = parseReportCsv({ items: iconv.encode(text, 'cp932') });
    assert.equal(parsed.csv?.encoding.items, 'shift_jis');
    const r = readReportCsv(parsed.csv!, new Map([['01:H00001', { cat: hospital, values: {}, invalid: {} }]]));
    assert.deepEqual(r.problems, []);
    assert.equal(r.rows[0]!.values['basic.name.official'], 'サンプル病院');
    assert.equal(r.rows[0]!.values['access.parking.available'], true);
    assert.equal(r.rows[0]!.values['access.parking.spaces'], 12);
  });
});

describe('columns and cells', () => {
  test('next year’s catalogue is next year’s columns: an item added, one removed, no code changed', () => {
    const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
    const before = csvHeaders(catalogueFor(2026, '病院', fixtures)).items.map(keyOfHeader);
    const after = csvHeaders(catalogueFor(2027, '病院', fixtures)).items.map(keyOfHeader);
    assert.deepEqual(
      after.filter((k) => !before.includes(k)),
      ['services.online.offered'],
    );
    assert.ok(before.some((k) => k.startsWith('results.survey.')) && !after.some((k) => k.startsWith('results.survey.')));
    const r = read({ items: items({ 'オンライン診療（実施）[services.online.offered]': 'はい' }) }, { cat: catalogueFor(2027, '病院', fixtures) });
    assert.deepEqual(r.problems, []);
    assert.equal(r.values!['services.online.offered'], true);
  });

  test('a column left out keeps the value; a blank cell clears it; the label before [key] is not read', () => {
    const before = demoValues('病院', 2026);
    const r = read({ items: items({ 'どんな見出しでも[access.parking.spaces]': '', 'basic.phone.fax': '03-9999-0000' }) }, { values: before });
    assert.deepEqual(r.problems, []);
    assert.equal(r.values!['access.parking.spaces'], undefined);
    assert.equal(r.values!['basic.phone.fax'], '03-9999-0000');
    for (const path of ['basic.name.official', 'basic.departments.departments', 'basic.hours.hours', 'staff.staffing.by_role', 'basic.days.closed'])
      assert.deepEqual(r.values![path], before[path], `${path} kept`);
    assert.equal(keyOfHeader('名称（正式名称）[basic.name.official]'), 'basic.name.official');
    assert.equal(keyOfHeader(' basic.name.official '), 'basic.name.official');
  });

  test('multi: codes by ;, free text after :, a ; inside the free text kept; closed days as 1 flags', () => {
    const r = read({
      items: items({
        'basic.departments.departments': '01001;01991:漢方内科;東洋医学',
        'basic.days.closed.w.sun': '1',
        'basic.days.closed.n.2.sat': '１',
        'basic.days.closed.hol': 'はい',
        'basic.days.closed.w.mon': '0',
        'basic.days.closed.other': '年末年始',
      }),
    });
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.values!['basic.departments.departments'], [{ code: '01001' }, { code: '01991', text: '漢方内科;東洋医学' }]);
    assert.deepEqual(r.values!['basic.days.closed'], { weekly: ['sun'], nth: [{ week: 2, day: 'sat' }], holidays: true, other: '年末年始' });
  });

  test('hours: the parts with columns are replaced in every grid, the others kept; a single-row grid has the row all', () => {
    const before = demoValues('病院', 2026);
    const hours = utf8(
      '都道府県コード,機関コード,項目,診療科目コード,診療科目名,診療時間帯,月_診療開始時間,月_診療終了時間\r\n13,H00001,basic.hours.hours,01001,内科,1,10:00,11:00\r\n',
    );
    const r = read({ items: items({}), hours }, { values: before });
    assert.deepEqual(r.problems, []);
    const grid = r.values!['basic.hours.hours'] as Timetable;
    const internal = grid.rows.find((row) => row.code === '01001')!;
    assert.deepEqual(internal.bands[0]!.mon, {
      care: ['10:00', '11:00'],
      reception: (before['basic.hours.hours'] as Timetable).rows[0]!.bands[0]!.mon!.reception,
    });
    assert.equal(internal.bands[0]!.tue?.care, undefined, 'a 診療 cell the file does not give is gone');
    assert.ok(internal.bands[0]!.tue?.reception, '外来受付 is kept: the file has no column for it');

    const midwife = catalogueFor(2026, '助産所');
    const m = read(
      {
        items: items({}),
        hours: utf8(
          '都道府県コード,機関コード,項目,診療科目コード,診療科目名,診療時間帯,月_就業開始時間,月_就業終了時間\r\n13,H00001,basic.work_hours.hours,,,1,9:00,17:00\r\n',
        ),
      },
      { cat: midwife },
    );
    assert.deepEqual(m.problems, []);
    assert.deepEqual(m.values!['basic.work_hours.hours'], { rows: [{ code: 'all', bands: [{ mon: { work: ['09:00', '17:00'] } }] }] });
  });

  test('what did not parse before and the file does not touch stays as it was', () => {
    const r = read(
      { items: items({ 'basic.phone.fax': '03-9999-0000' }) },
      { values: {}, invalid: { 'f.access.parking.spaces': '十台', 'f.basic.phone.fax': 'x' } },
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.invalid, { 'f.access.parking.spaces': '十台' });
  });
});

describe('problems, each with its file, line and column', () => {
  const at = (problems: CsvProblem[]) => problems.map((p) => `${p.file}:${p.line}:${p.column ?? ''}`);

  test('a line CSV cannot read (an unclosed quote), an empty file, a missing key column', () => {
    const broken = parseReportCsv({ items: utf8('都道府県コード,機関コード,basic.name.official\r\n13,H00001,"デモ病院\r\n13,H00002,x\r\n') });
    assert.equal(broken.csv, undefined);
    assert.equal(broken.problems.length, 1);
    assert.equal(broken.problems[0]!.file, 'items');
    assert.match(broken.problems[0]!.message, /CSVとして読めない行があります/);
    assert.deepEqual(parseReportCsv({ items: utf8('') }).problems, [{ file: 'items', line: 1, message: MESSAGES['report_csv.empty'] }]);
    assert.deepEqual(at(parseReportCsv({ items: utf8('機関コード,basic.name.official\r\nH00001,x\r\n') }).problems), ['items:1:都道府県コード']);
    const hoursBroken = parseReportCsv({ items: items({}), hours: utf8('都道府県コード,機関コード,項目\r\n"13,H00001\r\n') });
    assert.equal(hoursBroken.problems[0]!.file, 'hours');
  });

  test('unknown header, repeated column, wrong column count, a key missing, an institution twice', () => {
    const file = utf8(
      [
        '都道府県コード,機関コード,名称[basic.name.official],駐車場[access.parking.nothing],basic.name.official',
        '13,H00001,デモ病院,,',
        '13,H00002,デモ病院',
        '13,,デモ病院,,',
        '13,H00001,デモ病院,,',
      ].join('\r\n'),
    );
    const parsed = parseReportCsv({ items: file });
    const r = readReportCsv(parsed.csv!, new Map([[KEY, { cat: hospital, values: {}, invalid: {} }]]));
    const problems = [...parsed.problems, ...r.problems];
    assert.deepEqual(
      at(problems).sort(),
      ['items:1:basic.name.official', 'items:1:駐車場[access.parking.nothing]', 'items:3:', 'items:4:機関コード', 'items:5:機関コード'].sort(),
    );
    assert.match(problems.find((p) => p.line === 5)!.message, /2行目と同じ医療機関/);
    assert.match(problems.find((p) => p.column === '駐車場[access.parking.nothing]')!.message, /報告項目にありません/);
  });

  test('a value that does not parse carries the form’s own message; a flag that is not 1/0', () => {
    const r = read({ items: items({ '駐車場（台数）[access.parking.spaces]': '十台', 'basic.days.closed.w.mon': 'x', 'basic.phone.phone': '(03) 1234' }) });
    assert.deepEqual(at(r.problems), ['items:2:駐車場（台数）[access.parking.spaces]', 'items:2:basic.days.closed.w.mon', 'items:2:basic.phone.phone']);
    const label = (path: string) => {
      const cf = hospital.fields.get(path)!;
      return cf.item.label.ja === cf.field.label.ja ? cf.field.label.ja : `${cf.item.label.ja}（${cf.field.label.ja}）`;
    };
    assert.equal(r.problems[0]!.message, MESSAGES['catalogue.count.not_integer'](label('access.parking.spaces')));
    assert.match(r.problems[1]!.message, /休みなら「1」/);
    assert.match(r.problems[2]!.message, /電話番号/);
  });

  test('hours: a time that does not parse, a department not chosen, an unknown 項目, a band out of range, a row twice, no items row', () => {
    const before = demoValues('病院', 2026);
    const header = '都道府県コード,機関コード,項目,診療科目コード,診療科目名,診療時間帯,月_診療開始時間,月_診療終了時間';
    const hours = utf8(
      [
        header,
        '13,H00001,basic.hours.hours,01001,内科,1,9時,25:00',
        '13,H00001,basic.hours.hours,07001,,1,09:00,12:00',
        '13,H00001,basic.nothing,01001,,1,09:00,12:00',
        '13,H00001,basic.hours.hours,01001,,4,09:00,12:00',
        '13,H00001,basic.hours.hours,01001,,1,09:00,12:00',
        '13,H00009,basic.hours.hours,01001,,1,09:00,12:00',
      ].join('\r\n'),
    );
    const r = read({ items: items({}), hours }, { values: before });
    assert.deepEqual(at(r.problems), [
      'hours:2:月_診療終了時間',
      'hours:3:診療科目コード',
      'hours:4:項目',
      'hours:5:診療時間帯',
      'hours:6:診療時間帯',
      'hours:7:機関コード',
    ]);
    assert.match(r.problems[0]!.message, /24時間制の時刻/);
    assert.match(r.problems[1]!.message, /診療科目「07001」は、項目ファイルで選ばれた診療科目にありません/);
    assert.match(r.problems[2]!.message, /basic\.hours\.hours/);
    assert.match(r.problems[3]!.message, /1から3まで/);
    assert.match(r.problems[4]!.message, /2行目と同じ/);
    assert.match(r.problems[5]!.message, /項目ファイルにありません/);

    const unknownColumn = parseReportCsv({ items: items({}), hours: utf8('都道府県コード,機関コード,項目,診療科目コード,診療時間帯,月曜の診療開始\r\n') });
    assert.deepEqual(at(unknownColumn.problems), ['hours:1:月曜の診療開始']);
  });

  test('a department matrix cell for a department not chosen; a pharmacy row with a hospital-only column', () => {
    const before = demoValues('病院', 2026);
    const r = read({ items: items({ 'access.appointments.by_department.07001.walk_in': '1' }) }, { values: before });
    assert.deepEqual(at(r.problems), ['items:2:access.appointments.by_department.07001.walk_in']);
    assert.match(r.problems[0]!.message, /診療科目で選んでいない/);

    const mixed = utf8('都道府県コード,機関コード,basic.beds.general\r\n13,H00001,300\r\n13,P00001,10\r\n13,P00002,\r\n');
    const targets = new Map<string, CsvTarget>([
      [KEY, { cat: hospital, values: {}, invalid: {} }],
      ['13:P00001', { cat: pharmacy, values: {}, invalid: {} }],
      ['13:P00002', { cat: pharmacy, values: {}, invalid: {} }],
    ]);
    const m = read({ items: mixed }, { targets });
    assert.deepEqual(at(m.problems), ['items:3:basic.beds.general']);
    assert.equal(m.problems[0]!.message, MESSAGES['report_csv.cell.not_for_kind']('薬局'));
  });

  test('for 報告, what is incomplete: a required item left blank, named by its column', () => {
    const values = demoValues('病院', 2026);
    const r = read({ items: items({ 'basic.phone.phone': '' }) }, { values, complete: true });
    assert.deepEqual(at(r.problems), ['items:2:basic.phone.phone']);
    assert.match(r.problems[0]!.message, /電話番号.*を入力してください/);
    // Without complete, the same file is a draft's save.
    assert.deepEqual(read({ items: items({ 'basic.phone.phone': '' }) }, { values }).problems, []);
    // A required grid emptied by the hours file is named by the grid.
    const noHours = read(
      { items: items({}), hours: utf8('都道府県コード,機関コード,項目,診療科目コード,診療時間帯,月_診療開始時間,月_診療終了時間\r\n') },
      { values, complete: true },
    );
    assert.deepEqual(
      noHours.problems.map((p) => [p.file, p.line, keyOfHeader(p.column!)]),
      [['items', 2, 'basic.hours.hours']],
    );
  });
});
