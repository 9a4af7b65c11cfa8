// The public search on both engines: a small published data set (written through the publication
// repository as an open-data snapshot would publish it), indexed, and searched by keyword (1, 2 and
// 3+ characters; 全角/半角, カタカナ/ひらがな, 髙/高), kind, place, departments, 他の項目, open at a
// moment (weekday, 第n週, a national holiday, bands over midnight, 休止), near a point; and the same
// queries give the same answers on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatabaseHandle } from '../db/database.ts';
import type { InstitutionKind } from '../db/schema.ts';
import { facilityIdOf } from '../reporting/publication.ts';
import { insertPublication, markStopped, setSuspendedSince, upsertPublishedFacility } from '../reporting/publication-repository.ts';
import type { ClosedDays, ChosenCode, Day, ReportValues, Span, Timetable } from '../reporting/catalogue/types.ts';
import { SINGLE_ROW } from '../reporting/catalogue/types.ts';
import { forEachEngine, openTestDatabase, postgresProblem } from '../testing/db.ts';
import { addInstitution, clearReporting } from '../testing/reporting.ts';
import { insertBatch } from '../closures/closure-repository.ts';
import { nextGeneration } from './generation-repository.ts';
import { indexFacilities, rebuildIndex } from './indexer.ts';
import { countIndexed } from './index-repository.ts';
import { parseSearchQuery, searchFacilities, type SearchQuery } from './query.ts';

const clock = { now: () => Date.parse('2026-04-15T09:00:00+09:00') };

interface Fixture {
  key: string;
  code: string;
  kind: InstitutionKind;
  pref: string;
  city: string;
  name: string;
  kana: string;
  address: string;
  at?: [number, number];
  depts?: Array<string | ChosenCode>;
  /** Bands: days and a span (診療, or 開店 / 就業 by kind). */
  hours?: Array<[Day[], Span]>;
  /** Per department code: its own bands (else every department has `hours`). */
  deptHours?: Record<string, Array<[Day[], Span]>>;
  closed?: Partial<ClosedDays>;
  extra?: ReportValues;
  suspended?: string;
  stopped?: boolean;
}

const WEEKDAYS: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY: Day[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'hol'];

