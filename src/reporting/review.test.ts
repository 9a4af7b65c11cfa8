// The prefecture's side on both engines: each reviewer's list holds what the policy lets it see,
// the office sees but does not decide, 確認 publishes, 差戻し mails the comment and the link once, and
// 差異表示 compares with the publication recorded at 報告.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import type { Account, Institution } from '../db/schema.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { listMail } from '../mail/outbox.ts';
import { actorOf, Forbidden } from '../policies.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN, submittedReport } from '../testing/reporting.ts';
import { demoValues } from './demo-values.ts';
import { jstMidnight } from './fiscal-year.ts';
import { findReport } from './report-repository.ts';
import { submitReport, withdrawReport, type ReportingDeps } from './reports.ts';
import { acceptReport, findReportForReview, listReportQueue, returnReport, reviewView } from './review.ts';

const clock = { ms: jstMidnight(2026, 2, 1), now: () => clock.ms };
const page = { limit: 50, offset: 0 };

forEachEngine('report review', (handle) => {
  const deps = (): ReportingDeps => testDeps(handle(), clock);
  const actor = (a: Account) => actorOf(handle().db, a);
  let chuo: Institution;
  let chuoStaff: Account;
  let tokyo: Account;

  beforeEach(async () => {
    clock.ms = jstMidnight(2026, 2, 1);
    await clearReporting(handle());
    chuo = await addInstitution(handle(), clock, { name: '銀座ひかりクリニック' });
    chuoStaff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: chuo.id });
    tokyo = await addAccount(handle(), clock, '都道府県', { prefectureCode: '13' });
  });

  test('each reviewer’s list holds exactly what the policy lets it review; the office sees and does not decide', async () => {
    const chiyoda = await addInstitution(handle(), clock, { municipality_code: '13101', name: '千代田クリニック' });
    const osaka = await addInstitution(handle(), clock, { prefecture_code: '27', municipality_code: '27127', postcode: '5300001', name: '梅田クリニック' });
    const reports: Record<string, string> = {};
    for (const [key, inst] of [
      ['chuo', chuo],
      ['chiyoda', chiyoda],
      ['osaka', osaka],
    ] as const) {
      const staff = key === 'chuo' ? chuoStaff : await addAccount(handle(), clock, '診療所', { prefectureCode: inst.prefecture_code, institutionId: inst.id });
      reports[key] = await submittedReport(deps(), clock, handle(), staff, 'new', () => demoValues('診療所', 2025));
    }
    const draftOwner = await addInstitution(handle(), clock, { name: '下書きクリニック' });
    const draftStaff = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: draftOwner.id });
    // Taken back: a draft again, which no reviewer lists.
    const takenBack = await submittedReport(deps(), clock, handle(), draftStaff, 'new', () => demoValues('診療所', 2025));
    assert.ok((await withdrawReport(deps(), await actor(draftStaff), takenBack, ORIGIN)).ok);

    const centre = await addAccount(handle(), clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
    const association = await addAccount(handle(), clock, '関係団体', { delegated: [{ prefectureCode: '13', action: 'report.review' }] });
    const office = await addAccount(handle(), clock, '事務局');
    const osakaPref = await addAccount(handle(), clock, '都道府県', { prefectureCode: '27' });
    const ids = async (a: Account) => (await listReportQueue(handle().db, await actor(a), {}, page)).rows.map((r) => r.id).sort();
    assert.deepEqual(await ids(tokyo), [reports.chuo, reports.chiyoda].sort());
    assert.deepEqual(await ids(centre), [reports.chuo]);
    assert.deepEqual(await ids(association), [reports.chuo, reports.chiyoda].sort());
    assert.deepEqual(await ids(osakaPref), [reports.osaka]);
    assert.deepEqual(await ids(office), [reports.chuo, reports.chiyoda, reports.osaka].sort());
    await assert.rejects(listReportQueue(handle().db, await actor(chuoStaff), {}, page), Forbidden);
    assert.equal(await findReportForReview(handle().db, await actor(centre), reports.chiyoda!), undefined);
    // Filters: municipality and keyword.
    assert.deepEqual(
      (await listReportQueue(handle().db, await actor(tokyo), { municipalityCode: '13101' }, page)).rows.map((r) => r.id),
      [reports.chiyoda],
    );
    assert.deepEqual(
      (await listReportQueue(handle().db, await actor(tokyo), { q: 'ひかり' }, page)).rows.map((r) => r.institution_name),
      ['銀座ひかりクリニック'],
    );
    // The office sees the report but may not decide it; the health centre decides its municipality's.
    assert.ok((await reviewView(deps(), await actor(office), reports.chuo!))?.mayDecide === false);
    await assert.rejects(acceptReport(deps(), await actor(office), reports.chuo!, ORIGIN), Forbidden);
    assert.deepEqual(await acceptReport(deps(), await actor(centre), reports.chuo!, ORIGIN), { ok: true });
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), reports.chuo!, ORIGIN), { ok: false, problem: 'already_processed' });
  });

  test('確認 publishes the report and tells the institution', async () => {
    const id = await submittedReport(deps(), clock, handle(), chuoStaff, 'new', () => ({
      ...demoValues('診療所', 2025),
      'basic.name.official': '銀座ひかりクリニック',
    }));
    assert.deepEqual(await acceptReport(deps(), await actor(tokyo), id, ORIGIN), { ok: true });
    const report = await findReport(handle().db, id);
    assert.equal(report?.state, 'accepted');
    assert.equal(report?.decided_by, tokyo.id);
    const facility = await handle().db.selectFrom('published_facilities').selectAll().where('institution_id', '=', chuo.id).executeTakeFirstOrThrow();
    assert.equal(facility.visible, 1);
    assert.equal(facility.facility_id, `132${chuo.institution_code.padStart(10, '0')}`);
    assert.equal(facility.name, '銀座ひかりクリニック');
    assert.equal(facility.published_at, clock.now());
    const mail = (await listMail(handle().db, { to: chuoStaff.email })).filter((m) => m.kind !== 'account.welcome');
    assert.deepEqual(
      mail.map((m) => m.kind),
      ['reporting.accepted'],
    );
    const types = (await handle().db.selectFrom('audit_events').select('type').execute()).map((e) => e.type).filter((t) => /^(report|publication)\./.test(t));
    assert.deepEqual(types.sort(), ['publication.published', 'report.accepted', 'report.started', 'report.submitted'].sort());
  });

  test('差戻し needs a comment, mails it with the link once to every active account, and the report comes back as 再報告済', async () => {
    const colleague = await addAccount(handle(), clock, '診療所', { prefectureCode: '13', institutionId: chuo.id });
    const id = await submittedReport(deps(), clock, handle(), chuoStaff, 'new', () => demoValues('診療所', 2025));
    assert.deepEqual(await returnReport(deps(), await actor(tokyo), id, '  ', ORIGIN), { ok: false, problem: 'comment_required' });
    assert.deepEqual(await returnReport(deps(), await actor(tokyo), id, 'あ'.repeat(1001), ORIGIN), { ok: false, problem: 'comment_too_long' });
    const comment = '駐車場の台数をご確認ください。';
    assert.deepEqual(await returnReport(deps(), await actor(tokyo), id, comment, ORIGIN), { ok: true });
    assert.deepEqual(await returnReport(deps(), await actor(tokyo), id, comment, ORIGIN), { ok: false, problem: 'already_processed' });
    for (const a of [chuoStaff, colleague]) {
      const mail = (await listMail(handle().db, { to: a.email })).filter((m) => m.kind !== 'account.welcome');
      assert.equal(mail.length, 1, a.email);
      assert.equal(mail[0]!.kind, 'reporting.returned');
      assert.ok(mail[0]!.body_text.includes(comment));
      assert.ok(mail[0]!.body_text.includes(`/reporting/reports/${id}`));
    }
    const report = await findReport(handle().db, id);
    assert.equal(report?.state, 'returned');
    assert.equal(report?.decision_comment, comment);
    assert.equal(report?.returned_count, 1);
    const resubmitted = await submitReport(deps(), await actor(chuoStaff), id, undefined, ORIGIN);
    assert.ok(resubmitted.ok && resubmitted.state === 'resubmitted');
    assert.equal((await listReportQueue(handle().db, await actor(tokyo), { state: 'resubmitted' }, page)).total, 1);
  });

  test('差異表示 compares with the publication recorded at 報告: two changes, two items', async () => {
    const first = await submittedReport(deps(), clock, handle(), chuoStaff, 'new', () => demoValues('診療所', 2025));
    assert.ok((await acceptReport(deps(), await actor(tokyo), first, ORIGIN)).ok);
    const published = await handle()
      .db.selectFrom('published_facilities')
      .select('publication_id')
      .where('institution_id', '=', chuo.id)
      .executeTakeFirstOrThrow();
    const change = await submittedReport(deps(), clock, handle(), chuoStaff, 'change', (previous) => ({
      ...previous,
      'access.transport.text': '銀座駅A4出口から徒歩1分',
      'basic.phone.fax': '03-9999-0000',
    }));
    const view = await reviewView(deps(), await actor(tokyo), change);
    assert.ok(view);
    assert.equal(view.report.compared_publication_id, published.publication_id);
    assert.equal(view.compared?.id, published.publication_id);
    assert.deepEqual(
      view.diff
        .filter((d) => d.status !== 'same')
        .map((d) => d.itemId)
        .sort(),
      ['access.transport', 'basic.phone'],
    );
    assert.equal(view.report.changed_items, 2);
    assert.ok(view.mayDecide);
  });
});
