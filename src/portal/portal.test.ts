// The G-MIS portal's domain on both engines: ユーザ基礎情報 and the e-mail change link, お知らせ with
// read marks, keyword search, お問合せ.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { z } from 'zod';
import { listAudit } from '../audit/audit-log.ts';
import { forEachEngine, testDeps } from '../testing/db.ts';
import type { Account } from '../db/schema.ts';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import type { Ports } from '../ports.ts';
import { listMail } from '../mail/outbox.ts';
import { ManualClock } from '../platform/clock.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { cryptoRandom, type RandomSource } from '../platform/secrets.ts';
import { confirmEmailChange, EMAIL_CHANGE_BUDGET, EMAIL_CHANGE_LINK_MS, pendingEmailChange, viewEmailChangeLink } from './email-change.ts';
import { faqContext, faqEntries } from './faq.ts';
import { findInquiryByReference, listOwnInquiries } from './inquiry-repository.ts';
import { REFERENCE_PATTERN, submitInquiry, INQUIRY_BUDGET } from './inquiries.ts';
import { referenceNumber } from '../platform/reference.ts';
import { findPublishedNotice, listAllNotices, markNoticeRead } from './notice-repository.ts';
import { addNotice, latestNotices, listNotices, NOTICE_CATEGORIES, noticeParagraphs, parsePublishAt, seedDemoNotices } from './notices.ts';
import { confirmProfile, updateProfile, withdrawEmailChange, type ProfileInput } from './profile.ts';
import { searchKeys, searchPortal, snippet } from './search.ts';

