import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { MESSAGES } from '../platform/messages/index.ts';
import type { ClosedDays, Timetable } from '../reporting/catalogue/types.ts';
import { canonicalValues } from '../reporting/catalogue/values.ts';
import { readSnapshot, readWholeSnapshot, type NoteCount } from './read.ts';
import { SnapshotRefused, type ImportRefusal, type SnapshotFacility } from './types.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/snapshot-2026/', import.meta.url));
const FY = 2026;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A copy of the fixture snapshot, with `edit` applied to the files it names (by stem prefix; undefined removes the file). */
function snapshotWith(edits: Record<string, ((text: string) => string) | undefined> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'opendata-read-'));
  dirs.push(dir);
  for (const name of readdirSync(FIXTURE)) {
    const prefix = Object.keys(edits).find((p) => name.startsWith(p));
    if (prefix === undefined) {
      copyFileSync(path.join(FIXTURE, name), path.join(dir, name));
      continue;
    }
    const edit = edits[prefix];
    if (edit !== undefined) writeFileSync(path.join(dir, name), edit(readFileSync(path.join(FIXTURE, name), 'utf8')));
  }
  return dir;
}

/** The refusal reading the directory ends in (opening it or iterating it). */
async function refusalOf(dir: string): Promise<ImportRefusal> {
  try {
    const reader = await readSnapshot(dir, { fiscalYear: FY });
    for await (const f of reader) void f;
  } catch (e) {
    if (e instanceof SnapshotRefused) return e.refusal;
    throw e;
  }
  assert.fail('the snapshot was not refused');
}

const byId = (facilities: SnapshotFacility[]) => new Map(facilities.map((f) => [f.id, f]));