const FIXTURES: Fixture[] = [
  {
    key: 'A',
    code: 'C0000001',
    kind: '診療所',
    pref: '13',
    city: '13103',
    name: '髙橋内科クリニック',
    kana: 'タカハシナイカクリニック',
    address: '東京都港区六本木1-1-1',
    at: [35.66, 139.73],
    depts: ['01001'],
    hours: [
      [WEEKDAYS, ['09:00', '12:00']],
      [
        [...WEEKDAYS, 'sat'],
        ['14:00', '18:00'],
      ],
    ],
    closed: { weekly: ['sun'], holidays: true },
    extra: {
      'access.parking.available': true,
      'services.languages.by_language': { en: { acceptance: 'yes' }, ko: { acceptance: 'no' } },
      'care.equipment.equipment': [{ code: 'ct' }],
    },
  },
  {
    key: 'B',
    code: 'C0000002',
    kind: '診療所',
    pref: '13',
    city: '13103',
    name: '医療法人社団 田中会 田中クリニック',
    kana: 'イリョウホウジンシャダン タナカカイ タナカクリニック',
    address: '東京都港区芝2-2-2',
    at: [35.65, 139.75],
    depts: ['05001'],
    hours: [
      [
        [...WEEKDAYS, 'sat'],
        ['09:00', '13:00'],
      ],
    ],
    closed: { weekly: ['sun'], nth: [{ week: 2, day: 'thu' }], holidays: true },
  },
  {
    key: 'C',
    code: 'C0000003',
    kind: '診療所',
    pref: '13',
    city: '13104',
    name: '医療法人社団 田中会 みどりクリニック',
    kana: 'イリョウホウジンシャダン タナカカイ ミドリクリニック',
    address: '東京都新宿区西新宿3-3-3',
    at: [35.69, 139.69],
    depts: ['03001'],
    hours: [
      [WEEKDAYS, ['09:00', '17:00']],
      [['hol'], ['10:00', '12:00']],
    ],
    closed: { weekly: ['sun'], holidays: false },
  },
  {
    key: 'D',
    code: 'C0000004',
    kind: '診療所',
    pref: '13',
    city: '13113',
    name: 'ＡＢＣクリニック',
    kana: 'エービーシークリニック',
    address: '東京都渋谷区渋谷4-4',
    depts: ['06001'],
    hours: [[WEEKDAYS, ['10:00', '19:30']]],
    closed: { weekly: ['sat', 'sun'], holidays: true },
  },
  {
    key: 'E',
    code: 'C0000005',
    kind: '診療所',
    pref: '27',
    city: '27127',
    name: '山﨑循環器クリニック',
    kana: 'ヤマザキジュンカンキクリニック',
    address: '大阪府大阪市北区梅田5-5',
    at: [34.7, 135.5],
    depts: ['01017'],
    hours: [[WEEKDAYS, ['09:00', '17:00']]],
    closed: { holidays: true },
  },
  {
    key: 'F',
    code: 'P0000006',
    kind: '薬局',
    pref: '13',
    city: '13103',
    name: 'さくら薬局 六本木店',
    kana: 'サクラヤッキョク ロッポンギテン',
    address: '東京都港区六本木6-6',
    at: [35.663, 139.731],
    hours: [
      [['mon'], ['19:00', '07:00']],
      [['wed'], ['09:00', '18:00']],
    ],
    closed: { weekly: ['tue'], holidays: false },
    extra: { 'services.languages.by_language': { en: { availability: 'yes' } } },
  },
  {
    key: 'G',
    code: 'H0000007',
    kind: '病院',
    pref: '13',
    city: '13103',
    name: '港区総合病院',
    kana: 'ミナトクソウゴウビョウイン',
    address: '東京都港区虎ノ門7-7',
    at: [35.672, 139.75],
    depts: ['09010', '01001', { code: '09991', text: '総合診療科' }],
    deptHours: { '09010': [[EVERY_DAY, ['00:00', '24:00']]], '01001': [[WEEKDAYS, ['09:00', '17:00']]] },
    // 休診 on Sundays and 祝日 says the outpatient clinic; 救急科's hours win
    closed: { weekly: ['sun'], holidays: true },
    extra: { 'links.second_opinion.offers': true, 'care.specialists.by_specialty': { internal: { count: 2 }, surgery: { count: 0 } } },
  },
  {
    key: 'H',
    code: 'C0000008',
    kind: '診療所',
    pref: '13',
    city: '13103',
    name: '区北診療所',
    kana: 'クキタシンリョウジョ',
    address: '東京都港区芝8',
  },
  {
    key: 'I',
    code: 'C0000009',
    kind: '診療所',
    pref: '13',
    city: '13103',
    name: 'ひまわり医院',
    kana: 'ヒマワリイイン',
    address: '東京都港区六本木9-9',
    at: [35.661, 139.731],
    depts: ['01001'],
    hours: [[WEEKDAYS, ['09:00', '18:00']]],
    suspended: '2026-04-01',
  },
  {
    key: 'J',
    code: 'C0000010',
    kind: '診療所',
    pref: '13',
    city: '13103',
    name: '停止中眼科',
    kana: 'テイシチュウガンカ',
    address: '東京都港区六本木10',
    depts: ['05001'],
    stopped: true,
  },
  {
    key: 'K',
    code: 'M0000011',
    kind: '助産所',
    pref: '27',
    city: '27128',
    name: 'さくら助産院',
    kana: 'サクラジョサンイン',
    address: '大阪府大阪市中央区大手前6-6',
    at: [34.684, 135.52],
    hours: [
      [
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
        ['09:00', '17:00'],
      ],
    ],
    closed: { holidays: false },
  },
  {
    key: 'L',
    code: 'D0000012',
    kind: '歯科診療所',
    pref: '13',
    city: '13103',
    name: '德永歯科医院',
    kana: 'トクナガシカイイン',
    address: '東京都港区赤坂12',
    at: [35.664, 139.738],
    depts: ['08001'],
    hours: [[WEEKDAYS, ['09:00', '17:00']]],
    closed: { weekly: ['sun'], holidays: true },
  },
];

const PART: Record<InstitutionKind, 'care' | 'open' | 'work'> = { 病院: 'care', 診療所: 'care', 歯科診療所: 'care', 助産所: 'work', 薬局: 'open' };