const origin = { ip: '192.0.2.10', userAgent: 'test' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The raw token in the newest confirmation mail to `to`. */
async function confirmToken(deps: Ports, to: string): Promise<string> {
  const [mail] = await listMail(deps.db, { to });
  const m = /\/profile\/email\/confirm\/([A-Za-z0-9_-]{43})/.exec(mail?.body_text ?? '');
  if (!m) throw new Error(`no confirmation link in the newest mail to ${to}`);
  return m[1]!;
}

forEachEngine('G-MIS portal', (handle) => {
  let clock: ManualClock;
  let deps: Ports;

  beforeEach(() => {
    clock = new ManualClock();
    const h = handle();
    deps = testDeps(h, clock, { OFFICE_EMAIL: 'office@gmis.example' });
  });

  const unique = () => Math.random().toString(36).slice(2, 10);

  async function account(email = `user-${unique()}@example.jp`): Promise<Account> {
    const { accountId } = await issueAccount(deps, { category: '病院', displayName: 'テスト病院 担当者', email, issuedBy: 'test' });
    await deps.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
    return deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  }

  const reload = (a: Account) => deps.db.selectFrom('accounts').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();

  const input = (a: Account, changes: Partial<ProfileInput> = {}): ProfileInput => ({
    familyName: '山田',
    givenName: '花子',
    email: a.email,
    phone: '03-1234-5678',
    extension: '123',
    fax: null,
    department: '医事課',
    ...changes,
  });

  // ── ユーザ基礎情報 ─────────────────────────────────────────────────────

  test('saving ユーザ基礎情報 stores every field and records profile_confirmed_at', async () => {
    const a = await account();
    assert.equal(a.profile_confirmed_at, null);
    assert.equal(a.family_name, null);
    clock.advance(1000);
    const result = await updateProfile(deps, a.id, input(a), origin);
    assert.deepEqual(result, { ok: true, email: 'unchanged' });
    const saved = await reload(a);
    assert.equal(saved.family_name, '山田');
    assert.equal(saved.given_name, '花子');
    assert.equal(saved.phone, '03-1234-5678');
    assert.equal(saved.extension, '123');
    assert.equal(saved.fax, null);
    assert.equal(saved.department, '医事課');
    assert.equal(saved.profile_confirmed_at, clock.now());
    const [event] = await listAudit(deps.db, { accountId: a.id, type: 'profile.updated' });
    assert.deepEqual(JSON.parse(event!.details).changed, ['family_name', 'given_name', 'phone', 'extension', 'department']);
    assert.equal((await listMail(deps.db, { to: a.email })).length, 1, 'only the welcome mail: an unchanged address mails nobody');
  });

  test('confirming unchanged ユーザ基礎情報 records profile_confirmed_at and an audit event', async () => {
    const a = await account();
    await confirmProfile(deps, a.id, origin);
    assert.equal((await reload(a)).profile_confirmed_at, clock.now());
    assert.equal((await listAudit(deps.db, { accountId: a.id, type: 'profile.confirmed' })).length, 1);
  });

  test('a new address: a link to the new address, a notice to the old one, nothing changed yet', async () => {
    const a = await account();
    const newEmail = `new-${unique()}@example.jp`;
    const result = await updateProfile(deps, a.id, input(a, { email: newEmail }), origin);
    assert.deepEqual(result, { ok: true, email: 'change_requested' });
    assert.equal((await reload(a)).email, a.email, 'the address is unchanged until the link is followed');
    assert.equal((await reload(a)).family_name, '山田', 'the other fields are saved at once');

    const [toNew] = await listMail(deps.db, { to: newEmail });
    assert.equal(toNew?.kind, 'email_change.confirm');
    const token = await confirmToken(deps, newEmail);
    const stored = await deps.db.selectFrom('account_email_changes').selectAll().where('account_id', '=', a.id).execute();
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0]!.token_hash, token, 'only a hash of the token is stored');
    assert.ok(!stored[0]!.token_hash.includes(token));
    assert.equal(stored[0]!.expires_at - stored[0]!.created_at, 24 * HOUR);

    const [toOld] = await listMail(deps.db, { to: a.email });
    assert.equal(toOld?.kind, 'email_change.requested');
    assert.ok(!toOld!.body_text.includes(newEmail), 'the old address sees the new one masked');
    assert.ok(toOld!.body_text.includes(newEmail.slice(0, 2) + '****@example.jp'));

    const pending = await pendingEmailChange(deps.db, clock.now(), a.id);
    assert.equal(pending?.newEmail, newEmail);
    assert.equal((await listAudit(deps.db, { accountId: a.id, type: 'email_change.requested' })).length, 1);
  });

  test('following the link changes the address once; the old address hears it is done', async () => {
    const a = await account();
    const newEmail = `new-${unique()}@example.jp`;
    await updateProfile(deps, a.id, input(a, { email: newEmail }), origin);
    const token = await confirmToken(deps, newEmail);

    for (let i = 0; i < 2; i++) assert.equal((await viewEmailChangeLink(deps.db, deps, token)).ok, true, 'looking does not use the link');
    const done = await confirmEmailChange(deps, token, origin);
    assert.deepEqual(done, { ok: true, newEmail, accountId: a.id });
    assert.equal((await reload(a)).email, newEmail);
    const [toOld] = await listMail(deps.db, { to: a.email });
    assert.equal(toOld?.kind, 'email_change.completed');
    assert.equal(await pendingEmailChange(deps.db, clock.now(), a.id), undefined);

    assert.deepEqual(await confirmEmailChange(deps, token, origin), { ok: false, problem: 'used' });
    assert.equal((await listAudit(deps.db, { accountId: a.id, type: 'email_change.completed' })).length, 1);
  });

  test('two requests racing for the same link: exactly one wins', async () => {
    const a = await account();
    const newEmail = `race-${unique()}@example.jp`;
    await updateProfile(deps, a.id, input(a, { email: newEmail }), origin);
    const token = await confirmToken(deps, newEmail);
    const results = await Promise.all([
      confirmEmailChange(deps, token, origin),
      confirmEmailChange(deps, token, origin),
      confirmEmailChange(deps, token, origin),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal((await listMail(deps.db, { to: a.email })).filter((m) => m.kind === 'email_change.completed').length, 1);
  });

  test('the link expires after 24 hours and the address stays as it was', async () => {
    const a = await account();
    const newEmail = `late-${unique()}@example.jp`;
    await updateProfile(deps, a.id, input(a, { email: newEmail }), origin);
    const token = await confirmToken(deps, newEmail);
    clock.advance(EMAIL_CHANGE_LINK_MS - 1);
    assert.equal((await viewEmailChangeLink(deps.db, deps, token)).ok, true);
    clock.advance(1);
    assert.deepEqual(await viewEmailChangeLink(deps.db, deps, token), { ok: false, problem: 'expired' });
    assert.deepEqual(await confirmEmailChange(deps, token, origin), { ok: false, problem: 'expired' });
    assert.equal((await reload(a)).email, a.email);
    assert.equal(await pendingEmailChange(deps.db, clock.now(), a.id), undefined, 'an expired change is no longer shown as pending');
  });

  test('a newer request supersedes the older link; typing the current address again withdraws it', async () => {
    const a = await account();
    const first = `first-${unique()}@example.jp`;
    const second = `second-${unique()}@example.jp`;
    await updateProfile(deps, a.id, input(a, { email: first }), origin);
    const firstToken = await confirmToken(deps, first);
    clock.advance(1000);
    await updateProfile(deps, a.id, input(a, { email: second }), origin);
    const secondToken = await confirmToken(deps, second);
    assert.deepEqual(await confirmEmailChange(deps, firstToken, origin), { ok: false, problem: 'superseded' });
    assert.equal((await pendingEmailChange(deps.db, clock.now(), a.id))?.newEmail, second);

    const back = await updateProfile(deps, a.id, input(a), origin);
    assert.deepEqual(back, { ok: true, email: 'change_cancelled' });
    assert.equal(await pendingEmailChange(deps.db, clock.now(), a.id), undefined);
    assert.deepEqual(await confirmEmailChange(deps, secondToken, origin), { ok: false, problem: 'superseded' });
    assert.equal((await reload(a)).email, a.email);
  });

  test('「変更を取り消す」 withdraws a pending change', async () => {
    const a = await account();
    const newEmail = `undo-${unique()}@example.jp`;
    await updateProfile(deps, a.id, input(a, { email: newEmail }), origin);
    const token = await confirmToken(deps, newEmail);
    assert.equal(await withdrawEmailChange(deps, a.id, origin), true);
    assert.equal(await withdrawEmailChange(deps, a.id, origin), false, 'nothing left to withdraw');
    assert.deepEqual(await confirmEmailChange(deps, token, origin), { ok: false, problem: 'superseded' });
    assert.equal((await listAudit(deps.db, { accountId: a.id, type: 'email_change.cancelled' })).length, 1);
  });

  test("another account's address is accepted like any other (institutions share addresses)", async () => {
    const other = await account();
    const a = await account();
    const result = await updateProfile(deps, a.id, input(a, { email: other.email }), origin);
    assert.deepEqual(result, { ok: true, email: 'change_requested' });
    const token = await confirmToken(deps, other.email);
    assert.equal((await confirmEmailChange(deps, token, origin)).ok, true);
    assert.equal((await reload(a)).email, other.email);
    assert.equal((await reload(other)).email, other.email);
  });

  test('changing the address is budgeted; a refused request saves nothing', async () => {
    const a = await account();
    for (let i = 0; i < EMAIL_CHANGE_BUDGET.max; i++) {
      assert.equal((await updateProfile(deps, a.id, input(a, { email: `n${i}-${unique()}@example.jp` }), origin)).ok, true);
    }
    const refused = await updateProfile(deps, a.id, input(a, { email: `over-${unique()}@example.jp`, familyName: '変更されない' }), origin);
    assert.deepEqual(refused, { ok: false, problem: 'email_change_rate_limited' });
    assert.equal((await reload(a)).family_name, '山田');
    assert.equal((await updateProfile(deps, a.id, input(a, { familyName: '佐藤' }), origin)).ok, true, 'other changes still go through');
    clock.advance(EMAIL_CHANGE_BUDGET.windowMs);
    assert.equal((await updateProfile(deps, a.id, input(a, { email: `later-${unique()}@example.jp` }), origin)).ok, true);
  });

  test('a link of a disabled account does not work; malformed tokens are unknown', async () => {
    const a = await account();
    const newEmail = `dis-${unique()}@example.jp`;
    await updateProfile(deps, a.id, input(a, { email: newEmail }), origin);
    const token = await confirmToken(deps, newEmail);
    await deps.db.updateTable('accounts').set({ state: 'disabled' }).where('id', '=', a.id).execute();
    assert.deepEqual(await confirmEmailChange(deps, token, origin), { ok: false, problem: 'account_disabled' });
    assert.deepEqual(await viewEmailChangeLink(deps.db, deps, 'short'), { ok: false, problem: 'unknown' });
    assert.deepEqual(await viewEmailChangeLink(deps.db, deps, 'A'.repeat(43)), { ok: false, problem: 'unknown' });
  });

  // ── お知らせ ───────────────────────────────────────────────────────────

  test('notices: newest first, scheduled ones hidden until their time, unread until opened', async () => {
    const a = await account();
    const before = (await latestNotices(deps.db, clock.now(), a.id, 100)).items.length;
    const tag = unique();
    const older = await addNotice(deps, { title: `古い ${tag}`, body: '本文', category: 'お知らせ', publishedAt: clock.now() - 2 * DAY, createdBy: 'test' });
    const newer = await addNotice(deps, { title: `新しい ${tag}`, body: '本文', category: '重要', publishedAt: clock.now() - DAY, createdBy: 'test' });
    const scheduled = await addNotice(deps, {
      title: `予約 ${tag}`,
      body: '本文',
      category: 'メンテナンス',
      publishedAt: clock.now() + DAY,
      createdBy: 'test',
    });

    const latest = await latestNotices(deps.db, clock.now(), a.id, 100);
    const mine = latest.items.filter((n) => n.title.endsWith(tag));
    assert.deepEqual(
      mine.map((n) => n.id),
      [newer.id, older.id],
    );
    assert.ok(mine.every((n) => n.unread));
    assert.equal(latest.items.length, before + 2);
    assert.equal(await findPublishedNotice(deps.db, clock.now(), scheduled.id), undefined);

    await markNoticeRead(deps.db, clock.now(), newer.id, a.id);
    await markNoticeRead(deps.db, clock.now(), newer.id, a.id); // twice is fine
    const after = await latestNotices(deps.db, clock.now(), a.id, 100);
    assert.equal(after.items.find((n) => n.id === newer.id)?.unread, false);
    assert.equal(after.unread, latest.unread - 1);
    const other = await account();
    assert.equal((await latestNotices(deps.db, clock.now(), other.id, 100)).items.find((n) => n.id === newer.id)?.unread, true, 'read marks are per user');

    clock.advance(DAY);
    assert.equal((await findPublishedNotice(deps.db, clock.now(), scheduled.id))?.id, scheduled.id, 'published when its time comes');
    assert.ok((await listAllNotices(deps.db)).some((n) => n.id === scheduled.id));
  });

  test('notice paging', async () => {
    const a = await account();
    for (let i = 0; i < 12; i++)
      await addNotice(deps, { title: `ページ ${i}`, body: '本文', category: 'お知らせ', publishedAt: clock.now() - i * 1000, createdBy: 'test' });
    const total = (await listNotices(deps.db, clock.now(), a.id, { page: 1, pageSize: 5 })).total;
    const pages = Math.ceil(total / 5);
    const first = await listNotices(deps.db, clock.now(), a.id, { page: 1, pageSize: 5 });
    const second = await listNotices(deps.db, clock.now(), a.id, { page: 2, pageSize: 5 });
    assert.equal(first.items.length, 5);
    assert.equal(first.pages, pages);
    assert.ok(first.items.every((n) => !second.items.some((m) => m.id === n.id)));
    assert.ok(first.items[4]!.publishedAt >= second.items[0]!.publishedAt);
    const beyond = await listNotices(deps.db, clock.now(), a.id, { page: 999, pageSize: 5 });
    assert.equal(beyond.page, pages, 'a page past the end shows the last page');
  });

  test('a notice is validated, and its body splits into paragraphs', async () => {
    const refusal = (message: string) => (err: unknown) => err instanceof z.ZodError && err.issues.map((i) => i.message).join() === message;
    await assert.rejects(
      addNotice(deps, { title: ' ', body: 'x', category: 'お知らせ', publishedAt: 0, createdBy: 't' }),
      refusal(MESSAGES['notice.title.required']),
    );
    await assert.rejects(
      addNotice(deps, { title: 't', body: 'x', category: '雑談' as never, publishedAt: 0, createdBy: 't' }),
      refusal(MESSAGES['notice.category.unknown'](NOTICE_CATEGORIES.join(' / '))),
    );
    assert.deepEqual(noticeParagraphs('一段落目\n続き\n\n\n二段落目\n'), [['一段落目', '続き'], ['二段落目']]);
  });

  test('publication times are read as Japan time unless an offset is given', () => {
    assert.equal(parsePublishAt('2026-12-01'), Date.UTC(2026, 10, 30, 15, 0));
    assert.equal(parsePublishAt('2026/12/01 9:30'), Date.UTC(2026, 11, 1, 0, 30));
    assert.equal(parsePublishAt('2026-12-01T09:30'), Date.UTC(2026, 11, 1, 0, 30));
    assert.equal(parsePublishAt('2026-12-01T00:30:00Z'), Date.UTC(2026, 11, 1, 0, 30));
    assert.equal(parsePublishAt('2026-12-01T09:30:00+09:00'), Date.UTC(2026, 11, 1, 0, 30));
    for (const bad of ['', 'tomorrow', '2026-02-31', '2026-13-01', '2026-12-01 25:00', '12/01/2026']) assert.equal(parsePublishAt(bad), undefined, bad);
  });

  test('seedDemoNotices adds three published notices once', async () => {
    const h = handle();
    // Its own empty table: the demo seed adds nothing when notices exist.
    await h.db.deleteFrom('gmis_notices').execute();
    assert.equal(await seedDemoNotices(deps), 3);
    assert.equal(await seedDemoNotices(deps), 0);
    const all = await listAllNotices(h.db);
    assert.equal(all.length, 3);
    assert.ok(all.every((n) => n.published_at <= clock.now() && n.body.length > 50));
  });

  // ── 検索 ───────────────────────────────────────────────────────────────

  test('search: every word must occur; case and width do not matter; scheduled notices are not found', async () => {
    const tag = `zq${unique()}`;
    const hit = await addNotice(deps, {
      title: `G-MIS 定期報告 ${tag}`,
      body: 'Login は Med-Login から。',
      category: 'お知らせ',
      publishedAt: clock.now() - 1,
      createdBy: 't',
    });
    await addNotice(deps, { title: `定期報告 ${tag} 予約`, body: 'G-MIS', category: 'お知らせ', publishedAt: clock.now() + DAY, createdBy: 't' });
    const faq = faqContext(deps.config);
    const search = (q: string) => searchPortal({ db: deps.db, now: clock.now(), faq }, q);

    assert.deepEqual(
      (await search(`g-mis ${tag}`)).notices.map((n) => n.id),
      [hit.id],
    );
    assert.deepEqual(
      (await search(`Ｇ－ＭＩＳ　${tag.toUpperCase()}`)).notices.map((n) => n.id),
      [hit.id],
      'full-width and upper case',
    );
    assert.deepEqual(
      (await search(`login ${tag}`)).notices.map((n) => n.id),
      [hit.id],
      'the body counts too',
    );
    assert.deepEqual((await search(`${tag} 存在しない語`)).notices, [], 'all words must occur');
    assert.deepEqual((await search('   ')).keys, []);
  });

  test('search: LIKE wildcards and the escape character mean themselves', async () => {
    const tag = `wc${unique()}`;
    const percent = await addNotice(deps, {
      title: `達成率100%の ${tag}`,
      body: 'a_b と a\\b',
      category: 'お知らせ',
      publishedAt: clock.now() - 1,
      createdBy: 't',
    });
    await addNotice(deps, { title: `達成率1000の ${tag}`, body: 'axb と ab', category: 'お知らせ', publishedAt: clock.now() - 1, createdBy: 't' });
    const faq = faqContext(deps.config);
    const ids = async (q: string) => (await searchPortal({ db: deps.db, now: clock.now(), faq }, q)).notices.map((n) => n.id);
    assert.deepEqual(await ids(`100% ${tag}`), [percent.id]);
    assert.deepEqual(await ids(`a_b ${tag}`), [percent.id]);
    assert.deepEqual(await ids(`a\\b ${tag}`), [percent.id]);
    assert.deepEqual(await ids(`% ${tag}`), [percent.id], 'a lone % is a percent sign, not "anything"');
    assert.deepEqual(await ids(`_ ${tag}`), [percent.id]);
  });

  test('search finds FAQ entries, and the excerpt marks the words', async () => {
    const faq = faqContext(deps.config);
    const results = await searchPortal({ db: deps.db, now: clock.now(), faq }, '定期報告 準備中');
    assert.ok(results.faq.some((e) => e.id === 'faq-report-when'));
    assert.ok(results.faq.every((e) => e.groupTitle));
    assert.deepEqual(searchKeys('a A ａ b c d e f g'), ['a', 'b', 'c', 'd', 'e'], 'duplicates dropped, at most five words');
    const s = snippet('G-MIS の定期報告は、受付期間の中でだけ行えます。', ['定期報告']);
    assert.deepEqual(
      s.parts.filter((p) => p.match).map((p) => p.text),
      ['定期報告'],
    );
    const wide = snippet('（お知らせ）ＧＭＩＳの案内', ['gmis']);
    assert.deepEqual(
      wide.parts,
      [
        { text: '（お知らせ）', match: false },
        { text: 'ＧＭＩＳ', match: true },
        { text: 'の案内', match: false },
      ],
      'shown as written, matched width-insensitively',
    );
    assert.ok(faqEntries(faq).length >= 10);
  });

  // ── お問合せ ───────────────────────────────────────────────────────────

  const inquiry = {
    category: 'ログイン・パスワード' as const,
    subject: 'ログインできません',
    body: '画面にエラーが出ます。\n二行目です。',
    contactPhone: '03-1234-5678',
  };

  test('an inquiry is stored under a reference; the office copy and the receipt are queued with it', async () => {
    const a = await account();
    const contact = `contact-${unique()}@example.jp`;
    const result = await submitInquiry(deps, a, { ...inquiry, contactEmail: contact });
    assert.equal(result.ok, true);
    const reference = result.ok ? result.reference : '';
    assert.match(reference, REFERENCE_PATTERN);
    assert.ok(reference.startsWith('Q-20261121-'), 'the Japan date of receipt');
    const stored = await findInquiryByReference(deps.db, reference);
    assert.equal(stored?.account_id, a.id);
    assert.equal(stored?.body, inquiry.body);
    assert.equal(stored?.contact_email, contact);

    const [receipt] = await listMail(deps.db, { to: contact });
    assert.equal(receipt?.kind, 'inquiry.receipt');
    assert.ok(receipt!.subject.includes(reference));
    const office = (await listMail(deps.db, { to: 'office@gmis.example', limit: 100 })).find((m) => m.subject.includes(reference));
    assert.equal(office?.kind, 'inquiry.office');
    assert.ok(office!.body_text.includes(a.username));
    assert.ok(office!.body_text.includes(contact));
    assert.deepEqual(
      (await listOwnInquiries(deps.db, a.id)).map((q) => q.reference),
      [reference],
    );
  });

  test('a reference drawn twice is drawn again, on both engines', async () => {
    const a = await account();
    // The first two inquiries draw the same four characters; the second then draws again.
    const draws = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
    const random: RandomSource = { ...cryptoRandom, int: (max) => (draws.length ? draws.shift()! : cryptoRandom.int(max)) };
    const fixed = { ...deps, random };
    const first = await submitInquiry(fixed, a, { ...inquiry, contactEmail: a.email });
    const second = await submitInquiry(fixed, a, { ...inquiry, contactEmail: a.email });
    assert.ok(first.ok && second.ok);
    assert.equal(first.reference, referenceNumber('Q', clock.now(), { ...cryptoRandom, int: () => 0 }, 4));
    assert.equal(second.reference.slice(-4), '1234');
    assert.equal((await listOwnInquiries(deps.db, a.id)).length, 2);
  });

  test('inquiries are budgeted per account', async () => {
    const a = await account();
    for (let i = 0; i < INQUIRY_BUDGET.max; i++) assert.equal((await submitInquiry(deps, a, { ...inquiry, contactEmail: a.email })).ok, true);
    assert.deepEqual(await submitInquiry(deps, a, { ...inquiry, contactEmail: a.email }), { ok: false, problem: 'rate_limited' });
    assert.equal((await listOwnInquiries(deps.db, a.id, 100)).length, INQUIRY_BUDGET.max);
  });
});
