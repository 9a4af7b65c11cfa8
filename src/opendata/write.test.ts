import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { OPEN_DATA_FILE_STEMS, headersOf } from './format.ts';
import { readWholeSnapshot } from './read.ts';
import type { SnapshotFacility } from './types.ts';
import { writeSnapshot, type ExportFacility } from './write.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/snapshot-2026/', import.meta.url));
const FY = 2026;
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'opendata-write-'));
  dirs.push(d);
  return d;
};
/** Facilities as compared across a round trip: where they were read from aside. */
const comparable = (fs: SnapshotFacility[]) => fs.map(({ source: _source, ...f }) => f).sort((a, b) => (a.id < b.id ? -1 : 1));
/** A written file's rows as objects by header. */
function rowsOf(file: string): Array<Record<string, string>> {
  return parse(readFileSync(file, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
}

test('round trip: the fixture read, written and read again is the same facilities, with nothing left to note', async () => {
  const first = await readWholeSnapshot(FIXTURE, { fiscalYear: FY });
  const dir = tmp();
  const written = await writeSnapshot(dir, first.facilities, { fiscalYear: FY });
  assert.deepEqual(
    written.map((w) => w.stem),
    [...OPEN_DATA_FILE_STEMS],
  );
  assert.deepEqual(
    written.map((w) => w.rows),
    [2, 6, 3, 3, 1, 3, 1, 2],
  );
  const second = await readWholeSnapshot(dir, { fiscalYear: FY });
  assert.deepEqual(comparable(second.facilities), comparable(first.facilities));
  assert.deepEqual(second.reader.noteCounts(), [], 'what we write is the format without its quirks');
  // And once more: writing what was read back gives the same bytes.
  const again = tmp();
  await writeSnapshot(again, second.facilities, { fiscalYear: FY });
  for (const name of readdirSync(dir)) assert.ok(readFileSync(path.join(dir, name)).equals(readFileSync(path.join(again, name))), name);
});

test('the files: UTF-8 with a BOM, the exact header row, CRLF, the ministry’s names with a date', async () => {
  const { facilities } = await readWholeSnapshot(FIXTURE, { fiscalYear: FY });
  const dir = tmp();
  await writeSnapshot(dir, facilities, { fiscalYear: FY, date: '20260601' });
  assert.deepEqual(readdirSync(dir).sort(), OPEN_DATA_FILE_STEMS.map((s) => `${s}_20260601.csv`).sort());
  for (const stem of OPEN_DATA_FILE_STEMS) {
    const bytes = readFileSync(path.join(dir, `${stem}_20260601.csv`));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], stem);
    const text = bytes.toString('utf8').slice(1);
    assert.equal(text.split('\r\n')[0], headersOf(stem).join(','), stem);
    assert.ok(text.endsWith('\r\n'), stem);
  }
});