function valuesOf(f: Fixture): ReportValues {
  const part = PART[f.kind];
  const bands = (list: Array<[Day[], Span]>) => list.map(([days, span]) => Object.fromEntries(days.map((d) => [d, { [part]: span }])));
  const depts: ChosenCode[] = (f.depts ?? []).map((d) => (typeof d === 'string' ? { code: d } : d));
  const timetable: Timetable =
    f.kind === '薬局' || f.kind === '助産所'
      ? { rows: [{ code: SINGLE_ROW, bands: bands(f.hours ?? []) }] }
      : { rows: depts.map((d) => ({ code: d.code, bands: bands(f.deptHours?.[d.code] ?? f.hours ?? []) })) };
  const closed: ClosedDays = { weekly: [], nth: [], holidays: false, other: '', ...f.closed };
  const hoursPath = f.kind === '助産所' ? 'basic.work_hours.hours' : 'basic.hours.hours';
  const closedPath = f.kind === '助産所' ? 'basic.work_days.closed' : 'basic.days.closed';
  return {
    'basic.name.official': f.name,
    'basic.name.official_kana': f.kana,
    'basic.location.address': f.address,
    ...(f.at ? { 'basic.location.latitude': f.at[0], 'basic.location.longitude': f.at[1] } : {}),
    ...(depts.length ? { 'basic.departments.departments': depts } : {}),
    [hoursPath]: timetable,
    [closedPath]: closed,
    ...f.extra,
  };
}

/** Publishes every fixture as an open-data snapshot would (no report), then indexes them; facility IDs by key. */
async function publishFixtures(h: DatabaseHandle): Promise<Map<string, string>> {
  await clearReporting(h);
  const ids = new Map<string, string>();
  for (const f of FIXTURES) {
    const inst = await addInstitution(h, clock, {
      kind: f.kind,
      prefecture_code: f.pref,
      municipality_code: f.city,
      institution_code: f.code,
      name: f.name,
      name_kana: f.kana,
      address: f.address,
    });
    const facilityId = facilityIdOf(inst)!;
    ids.set(f.key, facilityId);
    const publicationId = `pub-${f.key}`;
    await insertPublication(h.db, {
      id: publicationId,
      institution_id: inst.id,
      report_id: null,
      report_version: null,
      source: 'opendata',
      catalogue: f.kind === '薬局' ? '2025:pharmacy' : '2025:medical',
      values: JSON.stringify(valuesOf(f)),
      published_at: clock.now(),
      published_by: null,
    });
    await upsertPublishedFacility(h.db, {
      institution_id: inst.id,
      facility_id: facilityId,
      kind: f.kind,
      prefecture_code: f.pref,
      municipality_code: f.city,
      name: f.name,
      name_kana: f.kana,
      name_en: null,
      publication_id: publicationId,
      published_at: clock.now(),
      withheld: null,
      updated_at: clock.now(),
    });
    if (f.suspended) await setSuspendedSince(h.db, inst.id, f.suspended, clock.now());
    if (f.stopped) await markStopped(h.db, inst.id, clock.now(), '確認中');
  }
  await h.db.transaction().execute((trx) => indexFacilities(trx, [...ids.values()]));
  await addClosures(h, ids);
  return ids;
}

/** 臨時休診 (src/closures/): C closed on Wednesday 20 and Thursday 21 May 2026, D open 13:00–15:00 on the 20th only, F closed on Monday 18 May. */
async function addClosures(h: DatabaseHandle, ids: Map<string, string>): Promise<void> {
  const row = (n: number, key: string, startsOn: string, endsOn: string, hours?: [number, number]) => ({
    id: `closures-${n}`,
    batch_id: 'closures',
    institution_id: key,
    facility_id: ids.get(key)!,
    starts_on: startsOn,
    ends_on: endsOn,
    mode: hours ? ('hours' as const) : ('closed' as const),
    reason: '災害',
    note: null,
    open1: hours?.[0] ?? null,
    close1: hours?.[1] ?? null,
    open2: null,
    close2: null,
  });
  const batch = {
    id: 'closures',
    prefecture_code: '13',
    created_by: 'test',
    created_at: clock.now(),
    idempotency_key: 'search-test-closures',
    source: 'csv' as const,
    reason: '災害',
    closures: 3,
    undone_at: null,
    undone_by: null,
  };
  await h.db.transaction().execute(async (trx) => {
    await insertBatch(trx, batch, [
      row(1, 'C', '2026-05-20', '2026-05-21'),
      row(2, 'D', '2026-05-20', '2026-05-20', [780, 900]),
      row(3, 'F', '2026-05-18', '2026-05-18'),
    ]);
    await nextGeneration(trx);
  });
}

