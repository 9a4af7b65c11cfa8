// A registration mail the receiving server refuses (a real SMTP peer answering 550) is recorded
// against the application; the reviewer corrects the address and the mail goes again — after
// approval, a welcome mail with a fresh link (the old one stops working) to the corrected address.
import assert from 'node:assert/strict';
import { after, beforeEach, test } from 'node:test';
import { forEachEngine, testDeps } from '../testing/db.ts';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import { lookUpLink } from '../identity/tokens/one-time-link.ts';
import { deliverDueMail } from '../mail/delivery.ts';
import { smtpTransport } from '../mail/transport.ts';
import { ManualClock } from '../platform/clock.ts';
import { linkIn } from '../testing/http-client.ts';
import { smtpError, startSmtpPeer } from '../testing/smtp-peer.ts';
import { checkApplication, submitApplication } from './application.ts';
import { actorOf } from '../policies.ts';
import { approve, findForReview, resendAfterBounce } from './review.ts';
import { listMail } from '../mail/outbox.ts';

const FROM = { name: 'G-MIS事務局', address: 'no-reply@gmis.localhost' };
const origin = { ip: '192.0.2.7', userAgent: 'test' };

forEachEngine('registration mail refused', (handle) => {
  const clock = new ManualClock(Date.UTC(2026, 10, 21, 1));
  const deps = () => testDeps(handle(), clock);
  const cleanups: Array<() => unknown> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  beforeEach(async () => {
    for (const t of ['registration_applications', 'account_permissions', 'mail_outbox', 'account_tokens', 'audit_events', 'login_throttles'] as const)
      await handle().db.deleteFrom(t).execute();
    await handle().db.deleteFrom('accounts').execute();
    await handle().db.deleteFrom('institutions').execute();
  });

  test('550 → recorded on the application → corrected → a new welcome link to the new address; the old link is dead', async () => {
    const peer = await startSmtpPeer();
    const transport = smtpTransport(`smtp://127.0.0.1:${peer.port}`, FROM);
    cleanups.push(
      () => peer.close(),
      () => transport.close(),
    );
    const deliver = () => deliverDueMail({ ...deps(), transport });

    const checked = checkApplication({
      kind: '薬局',
      name: 'みなと薬局',
      name_kana: 'ミナトヤッキョク',
      institution_code: 'P5',
      insurance_code: '',
      postcode: '1050001',
      prefecture_code: '13',
      municipality_code: '13103',
      address: '虎ノ門1',
      building: '',
      phone: '03-1111-2222',
      department: '',
      department_number: '',
      contact_name: '港 花子',
      email: 'hanako@exmaple.jp',
      email_confirm: 'hanako@exmaple.jp',
    });
    assert.ok(checked.ok);
    const submitted = await submitApplication(deps(), checked.value, origin);
    assert.ok(submitted.ok);
    const { accountId } = await issueAccount(deps(), {
      category: '都道府県',
      displayName: '東京都 担当',
      email: 'tokyo@example.jp',
      prefectureCode: '13',
      issuedBy: 'test',
    });
    await handle().db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
    const tokyo = await actorOf(handle().db, await handle().db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow());
    await handle().db.deleteFrom('mail_outbox').execute(); // the reviewer's own welcome and the receipt are not the point here
    const approved = await approve(deps(), tokyo, submitted.id, origin);
    assert.ok(approved.ok && approved.outcome === 'issued');

    // The mail server refuses the mailbox (a typo in the domain).
    peer.refuse = () => smtpError(550, '5.1.1 <hanako@exmaple.jp>: Recipient address rejected');
    await deliver();
    const bounced = (await findForReview(handle().db, tokyo, submitted.id))!;
    assert.ok(bounced.mail_failed_at);
    assert.match(bounced.mail_failure!, /hanako@exmaple\.jp: .*550|Recipient address rejected/);
    const oldLink = linkIn((await listMail(handle().db)).find((m) => m.kind === 'account.welcome')!.body_text, 'http');
    const oldToken = oldLink.split('/').pop()!;

    assert.deepEqual(await resendAfterBounce(deps(), tokyo, submitted.id, 'hanako@example.jp', origin), { ok: true });
    peer.refuse = () => undefined;
    await deliver();
    assert.equal(peer.received.length, 1);
    assert.match(peer.received[0]!, /hanako@example\.jp/);
    const fixed = (await findForReview(handle().db, tokyo, submitted.id))!;
    assert.equal(fixed.mail_failed_at, null);
    assert.equal(fixed.email, 'hanako@example.jp');
    const account = await handle().db.selectFrom('accounts').select(['email', 'state']).where('id', '=', approved.accountId).executeTakeFirstOrThrow();
    assert.deepEqual(account, { email: 'hanako@example.jp', state: 'pending_password' });
    const old = await lookUpLink(handle().db, deps(), oldToken, 'welcome');
    assert.equal(old.ok, false, 'the refused mail’s link no longer works');
    assert.deepEqual(await resendAfterBounce(deps(), tokyo, submitted.id, 'x@example.jp', origin), { ok: false, problem: 'no_failure' });
  });
});