test('flags as the files hold them (1 = open, 0 = closed), full-width week digits for pharmacies, hours per department and band', async () => {
  const { facilities } = await readWholeSnapshot(FIXTURE, { fiscalYear: FY });
  const dir = tmp();
  await writeSnapshot(dir, facilities, { fiscalYear: FY });
  const [hospital] = rowsOf(path.join(dir, '01-1_hospital_facility_info.csv'));
  assert.equal(hospital!['毎週決まった曜日に休診（日）'], '1', '救急科 is open on Sundays');
  assert.equal(hospital!['毎週決まった曜日に休診（月）'], '1');
  assert.equal(hospital!['決まった週に休診（定期週）第2週（土）'], '0');
  assert.equal(hospital!['祝日に休診'], '1');
  assert.equal(hospital!['合計病床数'], '254');
  assert.equal(hospital!['結核病床'], '');
  assert.equal(hospital!['正式名称'], '医療法人社団髙橋会　Ｔａｋａｈａｓｈｉ総合病院');
  assert.equal(hospital!['機関区分'], '1');
  assert.equal(hospital!['市区町村コード'], '101');
  const chuo = rowsOf(path.join(dir, '01-1_hospital_facility_info.csv'))[1]!;
  assert.deepEqual([chuo['所在地座標（緯度）'], chuo['所在地座標（経度）']], ['', ''], 'no coordinates: blank, not 0.0');
  assert.equal(chuo['決まった週に休診（定期週）第3週（土）'], '0', 'closed every Saturday: closed in each week of the grid too');

  const pharmacy = rowsOf(path.join(dir, '05_pharmacy.csv'));
  const hikari = pharmacy[0]!;
  assert.equal(hikari['定期閉店第２週（水）'], '0');
  assert.equal(hikari['定期閉店第１週（水）'], '1');
  assert.deepEqual(
    [hikari['営業日（月）'], hikari['営業日（日）'], hikari['営業日（祝）'], hikari['定期閉店毎週（日）'], hikari['定期閉店毎週（祝）'], hikari['祝日']],
    ['1', '0', '0', '0', '0', '0'],
  );
  assert.deepEqual([hikari['月_開店時間帯2_開始時間'], hikari['月_開店時間帯2_終了時間'], hikari['土_開店時間帯2_開始時間']], ['14:00', '19:00', '']);
  assert.equal(hikari['機関区分'], '5');

  const hours = rowsOf(path.join(dir, '01-2_hospital_speciality_hours.csv'));
  assert.deepEqual(
    hours.map((r) => [r['ID'], r['診療科目コード'], r['診療科目名'], r['診療時間帯']]),
    [
      ['1311234567890', '01001', '内科', '1'],
      ['1311234567890', '01001', '内科', '2'],
      ['1311234567890', '01991', 'ペインクリニック内科', '1'],
      ['1311234567890', '09010', '救急科', '1'],
      ['1310000000002', '01001', '内科', '1'],
      ['1310000000002', '01001', '内科', '2'],
    ],
  );
  assert.deepEqual([hours[5]!['金_診療開始時間'], hours[5]!['金_診療終了時間']], ['19:00', '07:00']);
  assert.deepEqual([hours[3]!['祝_診療開始時間'], hours[3]!['祝_診療終了時間']], ['00:00', '24:00']);
  const dental = rowsOf(path.join(dir, '03-1_dental_facility_info.csv'))[0]!;
  assert.equal(dental['その他の休診日（gw、お盆等）'], '年末年始、お盆\n（8/13〜8/16）, 臨時休診あり', 'quoted on the way out');
});

test('a department without hours stays listed; a facility of a kind not written is an error', async () => {
  const clinic: ExportFacility = {
    id: '1320000000010',
    kind: '診療所',
    municipalityCode: '13104',
    values: { 'basic.name.official': '新しいクリニック', 'basic.departments.departments': [{ code: '01001' }, { code: '01991', text: '漢方内科' }] },
  };
  const dir = tmp();
  await writeSnapshot(dir, [clinic], { fiscalYear: FY, kinds: ['診療所'] });
  assert.deepEqual(readdirSync(dir).sort(), ['02-1_clinic_facility_info.csv', '02-2_clinic_speciality_hours.csv']);
  assert.deepEqual(
    rowsOf(path.join(dir, '02-2_clinic_speciality_hours.csv')).map((r) => [r['診療科目コード'], r['診療科目名'], r['診療時間帯'], r['月_診療開始時間']]),
    [
      ['01001', '内科', '1', ''],
      ['01991', '漢方内科', '1', ''],
    ],
  );
  const back = await readWholeSnapshot(dir, { fiscalYear: FY });
  assert.deepEqual(back.facilities[0]!.values['basic.departments.departments'], [{ code: '01001' }, { code: '01991', text: '漢方内科' }]);
  assert.equal(back.facilities[0]!.values['basic.hours.hours'], undefined);

  await assert.rejects(writeSnapshot(tmp(), [clinic], { fiscalYear: FY, kinds: ['薬局'] }), /not being written/);
});

test('facilities from an async source, as the database hands them out', async () => {
  const { facilities } = await readWholeSnapshot(FIXTURE, { fiscalYear: FY });
  async function* published() {
    for (const f of facilities) if (f.kind === '薬局' || f.kind === '助産所') yield f;
  }
  const dir = tmp();
  const written = await writeSnapshot(dir, published(), { fiscalYear: FY, kinds: ['薬局', '助産所'] });
  assert.deepEqual(
    written.map((w) => [w.stem, w.rows]),
    [
      ['04_maternity_home', 1],
      ['05_pharmacy', 2],
    ],
  );
});
