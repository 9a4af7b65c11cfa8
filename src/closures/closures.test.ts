// 臨時休診一括処理 on both engines: each row's problems with line and column (unknown code, bad and
// impossible dates, end before start, a past range, overlapping rows, out of reach, 区分 and 変更後の時間),
// nothing written while any row is wrong; a batch applied all at once with its audit event; two submits
// of one form at once apply once; undo removes exactly that batch's closures (once); 急いで探す leaves a
// closed facility out and finds it again after the undo; CSV in UTF-8 with a BOM and in Shift_JIS.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import iconv from 'iconv-lite';
import type { Account, Institution } from '../db/schema.ts';
import { actorOf, Forbidden } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { jstMidnight } from '../reporting/fiscal-year.ts';
import { facilityIdOf } from '../reporting/publication.ts';
import { searchFacilities } from '../search/query.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { publishOpenClinic } from '../testing/closures.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN } from '../testing/reporting.ts';
import type { ClosureRowInput } from './closure.ts';
import { parseHours, parseDay } from './closure.ts';
import { applyClosureRows, checkClosureRows, importClosureCsv, undoClosureBatch } from './closures.ts';
import { noticeOfClosures } from './notice.ts';

// Thursday 2026-12-10, 10:00 in Japan.
const clock = { ms: jstMidnight(2026, 12, 10) + 10 * 3_600_000, now: () => clock.ms };
const KEY = () => `key-${Math.random().toString(36).slice(2)}-${Date.now()}`;

const row = (line: number, code: string, startsOn = '2026-12-29', endsOn = '2027-01-03', mode = '休診', hours = '', note = ''): ClosureRowInput => ({
  line,
  code,
  startsOn,
  endsOn,
  mode,
  hours,
  note,
});

test('days and hours as typed', () => {
  assert.equal(parseDay('2026/1/3'), '2026-01-03');
  assert.equal(parseDay('２０２６－１２－２９'), '2026-12-29');
  assert.equal(parseDay('2026-02-30'), 'invalid');
  assert.equal(parseDay('12/29'), 'format');
  assert.deepEqual(parseHours('10:00-15:00'), [{ start: 600, end: 900 }]);
  assert.deepEqual(parseHours('１４：００〜１７：００、9:00～12:00'), [
    { start: 540, end: 720 },
    { start: 840, end: 1020 },
  ]);
  assert.equal(parseHours('15:00-10:00'), 'order');
  assert.equal(parseHours('9:00-12:00,11:00-13:00'), 'overlap');
  assert.equal(parseHours('9:00-10:00,11:00-12:00,13:00-14:00'), 'too_many');
  assert.equal(parseHours('朝'), 'format');
});

