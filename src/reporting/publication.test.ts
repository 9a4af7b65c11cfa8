// What is public, on both engines: 公表停止 hides the record and its lifting shows it again (the
// prefecture only, with a reason, the institution mailed), 外来区分 9 is never shown, a prefecture
// that publishes on submit publishes at 報告 (and 確認 does not publish twice), 休止・廃止 — and
// every change is an audit event.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account, Institution } from '../db/schema.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { listMail } from '../mail/outbox.ts';
import { actorOf, Forbidden } from '../policies.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN, submittedReport } from '../testing/reporting.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { facilityIdOf, liftStop, publishedFacility, stopPublication } from './publication.ts';
import type { ReportingDeps } from './reports.ts';
import { acceptReport } from './review.ts';

const clock = { ms: jstMidnight(2026, 2, 1), now: () => clock.ms };

forEachEngine('publication', (handle) => {
  const deps = (): ReportingDeps => testDeps(handle(), clock);
  const actor = (a: Account) => actorOf(handle().db, a);
  let clinic: Institution;
  let staff: Account;
  let tokyo: Account;
  const facilityId = () => facilityIdOf(clinic)!;
  const publicationEvents = async () =>
    (await handle().db.selectFrom('audit_events').select(['type', 'details']).orderBy('id').execute())
      .filter((e) => e.type.startsWith('publication.'))
      .map((e) => e.type);

  async function published(values = demoValues('診療所', 2025)): Promise<string> {
    const id = await submittedReport(deps(), clock, handle(), staff, 'new', () => values);
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: true });
    return id;
  }

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 2, 1);
    await clearReporting(handle());
    clinic = await addInstitution(handle(), clock, { institution_code: '1234567' });
    staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
  });

  test('the facility ID: prefecture, kind digit, 機関コード padded to 10; longer codes have none', () => {
    assert.equal(facilityIdOf({ prefecture_code: '13', kind: '病院', institution_code: 'H00001' }), '1310000H00001');
    assert.equal(facilityIdOf({ prefecture_code: '27', kind: '薬局', institution_code: '1234567890' }), '2751234567890');
    assert.equal(facilityIdOf({ prefecture_code: '27', kind: '薬局', institution_code: '12345678901' }), undefined);
  });

  test('公表停止 hides the record, its lifting shows it again; the prefecture only, with a reason; each audited and mailed', async () => {
    await published();
    assert.ok(await publishedFacility(handle().db, facilityId()));
    const centre = await addAccount(handle(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    await assert.rejects(stopPublication(deps(), await actor(centre), clinic.id, '確認中', ORIGIN), Forbidden);
    await assert.rejects(stopPublication(deps(), await actor(staff), clinic.id, '確認中', ORIGIN), Forbidden);
    assert.deepEqual(await stopPublication(deps(), await actor(tokyo), clinic.id, ' ', ORIGIN), { ok: false, problem: 'reason_required' });
    assert.deepEqual(await stopPublication(deps(), await actor(tokyo), 'no-such', '確認中', ORIGIN), { ok: false, problem: 'not_found' });

    const reason = '病床数について確認中のため';
    const stopped = await stopPublication(deps(), await actor(tokyo), clinic.id, reason, ORIGIN);
    assert.ok(stopped.ok);
    assert.equal(stopped.facility.visible, 0);
    assert.equal(stopped.facility.stop_reason, reason);
    assert.equal(await publishedFacility(handle().db, facilityId()), undefined);
    assert.deepEqual(await stopPublication(deps(), await actor(tokyo), clinic.id, reason, ORIGIN), { ok: false, problem: 'already_stopped' });

    clock.ms += 3_600_000;
    const lifted = await liftStop(deps(), await actor(tokyo), clinic.id, '確認が済みました', ORIGIN);
    assert.ok(lifted.ok);
    assert.equal(lifted.facility.visible, 1);
    assert.ok(await publishedFacility(handle().db, facilityId()));
    assert.deepEqual(await liftStop(deps(), await actor(tokyo), clinic.id, '再度', ORIGIN), { ok: false, problem: 'not_stopped' });

    const stops = await handle().db.selectFrom('publication_stops').selectAll().where('institution_id', '=', clinic.id).execute();
    assert.equal(stops.length, 1);
    assert.equal(stops[0]!.reason, reason);
    assert.equal(stops[0]!.lift_reason, '確認が済みました');
    assert.equal(stops[0]!.lifted_by, tokyo.id);
    assert.deepEqual(await publicationEvents(), ['publication.published', 'publication.stopped', 'publication.stop_lifted']);
    const kinds = (await listMail(handle().db, { to: staff.email })).map((m) => m.kind).filter((k) => k.startsWith('publication.'));
    assert.deepEqual(kinds.sort(), ['publication.stop_lifted', 'publication.stopped']);
  });

  test('外来区分 9 「その他一般外来を行わない」 is never published: the record is kept, withheld and hidden', async () => {
    await published({ ...demoValues('診療所', 2025), 'basic.departments.outpatient_category': '9' });
    const row = await handle().db.selectFrom('published_facilities').selectAll().where('institution_id', '=', clinic.id).executeTakeFirstOrThrow();
    assert.equal(row.withheld, 'outpatient_9');
    assert.equal(row.visible, 0);
    assert.equal(await publishedFacility(handle().db, facilityId()), undefined);
    assert.deepEqual(await publicationEvents(), ['publication.published', 'publication.withheld']);
    // Lifting a stop does not show it either.
    assert.ok((await stopPublication(deps(), await actor(tokyo), clinic.id, '確認', ORIGIN)).ok);
    const lifted = await liftStop(deps(), await actor(tokyo), clinic.id, '確認済み', ORIGIN);
    assert.ok(lifted.ok && lifted.facility.visible === 0);
  });

  test('a prefecture that publishes on submit publishes at 報告, and 確認 does not publish again', async () => {
    await handle()
      .db.insertInto('prefecture_reporting_settings')
      .values({ prefecture_code: '13', publish_on: 'submit', updated_at: 0, updated_by: null })
      .execute();
    const id = await submittedReport(deps(), clock, handle(), staff, 'new', () => demoValues('診療所', 2025));
    const view = await publishedFacility(handle().db, facilityId());
    assert.ok(view);
    assert.equal(view.publication.report_id, id);
    assert.equal(view.catalogue.id, '2025:medical');
    assert.equal(view.values['basic.name.official'], demoValues('診療所', 2025)['basic.name.official']);
    assert.ok((await acceptReport(deps(), await actor(tokyo), id, ORIGIN)).ok);
    const publications = await handle().db.selectFrom('publications').select('id').where('institution_id', '=', clinic.id).execute();
    assert.equal(publications.length, 1);
    assert.deepEqual(await publicationEvents(), ['publication.published']);
  });

  test('a later accepted report replaces the record and clears a lapse', async () => {
    await published();
    await handle()
      .db.updateTable('published_facilities')
      .set({ lapsed_at: clock.now(), lapsed_fiscal_year: 2025, visible: 0 })
      .where('institution_id', '=', clinic.id)
      .execute();
    clock.ms += 86_400_000;
    await submittedReport(deps(), clock, handle(), staff, 'change', (previous) => ({ ...previous, 'access.transport.text': '新しい案内' })).then(async (id) =>
      assert.ok((await acceptReport(deps(), await actor(tokyo), id, ORIGIN)).ok),
    );
    const view = await publishedFacility(handle().db, facilityId());
    assert.ok(view);
    assert.equal(view.facility.lapsed_at, null);
    assert.equal(view.facility.published_at, clock.now());
    assert.equal(view.values['access.transport.text'], '新しい案内');
    assert.deepEqual(await publicationEvents(), ['publication.published', 'publication.published']);
  });
});
