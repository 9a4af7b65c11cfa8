// 一括メール配信 on both engines, delivered to a real SMTP server: the filter (未報告 only, one
// municipality, one kind, the health centre's reach), placeholders filled per recipient, one campaign
// per idempotency key even for two presses at once, the enqueue job run twice writing each mail once,
// progress and results from the outbox, a 5xx marking the address 宛先不明 (cleared by a new address),
// and transactional mail claimed before bulk mail, which its rate budget holds back.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import type { Account } from '../db/schema.ts';
import { deliverDueMail } from '../mail/delivery.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { tokenBucket } from '../mail/rate-budget.ts';
import { smtpTransport, type MailTransport } from '../mail/transport.ts';
import { ManualClock } from '../platform/clock.ts';
import { actorOf, Forbidden } from '../policies.ts';
import type { Ports } from '../ports.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { addAccount, addInstitution, clearReporting, ORIGIN } from '../testing/reporting.ts';
import { smtpError, startSmtpPeer, type SmtpPeer } from '../testing/smtp-peer.ts';
import { campaignProgress, campaignRecipients, enqueueCampaignMail, ownCampaigns, resolveRecipients, sendCampaign, type RecipientFilter } from './bulk-mail.ts';

const FY = 2026;
const FILTER: RecipientFilter = { fiscalYear: FY, reportKind: 'annual', status: 'not_reported', institutionKind: '診療所' };
const TEXT = { subject: '{機関名} 様：定期報告のお願い', body: '{担当者名} 様\n{機関名}（{機関コード}）の{報告状況}の報告を {報告期限} までにお願いします。' };