forEachEngine('closures', (handle) => {
  const deps = (): Ports => testDeps(handle(), clock);
  let a: Institution;
  let b: Institution;
  let away: Institution;
  let osaka: Institution;
  let gone: Institution;
  let tokyo: Account;
  let centre: Account;
  const actor = (acc: Account) => actorOf(handle().db, acc);
  const closures = async () => (await handle().db.selectFrom('temporary_closures').selectAll().orderBy('id').execute()).length;

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 12, 10) + 10 * 3_600_000;
    await handle().db.deleteFrom('temporary_closures').execute();
    await handle().db.deleteFrom('closure_batches').execute();
    await clearReporting(handle());
    a = await addInstitution(handle(), clock, { institution_code: '1000000001', municipality_code: '13102' });
    b = await addInstitution(handle(), clock, { institution_code: '1000000002', municipality_code: '13102', kind: '薬局' });
    away = await addInstitution(handle(), clock, { institution_code: '1000000003', municipality_code: '13103' });
    osaka = await addInstitution(handle(), clock, { institution_code: '1000000004', prefecture_code: '27', municipality_code: '27127' });
    gone = await addInstitution(handle(), clock, { institution_code: '1000000005', status: 'closed' });
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
    centre = await addAccount(handle(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
  });

  test('every row checked, each problem with its line and column in Japanese; nothing written', async () => {
    const rows = [
      row(2, '9999999999'),
      row(3, '1000000001', '2026-13-01', '2027/1/3'),
      row(4, '1000000001', '2027-01-05', '2027-01-04'),
      row(5, '1000000002', '2026-12-01', '2026-12-05'),
      row(6, facilityIdOf(osaka)!),
      row(7, '1000000005'),
      row(8, '1000000002', '2026-12-28', '2026-12-28', '時間変更'),
      row(9, '1000000002', '2026-12-27', '2026-12-27', '休み', '9:00-12:00'),
      row(10, '1000000002', '2026-12-26', '2026-12-26', '開店'),
      row(11, 'ABC-1'),
      row(12, '1000000001', '2026-12-20', '2026-12-21'),
      row(13, '1000000001', '2026-12-21', '2026-12-22'),
    ];
    const r = await checkClosureRows(deps(), await actor(tokyo), rows);
    assert.equal(r.ok, false);
    const problems = r.ok ? [] : r.problems.map((p) => [p.line, p.column, p.message]);
    assert.deepEqual(problems, [
      [2, '機関コード', 'この機関コードの医療機関・薬局は、医療機関マスタにありません。'],
      [3, '開始日', '開始日がありえない日付です（月や日を確かめてください）。'],
      [4, '終了日', '終了日が開始日より前になっています。'],
      [5, '終了日', '終了日が過ぎています。今日以降の日にしてください。'],
      [6, '機関コード', '管轄外の医療機関・薬局です。ご自身の管轄の機関だけを登録できます。'],
      [7, '機関コード', 'この医療機関・薬局は廃止されています。'],
      [8, '変更後の時間', '時間変更の行には、変更後の時間を「10:00-15:00」の形で入力してください。'],
      [9, '変更後の時間', '休診の行には、変更後の時間を入れないでください（区分を「時間変更」にするか、時間を消してください）。'],
      [10, '区分', '区分は「休診」か「時間変更」のどちらかで入力してください。'],
      [11, '機関コード', '機関コードは10桁までの英数字（医療機関マスタの機関コード）か、13桁の医療情報ネットのID（オープンデータのID）で入力してください。'],
      [13, '開始日', '12行目と同じ医療機関・薬局で、期間が重なっています。1つの行にまとめてください。'],
    ]);
    const applied = await applyClosureRows(deps(), await actor(tokyo), rows, { key: KEY(), reason: '災害', source: 'csv' }, ORIGIN);
    assert.equal(applied.ok, false);
    assert.equal(await closures(), 0);
    assert.equal((await handle().db.selectFrom('closure_batches').selectAll().execute()).length, 0);
  });

  test('a health centre: its municipalities only; an association or the office: not at all', async () => {
    const r = await checkClosureRows(deps(), await actor(centre), [row(2, '1000000001'), row(3, '1000000003')]);
    assert.deepEqual(r.ok ? [] : r.problems.map((p) => [p.line, p.message]), [[3, '管轄外の医療機関・薬局です。ご自身の管轄の機関だけを登録できます。']]);
    const office = await addAccount(handle(), clock, '事務局', { prefectureCode: null });
    await assert.rejects(checkClosureRows(deps(), await actor(office), [row(2, '1000000001')]), Forbidden);
    void away;
  });

  test('applied all at once as one batch, with its audit event; then a range that overlaps it is refused; undo removes exactly it, once', async () => {
    const me = await actor(tokyo);
    const first = await applyClosureRows(
      deps(),
      me,
      [row(2, '1000000001'), row(3, facilityIdOf(b)!, '2026-12-28', '2026-12-28', '時間変更', '9:00-12:00', '午前のみ')],
      { key: KEY(), reason: '年末年始', source: 'csv' },
      ORIGIN,
    );
    assert.ok(first.ok && !first.repeated, JSON.stringify(first));
    const other = await applyClosureRows(deps(), me, [row(2, '1000000002', '2027-02-01', '2027-02-01')], { key: KEY(), reason: '災害', source: 'csv' }, ORIGIN);
    assert.ok(other.ok);
    assert.equal(await closures(), 3);
    const overlap = await checkClosureRows(deps(), me, [row(2, '1000000001', '2027-01-03', '2027-01-04')]);
    assert.deepEqual(overlap.ok ? [] : overlap.problems.map((p) => p.message), [
      'すでに登録されている臨時休診（2026年12月29日〜2027年1月3日）と期間が重なっています。先にその一括処理を取り消すか、期間を変えてください。',
    ]);
    const notice = await noticeOfClosures(handle().db, facilityIdOf(b)!, jstMidnight(2026, 12, 20));
    assert.deepEqual(
      notice.map((n) => [n.startsOn, n.mode, n.hours, n.note]),
      [['2026-12-28', 'hours', '9:00〜12:00', '午前のみ']],
      'shown from two weeks before (2027-02-01 not yet)',
    );

    assert.deepEqual(await undoClosureBatch(deps(), me, first.batch.id, ORIGIN), { ok: true, deleted: 2 });
    assert.deepEqual(await undoClosureBatch(deps(), me, first.batch.id, ORIGIN), { ok: false, problem: 'already_undone' });
    assert.equal(await closures(), 1, "the other batch's closure stays");
    const events = (await handle().db.selectFrom('audit_events').select('type').orderBy('id').execute()).map((e) => e.type);
    assert.deepEqual(
      events.filter((t) => t.startsWith('closure.')),
      ['closure.batch_applied', 'closure.batch_applied', 'closure.batch_undone'],
    );
    // Another health centre's batch is not this one's to undo.
    const theirs = await applyClosureRows(
      deps(),
      await actor(centre),
      [row(2, '1000000001', '2027-03-01', '2027-03-01')],
      { key: KEY(), reason: 'その他', source: 'filter' },
      ORIGIN,
    );
    assert.ok(theirs.ok);
    const otherCentre = await addAccount(handle(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    await assert.rejects(undoClosureBatch(deps(), await actor(otherCentre), theirs.batch.id, ORIGIN), Forbidden);
    assert.deepEqual(await undoClosureBatch(deps(), me, theirs.batch.id, ORIGIN), { ok: true, deleted: 1 });
  });

  test('two submits of one form at once apply once', async () => {
    const me = await actor(tokyo);
    const key = KEY();
    const rows = [row(2, '1000000001'), row(3, '1000000002')];
    const results = await Promise.all([1, 2, 3].map(() => applyClosureRows(deps(), me, rows, { key, reason: '災害', source: 'csv' }, ORIGIN)));
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results),
    );
    const ids = new Set(results.map((r) => (r.ok ? r.batch.id : '')));
    assert.equal(ids.size, 1);
    assert.equal(results.filter((r) => r.ok && !r.repeated).length, 1);
    assert.equal(await closures(), 2);
  });

  test('a CSV in UTF-8 with a BOM and in Shift_JIS; a dry run writes nothing', async () => {
    const me = await actor(tokyo);
    const csv = '機関コード,開始日,終了日,区分,変更後の時間,備考\r\n1000000001,2026/12/29,2027/1/3,休診,,年末年始\r\n';
    const dry = await importClosureCsv(deps(), me, Buffer.from(`\uFEFF${csv}`), { key: KEY(), reason: '年末年始', dryRun: true }, ORIGIN);
    assert.ok(dry.ok && 'closures' in dry && dry.closures.length === 1);
    assert.equal(await closures(), 0);
    const sjis = await importClosureCsv(deps(), me, iconv.encode(csv, 'cp932'), { key: KEY(), reason: '年末年始', dryRun: false }, ORIGIN);
    assert.ok(sjis.ok && 'batch' in sjis);
    const stored = await handle().db.selectFrom('temporary_closures').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual([stored.starts_on, stored.ends_on, stored.note, stored.reason], ['2026-12-29', '2027-01-03', '年末年始', '年末年始']);
    const bad = await importClosureCsv(deps(), me, Buffer.from('機関コード,開始,終了日\n1\n'), { key: KEY(), reason: '災害', dryRun: false }, ORIGIN);
    assert.deepEqual(bad.ok ? [] : 'problems' in bad ? bad.problems.map((p) => [p.line, p.column ?? '']) : [], [
      [1, ''],
      [1, '開始日'],
      [1, '区分'],
    ]);
  });

  test('急いで探す leaves the closed facility out while closed, and finds it again after the undo', async () => {
    const me = await actor(tokyo);
    const facilityId = facilityIdOf(a)!;
    await publishOpenClinic(handle(), clock, a);
    const openAt = (iso: string) => searchFacilities(handle().db, { pref: '13', openAt: Date.parse(iso) }).then((r) => r.results.map((x) => x.id));
    // Asked before the batch, so the cache holds an answer: the batch's new generation must end it.
    assert.deepEqual(await openAt('2026-12-30T10:00:00+09:00'), [facilityId]);
    const batch = await applyClosureRows(deps(), me, [row(2, '1000000001')], { key: KEY(), reason: '年末年始', source: 'csv' }, ORIGIN);
    assert.ok(batch.ok);
    assert.deepEqual(await openAt('2026-12-30T10:00:00+09:00'), []);
    assert.deepEqual(await openAt('2027-01-04T10:00:00+09:00'), [facilityId], 'after the range');
    await undoClosureBatch(deps(), me, batch.batch.id, ORIGIN);
    assert.deepEqual(await openAt('2026-12-30T10:00:00+09:00'), [facilityId], 'after the undo');
    await handle().db.deleteFrom('search_hours').execute();
    await handle().db.deleteFrom('search_facilities').execute();
  });
});