test('the fixture snapshot: every kind, facilities in our catalogue’s values, names as published', async () => {
  const { facilities, reader } = await readWholeSnapshot(FIXTURE, { fiscalYear: FY });
  assert.deepEqual(reader.kinds, ['病院', '診療所', '歯科診療所', '助産所', '薬局']);
  assert.equal(reader.files.length, 8);
  assert.deepEqual(
    facilities.map((f) => f.id),
    // Clinics in the order their hours come (ひまわり's before さくら's), the one without hours last.
    ['1311234567890', '1310000000002', '1320000000005', '132A000000003', '1320000000004', '1330000000006', '1340000000007', '1350000000008', '1350000000009'],
  );
  const f = byId(facilities);

  const h = f.get('1311234567890')!;
  assert.deepEqual(
    { kind: h.kind, pref: h.prefectureCode, city: h.municipalityCode, code: h.institutionCode, lat: h.lat, lon: h.lon, source: h.source },
    { kind: '病院', pref: '13', city: '13101', code: '1234567890', lat: 35.681236, lon: 139.767125, source: { file: '01-1_hospital_facility_info', line: 2 } },
  );
  assert.equal(h.name, '医療法人社団髙橋会　Ｔａｋａｈａｓｈｉ総合病院', 'full-width Latin, the variant kanji and the legal-entity prefix kept');
  assert.equal(h.values['basic.name.official'], h.name);
  assert.equal(h.values['basic.name.short'], 'Ｔａｋａｈａｓｈｉ総合病院');
  assert.equal(h.nameKana, 'イリョウホウジンシャダンタカハシカイ　タカハシソウゴウビョウイン');
  assert.equal(h.nameEn, 'Takahashi General Hospital');
  assert.equal(h.address, '東京都千代田区丸の内一丁目1番1号');
  assert.equal(h.values['access.website.url'], 'https://takahashi-hp.example.jp/');
  assert.equal(h.values['basic.beds.general'], 200);
  assert.equal(h.values['basic.beds.psychiatric'], 0);
  assert.equal(h.values['basic.beds.tuberculosis'], undefined, 'blank = not reported');
  assert.equal(h.values['basic.beds.total'], 254);
  assert.deepEqual(h.values['basic.departments.departments'], [{ code: '01001' }, { code: '01991', text: 'ペインクリニック内科' }, { code: '09010' }]);
  const hours = h.values['basic.hours.hours'] as Timetable;
  assert.deepEqual(
    hours.rows.map((r) => [r.code, r.bands.length]),
    [
      ['01001', 2],
      ['01991', 1],
      ['09010', 1],
    ],
  );
  assert.deepEqual(hours.rows[0]!.bands[1]!.mon, { care: ['13:00', '17:00'], reception: ['12:30', '16:30'] });
  assert.equal(hours.rows[1]!.text, 'ペインクリニック内科', 'a free-text department’s row carries its name, as the report form keeps it');
  assert.deepEqual(hours.rows[2]!.bands[0]!.hol, { care: ['00:00', '24:00'] }, '救急科 around the clock, 祝 too');
  // 救急科 is open on Sundays and holidays: the flags that say closed lose to the hours.
  assert.deepEqual(h.values['basic.days.closed'], {
    weekly: [],
    nth: [{ week: 2, day: 'sat' }],
    holidays: false,
    other: '年末年始（12/29〜1/3）',
  } satisfies ClosedDays);

  const chuo = f.get('1310000000002')!;
  assert.equal(chuo.lat, undefined, '0.0 coordinates are none');
  assert.equal(chuo.values['basic.location.latitude'], undefined);
  assert.equal(chuo.values['access.website.url'], undefined, '「なし」 is no home page');
  assert.equal(chuo.values['basic.beds.general'], 120, 'full-width digits read');
  assert.equal(chuo.values['basic.beds.total'], 120, 'the total is the sum of the beds, as the report form computes it');
  const chuoHours = chuo.values['basic.hours.hours'] as Timetable;
  assert.deepEqual(chuoHours.rows[0]!.bands[0]!.mon, { care: ['09:00', '17:00'] }, 'the 00:00–00:00 reception dropped');
  assert.deepEqual(chuoHours.rows[0]!.bands[0]!.tue, { care: ['09:00', '17:00'] }, 'a reception start without its end dropped');
  assert.deepEqual(chuoHours.rows[0]!.bands[1], { fri: { care: ['19:00', '07:00'] } }, 'a band over midnight kept');
  assert.deepEqual(chuo.values['basic.departments.departments'], [{ code: '01001' }], 'an unknown code is not a department');
  assert.deepEqual(
    chuo.values['basic.days.closed'],
    { weekly: ['sat', 'sun'], nth: [], holidays: true, other: '' },
    'no flags: the days without hours are closed',
  );

  const sakura = f.get('132A000000003')!;
  assert.equal(sakura.institutionCode, 'A000000003');
  assert.equal(sakura.values['access.website.url'], 'http://www.sakura-cl.example.jp', 'a bare host name gets its scheme');
  assert.deepEqual(
    sakura.values['basic.days.closed'],
    { weekly: ['thu', 'sun'], nth: [], holidays: true, other: '' },
    'a weekday closed every week is not repeated in the week grid',
  );
  assert.deepEqual(
    (sakura.values['basic.hours.hours'] as Timetable).rows.map((r) => r.code),
    ['01001', '03001'],
  );
  assert.equal((sakura.values['basic.hours.hours'] as Timetable).rows[1]!.bands.length, 1, 'a 時間帯 4 row dropped');
  const kodomo = f.get('1320000000004')!;
  assert.deepEqual(kodomo.values['basic.days.closed'], { weekly: ['mon'], nth: [], holidays: false, other: '' }, 'without hours the flags stand');
  assert.equal(kodomo.values['basic.hours.hours'], undefined);
  assert.equal(kodomo.values['basic.beds.total'], 0);
  const himawari = f.get('1320000000005')!;
  assert.equal(himawari.lat, undefined, 'a latitude without its longitude is no place');

  const dental = f.get('1330000000006')!;
  assert.equal(
    (dental.values['basic.days.closed'] as ClosedDays).other,
    '年末年始、お盆\n（8/13〜8/16）, 臨時休診あり',
    'a quoted field with a comma and a line break',
  );
  assert.equal(dental.values['access.website.url'], 'http://umekita.example.jp/', 'http// mended');
  assert.deepEqual(
    (dental.values['basic.hours.hours'] as Timetable).rows[1],
    { code: '08991', text: '訪問歯科診療', bands: [{ thu: { care: ['09:00', '10:00'] } }] },
    '9:00 is 09:00',
  );

  const maternity = f.get('1340000000007')!;
  const work = maternity.values['basic.work_hours.hours'] as Timetable;
  assert.deepEqual(
    work.rows.map((r) => r.code),
    ['all'],
  );
  assert.deepEqual(work.rows[0]!.bands[0]!.mon, { reception: ['09:00', '16:00'], work: ['09:00', '17:00'] });
  assert.equal(work.rows[0]!.bands[0]!.sat, undefined, 'a 就業 start without its end dropped');
  assert.deepEqual(maternity.values['basic.work_days.closed'], { weekly: ['sat', 'sun'], nth: [{ week: 3, day: 'wed' }], holidays: true, other: '' });

  const hikari = f.get('1350000000008')!;
  assert.equal(hikari.name, 'ひかり薬局');
  assert.equal(hikari.nameEn, 'Hikari Pharmacy');
  assert.equal(hikari.values['basic.name.romaji'], 'Hikari Pharmacy');
  assert.deepEqual(
    hikari.values['basic.days.closed'],
    { weekly: ['sun'], nth: [{ week: 2, day: 'wed' }], holidays: true, other: '年末年始' },
    '定期閉店第２週（水） read',
  );
  const open = hikari.values['basic.hours.hours'] as Timetable;
  assert.deepEqual(open.rows[0]!.bands[1]!.fri, { open: ['14:00', '19:00'] });
  assert.equal(open.rows[0]!.bands[1]!.sat, undefined);
  const allDay = f.get('1350000000009')!;
  assert.equal(allDay.name, '２４時間ファーマシー');
  assert.deepEqual((allDay.values['basic.hours.hours'] as Timetable).rows[0]!.bands[0]!.hol, { open: ['00:00', '24:00'] });
  assert.deepEqual(allDay.values['basic.days.closed'], { weekly: [], nth: [], holidays: false, other: '' });

  for (const x of facilities) assert.equal(JSON.stringify(canonicalValues(x.values)), JSON.stringify(x.values), `${x.id}: values in canonical form`);
});

