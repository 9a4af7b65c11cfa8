// 休止・廃止・再開 end to end on both engines: the home offers 休止 and 廃止 to an institution with
// accepted data, 再開 only while 休止中; a status report starts with its contact filled, refuses a
// date after today at 報告, and on 確認 changes what is public — 休止 keeps the record with 休止中
// from the reported day, 再開 lifts it, 廃止 hides it for good and marks the master 廃止 — each once,
// each an audit event (also where the prefecture publishes at 報告 and 確認 comes after).
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account, Institution } from '../db/schema.ts';
import { findInstitution } from '../institutions/repository.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { actorOf } from '../policies.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addAccount, addInstitution, clearReporting, fillReport, ORIGIN, submittedReport } from '../testing/reporting.ts';
import type { ReportValues } from './catalogue/types.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { reportingHome } from './home.ts';
import { facilityIdOf, publishedFacility } from './publication.ts';
import { findPublishedFacility } from './publication-repository.ts';
import { findReport, findVersion } from './report-repository.ts';
import { startReport, submitReport, type ReportingDeps } from './reports.ts';
import { acceptReport } from './review.ts';

const clock = { ms: jstMidnight(2026, 2, 10), now: () => clock.ms };

/** What a 休止・廃止・再開 is filled with besides its prefilled contact. */
const SUSPENSION: ReportValues = {
  'suspension.effective.date': '2026-02-09',
  'suspension.period.plan': 'date',
  'suspension.period.until': '2026-06-01',
  'suspension.reason.reason': 'renovation',
};
const RESUMPTION: ReportValues = { 'resumption.effective.date': '2026-02-10', 'resumption.changes.basic_changed': false };
const CLOSURE: ReportValues = { 'closure.effective.date': '2026-02-08', 'closure.reason.reason': 'retirement', 'closure.records.medical': '院長（自宅）' };

