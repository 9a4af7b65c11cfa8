import assert from 'node:assert/strict';
import fs from 'node:fs';
import { beforeEach, test } from 'node:test';
import iconv from 'iconv-lite';
import { forEachEngine } from '../testing/db.ts';
import { cryptoRandom } from '../platform/secrets.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { CSV_COLUMNS, decodeCsv, importInstitutions, institutionsCsv, parseInstitutionsCsv } from './csv.ts';
import { findInstitutionByCode, listInstitutions } from './repository.ts';
import { NAME_CORPUS } from '../platform/japanese/text.corpus.ts';

const HEADER = '機関区分,都道府県コード,機関コード,保険機関コード,機関名,フリガナ,市区町村コード,郵便番号,住所,建物名,電話番号,状態';
const ROWS = [
  '病院,27,H0001,2711234567,梅田総合病院,うめだそうごうびょういん,27127,530-0001,大阪市北区梅田1-1-1,梅田ビル5F,06-1234-5678,開設',
  '歯科診療所,27,D0001,,ｻｸﾗ歯科,サクラシカ,27127,５３００００１,大阪市北区梅田２－２,,０６－１２３４－０００１,',
  '薬局,13,P0001,1341234567,銀座薬局,ギンザヤッキョク,13102,104-0061,中央区銀座1-2-3,,03-1111-2222,開設',
];
const csv = (...rows: string[]) => Buffer.from([HEADER, ...rows].join('\r\n'), 'utf8');

test('the encoding is detected: UTF-8 (with or without BOM) or Shift_JIS from Excel', () => {
  assert.equal(decodeCsv(Buffer.from('\uFEFF機関区分', 'utf8')).text, '機関区分');
  assert.equal(decodeCsv(Buffer.from('機関区分', 'utf8')).encoding, 'utf-8');
  const sjis = decodeCsv(iconv.encode('機関区分,髙橋医院,①', 'cp932'));
  assert.equal(sjis.encoding, 'shift_jis');
  assert.equal(sjis.text, '機関区分,髙橋医院,①');
});

test('every bad row and column is reported with its line, and a quoted line break counts as a line', () => {
  const r = parseInstitutionsCsv(
    csv(
      ROWS[0]!,
      '診療所,27,C1,,"二行の\n名前",カナ,27127,5300001,住所,,06-1234-5678,開設',
      '病院,27,H0001,2711234567,重複,ジュウフク,27127,5300001,住所,,06-1234-5678,開設',
      'クリニック,99,,12,,漢字,99999,1008798x,,,abc,休止',
    ),
  );
  assert.equal(r.ok, false);
  if (r.ok) return;
  const at = (line: number) => r.problems.filter((p) => p.line === line).map((p) => p.column);
  assert.deepEqual(at(2), []);
  assert.deepEqual(at(3), []); // the quoted line break is fine: the row is well-formed
  assert.deepEqual(at(5), ['機関コード', '保険機関コード']);
  assert.deepEqual(
    r.problems.filter((p) => p.line === 5).map((p) => p.message),
    [MESSAGES['institution_csv.row.same_code'](2), MESSAGES['institution_csv.row.same_insurance_code'](2)],
  );
  assert.deepEqual(
    new Set(at(6)),
    new Set(['機関区分', '都道府県コード', '機関コード', '保険機関コード', '機関名', 'フリガナ', '市区町村コード', '郵便番号', '住所', '電話番号', '状態']),
  );
  assert.ok(r.problems.every((p) => p.message.length > 0));
});

test('a wrong header names what is missing or unknown', () => {
  const r = parseInstitutionsCsv(Buffer.from('機関区分,名前\n病院,x', 'utf8'));
  assert.equal(r.ok, false);
  if (r.ok) return;
  const headers = CSV_COLUMNS.map(([name]) => name).join(', ');
  assert.ok(r.problems.some((p) => p.column === '名前' && p.message === MESSAGES['institution_csv.header.unknown']('名前', headers)));
  assert.ok(r.problems.some((p) => p.column === '機関名' && p.message === MESSAGES['institution_csv.header.missing']('機関名')));
  assert.deepEqual(parseInstitutionsCsv(Buffer.alloc(0)), {
    ok: false,
    encoding: 'utf-8',
    problems: [{ line: 1, message: MESSAGES['institution_csv.empty'] }],
  });
});