test('the import report: each value normalised or dropped, by file, line and column', async () => {
  const { reader } = await readWholeSnapshot(FIXTURE, { fiscalYear: FY });
  const notes = (n: NoteCount) => `${n.file}:${n.lines.join(',')} ${n.column} ${n.what.replace('opendata.note.', '')} ×${n.count}`;
  assert.deepEqual(reader.noteCounts().map(notes).sort(), [
    '01-1_hospital_facility_info:2 毎週決まった曜日に休診（日） flag_disagrees_hours ×1',
    '01-1_hospital_facility_info:2 祝日に休診 flag_disagrees_hours ×1',
    '01-1_hospital_facility_info:3 合計病床数 beds_total ×1',
    '01-1_hospital_facility_info:3 所在地座標（経度） coordinates_zero ×1',
    '01-1_hospital_facility_info:3 所在地座標（緯度） coordinates_zero ×1',
    '01-1_hospital_facility_info:3 案内用ホームページアドレス website_not_url ×1',
    '01-2_hospital_speciality_hours:6 月_外来受付開始時間 span_zero ×1',
    '01-2_hospital_speciality_hours:6 火_外来受付終了時間 span_incomplete ×1',
    '01-2_hospital_speciality_hours:8 診療科目コード department_unknown ×1',
    '02-1_clinic_facility_info:2 案内用ホームページアドレス website_fixed ×1',
    '02-1_clinic_facility_info:4 所在地座標（経度） coordinates_zero ×1',
    '02-1_clinic_facility_info:4 所在地座標（緯度） coordinates_half ×1',
    '02-1_clinic_facility_info:4 毎週決まった曜日に休診（火） flag_disagrees_hours ×1',
    '02-2_clinic_speciality_hours:3 ID hours_orphan ×1',
    '02-2_clinic_speciality_hours:6 診療時間帯 band_invalid ×1',
    '03-1_dental_facility_info:2 案内用ホームページアドレス website_fixed ×1',
    '04_maternity_home:2 土_就業時間帯1_終了時間 span_incomplete ×1',
    '04_maternity_home:2 毎週決まった曜日に休業（土） flag_disagrees_hours ×1',
    '05_pharmacy:3 所在地座標（経度） coordinates_zero ×1',
    '05_pharmacy:3 所在地座標（緯度） coordinates_zero ×1',
  ]);
  for (const n of reader.noteCounts()) assert.ok(n.what in MESSAGES, `${n.what} is a message`);
  assert.deepEqual(
    reader.notes.find((n) => n.what === 'opendata.note.website_not_url'),
    { file: '01-1_hospital_facility_info', line: 3, column: '案内用ホームページアドレス', what: 'opendata.note.website_not_url', detail: 'なし' },
  );
});