forEachEngine('休止・廃止・再開', (handle) => {
  const deps = (): ReportingDeps => testDeps(handle(), clock);
  const actor = (a: Account) => actorOf(handle().db, a);
  let clinic: Institution;
  let staff: Account;
  let tokyo: Account;

  const events = async (prefixes: string[]) =>
    (await handle().db.selectFrom('audit_events').select(['type', 'details']).orderBy('id').execute())
      .filter((e) => prefixes.some((p) => e.type.startsWith(p)))
      .map((e) => ({ type: e.type, details: JSON.parse(e.details ?? '{}') as Record<string, unknown> }));
  const home = async () => reportingHome(deps(), await actor(staff), clock.now());
  const record = () => findPublishedFacility(handle().db, clinic.id);

  /** A status report of `kind` filled with `values` over its prefill, handed in and accepted. */
  async function accepted(kind: 'suspension' | 'resumption' | 'closure', values: ReportValues): Promise<string> {
    const id = await submittedReport(deps(), clock, handle(), staff, kind, (prefill) => ({ ...prefill, ...values }));
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: true });
    return id;
  }

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 2, 10);
    await clearReporting(handle());
    clinic = await addInstitution(handle(), clock, { institution_code: '7654321' });
    staff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: clinic.id });
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
    const id = await submittedReport(deps(), clock, handle(), staff, 'new', () => ({ ...demoValues('診療所', 2025), 'basic.name.official': clinic.name }));
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: true });
    // The 新規報告 copied its phone and address into the master; the tests look at what comes after.
    clinic = (await findInstitution(handle().db, clinic.id))!;
    await handle().db.deleteFrom('audit_events').execute();
  });

  test('休止 → 休止中 from the reported day (still published) → 再開 lifts it; the home follows', async () => {
    const before = await home();
    assert.deepEqual([before.actions.suspension, before.actions.closure], [{ enabled: true }, { enabled: true }]);
    assert.deepEqual(before.actions.resumption, { enabled: false, reason: 'not_suspended' });

    const started = await startReport(deps(), await actor(staff), 'suspension', ORIGIN);
    assert.ok(started.ok);
    const report = (await findReport(handle().db, started.reportId))!;
    assert.equal(report.catalogue, '2025:status');
    const prefill = JSON.parse((await findVersion(handle().db, started.reportId, 1))!.values) as ReportValues;
    assert.deepEqual(prefill, { 'contact.person.email': staff.email, 'contact.person.name': staff.display_name, 'contact.person.phone': clinic.phone });

    // A day after today stops 報告, beside the date.
    await fillReport(handle(), clock, started.reportId, { ...prefill, ...SUSPENSION, 'suspension.effective.date': '2026-02-11' });
    const refused = await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN);
    assert.deepEqual(refused, {
      ok: false,
      problem: 'incomplete',
      problems: { 'f.suspension.effective.date': MESSAGES['reporting.status.date_after_today']('休止した日') },
    });
    await fillReport(handle(), clock, started.reportId, { ...prefill, ...SUSPENSION });
    const submitted = await submitReport(deps(), await actor(staff), started.reportId, undefined, ORIGIN);
    assert.deepEqual(submitted, { ok: true, state: 'submitted', changedItems: 0, published: false });
    assert.equal((await record())!.suspended_since, null, 'nothing changes before 確認');
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), started.reportId, ORIGIN), { ok: true });

    const suspended = (await record())!;
    assert.equal(suspended.suspended_since, '2026-02-09');
    assert.equal(suspended.visible, 1, '休止 stays published');
    assert.equal((await publishedFacility(handle().db, facilityIdOf(clinic)!))?.facility.suspended_since, '2026-02-09');
    const during = await home();
    assert.equal(during.published?.suspendedSince, '2026-02-09');
    assert.deepEqual(during.actions.suspension, { enabled: false, reason: 'suspended' });
    assert.deepEqual([during.actions.resumption, during.actions.closure], [{ enabled: true }, { enabled: true }]);
    assert.deepEqual(during.actions.change, { enabled: true }, 'a 随時報告 is still possible while 休止中');

    await accepted('resumption', RESUMPTION);
    const resumed = (await record())!;
    assert.equal(resumed.suspended_since, null);
    assert.equal(resumed.visible, 1);
    assert.deepEqual((await home()).actions.suspension, { enabled: true });
    const facilityId = facilityIdOf(clinic);
    assert.deepEqual(
      (await events(['publication.suspended', 'publication.resumed_operation'])).map((e) => [e.type, e.details.facilityId, e.details.date]),
      [
        ['publication.suspended', facilityId, '2026-02-09'],
        ['publication.resumed_operation', facilityId, '2026-02-10'],
      ],
    );
    assert.equal((await findInstitution(handle().db, clinic.id))!.status, 'open');
  });

  test('廃止 → unpublished for good, the master marked 廃止 (audited with the column), nothing can start any more', async () => {
    const id = await accepted('closure', CLOSURE);
    const closed = (await record())!;
    assert.notEqual(closed.closed_at, null);
    assert.equal(closed.visible, 0);
    assert.equal(await publishedFacility(handle().db, facilityIdOf(clinic)!), undefined);
    assert.equal((await findInstitution(handle().db, clinic.id))!.status, 'closed');
    const written = await events(['publication.closed', 'institution.']);
    assert.deepEqual(
      written.map((e) => e.type),
      ['institution.updated_from_report', 'publication.closed'],
    );
    assert.deepEqual(written[0]!.details, { reportId: id, institutionId: clinic.id, fields: ['status'] });
    assert.equal(written[1]!.details.date, '2026-02-08');
    const after = await home();
    for (const action of Object.values(after.actions)) assert.deepEqual(action, { enabled: false, reason: 'closed' });
    assert.deepEqual(await startReport(deps(), await actor(staff), 'resumption', ORIGIN), { ok: false, problem: 'closed' });
  });

  test('a suspended institution may close; where the prefecture publishes at 報告, 休止 takes effect then and 確認 changes nothing again', async () => {
    await handle()
      .db.insertInto('prefecture_reporting_settings')
      .values({ prefecture_code: '13', publish_on: 'submit', updated_at: 0, updated_by: null })
      .execute();
    const id = await submittedReport(deps(), clock, handle(), staff, 'suspension', (prefill) => ({ ...prefill, ...SUSPENSION }));
    assert.equal((await record())!.suspended_since, '2026-02-09', 'in effect at 報告');
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: true });
    assert.equal((await events(['publication.suspended'])).length, 1, 'one event, not one more at 確認');

    await submittedReport(deps(), clock, handle(), staff, 'closure', (prefill) => ({ ...prefill, ...CLOSURE }));
    assert.equal((await record())!.visible, 0);
    assert.equal((await findInstitution(handle().db, clinic.id))!.status, 'closed');
  });
});