forEachEngine('institutions CSV', (handle) => {
  const deps = () => ({ db: handle().db, random: cryptoRandom, now: Date.UTC(2026, 10, 21) });
  beforeEach(async () => {
    await handle().db.deleteFrom('institutions').execute();
  });

  test('imports normalised rows; a second import of the same file changes nothing; a changed row is updated', async () => {
    const first = await importInstitutions(deps(), csv(...ROWS));
    assert.deepEqual(first, { ok: true, encoding: 'utf-8', inserted: 3, updated: 0, unchanged: 0 });
    const dental = await findInstitutionByCode(handle().db, '27', 'D0001');
    assert.equal(dental?.name, 'サクラ歯科');
    assert.equal(dental?.postcode, '5300001');
    assert.equal(dental?.address, '大阪市北区梅田２－２');
    assert.equal(dental?.phone, '06-1234-0001');
    assert.equal(dental?.status, 'open');
    assert.equal(dental?.insurance_code, null);
    const hospital = await findInstitutionByCode(handle().db, '27', 'H0001');
    assert.equal(hospital?.name_kana, 'ウメダソウゴウビョウイン');
    assert.equal(hospital?.building, '梅田ビル５Ｆ');

    assert.deepEqual(await importInstitutions(deps(), csv(...ROWS)), { ok: true, encoding: 'utf-8', inserted: 0, updated: 0, unchanged: 3 });
    const changed = ROWS[2]!.replace(',開設', ',廃止');
    assert.deepEqual(await importInstitutions(deps(), csv(ROWS[0]!, ROWS[1]!, changed)), {
      ok: true,
      encoding: 'utf-8',
      inserted: 0,
      updated: 1,
      unchanged: 2,
    });
    assert.equal((await findInstitutionByCode(handle().db, '13', 'P0001'))?.status, 'closed');
    assert.equal((await findInstitutionByCode(handle().db, '27', 'H0001'))?.id, hospital?.id, 'an update keeps the id');
  });

  test('a file with one bad row applies nothing', async () => {
    const r = await importInstitutions(deps(), csv(ROWS[0]!, ROWS[1]!, ROWS[2]!.replace('13102', '27127')));
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.deepEqual(
        r.problems.map((p) => [p.line, p.column]),
        [[4, '市区町村コード']],
      );
    assert.deepEqual(await listInstitutions(handle().db), []);
  });

  test('a 保険機関コード held by another institution is refused; moving codes within one file is fine', async () => {
    await importInstitutions(deps(), csv(...ROWS));
    const clash = '病院,27,H0002,2711234567,別の病院,ベツノビョウイン,27127,5300001,住所,,06-1234-5678,開設';
    const r = await importInstitutions(deps(), csv(clash));
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.problems[0]!.message, MESSAGES['institution_csv.insurance_code.held']('梅田総合病院', 'H0001'));
    // H0001 gives its code to H0002 in the same file.
    const moved = await importInstitutions(deps(), csv(ROWS[0]!.replace('2711234567', ''), clash));
    assert.equal(moved.ok, true);
    assert.equal((await findInstitutionByCode(handle().db, '27', 'H0002'))?.insurance_code, '2711234567');
  });

  test('export writes the import’s format: UTF-8 with BOM or Shift_JIS, and both import back unchanged', async () => {
    await importInstitutions(deps(), csv(...ROWS));
    const rows = await listInstitutions(handle().db);
    const utf8 = institutionsCsv(rows);
    assert.deepEqual([...utf8.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.deepEqual(await importInstitutions(deps(), utf8.bytes), { ok: true, encoding: 'utf-8', inserted: 0, updated: 0, unchanged: 3 });
    const sjis = institutionsCsv(rows, 'shift_jis');
    assert.deepEqual(sjis.unencodable, []);
    assert.deepEqual(await importInstitutions(deps(), sjis.bytes), { ok: true, encoding: 'shift_jis', inserted: 0, updated: 0, unchanged: 3 });
  });

  test('real names keep their ー, 髙 and 﨑 through import, from UTF-8 and from Excel’s Shift_JIS', async () => {
    const row = (name: string, i: number) => `診療所,27,N${i},,${name},カナ,27127,5300001,梅田1ー2ー3,センタービル,06-1234-5678,開設`;
    for (const encoding of ['utf8', 'cp932']) {
      const encode = (s: string) => iconv.encode(s, encoding);
      // Shift_JIS cannot carry every name (𠮷): those are left out of that file.
      const names = NAME_CORPUS.filter(([typed]) => iconv.decode(encode(typed), encoding) === typed);
      const text = [HEADER, ...names.map(([typed], i) => row(typed, i))].join('\r\n');
      assert.equal((await importInstitutions(deps(), encode(text))).ok, true);
      for (const [typed, stored] of names) {
        const i = names.findIndex(([t]) => t === typed);
        const saved = await findInstitutionByCode(handle().db, '27', `N${i}`);
        assert.equal(saved?.name, stored, typed);
        assert.equal(saved?.address, '梅田１－２－３');
        assert.equal(saved?.building, 'センタービル');
      }
    }
  });

  test('the demo institutions come out of the import exactly as the file writes them', async () => {
    const bytes = fs.readFileSync(new URL('./demo-institutions.csv', import.meta.url));
    assert.equal((await importInstitutions(deps(), bytes)).ok, true);
    const [header, ...lines] = bytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => l.replace(/\r$/, '').split(','));
    const col = (name: string) => header!.indexOf(name);
    assert.ok(
      lines.some((l) => l[col('機関名')]!.includes('ー')),
      'the demo data has a name with ー',
    );
    for (const l of lines) {
      const saved = await findInstitutionByCode(handle().db, l[col('都道府県コード')]!, l[col('機関コード')]!);
      assert.deepEqual(
        [saved?.name, saved?.name_kana, saved?.address, saved?.building ?? ''],
        [l[col('機関名')], l[col('フリガナ')], l[col('住所')], l[col('建物名')]],
      );
    }
  });

  test('Shift_JIS export names the institutions whose text it cannot carry', async () => {
    await importInstitutions(deps(), csv(ROWS[0]!.replace('梅田総合病院', '梅田🏥病院')));
    const { unencodable } = institutionsCsv(await listInstitutions(handle().db), 'shift_jis');
    assert.deepEqual(unencodable, ['27:H0001 梅田🏥病院']);
  });
});