test('progress in bytes of the files’ total, as the reading goes', async () => {
  const seen: number[] = [];
  const reader = await readSnapshot(FIXTURE, { fiscalYear: FY, onProgress: (p) => seen.push(p.bytesRead) });
  const total = readdirSync(FIXTURE).reduce((n, name) => n + readFileSync(path.join(FIXTURE, name)).length, 0);
  assert.equal(reader.totalBytes, total);
  assert.deepEqual(reader.progress(), { bytesRead: 0, totalBytes: total, facilities: 0 });
  let n = 0;
  for await (const f of reader) {
    n++;
    assert.ok(reader.progress().facilities >= n, f.id);
  }
  assert.deepEqual(reader.progress(), { bytesRead: total, totalBytes: total, facilities: 9 });
  assert.ok(seen.length >= 8 && seen.at(-1) === total, 'told after each chunk and at the end');
  assert.ok(seen.every((b, i) => i === 0 || b >= seen[i - 1]!));
});

test('in batches for a writer, and read once', async () => {
  const reader = await readSnapshot(FIXTURE, { fiscalYear: FY });
  const batches = [];
  for await (const b of reader.batches()) batches.push(b.map((f) => f.id));
  assert.equal(batches.flat().length, 9);
  assert.ok(batches.every((b) => b.length > 0));
  await assert.rejects(async () => {
    for await (const f of reader) void f;
  }, /read once/);
});

test('any subset of the files; a missing BOM is accepted', async () => {
  assert.notEqual(readFileSync(path.join(FIXTURE, '02-2_clinic_speciality_hours.csv'))[0], 0xef, 'the fixture’s clinic hours file has no BOM');
  const dir = snapshotWith({ '01-': undefined, '02-': undefined, '03-': undefined, '04_': undefined });
  const { facilities, reader } = await readWholeSnapshot(dir, { fiscalYear: FY });
  assert.deepEqual(reader.kinds, ['薬局']);
  assert.deepEqual(
    facilities.map((f) => f.id),
    ['1350000000008', '1350000000009'],
  );
  const noBom = snapshotWith({ '05_': (t) => t.replace(/^\uFEFF/, '') });
  assert.equal((await readWholeSnapshot(noBom, { fiscalYear: FY })).facilities.length, 9);
  const onlyFacilities = snapshotWith({ '01-2': undefined });
  const hospitals = (await readWholeSnapshot(onlyFacilities, { fiscalYear: FY })).facilities.filter((f) => f.kind === '病院');
  assert.equal(hospitals.length, 2);
  assert.equal(hospitals[0]!.values['basic.hours.hours'], undefined);
  assert.deepEqual(
    hospitals[0]!.values['basic.days.closed'],
    { weekly: ['sun'], nth: [{ week: 2, day: 'sat' }], holidays: true, other: '年末年始（12/29〜1/3）' },
    'without the hours file the flags stand',
  );
});

test('the pharmacy file’s unidentified fifth column may have any header', async () => {
  const dir = snapshotWith({ '05_': (t) => t.replace('ローマ字,機関区分,都道府県コード', 'ローマ字,不明な列,都道府県コード') });
  assert.equal((await readWholeSnapshot(dir, { fiscalYear: FY })).facilities.length, 9);
});

const line = (text: string, n: number) => text.split('\r\n')[n - 1]!;
const replaceLine = (text: string, n: number, f: (l: string) => string) =>
  text
    .split('\r\n')
    .map((l, i) => (i === n - 1 ? f(l) : l))
    .join('\r\n');

