// A snapshot of the ministry's open data published in bulk (publishSnapshot), on both engines: the master
// created or updated, a publication per facility with its record visible (外来区分 9 withheld), the same
// snapshot again writes nothing, a newer one updates what changed and delists what it no longer lists
// (never a report's record), a 公表停止 survives, a refusal while reading or a dry run leaves nothing,
// one audit event per snapshot.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { InstitutionKind } from '../db/schema.ts';
import { SnapshotRefused, type SnapshotFacility } from '../opendata/types.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addAccount, addInstitution, clearReporting, submittedReport, ORIGIN } from '../testing/reporting.ts';
import { actorOf } from '../policies.ts';
import type { ReportValues } from './catalogue/types.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { clearStopped, markStopped } from './publication-repository.ts';
import { facilityIdOf, publishedFacility, publishedRecords, publishSnapshot, type SnapshotOptions } from './publication.ts';
import { acceptReport } from './review.ts';

const clock = { ms: jstMidnight(2026, 6, 10), now: () => clock.ms };
const DIGIT: Record<InstitutionKind, string> = { 病院: '1', 診療所: '2', 歯科診療所: '3', 助産所: '4', 薬局: '5' };

/** A facility as the reader gives it: the demo values of its kind with its own names and place. */
function facility(
  kind: InstitutionKind,
  code: string,
  o: { name: string; kana?: string; address?: string; values?: ReportValues; pref?: string },
): SnapshotFacility {
  const pref = o.pref ?? '13';
  const address = o.address ?? '東京都中央区銀座1-2-3　銀座ビル4階';
  const values: ReportValues = {
    ...demoValues(kind, 2026),
    'basic.name.official': o.name,
    'basic.name.official_kana': o.kana ?? 'テスト',
    'basic.location.address': address,
    ...o.values,
  };
  return {
    id: `${pref}${DIGIT[kind]}${code}`,
    kind,
    prefectureCode: pref,
    municipalityCode: '13102',
    institutionCode: code,
    name: o.name,
    nameKana: o.kana ?? 'テスト',
    address,
    values,
    source: { file: kind === '薬局' ? '05_pharmacy' : kind === '病院' ? '01-1_hospital_facility_info' : '02-1_clinic_facility_info', line: 2 },
  };
}