const at = (iso: string) => Date.parse(iso);

/** The queries both engines answer, with the fixtures each must find (in order where `ordered`). */
const CASES: Array<{ name: string; query: SearchQuery; expect: string[]; ordered?: boolean; total?: number }> = [
  { name: 'a 1-character term: 眼 (a department name)', query: { q: '眼' }, expect: ['B'] },
  { name: 'a 2-character term: 内科, the own name first, then by フリガナ', query: { q: '内科' }, expect: ['A', 'I', 'G', 'E'], ordered: true },
  { name: 'a 2-character place: 港区, the name that starts with it first', query: { q: '港区' }, expect: ['G', 'H', 'F', 'A', 'B', 'L', 'I'], ordered: true },
  { name: '全角 ＡＢＣ', query: { q: 'ＡＢＣ' }, expect: ['D'] },
  { name: '半角 abc', query: { q: 'abc' }, expect: ['D'] },
  { name: '半角カナ ﾀｶﾊｼ', query: { q: 'ﾀｶﾊｼ' }, expect: ['A'] },
  { name: 'ひらがな たかはし', query: { q: 'たかはし' }, expect: ['A'] },
  { name: '高橋 finds 髙橋', query: { q: '高橋' }, expect: ['A'] },
  { name: '山崎 finds 山﨑', query: { q: '山崎' }, expect: ['E'] },
  { name: '徳永 finds 德永', query: { q: '徳永' }, expect: ['L'] },
  { name: '田中: the own name before the corporation name', query: { q: '田中' }, expect: ['B', 'C'], ordered: true },
  { name: 'a 3-character term: 循環器 (a department name)', query: { q: '循環器' }, expect: ['E'] },
  { name: 'その他 by its text: 総合診療', query: { q: '総合診療' }, expect: ['G'] },
  { name: 'bigrams from two fields are not a match: 港区北', query: { q: '港区北' }, expect: [] },
  { name: 'two terms: both', query: { q: '港区　内科' }, expect: ['G', 'A', 'I'], ordered: true },
  { name: 'kind', query: { kinds: ['薬局'] }, expect: ['F'] },
  { name: 'kinds (any)', query: { kinds: ['病院', '歯科診療所'] }, expect: ['G', 'L'] },
  { name: 'prefecture', query: { pref: '27' }, expect: ['E', 'K'] },
  { name: 'municipality', query: { city: '13104' }, expect: ['C'] },
  { name: 'departments (any)', query: { depts: ['05001', '03001'] }, expect: ['B', 'C'] },
  { name: 'a department name typed as a keyword finds it by code too', query: { q: '小児科' }, expect: ['C'] },
  { name: 'department and prefecture', query: { depts: ['01001'], pref: '13' }, expect: ['A', 'G', 'I'] },
  { name: 'parking', query: { features: ['parking'] }, expect: ['A'] },
  { name: 'a language (either scheme)', query: { languages: ['en'] }, expect: ['A', 'F'] },
  { name: 'a language not offered', query: { languages: ['ko'] }, expect: [] },
  { name: 'equipment', query: { equipment: ['ct'] }, expect: ['A'] },
  { name: 'specialists (a count of 0 is none)', query: { specialists: ['internal'] }, expect: ['G'] },
  { name: 'specialists none', query: { specialists: ['surgery'] }, expect: [] },
  { name: 'second opinion', query: { features: ['second_opinion'] }, expect: ['G'] },
  { name: '夜間', query: { features: ['night'] }, expect: ['D', 'F', 'G'] },
  { name: '日曜・祝日', query: { features: ['holiday'] }, expect: ['C', 'G', 'K'] },
  { name: 'open on a first Thursday 10:00', query: { openAt: at('2026-05-07T10:00:00+09:00') }, expect: ['A', 'B', 'C', 'D', 'E', 'G', 'K', 'L'] },
  { name: 'open on the second Thursday (第2木曜 closed)', query: { openAt: at('2026-05-14T10:00:00+09:00') }, expect: ['A', 'C', 'D', 'E', 'G', 'K', 'L'] },
  { name: 'open on a national holiday (祝 hours; no 祝 hours is closed)', query: { openAt: at('2026-05-04T11:00:00+09:00') }, expect: ['C', 'G'] },
  { name: 'open on a Sunday: 休診 says the flag, 救急科 has a band — the hours win', query: { openAt: at('2026-05-10T10:00:00+09:00') }, expect: ['G', 'K'] },
  { name: 'open late on Monday', query: { openAt: at('2026-05-11T23:00:00+09:00') }, expect: ['F', 'G'] },
  { name: "open at 01:00 on a closed Tuesday: Monday's band runs past midnight", query: { openAt: at('2026-05-12T01:00:00+09:00') }, expect: ['F', 'G'] },
  { name: 'open at 01:00 on Wednesday: no band from Tuesday', query: { openAt: at('2026-05-13T01:00:00+09:00') }, expect: ['G'] },
  { name: 'after a holiday Monday: its 祝 column, not Monday night', query: { openAt: at('2026-05-05T01:00:00+09:00') }, expect: ['G'] },
  {
    name: '臨時休診: C closed, D open only in its changed hours (13:00–15:00)',
    query: { openAt: at('2026-05-20T10:00:00+09:00') },
    expect: ['A', 'B', 'E', 'F', 'G', 'K', 'L'],
  },
  { name: '臨時休診: in the changed hours D is open', query: { openAt: at('2026-05-20T14:00:00+09:00') }, expect: ['A', 'D', 'E', 'F', 'G', 'K', 'L'] },
  { name: "臨時休診 on Monday: F's band past midnight does not run into Tuesday", query: { openAt: at('2026-05-19T01:00:00+09:00') }, expect: ['G'] },
  {
    name: '臨時休診 over: the usual hours again the day after',
    query: { openAt: at('2026-05-22T10:00:00+09:00') },
    expect: ['A', 'B', 'C', 'D', 'E', 'G', 'K', 'L'],
  },
  { name: 'the end of a band is closed', query: { openAt: at('2026-05-07T19:30:00+09:00') }, expect: ['G'] },
  { name: 'open now in 港区 with 内科', query: { q: '内科', city: '13103', openAt: at('2026-05-07T10:00:00+09:00') }, expect: ['A', 'G'], ordered: true },
  {
    name: 'near a point, by distance (no coordinates: not by radius)',
    query: { near: { lat: 35.66, lon: 139.73, radiusKm: 3 }, sort: 'distance' },
    expect: ['A', 'I', 'F', 'L', 'B', 'G'],
    ordered: true,
  },
  { name: 'near, within 0.5 km', query: { near: { lat: 35.66, lon: 139.73, radiusKm: 0.5 } }, expect: ['A', 'I', 'F'], ordered: true },
  {
    name: 'by distance without a radius: those without coordinates last',
    query: { pref: '13', near: { lat: 35.66, lon: 139.73 }, sort: 'distance' },
    expect: ['A', 'I', 'F', 'L', 'B', 'G', 'C', 'D', 'H'],
    ordered: true,
  },
  {
    name: 'by name (フリガナ, the legal-entity prefix left out)',
    query: { pref: '13', sort: 'name' },
    expect: ['D', 'H', 'F', 'A', 'B', 'L', 'I', 'C', 'G'],
    ordered: true,
  },
  { name: 'a page', query: { pref: '13', sort: 'name', perPage: 3, page: 2 }, expect: ['A', 'B', 'L'], ordered: true, total: 9 },
  { name: 'a page past the end', query: { pref: '13', page: 9, perPage: 3 }, expect: [], total: 9 },
];