test('a header that is not the format’s refuses the snapshot before anything is read, naming file and column', async () => {
  assert.deepEqual(await refusalOf(snapshotWith({ '01-1': (t) => t.replace('正式名称（フリガナ）', '正式名称(フリガナ)') })), {
    file: '01-1_hospital_facility_info',
    line: 1,
    column: '正式名称(フリガナ)',
    message: MESSAGES['opendata.refusal.header_unknown']('正式名称(フリガナ)'),
  });
  const dropLast = (t: string) =>
    t
      .split('\r\n')
      .map((l) => l.replace(/,[^,]*$/, ''))
      .join('\r\n');
  assert.deepEqual(await refusalOf(snapshotWith({ '02-1': dropLast })), {
    file: '02-1_clinic_facility_info',
    line: 1,
    column: '合計病床数',
    message: MESSAGES['opendata.refusal.header_missing']('合計病床数'),
  });
  const repeated = await refusalOf(snapshotWith({ '03-2': (t) => t.replace('診療科目名', '診療科目コード') }));
  assert.equal(repeated.column, '診療科目コード');
  assert.equal(repeated.message, MESSAGES['opendata.refusal.header_repeated']('診療科目コード'));
  // Refused on opening: nothing handed out.
  await assert.rejects(
    readSnapshot(snapshotWith({ '05_': (t) => t.replace('定期閉店第１週（月）', '定期閉店第1週（月）') }), { fiscalYear: FY }),
    SnapshotRefused,
  );
});

test('rows that cannot be placed refuse the snapshot with file, line and column', async () => {
  const cases: Array<[string, Record<string, (t: string) => string>, Partial<ImportRefusal>]> = [
    [
      'a 12-character ID',
      { '01-1': (t) => t.replace('1311234567890', '131123456789') },
      { file: '01-1_hospital_facility_info', line: 2, column: 'ID', message: MESSAGES['opendata.refusal.id_shape']('131123456789') },
    ],
    [
      'a clinic’s ID in the hospital file',
      { '01-1': (t) => t.replace(/1310000000002/g, '1320000000002') },
      { line: 3, column: 'ID', message: MESSAGES['opendata.refusal.id_kind']('2', '病院') },
    ],
    [
      'an unknown prefecture',
      { '05_': (t) => t.replace('1350000000009', '4950000000009') },
      { file: '05_pharmacy', line: 3, message: MESSAGES['opendata.refusal.prefecture_unknown']('49') },
    ],
    [
      'an unknown municipality',
      { '04_': (t) => replaceLine(t, 2, (l) => l.replace(',13,112,', ',13,999,')) },
      { file: '04_maternity_home', line: 2, column: '市区町村コード', message: MESSAGES['opendata.refusal.municipality_unknown']('999') },
    ],
    [
      'a prefecture code that is not the ID’s',
      { '04_': (t) => replaceLine(t, 2, (l) => l.replace(',13,112,', ',14,112,')) },
      { line: 2, column: '都道府県コード', message: MESSAGES['opendata.refusal.prefecture_mismatch']('14', '13') },
    ],
    [
      'a repeated ID',
      { '05_': (t) => `${t}${line(t, 2)}\r\n` },
      { file: '05_pharmacy', line: 4, column: 'ID', message: MESSAGES['opendata.refusal.duplicate_id'](2) },
    ],
    [
      'a row of another width',
      { '03-2': (t) => replaceLine(t, 3, (l) => `${l},`) },
      { file: '03-2_dental_speciality_hours', line: 3, message: MESSAGES['opendata.refusal.column_count'](37, 36) },
    ],
    [
      'a quote never closed',
      { '02-1': (t) => replaceLine(t, 3, (l) => l.replace('こどもクリニック', '"こどもクリニック')) },
      { file: '02-1_clinic_facility_info', line: 3, message: MESSAGES['opendata.refusal.quote_unclosed'] },
    ],
    [
      'a row without a name',
      { '01-1': (t) => t.replace(',中央病院,', ',,') },
      { line: 3, column: '正式名称', message: MESSAGES['opendata.refusal.name_missing']('正式名称') },
    ],
    [
      'a malformed ID in an hours file',
      { '02-2': (t) => t.replace('1320000000099', '13200000000X') },
      { file: '02-2_clinic_speciality_hours', line: 3, column: 'ID' },
    ],
  ];
  for (const [what, edits, expected] of cases) {
    const refusal = await refusalOf(snapshotWith(edits));
    assert.deepEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, refusal[k as keyof ImportRefusal]])), expected, what);
  }
  const stray = await refusalOf(snapshotWith({ '03-1': (t) => replaceLine(t, 2, (l) => l.replace('うめきた歯科', 'うめ"きた"歯科')) }));
  assert.equal(stray.line, 2);
  assert.match(stray.message, /CSVとして読めない行です/);
});

