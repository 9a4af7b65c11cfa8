// The office's お問合せ inbox over real HTTP, on both engines, with the mail delivered to a real SMTP
// server (smtp-server): who may use it; a user's inquiry listed as 新規, found by state, 分類 and words;
// opening it makes it 対応中 once; an answer (a message beside an empty one, what was typed kept)
// mailed once to the contact address, shown in the office's thread and on the sender's page;
// two office members answering from the same page send one answer, the other is told; 完了 and
// 再開; the audit events.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { listAudit } from '../../../audit/audit-log.ts';
import type { AccountCategory } from '../../../db/schema.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { findInquiryByReference } from '../../../portal/inquiry-repository.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { signedInGmisAccount } from '../../../testing/gmis-accounts.ts';
import { Browser, csrfTokenIn } from '../../../testing/http-client.ts';
import { assertShows } from '../../../testing/messages.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { messageIdFor } from '../../../mail/transport.ts';
import { startSmtpPeer, type SmtpPeer } from '../../../testing/smtp-peer.ts';

describeEachEngine('office お問合せ inbox', (engine) => {
  let platform: TestPlatform;
  let peer: SmtpPeer;
  let office: Browser;
  let colleague: Browser;
  let user: Browser;

  const signedIn = async (category: AccountCategory, displayName: string, email: string): Promise<Browser> =>
    (await signedInGmisAccount(platform, category, { displayName, email })).browser;

  async function ask(subject: string, body: string): Promise<string> {
    const form = await user.get('/inquiry');
    const r = await user.request('POST', '/inquiry', {
      _csrf: csrfTokenIn(form.body),
      category: 'ログイン・パスワード',
      subject,
      body,
      contact_email: 'asker@example.jp',
      contact_phone: '',
    });
    assert.equal(r.status, 303);
    return r.location!.split('/').pop()!;
  }

  const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
  /** The worker's runs until the outbox is empty; the messages the SMTP server got for `to`. */
  async function delivered(to: string): Promise<string[]> {
    for (let i = 0; i < 3; i++) await platform.worker.runOnce();
    return peer.received.filter((m) => m.includes(to));
  }

  before(async () => {
    peer = await startSmtpPeer();
    platform = await startTestPlatform({ engine, env: { SMTP_URL: `smtp://127.0.0.1:${peer.port}` } });
    office = await signedIn('事務局', '事務局 担当', 'office-inbox@example.jp');
    colleague = await signedIn('事務局', '事務局 同僚', 'office-inbox-2@example.jp');
    user = await signedIn('診療所', 'みどり診療所 担当者', 'midori-inbox@example.jp');
  });
  after(async () => {
    await platform.close();
    await peer.close();
  });

  test('only the office', async () => {
    const reference = await ask('ほかの人には見えない', '本文');
    const prefecture = await signedIn('都道府県', '大阪府 担当', 'osaka-inbox@example.jp');
    for (const b of [user, prefecture]) {
      assert.equal((await b.get('/office/inquiries')).status, 403);
      assert.equal((await b.get(`/office/inquiries/${reference}`)).status, 403);
      const home = await b.get('/');
      assert.equal(
        (await b.request('POST', `/office/inquiries/${reference}/answer`, { _csrf: csrfTokenIn(home.body), version: '1', answer: 'x' })).status,
        403,
      );
    }
    assert.equal((await office.get('/office/inquiries/Q-20990101-ZZZZ')).status, 404);
  });

  test('listed as 新規, filtered; opened once → 対応中; answered by mail once; shown to the sender; closed and reopened', async () => {
    const reference = await ask('パスワードの再設定メールが届きません', '昨日から何度か試しましたが届きません。');
    const list = await office.get('/office/inquiries?status=new');
    assert.equal(list.status, 200);
    assert.ok(list.body.includes(reference));
    assert.ok((await office.get(`/office/inquiries?q=${encodeURIComponent('再設定メール')}`)).body.includes(reference), 'found by words');
    assert.ok((await office.get(`/office/inquiries?q=${encodeURIComponent('ASKER@EXAMPLE')}`)).body.includes(reference), 'by the contact, any case');
    assert.ok(!(await office.get(`/office/inquiries?q=${encodeURIComponent('関係のない言葉')}`)).body.includes(reference));
    assert.ok(!(await office.get(`/office/inquiries?category=${encodeURIComponent('医療情報ネット')}`)).body.includes(reference), 'by 分類');
    assert.equal((await office.get('/office/inquiries?status=bogus&page=-3&category=x')).status, 200, 'an unreadable filter is no filter');

    const opened = await office.get(`/office/inquiries/${reference}`);
    assert.match(opened.body, /対応中/);
    await office.get(`/office/inquiries/${reference}`);
    const reads = (await listAudit(platform.rt.deps.db, { type: 'inquiry.read', limit: 50 })).filter((e) => JSON.parse(e.details).reference === reference);
    assert.equal(reads.length, 1, 'opened twice, read once');

    const token = csrfTokenIn(opened.body);
    const empty = await office.request('POST', `/office/inquiries/${reference}/answer`, { _csrf: token, version: versionIn(opened.body), answer: '  \n ' });
    assert.equal(empty.status, 422);
    assertShows(empty.body, MESSAGES['inquiry.answer.required']);

    const before = peer.received.length;
    const answered = await office.request('POST', `/office/inquiries/${reference}/answer`, {
      _csrf: token,
      version: versionIn(opened.body),
      answer: '迷惑メールのフォルダをご確認ください。\n見つからなければ、もう一度お知らせください。',
    });
    assert.equal(answered.status, 303);
    assertShows((await office.get(answered.location!)).body, MESSAGES['inquiry.answered']);
    const { mail_id: mailId } = await platform.rt.deps.db
      .selectFrom('gmis_inquiry_answers as a')
      .innerJoin('gmis_inquiries as q', 'q.id', 'a.inquiry_id')
      .select('a.mail_id')
      .where('q.reference', '=', reference)
      .executeTakeFirstOrThrow();
    const carrying = async () => (await delivered('asker@example.jp')).filter((m) => m.includes(messageIdFor(mailId)));
    const arrived = await carrying();
    assert.equal(arrived.length, 1, 'the answer reached the SMTP server, to the contact address');
    assert.match(arrived[0]!, /^To: asker@example\.jp/m);
    assert.ok(peer.received.length > before);
    assert.equal((await carrying()).length, 1, 'and no second copy later');
    const stored = (await findInquiryByReference(platform.rt.deps.db, reference))!;
    assert.equal(stored.status, 'answered');

    const thread = await office.get(`/office/inquiries/${reference}`);
    assert.match(thread.body, /迷惑メールのフォルダをご確認ください/);
    const own = await user.get(`/inquiry/${reference}`);
    assert.match(own.body, /迷惑メールのフォルダをご確認ください/, 'the sender reads the answer on their page');
    assert.match(own.body, /回答済/);

    const closed = await office.request('POST', `/office/inquiries/${reference}/close`, { _csrf: token, version: versionIn(thread.body) });
    assert.match(closed.location!, /done=closed/);
    const closedPage = await office.get(closed.location!);
    assertShows(closedPage.body, MESSAGES['inquiry.closed']);
    assert.doesNotMatch(closedPage.body, /回答を送る/, 'a closed inquiry is answered only after reopening');
    const lateAnswer = await office.request('POST', `/office/inquiries/${reference}/answer`, {
      _csrf: token,
      version: versionIn(closedPage.body),
      answer: '追加です',
    });
    assert.equal(lateAnswer.status, 409);
    assertShows(lateAnswer.body, MESSAGES['inquiry.closed_already']);
    const reopened = await office.request('POST', `/office/inquiries/${reference}/reopen`, { _csrf: token, version: versionIn(closedPage.body) });
    assert.match(reopened.location!, /done=reopened/);
    assert.equal((await findInquiryByReference(platform.rt.deps.db, reference))!.status, 'in_progress');
    const types = (await listAudit(platform.rt.deps.db, { limit: 200 })).filter((e) => JSON.parse(e.details).reference === reference).map((e) => e.type);
    assert.deepEqual(new Set(types), new Set(['inquiry.submitted', 'inquiry.read', 'inquiry.answered', 'inquiry.closed', 'inquiry.reopened']));
  });

  test('two office members answer from the same page: one answer is sent, the other is told and keeps their text', async () => {
    const reference = await ask('二人が同時に回答する', '本文');
    await office.get(`/office/inquiries/${reference}`);
    const a = await office.get(`/office/inquiries/${reference}`);
    const b = await colleague.get(`/office/inquiries/${reference}`);
    assert.equal(versionIn(a.body), versionIn(b.body));
    const [ra, rb] = await Promise.all([
      office.request('POST', `/office/inquiries/${reference}/answer`, { _csrf: csrfTokenIn(a.body), version: versionIn(a.body), answer: '担当Aの回答' }),
      colleague.request('POST', `/office/inquiries/${reference}/answer`, { _csrf: csrfTokenIn(b.body), version: versionIn(b.body), answer: '担当Bの回答' }),
    ]);
    assert.deepEqual([ra.status, rb.status].sort(), [303, 409]);
    const refused = ra.status === 409 ? ra : rb;
    assertShows(refused.body, MESSAGES['inquiry.stale']);
    assert.match(refused.body, ra.status === 409 ? /担当Aの回答<\/textarea>/ : /担当Bの回答<\/textarea>/, 'the refused answer is kept in the form');
    const answers = await platform.rt.deps.db
      .selectFrom('gmis_inquiry_answers as a')
      .innerJoin('gmis_inquiries as q', 'q.id', 'a.inquiry_id')
      .select('a.mail_id')
      .where('q.reference', '=', reference)
      .execute();
    assert.equal(answers.length, 1);
    const outbox = await platform.rt.deps.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('kind', '=', 'inquiry.answer')
      .where('subject', 'like', `%${reference}%`)
      .execute();
    assert.equal(outbox.length, 1, 'one answer mail in the outbox');
  });
});
