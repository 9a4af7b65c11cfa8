// 報告状況 on both engines, against the hand-made fixture (src/testing/status-board-fixture.ts): the
// counts by state, 機関区分, 市区町村 and prefecture, 公表停止, the rate, the weeks of the window, the
// institutions behind a count a page at a time — and who sees which of them: a prefecture its own, a
// health centre its municipalities, an association only where report.review was delegated, the office
// every prefecture.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Account } from '../db/schema.ts';
import { ManualClock } from '../platform/clock.ts';
import { actorOf, Forbidden } from '../policies.ts';
import { forEachEngine } from '../testing/db.ts';
import { addAccount, clearReporting } from '../testing/reporting.ts';
import { BOARD_FY, BOARD_NOW, BOARD_WINDOW, seedStatusBoard, type BoardFixture } from '../testing/status-board-fixture.ts';
import { statusBoard, statusBoardAll, statusBoardList, type StatusCounts } from './status-board.ts';

const clock = new ManualClock(BOARD_NOW);
const counts = (total: number, unreported: number, draft: number, reported: number, accepted: number, stopped: number): StatusCounts => ({
  total,
  unreported,
  draft,
  reported,
  accepted,
  stopped,
  rate: total === 0 ? 0 : (reported + accepted) / total,
});
const medical = { fiscalYear: BOARD_FY, scheme: 'medical' } as const;
const page = { limit: 50, offset: 0 };