test('one facility’s hours rows must be together: rows that come apart refuse, naming both lines', async () => {
  // さくらクリニック's rows (lines 4–6) with ひまわり内科's moved between them.
  const apart = (t: string) => {
    const lines = t.split('\r\n');
    const [himawari] = lines.splice(1, 1);
    lines.splice(3, 0, himawari!);
    return lines.join('\r\n');
  };
  const refusal = await refusalOf(snapshotWith({ '02-2': apart }));
  assert.deepEqual(refusal, {
    file: '02-2_clinic_speciality_hours',
    line: 5,
    column: 'ID',
    message: MESSAGES['opendata.refusal.hours_apart'](3),
  });
});

test('the join when the facility file is in ID order and then not: hours kept aside until their facility comes', async () => {
  // Facilities こども (…004), さくら (132A…), ひまわり (…005): ascending until ひまわり. Hours: ひまわり, an orphan, さくら.
  const reorder = (t: string) => {
    const [header, sakura, kodomo, himawari, ...rest] = t.split('\r\n');
    return [header, kodomo, sakura, himawari, ...rest].join('\r\n');
  };
  for (const chunkSize of [200, undefined]) {
    const { facilities, reader } = await readWholeSnapshot(snapshotWith({ '02-1': reorder }), { fiscalYear: FY, chunkSize });
    const himawari = facilities.find((f) => f.id === '1320000000005')!;
    assert.ok(himawari.values['basic.hours.hours'] !== undefined, `ひまわり内科 joined to its hours (chunk ${chunkSize})`);
    assert.deepEqual(
      reader
        .noteCounts()
        .filter((n) => n.what === 'opendata.note.hours_orphan')
        .map((n) => n.lines),
      [[3]],
      'only the ID the facility file does not have is an orphan',
    );
    assert.equal(facilities.filter((f) => f.kind === '診療所').length, 3);
  }
});

test('files that cannot make a snapshot', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'opendata-read-'));
  dirs.push(empty);
  writeFileSync(path.join(empty, 'README.md'), 'not a snapshot');
  assert.deepEqual(await refusalOf(empty), { message: MESSAGES['opendata.refusal.no_files'](empty) });
  const hoursAlone = await refusalOf(snapshotWith({ '02-1': undefined }));
  assert.deepEqual(hoursAlone, {
    file: '02-2_clinic_speciality_hours',
    message: MESSAGES['opendata.refusal.hours_without_facility']('02-1_clinic_facility_info'),
  });
  const two = snapshotWith();
  copyFileSync(path.join(two, '05_pharmacy.csv'), path.join(two, '05_pharmacy_20260601.csv'));
  assert.deepEqual(await refusalOf(two), {
    file: '05_pharmacy',
    message: MESSAGES['opendata.refusal.two_files']('05_pharmacy.csv', '05_pharmacy_20260601.csv'),
  });
  const sjis = snapshotWith({ '04_': undefined });
  writeFileSync(
    path.join(sjis, '04_maternity_home.csv'),
    iconv.encode(readFileSync(path.join(FIXTURE, '04_maternity_home.csv'), 'utf8').replace(/^\uFEFF/, ''), 'Shift_JIS'),
  );
  assert.deepEqual(await refusalOf(sjis), { file: '04_maternity_home', line: 1, message: MESSAGES['opendata.refusal.encoding'] });
  const blank = snapshotWith({ '03-1': () => '' });
  assert.deepEqual(await refusalOf(blank), { file: '03-1_dental_facility_info', line: 1, message: MESSAGES['opendata.refusal.empty'] });
});