forEachEngine('一括メール配信', (h) => {
  const clock = new ManualClock(Date.UTC(2027, 0, 10, 1));
  let deps: Ports;
  let peer: SmtpPeer;
  let transport: MailTransport;
  let prefecture: Account;
  let clinics: Array<{ id: string; account: Account }>;

  before(async () => {
    peer = await startSmtpPeer();
    transport = smtpTransport(`smtp://127.0.0.1:${peer.port}`, { name: 'G-MIS事務局', address: 'no-reply@gmis.localhost' });
  });
  after(async () => {
    transport.close();
    await peer.close();
  });

  beforeEach(async () => {
    await h().db.deleteFrom('bulk_mail_recipients').execute();
    await h().db.deleteFrom('bulk_mail_campaigns').execute();
    await h().db.deleteFrom('email_bounces').execute();
    await h().db.deleteFrom('jobs').execute();
    await clearReporting(h());
    peer.received.length = 0;
    peer.refuse = () => undefined;
    deps = testDeps(h(), clock, { SMTP_URL: `smtp://127.0.0.1:${peer.port}` });
    prefecture = await addAccount(h(), clock, '都道府県', { prefectureCode: '13' });
    clinics = [];
    for (let i = 0; i < 4; i++) {
      const inst = await addInstitution(h(), clock, { municipality_code: i < 3 ? '13102' : '13103' });
      clinics.push({ id: inst.id, account: await addAccount(h(), clock, '診療所', { prefectureCode: '13', institutionId: inst.id }) });
    }
    const hospital = await addInstitution(h(), clock, { kind: '病院' });
    await addAccount(h(), clock, '病院', { prefectureCode: '13', institutionId: hospital.id });
    // One clinic has reported: not 未報告.
    await h()
      .db.insertInto('reports')
      .values({
        id: 'r-done',
        institution_id: clinics[0]!.id,
        institution_kind: '診療所',
        prefecture_code: '13',
        municipality_code: '13102',
        fiscal_year: FY,
        kind: 'periodic',
        state: 'submitted',
        catalogue: '2026:medical',
        current_version: 1,
        reference_date: null,
        baseline_report_id: null,
        compared_publication_id: null,
        changed_items: null,
        started_by: null,
        started_at: 0,
        submitted_at: 0,
        submitted_by: null,
        decided_at: null,
        updated_at: 0,
      } as never)
      .execute();
    // Another institution elsewhere: never reached by this prefecture.
    const away = await addInstitution(h(), clock, { prefecture_code: '27', municipality_code: '27127' });
    await addAccount(h(), clock, '診療所', { prefectureCode: '27', institutionId: away.id });
    // The accounts' welcome mails are not this test's.
    await h().db.deleteFrom('mail_outbox').execute();
  });

  const deliverAll = async (d = deps) => {
    for (let i = 0; i < 20; i++) {
      const r = await deliverDueMail({ ...d, transport }, { batchSize: 50, concurrency: 3 });
      if (r.sent + r.failed + r.retried === 0) return;
    }
  };

  test('the filter: 未報告 of the prefecture, one municipality, one kind; nobody outside the reach', async () => {
    const actor = await actorOf(h().db, prefecture);
    const all = await resolveRecipients(deps, actor, FILTER);
    assert.deepEqual(all.recipients.map((r) => r.candidate.account_id).sort(), [clinics[1]!, clinics[2]!, clinics[3]!].map((c) => c.account.id).sort());
    const some = await resolveRecipients(deps, actor, { ...FILTER, status: 'any', institutionKind: '診療所', municipalityCode: '13103' });
    assert.deepEqual(
      some.recipients.map((r) => r.candidate.account_id),
      [clinics[3]!.account.id],
    );
    const hospitals = await resolveRecipients(deps, actor, { ...FILTER, status: 'any', institutionKind: '病院' });
    assert.equal(hospitals.recipients.length, 1);
    const reported = await resolveRecipients(deps, actor, { ...FILTER, status: 'reported' });
    assert.deepEqual(
      reported.recipients.map((r) => r.candidate.account_id),
      [clinics[0]!.account.id],
    );
    // A health centre: only its municipality.
    const centre = await actorOf(h().db, await addAccount(h(), clock, '保健所', { prefectureCode: '13', municipalities: ['13103'] }));
    const near = await resolveRecipients(deps, centre, FILTER);
    assert.deepEqual(
      near.recipients.map((r) => r.candidate.account_id),
      [clinics[3]!.account.id],
    );
    // An institution may not use it at all.
    await assert.rejects(resolveRecipients(deps, await actorOf(h().db, clinics[0]!.account), FILTER), Forbidden);
  });

  test('send: one campaign per key even for two presses at once; the job run twice writes each mail once; delivered with placeholders filled', async () => {
    const actor = await actorOf(h().db, prefecture);
    const input = { ...TEXT, filter: FILTER, idempotencyKey: 'key-1' };
    const [a, b] = await Promise.all([sendCampaign(deps, actor, input, ORIGIN), sendCampaign(deps, actor, input, ORIGIN)]);
    assert.ok(a.ok && b.ok);
    assert.equal(a.campaignId, b.campaignId);
    assert.equal([a.created, b.created].filter(Boolean).length, 1);
    const again = await sendCampaign(deps, actor, input, ORIGIN);
    assert.ok(again.ok && again.campaignId === a.campaignId && !again.created);
    assert.equal((await ownCampaigns(deps, actor)).length, 1);

    assert.equal(await enqueueCampaignMail(deps, { campaignId: a.campaignId }), 3);
    assert.equal(await enqueueCampaignMail(deps, { campaignId: a.campaignId }), 0);
    const before = await campaignProgress(deps, actor, a.campaignId);
    assert.deepEqual([before?.queued, before?.sent, before?.failed, before?.done], [3, 0, 0, false]);

    peer.refuse = (n) => (n === 2 ? smtpError(550, '5.1.1 mailbox unavailable') : undefined);
    await deliverAll();
    const done = await campaignProgress(deps, actor, a.campaignId);
    assert.deepEqual([done?.queued, done?.sent, done?.failed, done?.done], [0, 2, 1, true]);
    assert.equal(peer.received.length, 2);
    const raw = peer.received.join('\n');
    assert.match(raw, /Subject: =\?UTF-8\?/);

    const failed = await campaignRecipients(deps, actor, a.campaignId, { status: 'failed', limit: 10, offset: 0 });
    assert.equal(failed?.total, 1);
    assert.match(failed!.rows[0]!.last_error!, /550|mailbox unavailable/);
    assert.equal(failed!.rows[0]!.bounced, true);

    // The bounced address is left out of the next campaign, until the address changes.
    const bouncedId = failed!.rows[0]!.account_id;
    const next = await resolveRecipients(deps, actor, FILTER);
    assert.equal(next.bounced, 1);
    assert.equal(next.recipients.length, 2);
    await h().db.updateTable('accounts').set({ email: 'fixed@example.jp' }).where('id', '=', bouncedId).execute();
    const fixed = await resolveRecipients(deps, actor, FILTER);
    assert.equal(fixed.bounced, 0);
    assert.equal(fixed.recipients.length, 3);

    // Someone else's campaign is not to be seen.
    const other = await actorOf(h().db, await addAccount(h(), clock, '都道府県', { prefectureCode: '13' }));
    assert.equal(await campaignProgress(deps, other, a.campaignId), undefined);
  });

  test('placeholders are filled per recipient', async () => {
    const actor = await actorOf(h().db, prefecture);
    const r = await sendCampaign(deps, actor, { ...TEXT, filter: { ...FILTER, municipalityCode: '13103' }, idempotencyKey: 'k2' }, ORIGIN);
    assert.ok(r.ok);
    await enqueueCampaignMail(deps, { campaignId: r.campaignId });
    await deliverAll();
    assert.equal(peer.received.length, 1);
    const raw = peer.received[0]!;
    assert.ok(!raw.includes('{機関名}'));
  });

  test('transactional mail is claimed before bulk mail, and the bulk budget holds bulk mail back', async () => {
    const actor = await actorOf(h().db, prefecture);
    const r = await sendCampaign(deps, actor, { ...TEXT, filter: FILTER, idempotencyKey: 'k3' }, ORIGIN);
    assert.ok(r.ok);
    await enqueueCampaignMail(deps, { campaignId: r.campaignId });
    clock.advance(1000);
    await enqueueMail(deps.db, deps, { kind: 'recovery.link', to: 'reset@example.jp', subject: 'reset', text: 'link' });
    const budget = tokenBucket(1, clock);
    const first = await deliverDueMail({ ...deps, transport }, { batchSize: 10, bulkBudget: budget });
    assert.equal(first.sent, 2, 'the reset mail and one bulk mail');
    assert.match(peer.received[0]!, /reset@example\.jp/);
    const held = await deliverDueMail({ ...deps, transport }, { batchSize: 10, bulkBudget: budget });
    assert.equal(held.sent, 0, 'no budget left this second');
    clock.advance(1000);
    const next = await deliverDueMail({ ...deps, transport }, { batchSize: 10, bulkBudget: budget });
    assert.equal(next.sent, 1);
  });
});