forEachEngine('search', (handle) => {
  let ids: Map<string, string>;
  const keyOf = (id: string) => [...ids].find(([, v]) => v === id)?.[0] ?? id;

  before(async () => {
    ids = await publishFixtures(handle());
  });

  test('the index holds the visible records only (not the stopped one)', async () => {
    assert.equal(await countIndexed(handle().db), FIXTURES.length - 1);
  });

  for (const c of CASES) {
    test(c.name, async () => {
      const answer = await searchFacilities(handle().db, c.query);
      const keys = answer.results.map((r) => keyOf(r.id));
      assert.deepEqual(c.ordered ? keys : [...keys].sort(), c.ordered ? c.expect : [...c.expect].sort());
      assert.equal(answer.total, c.total ?? c.expect.length);
    });
  }

  test('a result: shown fields, departments by code, distance from the point', async () => {
    const { results } = await searchFacilities(handle().db, { q: '総合病院', near: { lat: 35.66, lon: 139.73 } });
    assert.equal(results.length, 1);
    const g = results[0]!;
    assert.equal(g.id, ids.get('G'));
    assert.equal(g.name, '港区総合病院');
    assert.equal(g.kind, '病院');
    assert.equal(g.pref, '13');
    assert.equal(g.city, '13103');
    assert.equal(g.address, '東京都港区虎ノ門7-7');
    assert.deepEqual([g.lat, g.lon], [35.672, 139.75]);
    assert.deepEqual(g.departments, ['09010', '01001', '09991']);
    assert.ok(g.distanceKm !== undefined && Math.abs(g.distanceKm - 2.2) < 0.1, String(g.distanceKm));
    const i = (await searchFacilities(handle().db, { q: 'ひまわり' })).results[0]!;
    assert.equal(i.suspendedSince, '2026-04-01');
  });

  test('a change of the record reaches the index with indexFacilities; a stop takes it out; a rebuild gives the same', async () => {
    const a = ids.get('A')!;
    const row = await handle().db.selectFrom('published_facilities').select('institution_id').where('facility_id', '=', a).executeTakeFirstOrThrow();
    await handle().db.updateTable('published_facilities').set({ name: '髙橋内科・小児科クリニック' }).where('facility_id', '=', a).execute();
    await indexFacilities(handle().db, [a]);
    assert.deepEqual(
      (await searchFacilities(handle().db, { q: '小児科' })).results.map((r) => keyOf(r.id)),
      ['A', 'C'],
    );
    await markStopped(handle().db, row.institution_id, clock.now(), '確認中');
    assert.deepEqual(await indexFacilities(handle().db, [a, 'no-such-facility']), { indexed: 0, removed: 1 });
    assert.deepEqual((await searchFacilities(handle().db, { q: 'たかはし' })).results, []);
    assert.deepEqual(await rebuildIndex(handle().db), { indexed: FIXTURES.length - 2 });
    assert.deepEqual(
      (await searchFacilities(handle().db, { q: '内科' })).results.map((r) => keyOf(r.id)),
      ['I', 'G', 'E'],
    );
  });
});