forEachEngine('publishSnapshot', (handle) => {
  const db = () => handle().db;
  const deps = () => testDeps(handle(), clock);
  const publish = (facilities: Iterable<SnapshotFacility> | AsyncIterable<SnapshotFacility>, o: Partial<SnapshotOptions> = {}) =>
    publishSnapshot(db(), deps(), facilities, { takenOn: '2026-06-01', unpublishMissing: true, ...o });
  const count = async (table: 'publications' | 'institutions' | 'opendata_snapshots' | 'audit_events' | 'published_facilities') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const record = (facilityId: string) => db().selectFrom('published_facilities').selectAll().where('facility_id', '=', facilityId).executeTakeFirst();

  const clinic = facility('診療所', '0000000101', { name: '銀座ＡＢＣクリニック', kana: 'ギンザエービーシークリニック' });
  const pharmacy = facility('薬局', '0000000201', { name: 'にほんばし薬局', kana: 'ニホンバシヤッキョク', address: '中央区日本橋1-1' });
  const noOutpatient = facility('診療所', '0000000102', { name: '外来なし診療所', values: { 'basic.departments.outpatient_category': '9' } });

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 6, 10);
    await clearReporting(handle());
    await db().deleteFrom('opendata_snapshots').execute();
  });

  test('a first snapshot: the master created, a publication per facility, records visible but 外来区分 9; one audit event', async () => {
    const r = await publish([clinic, pharmacy, noOutpatient]);
    assert.deepEqual(
      { ...r, snapshotId: typeof r.snapshotId, changedFacilityIds: [...r.changedFacilityIds].sort() },
      {
        snapshotId: 'string',
        takenOn: '2026-06-01',
        fiscalYear: 2026,
        facilities: 3,
        created: 3,
        updated: 0,
        unchanged: 0,
        unpublished: 0,
        keptReported: 0,
        withheld: 1,
        masterCreated: 3,
        masterUpdated: 0,
        changedFacilityIds: [clinic.id, noOutpatient.id, pharmacy.id].sort(),
        dryRun: false,
      },
    );
    const master = await db().selectFrom('institutions').selectAll().where('institution_code', '=', '0000000101').executeTakeFirstOrThrow();
    assert.deepEqual(
      [master.kind, master.prefecture_code, master.name, master.name_kana, master.municipality_code, master.address, master.building, master.status],
      ['診療所', '13', '銀座ＡＢＣクリニック', 'ギンザエービーシークリニック', '13102', '銀座１－２－３', '銀座ビル４階', 'open'],
      'names in full width, the address split as the master keeps it',
    );
    const shop = await db().selectFrom('institutions').selectAll().where('institution_code', '=', '0000000201').executeTakeFirstOrThrow();
    assert.deepEqual([shop.municipality_code, shop.address, shop.building], ['13102', '日本橋１－１', null], 'a 所在地 without the prefecture');
    assert.equal(facilityIdOf(master), clinic.id);

    const view = await publishedFacility(db(), clinic.id);
    assert.ok(view, 'the clinic is public');
    assert.deepEqual(
      [view.publication.source, view.publication.report_id, view.publication.catalogue, view.publication.snapshot_id],
      ['opendata', null, '2026:medical', r.snapshotId],
    );
    assert.equal(view.values['basic.name.official'], '銀座ＡＢＣクリニック');
    assert.equal(view.facility.name, '銀座ＡＢＣクリニック');
    assert.equal((await publishedFacility(db(), pharmacy.id))?.publication.catalogue, '2026:pharmacy');
    const withheld = await record(noOutpatient.id);
    assert.deepEqual([withheld?.withheld, withheld?.visible], ['outpatient_9', 0]);
    assert.equal(await publishedFacility(db(), noOutpatient.id), undefined);

    const events = await db().selectFrom('audit_events').select(['type', 'details']).execute();
    assert.deepEqual(
      events.map((e) => e.type),
      ['opendata.imported'],
    );
    assert.deepEqual(JSON.parse(events[0]!.details!), {
      snapshotId: r.snapshotId,
      takenOn: '2026-06-01',
      fiscalYear: 2026,
      listed: 3,
      newlyPublished: 3,
      republished: 0,
      unchangedRecords: 0,
      delisted: 0,
      keptReported: 0,
      withheldRecords: 1,
      masterAdded: 3,
      masterUpdated: 0,
    });
    const snapshot = await db().selectFrom('opendata_snapshots').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual([snapshot.taken_on, snapshot.facilities, snapshot.created, snapshot.unpublished], ['2026-06-01', 3, 3, 0]);
  });

  test('the same snapshot again writes nothing; a newer one updates what changed and delists what it no longer lists', async () => {
    await publish([clinic, pharmacy, noOutpatient]);
    const again = await publish([clinic, pharmacy, noOutpatient], { takenOn: '2026-06-02' });
    assert.deepEqual([again.created, again.updated, again.unchanged, again.unpublished, again.changedFacilityIds], [0, 0, 3, 0, []]);
    assert.equal(await count('publications'), 3, 'no publication for an unchanged facility');

    clock.ms += 86_400_000;
    const renamed = { ...pharmacy, name: '新にほんばし薬局', values: { ...pharmacy.values, 'basic.name.official': '新にほんばし薬局' } };
    const newer = await publish([renamed, noOutpatient], { takenOn: '2026-12-01' });
    assert.deepEqual([newer.fiscalYear, newer.created, newer.updated, newer.unchanged, newer.unpublished, newer.masterUpdated], [2026, 0, 1, 1, 1, 1]);
    assert.deepEqual(newer.changedFacilityIds.sort(), [clinic.id, pharmacy.id].sort());
    assert.equal((await publishedFacility(db(), pharmacy.id))?.facility.name, '新にほんばし薬局');
    assert.equal(
      (await db().selectFrom('institutions').select('name').where('institution_code', '=', '0000000201').executeTakeFirstOrThrow()).name,
      '新にほんばし薬局',
    );
    const gone = await record(clinic.id);
    assert.deepEqual([gone?.visible, typeof gone?.delisted_at], [0, 'number'], 'delisted, not deleted');
    assert.equal(await publishedFacility(db(), clinic.id), undefined);

    // Listed again: shown again.
    const back = await publish([clinic, renamed, noOutpatient], { takenOn: '2027-06-01' });
    assert.deepEqual([back.fiscalYear, back.updated, back.unchanged, back.unpublished], [2027, 1, 2, 0]);
    assert.ok(await publishedFacility(db(), clinic.id));
    assert.equal((await record(clinic.id))?.delisted_at, null);
  });

  test('only the kinds a snapshot covers are delisted; without unpublishMissing nothing is', async () => {
    await publish([clinic, pharmacy]);
    const pharmacies = await publish([pharmacy], { unpublishMissing: true });
    assert.equal(pharmacies.unpublished, 0, 'a pharmacy file alone says nothing of clinics');
    assert.ok(await publishedFacility(db(), clinic.id));
    assert.equal((await publish([pharmacy], { unpublishMissing: false, kinds: ['診療所', '薬局'] })).unpublished, 0);
    assert.equal((await publish([pharmacy], { kinds: ['診療所', '薬局'] })).unpublished, 1, 'the clinic file was there and lists no clinic');
  });

  test('公表停止 by the prefecture survives a newer snapshot that changes the facility', async () => {
    await publish([clinic, pharmacy]);
    const institutionId = (await record(clinic.id))!.institution_id;
    await markStopped(db(), institutionId, clock.now(), '問い合わせ中');
    const changed = { ...clinic, values: { ...clinic.values, 'basic.name.official_kana': 'ギンザエービーシー' } };
    const r = await publish([changed, pharmacy], { takenOn: '2026-12-01' });
    assert.equal(r.updated, 1);
    const stopped = await record(clinic.id);
    assert.deepEqual([stopped?.stop_reason, stopped?.visible, stopped?.name_kana], ['問い合わせ中', 0, 'ギンザエービーシー']);
    await clearStopped(db(), institutionId, clock.now());
    assert.ok(await publishedFacility(db(), clinic.id), 'shown once the stop is lifted');
  });

  test('an institution already in the master is updated, its id kept; a record from an accepted report is left alone', async () => {
    const known = await addInstitution(handle(), clock, { institution_code: '0000000101', name: '旧名クリニック', municipality_code: '13101' });
    const reported = await addInstitution(handle(), clock, { institution_code: 'C0301', name: '報告クリニック' });
    const staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: reported.id });
    const tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
    const reportId = await submittedReport(deps(), clock, handle(), staff, 'new', () => ({
      ...demoValues('診療所', 2026),
      'basic.name.official': '報告クリニック',
    }));
    assert.deepEqual(await acceptReport(deps(), await actorOf(db(), tokyo), reportId, ORIGIN), { ok: true });
    const reportedId = facilityIdOf(reported)!;
    assert.equal(reportedId, '13200000C0301', 'the master code padded in the facility ID');
    await db().deleteFrom('audit_events').execute();

    const fromOpenData = facility('診療所', '00000C0301', { name: 'オープンデータの名前' });
    const r = await publish([clinic, fromOpenData]);
    assert.deepEqual([r.created, r.keptReported, r.masterCreated, r.masterUpdated], [1, 1, 0, 1]);
    const updated = await db().selectFrom('institutions').selectAll().where('id', '=', known.id).executeTakeFirstOrThrow();
    assert.deepEqual(
      [updated.name, updated.municipality_code, updated.postcode, updated.phone],
      ['銀座ＡＢＣクリニック', '13102', known.postcode, known.phone],
    );
    const view = await publishedFacility(db(), reportedId);
    assert.deepEqual([view?.publication.source, view?.publication.report_id, view?.facility.name], ['report', reportId, '報告クリニック']);
    assert.equal((await db().selectFrom('institutions').select('name').where('id', '=', reported.id).executeTakeFirstOrThrow()).name, '報告クリニック');
    // Not listed by the next snapshot: a report's record stays.
    assert.equal((await publish([clinic], { takenOn: '2026-12-01' })).unpublished, 0);
    assert.ok(await publishedFacility(db(), reportedId));
  });

  test('a refusal while reading, two facilities of one master key or a dry run: nothing written', async () => {
    await publish([pharmacy]);
    const before = await Promise.all((['publications', 'institutions', 'opendata_snapshots', 'audit_events', 'published_facilities'] as const).map(count));
    const many = Array.from({ length: 1_500 }, (_, i) => facility('診療所', String(1000 + i).padStart(10, '0'), { name: `診療所${i}` }));
    async function* refusedLate() {
      yield* many;
      throw new SnapshotRefused({ file: '02-1_clinic_facility_info', line: 1502, column: 'ID', message: 'IDが13文字ではありません。' });
    }
    await assert.rejects(publish(refusedLate()), SnapshotRefused);
    const sameKey = facility('病院', '0000000201', { name: '同じ機関コードの病院' });
    await assert.rejects(publish([pharmacy, sameKey]), (err: unknown) => err instanceof SnapshotRefused && /別の機関区分/.test(err.refusal.message));
    // A record of another institution holds the facility ID (its master code 0C0501 pads to it): refused in the second chunk, the first undone.
    const holder = await addInstitution(handle(), clock, { institution_code: '0C0501', name: '先の機関' });
    await db()
      .insertInto('published_facilities')
      .values({ ...(await record(pharmacy.id))!, institution_id: holder.id, facility_id: facilityIdOf(holder)! })
      .execute();
    const taken = facility('診療所', '00000C0501', { name: '後の機関' });
    assert.equal(taken.id, facilityIdOf(holder));
    await assert.rejects(publish([...many, taken]), (err: unknown) => err instanceof SnapshotRefused && err.refusal.message.includes(taken.id));
    await db().deleteFrom('published_facilities').where('institution_id', '=', holder.id).execute();
    await db().deleteFrom('institutions').where('id', '=', holder.id).execute();
    const dry = await publish([...many, pharmacy], { dryRun: true });
    assert.deepEqual([dry.dryRun, dry.created, dry.unchanged, dry.masterCreated], [true, 1_500, 1, 1_500]);
    assert.deepEqual(
      await Promise.all((['publications', 'institutions', 'opendata_snapshots', 'audit_events', 'published_facilities'] as const).map(count)),
      before,
    );
  });

  test('publishedRecords: the visible records by facility ID, in the export year’s catalogue (a record of another year carried over)', async () => {
    const reported = await addInstitution(handle(), clock, { institution_code: 'C0401', name: '報告クリニック' });
    const staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: reported.id });
    const tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
    const reportId = await submittedReport(deps(), clock, handle(), staff, 'new', () => demoValues('診療所', 2025));
    assert.deepEqual(await acceptReport(deps(), await actorOf(db(), tokyo), reportId, ORIGIN), { ok: true });
    await publish([clinic, pharmacy, noOutpatient]);
    const out = [];
    for await (const r of publishedRecords(db(), { fiscalYear: 2026, kinds: ['診療所', '薬局'] })) out.push(r);
    assert.deepEqual(
      out.map((r) => [r.id, r.kind, r.municipalityCode]),
      [
        [clinic.id, '診療所', '13102'],
        ['13200000C0401', '診療所', '13102'],
        [pharmacy.id, '薬局', '13102'],
      ],
      'by facility ID; the withheld record left out',
    );
    assert.equal(out[0]!.values['basic.name.official'], '銀座ＡＢＣクリニック');
    assert.equal(out[1]!.values['basic.name.official'], demoValues('診療所', 2025)['basic.name.official'], 'the 2025 report carried into 2026');
    assert.deepEqual(
      await (async () => {
        const only = [];
        for await (const r of publishedRecords(db(), { fiscalYear: 2026, kinds: ['薬局'] })) only.push(r.id);
        return only;
      })(),
      [pharmacy.id],
    );
  });
});