forEachEngine('報告状況', (handle) => {
  let fx: BoardFixture;
  let tokyo: Account;
  let osaka: Account;
  let centre: Account;
  let delegate: Account;
  let applicationsOnly: Account;
  let office: Account;
  const actor = (a: Account) => actorOf(handle().db, a);

  before(async () => {
    await clearReporting(handle());
    fx = await seedStatusBoard(handle(), clock);
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
    osaka = await addAccount(handle(), clock, '都道府県', { prefectureCode: '27' });
    centre = await addAccount(handle(), clock, '保健所', { prefectureCode: '13', municipalities: ['13103'] });
    delegate = await addAccount(handle(), clock, '関係団体', { delegated: [{ prefectureCode: '13', action: 'report.review' }] });
    applicationsOnly = await addAccount(handle(), clock, '関係団体', { delegated: [{ prefectureCode: '13', action: 'registration.review' }] });
    office = await addAccount(handle(), clock, '事務局');
  });

  test('a prefecture: every count of its open institutions, by 機関区分 and 市区町村', async () => {
    const b = await statusBoard(handle().db, await actor(tokyo), medical, BOARD_NOW);
    assert.deepEqual(b.total, counts(7, 2, 1, 2, 2, 1));
    assert.deepEqual(
      b.byKind.map((k) => [k.kind, k.counts]),
      [
        ['病院', counts(1, 0, 0, 0, 1, 1)],
        ['診療所', counts(6, 2, 1, 2, 1, 0)],
        ['歯科診療所', counts(0, 0, 0, 0, 0, 0)],
        ['助産所', counts(0, 0, 0, 0, 0, 0)],
      ],
    );
    assert.deepEqual(
      b.byMunicipality.map((m) => [m.municipalityCode, m.counts]),
      [
        ['13102', counts(5, 2, 1, 1, 1, 0)],
        ['13103', counts(2, 0, 0, 1, 1, 1)],
      ],
    );
    assert.deepEqual(
      b.byPrefecture.map((p) => p.prefectureCode),
      ['13'],
    );
    assert.equal(b.everywhere, false);
  });

  test('the weeks of the window: who had reported, and been accepted, by each week’s end', async () => {
    const b = await statusBoard(handle().db, await actor(tokyo), medical, BOARD_NOW);
    assert.deepEqual(b.window, { ...BOARD_WINDOW, own: true });
    assert.deepEqual(
      b.weeks.map((w) => [w.reported, w.accepted]),
      [
        [3, 1], // C, D and F (handed in before the window opened: its first week)
        [4, 1], // E
        [4, 2], // D accepted 1/20
        [4, 2],
      ],
    );
    assert.equal(b.weeks.at(-1)!.to, BOARD_NOW, 'the last week ends now');
    assert.equal(b.weeks.at(-1)!.rate, 4 / 7);
    // Before the window opens there are no weeks yet.
    assert.deepEqual((await statusBoard(handle().db, await actor(tokyo), medical, BOARD_WINDOW.opensAt - 1)).weeks, []);
  });

  test('薬局機能情報 counts the pharmacies only; another year counts nothing reported', async () => {
    const pharmacy = await statusBoard(handle().db, await actor(tokyo), { ...medical, scheme: 'pharmacy' }, BOARD_NOW);
    assert.deepEqual(pharmacy.total, counts(1, 0, 0, 1, 0, 0));
    assert.deepEqual(
      pharmacy.byKind.map((k) => k.kind),
      ['薬局'],
    );
    const lastYear = await statusBoard(handle().db, await actor(tokyo), { ...medical, fiscalYear: BOARD_FY - 1 }, BOARD_NOW);
    assert.deepEqual(lastYear.total, counts(7, 6, 0, 0, 1, 1), 'FY2025: only J had reported (accepted)');
    assert.equal(lastYear.window.own, false, 'no window set for FY2025: 1/1–3/31');
  });

  test('the institutions behind a count, a page at a time', async () => {
    const db = handle().db;
    const t = await actor(tokyo);
    const codes = async (status: Parameters<typeof statusBoardList>[2]['status'], extra = {}) =>
      (await statusBoardList(db, t, { ...medical, status, ...extra }, page)).rows.map((r) => r.institutionCode);
    assert.deepEqual(await codes('unreported'), ['SB0001', 'SB0010']);
    assert.deepEqual(await codes('draft'), ['SB0002']);
    assert.deepEqual(await codes('reported'), ['SB0003', 'SB0005']);
    assert.deepEqual(await codes('accepted'), ['SB0004', 'SB0006']);
    assert.deepEqual(await codes('stopped'), ['SB0004']);
    assert.deepEqual(await codes(undefined, { institutionKind: '診療所', municipalityCode: '13102' }), ['SB0001', 'SB0002', 'SB0005', 'SB0006', 'SB0010']);
    const second = await statusBoardList(db, t, { ...medical, status: 'unreported' }, { limit: 1, offset: 1 });
    assert.deepEqual(
      second.rows.map((r) => r.institutionCode),
      ['SB0010'],
    );
    assert.equal(second.total, 2);
    const d = (await statusBoardList(db, t, { ...medical, status: 'accepted' }, page)).rows[0]!;
    assert.equal(d.id, fx.institutions.D.id);
    assert.equal(d.stopped, true);
    assert.ok(d.submittedAt !== null && d.acceptedAt !== null && d.acceptedAt > d.submittedAt);
    // The CSV's chunks add up to the same list.
    const all: string[] = [];
    for await (const chunk of statusBoardAll(db, t, medical, 3)) all.push(...chunk.map((r) => r.institutionCode));
    assert.deepEqual(all, ['SB0001', 'SB0002', 'SB0003', 'SB0004', 'SB0005', 'SB0006', 'SB0010']);
  });

  test('a health centre sees its municipalities only', async () => {
    const c = await actor(centre);
    const b = await statusBoard(handle().db, c, medical, BOARD_NOW);
    assert.deepEqual(b.total, counts(2, 0, 0, 1, 1, 1));
    assert.deepEqual(
      b.byMunicipality.map((m) => m.municipalityCode),
      ['13103'],
    );
    // Asking for another municipality of the prefecture finds nothing.
    assert.equal((await statusBoardList(handle().db, c, { ...medical, municipalityCode: '13102' }, page)).total, 0);
  });

  test('an association sees a prefecture only where report.review was delegated', async () => {
    const b = await statusBoard(handle().db, await actor(delegate), medical, BOARD_NOW);
    assert.deepEqual(b.total, counts(7, 2, 1, 2, 2, 1));
    await assert.rejects(statusBoard(handle().db, await actor(applicationsOnly), medical, BOARD_NOW), Forbidden);
    await assert.rejects(statusBoardList(handle().db, await actor(applicationsOnly), medical, page), Forbidden);
  });

  test('another prefecture sees its own; the office every prefecture side by side', async () => {
    const o = await statusBoard(handle().db, await actor(osaka), medical, BOARD_NOW);
    assert.deepEqual(o.total, counts(1, 1, 0, 0, 0, 0));
    assert.deepEqual((await statusBoardList(handle().db, await actor(osaka), { ...medical, prefectureCode: '13' }, page)).total, 0);

    const all = await statusBoard(handle().db, await actor(office), medical, BOARD_NOW);
    assert.equal(all.everywhere, true);
    assert.equal(all.byPrefecture.length, 47);
    assert.deepEqual(all.byPrefecture.find((p) => p.prefectureCode === '13')!.counts, counts(7, 2, 1, 2, 2, 1));
    assert.deepEqual(all.byPrefecture.find((p) => p.prefectureCode === '27')!.counts, counts(1, 1, 0, 0, 0, 0));
    assert.deepEqual(all.byPrefecture.find((p) => p.prefectureCode === '01')!.counts, counts(0, 0, 0, 0, 0, 0));
    assert.deepEqual(all.total, counts(8, 3, 1, 2, 2, 1));
    assert.deepEqual(all.byMunicipality, [], 'the office picks a prefecture to see its municipalities');
    assert.equal(all.window.own, false);
    const one = await statusBoard(handle().db, await actor(office), { ...medical, prefectureCode: '13' }, BOARD_NOW);
    assert.deepEqual(one.total, counts(7, 2, 1, 2, 2, 1));
    assert.equal(one.byMunicipality.length, 2);
    assert.equal(one.window.own, true, 'one prefecture: its own window');
  });

  test('an institution’s own account has no board', async () => {
    const staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: fx.institutions.A.id });
    await assert.rejects(statusBoard(handle().db, await actor(staff), medical, BOARD_NOW), Forbidden);
  });
});