describe('search on both engines', { skip: (await postgresProblem()) && process.env.CI !== 'true' ? 'PostgreSQL not reachable' : false }, () => {
  let sqlite: DatabaseHandle;
  let postgres: DatabaseHandle;
  before(async () => {
    [sqlite, postgres] = [await openTestDatabase('sqlite'), await openTestDatabase('postgres')];
    await publishFixtures(sqlite);
    await publishFixtures(postgres);
  });
  after(async () => {
    await sqlite.close();
    await postgres.close();
  });

  test('every query gives the same answer (IDs, order, totals, fields)', async () => {
    const extra: SearchQuery[] = [
      { q: '科' },
      { q: 'く' },
      { q: 'クリニック', sort: 'name' },
      { q: '東京都', perPage: 100 },
      { q: '医療法人' },
      { features: ['holiday'], openAt: at('2026-05-10T10:00:00+09:00') },
      { near: { lat: 34.69, lon: 135.51, radiusKm: 50 } },
    ];
    for (const query of [...CASES.map((c) => c.query), ...extra]) {
      assert.deepEqual(await searchFacilities(postgres.db, query), await searchFacilities(sqlite.db, query), JSON.stringify(query));
    }
  });
});

test('the parameters: a clear problem for each bad one, naming it', () => {
  const bad = (raw: Record<string, string | string[]>) => {
    const r = parseSearchQuery(raw);
    assert.equal(r.ok, false, JSON.stringify(raw));
    return r.ok ? [] : r.problems;
  };
  assert.deepEqual(bad({ per_page: '101' }), [{ param: 'per_page', problem: 'out_of_range' }]);
  assert.deepEqual(bad({ per_page: 'ten' }), [{ param: 'per_page', problem: 'invalid' }]);
  assert.deepEqual(bad({ page: '0' }), [{ param: 'page', problem: 'out_of_range' }]);
  assert.deepEqual(bad({ page: '1.5' }), [{ param: 'page', problem: 'invalid' }]);
  assert.deepEqual(bad({ kind: 'hospital,zoo' }), [{ param: 'kind', problem: 'unknown' }]);
  assert.deepEqual(bad({ dept: ['01001', '99999'] }), [{ param: 'dept', problem: 'unknown' }]);
  assert.deepEqual(bad({ pref: '48' }), [{ param: 'pref', problem: 'invalid' }]);
  assert.deepEqual(bad({ pref: ['13', '27'] }), [{ param: 'pref', problem: 'repeated' }]);
  assert.deepEqual(bad({ city: '13999' }), [{ param: 'city', problem: 'unknown' }]);
  assert.deepEqual(bad({ city: '13103', pref: '27' }), [{ param: 'city', problem: 'other_prefecture' }]);
  assert.deepEqual(bad({ open_at: '2026-05-04 10:00' }), [{ param: 'open_at', problem: 'invalid' }]);
  assert.deepEqual(bad({ open_at: '2026-05-04T10:00:00' }), [{ param: 'open_at', problem: 'invalid' }]);
  assert.deepEqual(bad({ lat: '35.6' }), [{ param: 'lat', problem: 'needs', needs: 'lon' }]);
  assert.deepEqual(bad({ lat: '95', lon: '139' }), [{ param: 'lat', problem: 'out_of_range' }]);
  assert.deepEqual(bad({ radius_km: '5' }), [{ param: 'radius_km', problem: 'needs', needs: 'lat' }]);
  assert.deepEqual(bad({ lat: '35.6', lon: '139.7', radius_km: '0' }), [{ param: 'radius_km', problem: 'out_of_range' }]);
  assert.deepEqual(bad({ sort: 'distance' }), [{ param: 'sort', problem: 'needs', needs: 'lat' }]);
  assert.deepEqual(bad({ sort: 'price' }), [{ param: 'sort', problem: 'unknown' }]);
  assert.deepEqual(bad({ q: 'あ'.repeat(201) }), [{ param: 'q', problem: 'too_long' }]);
  assert.deepEqual(bad({ feature: 'parking,wifi' }), [{ param: 'feature', problem: 'unknown' }]);
  assert.deepEqual(bad({ lang: 'klingon' }), [{ param: 'lang', problem: 'unknown' }]);
  assert.deepEqual(
    bad({ per_page: '500', kind: 'zoo', lat: 'north' }).map((p) => p.param),
    ['kind', 'lat', 'per_page'],
  );
});

test('the parameters: good ones become the query (repeated or comma-separated lists, blanks ignored)', () => {
  const r = parseSearchQuery({
    q: ' 港区 内科 ',
    kind: ['clinic,hospital', 'pharmacy'],
    pref: '13',
    city: '13103',
    dept: '01001,05001',
    open_at: '2026-05-04T10:00:00+09:00',
    feature: ['parking', 'night'],
    lang: 'en',
    equipment: 'ct',
    specialist: 'internal',
    lat: '35.66',
    lon: '139.73',
    radius_km: '2.5',
    sort: 'distance',
    page: '2',
    per_page: '50',
    unknown: 'ignored',
    treatment: '',
  });
  assert.deepEqual(r, {
    ok: true,
    query: {
      q: '港区 内科',
      kinds: ['診療所', '病院', '薬局'],
      pref: '13',
      city: '13103',
      depts: ['01001', '05001'],
      openAt: Date.parse('2026-05-04T01:00:00Z'),
      features: ['parking', 'night'],
      languages: ['en'],
      equipment: ['ct'],
      specialists: ['internal'],
      near: { lat: 35.66, lon: 139.73, radiusKm: 2.5 },
      sort: 'distance',
      page: 2,
      perPage: 50,
    },
  });
  assert.deepEqual(parseSearchQuery({}), { ok: true, query: {} });
});
