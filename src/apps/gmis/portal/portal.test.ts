// The G-MIS portal over real HTTP on the real platform, on SQLite and PostgreSQL, users signed in
// through Med-Login. Every page and form: menu and 準備中 pages, the public home, ユーザ基礎情報 with
// validation and the e-mail change link, お知らせ read marks, お問合せ, search, FAQ, CSRF.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Account } from '../../../db/schema.ts';
import { describeEachEngine } from '../../../testing/db.ts';
import { EMAIL_CHANGE_LINK_MS } from '../../../portal/email-change.ts';
import { answerInquiry } from '../../../portal/inquiries.ts';
import { addNotice } from '../../../portal/notices.ts';
import { issueAccount } from '../../../identity/accounts/issue-account.ts';
import type { Ports } from '../../../ports.ts';
import { listMail } from '../../../mail/outbox.ts';
import { ManualClock } from '../../../platform/clock.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { gmisBrowserAs, TEST_SIGN_IN_PASSWORD } from '../../../testing/gmis-viewer.ts';
import { Browser, csrfTokenIn, type Response } from '../../../testing/http-client.ts';
import { assertShows } from '../../../testing/messages.ts';
import { startTestPlatform, type TestPlatform } from '../../../testing/platform.ts';
import { addAccount, addInstitution } from '../../../testing/reporting.ts';
import { GMIS_NAV } from './layout.tsx';
import { NOTICES_PER_PAGE } from './routes.tsx';

const HOUR = 3_600_000;

describeEachEngine('G-MIS portal', (engine) => {
  let platform: TestPlatform;
  let base: string;
  let NAVI: string;
  let clock: ManualClock;
  let deps: Ports;

  before(async () => {
    clock = new ManualClock();
    platform = await startTestPlatform({ engine, clock, env: { OFFICE_EMAIL: 'office@gmis.example' } });
    ({ gmis: base, navi: NAVI } = platform.url);
    deps = platform.rt.deps;
  });

  after(() => platform.close());

  const unique = () => Math.random().toString(36).slice(2, 10);

  async function newAccount(): Promise<Account> {
    const email = `user-${unique()}@example.jp`;
    const { accountId } = await issueAccount(deps, { category: '病院', displayName: 'XX病院 担当者', email, issuedBy: 'test' });
    await deps.db.updateTable('accounts').set({ state: 'active' }).where('id', '=', accountId).execute();
    return deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
  }

  async function signedIn(): Promise<{ account: Account; browser: Browser }> {
    const account = await newAccount();
    return { account, browser: await gmisBrowserAs(platform, account.id) };
  }

  const reload = (a: Account) => deps.db.selectFrom('accounts').selectAll().where('id', '=', a.id).executeTakeFirstOrThrow();

  /** The value attribute of the input named `name`. */
  function inputValue(html: string, name: string): string | undefined {
    // Attribute values may hold ">" (only "&" and the quote need escaping there).
    return new RegExp(`<input(?:\\s+[a-z-]+="[^"]*")*?\\s+name="${name}"(?:\\s+[a-z-]+="[^"]*")*?\\s+value="([^"]*)"`).exec(html)?.[1];
  }

  const PROFILE = { family_name: '山田', given_name: '花子', email: '', phone: '03-1234-5678', extension: '', fax: '', department: '医事課' };

  describe('signed out', () => {
    test('ホーム explains G-MIS and offers 「Med-Loginでログイン」 instead of redirecting', async () => {
      const res = await new Browser(base).get('/');
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('Med-Loginでログイン'));
      assert.match(res.body, /<a class="button button--primary" href="\/login">/);
      assert.ok(res.body.includes('医療機能情報'));
      assert.ok(!res.body.includes('action="/logout"'));
    });

    test('signed-in pages send the visitor to sign in and back; FAQ and the manual stay public', async () => {
      const browser = new Browser(base);
      for (const path of ['/profile', '/profile/edit', '/notices', '/inquiry', '/search?q=a', '/soon/reports']) {
        const res = await browser.get(path);
        assert.equal(res.status, 303, path);
        assert.equal(res.location, `/login?return_to=${encodeURIComponent(path)}`);
      }
      for (const path of ['/faq', '/help']) {
        const res = await browser.get(path);
        assert.equal(res.status, 200, path);
        assert.match(res.body, /href="\/login">\s*ログイン/);
      }
    });
  });

  describe('ホーム', () => {
    test('the menu, the name, ログアウト, search, the first-sign-in notice, manuals, お知らせ and the SSO button', async () => {
      const tag = unique();
      await addNotice(deps, { title: `ホーム確認 ${tag}`, body: '本文です。', category: '重要', publishedAt: clock.now() - 1000, createdBy: 'test' });
      const { browser } = await signedIn();
      const res = await browser.get('/');
      assert.equal(res.status, 200);
      for (const label of ['ホーム', '調査', 'お知らせ', 'お問合せ', 'FAQ', 'レポート', '医療機関マスタ'])
        assert.ok(res.body.includes(`<span>${label}</span>`), label);
      assert.ok(res.body.includes('XX病院 担当者'));
      assert.match(res.body, /<form method="post" action="\/logout" class="inline-form"><input type="hidden" name="_csrf" value="[^"]+"\/?>/);
      assert.match(res.body, /<form class="gmis-search" method="get" action="\/search"/);
      assert.ok(res.body.includes('ご担当者の名前とメールアドレスをご確認ください'));
      // Until the first-sign-in notice is answered, its buttons are the one way into ユーザ基礎情報.
      assert.deepEqual(
        res.body.match(/<a [^>]*href="\/profile(\/edit)?"[^>]*>[^<]*<\/a>/g)?.map((l) => l.replace(/^.*>([^<]*)<\/a>$/, '$1').trim()),
        ['名前を登録する'],
      );
      assert.match(res.body, /href="\/help#help-profile"/);
      assert.ok(res.body.includes(`ホーム確認 ${tag}`));
      assert.ok(res.body.includes('未読'));
      assert.ok(res.body.includes(`href="${NAVI}/sso/start"`));
      assert.ok(res.body.includes('href="/sso-application"'), 'the way to the SSO-use application');
      assert.ok(!res.body.includes('href="/office/sso"'), 'the office queue is for the office only');
    });

    test('the office sees the way to its SSO queue', async () => {
      const account = await newAccount();
      await deps.db.updateTable('accounts').set({ category: '事務局' }).where('id', '=', account.id).execute();
      const res = await (await gmisBrowserAs(platform, account.id)).get('/');
      assert.equal(res.status, 200);
      assert.ok(res.body.includes('href="/office/sso"'));
    });

    test('staff find 臨時休診 and the reminders on the home as the policies allow', async () => {
      const links = async (a: Account) => {
        const body = (await (await gmisBrowserAs(platform, a.id)).get('/')).body;
        return { closures: body.includes('href="/closures"'), reminders: body.includes('href="/review/reminders"') };
      };
      const prefecture = await addAccount(platform.rt.handle, clock, '都道府県', { prefectureCode: '13' });
      const centre = await addAccount(platform.rt.handle, clock, '保健所', { prefectureCode: '13', municipalities: ['13102'] });
      const office = await addAccount(platform.rt.handle, clock, '事務局', { prefectureCode: null });
      assert.deepEqual(await links(prefecture), { closures: true, reminders: true });
      assert.deepEqual(await links(centre), { closures: true, reminders: false }, 'a health centre closes its municipalities’ facilities');
      assert.deepEqual(await links(office), { closures: false, reminders: true });
      assert.deepEqual(await links((await signedIn()).account), { closures: false, reminders: false });
    });

    test('every menu entry leads somewhere: built pages and honest 準備中 pages', async () => {
      // A hospital's account (its reports, its own master record).
      const { account, browser } = await signedIn();
      const institution = await addInstitution(platform.rt.handle, deps.clock, { kind: '病院' });
      await deps.db.updateTable('accounts').set({ institution_id: institution.id }).where('id', '=', account.id).execute();
      for (const item of GMIS_NAV) {
        const res = await browser.get(item.href);
        assert.equal(res.status, 200, item.href);
        assert.match(res.body, new RegExp(`aria-current="page"[^>]*><span>${item.label}</span>`), `${item.label} is marked current`);
        if (item.soon) assert.ok(res.body.includes('準備中です'), item.href);
      }
      assert.equal((await browser.get('/soon/constructor')).status, 404);
      assert.equal((await browser.get('/soon/unknown')).status, 404);
    });

    test('「この内容で間違いありません」 records the confirmation and the notice goes away', async () => {
      const { account, browser } = await signedIn();
      await deps.db.updateTable('accounts').set({ family_name: '山田', given_name: '太郎' }).where('id', '=', account.id).execute();
      const home = await browser.get('/');
      assert.ok(home.body.includes('この内容で間違いありません'));
      assert.ok(home.body.includes('山田 太郎'));
      const res = await browser.request('POST', '/profile/confirm', { _csrf: csrfTokenIn(home.body) });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/?confirmed=1');
      assert.equal((await reload(account)).profile_confirmed_at, clock.now());
      const after = await browser.get(res.location!);
      assert.ok(!after.body.includes('ご担当者の名前とメールアドレスをご確認ください'));
      assertShows(after.body, MESSAGES['profile.confirmed']);
      // Then one button leads to ユーザ基礎情報.
      assert.deepEqual(
        after.body.match(/<a [^>]*href="\/profile(\/edit)?"[^>]*>[^<]*<\/a>/g)?.map((l) => l.replace(/^.*>([^<]*)<\/a>$/, '$1').trim()),
        ['ユーザ基礎情報を確認・変更する'],
      );
    });

    test('without a registered name the notice asks to register one rather than to confirm', async () => {
      const { browser } = await signedIn();
      const home = await browser.get('/');
      assert.ok(!home.body.includes('この内容で間違いありません'));
      assert.match(home.body, /href="\/profile\/edit">名前を登録する/);
    });
  });

  describe('ユーザ基礎情報', () => {
    test('view → 「編集」 → form → 「保存」: stored, phone normalised, notice gone', async () => {
      const { account, browser } = await signedIn();
      const view = await browser.get('/profile');
      assert.equal(view.status, 200);
      for (const label of ['名前', 'メール', '電話', '内線', 'Fax', '担当部署']) assert.ok(view.body.includes(`<dt>${label}</dt>`), label);
      assert.match(view.body, /href="\/profile\/edit">\s*編集/);
      const form = await browser.get('/profile/edit');
      for (const label of ['姓', '名', 'メール', '電話', '内線', 'Fax', '担当部署', '保存', 'キャンセル']) assert.ok(form.body.includes(label), label);
      assert.equal(inputValue(form.body, 'email'), account.email);
      assert.match(form.body, /href="\/profile">\s*キャンセル/);

      const res = await browser.request('POST', '/profile', {
        _csrf: csrfTokenIn(form.body),
        ...PROFILE,
        email: account.email,
        phone: '０３ー１２３４ー５６７８',
        extension: '１２',
        fax: '03　1234　5679',
      });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/profile?saved=done');
      const saved = await reload(account);
      assert.equal(saved.phone, '03-1234-5678');
      assert.equal(saved.fax, '03-1234-5679');
      assert.equal(saved.extension, '12');
      assert.equal(saved.family_name, '山田');
      assert.ok(saved.profile_confirmed_at);
      const shown = await browser.get(res.location!);
      assertShows(shown.body, MESSAGES['profile.saved']);
      assert.ok(shown.body.includes('山田 花子'));
      assert.ok(shown.body.includes('03-1234-5678'));
      assert.ok(!(await browser.get('/')).body.includes('ご担当者の名前とメールアドレスをご確認ください'));
    });

    test('invalid input: field-level Japanese messages, everything typed kept, nothing saved', async () => {
      const { account, browser } = await signedIn();
      const form = await browser.get('/profile/edit');
      const typed = {
        family_name: '',
        given_name: '<b>花子</b>',
        email: 'not-an-address',
        phone: '(03)1234-5678',
        extension: 'abc',
        fax: '3-1234-5678',
        department: '医事課"&',
      };
      const res = await browser.request('POST', '/profile', { _csrf: csrfTokenIn(form.body), ...typed });
      assert.equal(res.status, 422);
      for (const message of [
        MESSAGES['profile.family_name.required'],
        MESSAGES['contact.email.invalid'],
        MESSAGES['contact.phone.characters']('電話番号'),
        MESSAGES['contact.extension.characters'],
        MESSAGES['contact.phone.prefix']('Fax番号'),
      ]) {
        assertShows(res.body, message);
      }
      assert.match(res.body, /aria-describedby="[^"]*phone-error/);
      assert.match(res.body, /<a href="#family_name">/);
      assert.equal(inputValue(res.body, 'given_name'), '<b>花子</b>', 'kept (inside a quoted attribute)');
      assert.equal(inputValue(res.body, 'email'), 'not-an-address');
      assert.equal(inputValue(res.body, 'phone'), '(03)1234-5678');
      assert.match(inputValue(res.body, 'department') ?? '', /^医事課&#34;&(amp;)?$/);
      assert.equal((await reload(account)).profile_confirmed_at, null);
    });

    test('a new e-mail address: link to the new address, notice to the old, pending shown, then done', async () => {
      const { account, browser } = await signedIn();
      const newEmail = `new-${unique()}@example.jp`;
      const form = await browser.get('/profile/edit');
      const res = await browser.request('POST', '/profile', {
        _csrf: csrfTokenIn(form.body),
        ...PROFILE,
        email: `　${newEmail.toUpperCase().replace('@', '＠')}`,
      });
      assert.equal(res.status, 303);
      assert.equal(res.location, '/profile?saved=pending');
      // The address was typed in full width and upper case; NFKC keeps case, so the mail goes to that spelling.
      const typedAs = newEmail.toUpperCase();
      const [toNew] = await listMail(deps.db, { to: typedAs });
      assert.equal(toNew?.kind, 'email_change.confirm');
      const [toOld] = await listMail(deps.db, { to: account.email });
      assert.equal(toOld?.kind, 'email_change.requested');

      const profile = await browser.get(res.location!);
      assert.ok(profile.body.includes('メールアドレスの変更手続き中です'));
      assert.ok(profile.body.includes(typedAs));
      assertShows(profile.body, MESSAGES['profile.saved.email_pending'](typedAs));
      assert.ok(profile.body.includes(account.email), 'the current address is still the one in use');

      const link = new URL(/https?:\/\/\S+\/profile\/email\/confirm\/\S+/.exec(toNew!.body_text)![0]).pathname;
      // Opened on another device, not signed in: the page shows, nothing changes until the button.
      const phone = new Browser(base);
      const page = await phone.get(link);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes('メールアドレスを変更する'));
      assert.equal((await reload(account)).email, account.email);
      const done = await phone.request('POST', link, { _csrf: csrfTokenIn(page.body) });
      assert.equal(done.status, 303);
      assert.equal(done.location, '/profile/email/changed');
      assert.ok((await phone.get(done.location!)).body.includes('メールアドレスを変更しました'));
      assert.equal((await reload(account)).email, typedAs);
      const [completed] = await listMail(deps.db, { to: account.email });
      assert.equal(completed?.kind, 'email_change.completed');

      const again = await phone.request('POST', link, { _csrf: csrfTokenIn(page.body) });
      assert.equal(again.status, 410, 'single use');
      assertShows(again.body, MESSAGES['profile.email_link.used']);
    });

    test('an expired or superseded link is explained, and changes nothing', async () => {
      const { account, browser } = await signedIn();
      const submit = async (email: string) => {
        const form = await browser.get('/profile/edit');
        await browser.request('POST', '/profile', { _csrf: csrfTokenIn(form.body), ...PROFILE, email });
        const [mail] = await listMail(deps.db, { to: email });
        return new URL(/https?:\/\/\S+\/profile\/email\/confirm\/\S+/.exec(mail!.body_text)![0]).pathname;
      };
      const first = await submit(`a-${unique()}@example.jp`);
      const second = await submit(`b-${unique()}@example.jp`);
      const superseded = await new Browser(base).get(first);
      assert.equal(superseded.status, 410);
      assertShows(superseded.body, MESSAGES['profile.email_link.superseded']);

      clock.advance(EMAIL_CHANGE_LINK_MS);
      const expired = await new Browser(base).get(second);
      assert.equal(expired.status, 410);
      assertShows(expired.body, MESSAGES['profile.email_link.expired']);
      const unknown = await new Browser(base).get('/profile/email/confirm/not-a-token');
      assert.equal(unknown.status, 410);
      assertShows(unknown.body, MESSAGES['profile.email_link.unknown']);
      assert.equal((await reload(account)).email, account.email);
    });

    test('「変更を取り消す」 withdraws the pending change', async () => {
      const { account, browser } = await signedIn();
      const form = await browser.get('/profile/edit');
      await browser.request('POST', '/profile', { _csrf: csrfTokenIn(form.body), ...PROFILE, email: `undo-${unique()}@example.jp` });
      const profile = await browser.get('/profile');
      assert.ok(profile.body.includes('変更を取り消す'));
      const res = await browser.request('POST', '/profile/email/cancel', { _csrf: csrfTokenIn(profile.body) });
      assert.equal(res.location, '/profile?cancelled=1');
      const after = await browser.get(res.location!);
      assertShows(after.body, MESSAGES['profile.email_change.cancelled']);
      assert.ok(!after.body.includes('メールアドレスの変更手続き中です'));
      assert.equal((await reload(account)).email, account.email);
    });

    test('too many address changes: the form comes back as typed with a clear message', async () => {
      const { account, browser } = await signedIn();
      let last: Response | undefined;
      for (let i = 0; i < 6; i++) {
        const form = await browser.get('/profile/edit');
        last = await browser.request('POST', '/profile', {
          _csrf: csrfTokenIn(form.body),
          ...PROFILE,
          family_name: `姓${i}`,
          email: `n${i}-${unique()}@example.jp`,
        });
      }
      assert.equal(last!.status, 429);
      assertShows(last!.body, MESSAGES['profile.email.rate_limited']);
      assert.equal(inputValue(last!.body, 'family_name'), '姓5');
      assert.equal((await reload(account)).family_name, '姓4');
    });
  });

  describe('お知らせ', () => {
    test('unread → opened → read; scheduled notices are not shown; paging', async () => {
      const tag = unique();
      const notice = await addNotice(deps, {
        title: `未読確認 ${tag}`,
        body: '一段落目です。\n同じ段落です。\n\n<script>二段落目</script>',
        category: 'お知らせ',
        publishedAt: clock.now() - 1000,
        createdBy: 'test',
      });
      const scheduled = await addNotice(deps, { title: `予約 ${tag}`, body: '本文', category: 'お知らせ', publishedAt: clock.now() + HOUR, createdBy: 'test' });
      const { browser } = await signedIn();
      const list = await browser.get('/notices');
      assert.equal(list.status, 200);
      const item = (html: string) => new RegExp(`<li class="([^"]+)">(?:(?!</li>).)*未読確認 ${tag}`, 's').exec(html)?.[1];
      assert.equal(item(list.body), 'notice-list__item notice-list__item--unread');
      assert.ok(!list.body.includes(`予約 ${tag}`));

      const detail = await browser.get(`/notices/${notice.id}`);
      assert.equal(detail.status, 200);
      assert.ok(
        detail.body.includes('<span>一段落目です。</span><br/><span>同じ段落です。</span>') ||
          detail.body.includes('<span>一段落目です。</span><br><span>同じ段落です。</span>'),
      );
      assert.ok(detail.body.includes('<span>&lt;script>二段落目&lt;/script></span>'), 'plain text, escaped');
      assert.equal(item((await browser.get('/notices')).body), 'notice-list__item');
      assert.equal((await browser.get(`/notices/${scheduled.id}`)).status, 404);
      assert.equal((await browser.get('/notices/no-such-notice')).status, 404);

      for (let i = 0; i < NOTICES_PER_PAGE; i++)
        await addNotice(deps, { title: `ページ送り ${i}`, body: '本文', category: 'お知らせ', publishedAt: clock.now() - 2000 - i, createdBy: 'test' });
      const page2 = await browser.get('/notices?page=2');
      assert.equal(page2.status, 200);
      assert.match(page2.body, /aria-current="page">2</);
      assert.ok((await browser.get('/notices')).body.includes('href="/notices?page=2"'));
      assert.equal((await browser.get('/notices?page=abc')).status, 200, 'a bad page number shows the first page');
    });
  });

  describe('お問合せ', () => {
    test('the form is prefilled; invalid input keeps what was typed', async () => {
      const { account, browser } = await signedIn();
      const form = await browser.get('/inquiry');
      assert.equal(form.status, 200);
      assert.equal(inputValue(form.body, 'contact_email'), account.email);
      assert.match(form.body, /<select[^>]*name="category"/);
      const res = await browser.request('POST', '/inquiry', {
        _csrf: csrfTokenIn(form.body),
        category: '',
        subject: '件名だけ',
        body: '',
        contact_email: 'x',
        contact_phone: '',
      });
      assert.equal(res.status, 422);
      for (const m of [MESSAGES['inquiry.category.required'], MESSAGES['inquiry.body.required'], MESSAGES['contact.email.invalid']]) assertShows(res.body, m);
      assert.equal(inputValue(res.body, 'subject'), '件名だけ');
      const wrongCategory = await browser.request('POST', '/inquiry', {
        _csrf: csrfTokenIn(form.body),
        category: '雑談',
        subject: 's',
        body: '本文',
        contact_email: account.email,
        contact_phone: '',
      });
      assert.equal(wrongCategory.status, 422);
    });

    test('sending stores it, queues the office copy and the receipt, and shows the reference (reload sends nothing)', async () => {
      const { account, browser } = await signedIn();
      const form = await browser.get('/inquiry');
      const officeBefore = (await listMail(deps.db, { to: 'office@gmis.example', limit: 1000 })).length;
      const res = await browser.request('POST', '/inquiry', {
        _csrf: csrfTokenIn(form.body),
        category: '報告（新規・定期・随時）',
        subject: '定期報告のボタンが押せません',
        body: '受付期間のはずですが、\n「定期報告」が押せません。',
        contact_email: account.email,
        contact_phone: '０９０－１２３４－５６７８',
      });
      assert.equal(res.status, 303);
      const reference = /^\/inquiry\/(Q-\d{8}-[0-9A-Z]{4})$/.exec(res.location ?? '')?.[1];
      assert.ok(reference, res.location);
      const stored = await deps.db.selectFrom('gmis_inquiries').selectAll().where('reference', '=', reference!).executeTakeFirstOrThrow();
      assert.equal(stored.account_id, account.id);
      assert.equal(stored.contact_phone, '090-1234-5678');
      assert.equal(stored.body, '受付期間のはずですが、\n「定期報告」が押せません。');

      const page = await browser.get(res.location!);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(reference!));
      assert.ok(page.body.includes('お問合せを受け付けました'));
      await browser.get(res.location!);
      const office = await listMail(deps.db, { to: 'office@gmis.example', limit: 1000 });
      assert.equal(office.length, officeBefore + 1, 'one office mail, not one per page view');
      const receipts = (await listMail(deps.db, { to: account.email })).filter((m) => m.kind === 'inquiry.receipt');
      assert.equal(receipts.length, 1);
      assert.ok(receipts[0]!.body_text.includes(reference!));
      assert.ok((await browser.get('/inquiry')).body.includes(reference!), 'listed under これまでのお問合せ');

      // Answered: the page says so (not 「受け付けました」 and 「回答します」 any more) and shows the answer.
      const answered = await answerInquiry(deps, account, reference!, stored.version, 'ボタンは受付期間の初日から押せます。');
      assert.ok(answered.ok);
      const answeredPage = await browser.get(res.location!);
      assert.match(answeredPage.body, /<h1 class="page-title">事務局から回答しました<\/h1>/);
      assert.ok(!answeredPage.body.includes('お問合せを受け付けました'));
      assert.ok(!answeredPage.body.includes('このアドレスに回答します'));
      assert.ok(answeredPage.body.includes('ボタンは受付期間の初日から押せます。'), 'the answer is shown');

      const stranger = await signedIn();
      assert.equal((await stranger.browser.get(res.location!)).status, 404, "someone else's inquiry is not found");
      assert.equal((await browser.get('/inquiry/not-a-reference')).status, 404);
    });
  });

  describe('検索, FAQ, 操作の手引き', () => {
    test('search finds notices and FAQ, marks the words, escapes what was typed', async () => {
      const tag = `sr${unique()}`;
      await addNotice(deps, {
        title: `検索テスト ${tag}`,
        body: `G-MIS の案内です ${tag}`,
        category: 'お知らせ',
        publishedAt: clock.now() - 1000,
        createdBy: 'test',
      });
      const { browser } = await signedIn();
      const hit = await browser.get(`/search?q=${encodeURIComponent(`g-mis ${tag.toUpperCase()}`)}`);
      assert.equal(hit.status, 200);
      assert.ok(hit.body.includes(`検索テスト ${tag}`), 'title');
      assert.match(hit.body, /<mark>G-MIS<\/mark>/);
      assert.equal(inputValue(hit.body, 'q'), `g-mis ${tag.toUpperCase()}`);

      const faq = await browser.get(`/search?q=${encodeURIComponent('パスワード')}`);
      assert.ok(faq.body.includes('href="/faq#faq-password"'), 'faq hit');

      const none = await browser.get(`/search?q=${encodeURIComponent(`<script>x</script> ${tag}`)}`);
      assert.equal(none.status, 200);
      assert.ok(none.body.includes('見つかりませんでした'), 'no results');
      // Outside quoted attribute values (where "<" is harmless) the query appears only escaped.
      assert.ok(!none.body.replace(/="[^"]*"/g, '=""').includes('<script>x</script>'), 'escaped');
      assert.equal(inputValue(none.body, 'q'), `<script>x</script> ${tag}`);
      assert.ok(none.body.includes('&lt;script>x&lt;/script>'));

      const wildcard = await browser.get(`/search?q=${encodeURIComponent(`%%${tag}`)}`);
      assert.ok(wildcard.body.includes('見つかりませんでした'), 'a % is a character, not a wildcard');

      const empty = await browser.get('/search?q=');
      assert.ok(empty.body.includes('探したいことばを入力して'), 'empty state');
      assert.equal((await browser.get('/search?q=a&q=b')).status, 200);
    });

    test('FAQ: at least ten questions, grouped, each with an anchor; the manual has its topics', async () => {
      const res = await new Browser(base).get('/faq');
      assert.equal(res.status, 200);
      const entries = res.body.match(/<div class="faq-entry card" id="faq-[a-z-]+">/g) ?? [];
      assert.ok(entries.length >= 10, String(entries.length));
      for (const id of [
        'faq-username',
        'faq-welcome-mail',
        'faq-mail-not-arriving',
        'faq-link-not-opening',
        'faq-report-when',
        'faq-email-change',
        'faq-navi-sso',
        'faq-browser',
      ]) {
        assert.ok(res.body.includes(`id="${id}"`), id);
      }
      assert.ok((res.body.match(/<h2 class="section-title" id="[a-z]+">/g) ?? []).length >= 4);
      assert.ok(res.body.includes(deps.config.mail.fromAddress), 'the sender address to allow');
      const help = await new Browser(base).get('/help');
      for (const id of ['help-first', 'help-profile', 'help-notices', 'help-reports', 'help-navi', 'help-trouble', 'help-environment']) {
        assert.ok(help.body.includes(`id="${id}"`), id);
      }
      // Both say what the buttons say (同意 / 却下, はい、却下する), and nothing about screens not built yet.
      for (const page of [res.body, help.body]) {
        assert.match(page, /「同意」/);
        assert.match(page, /「却下」/);
        assert.doesNotMatch(page, /「承認」|拒否|「定期報告」ボタン|ユーザ基礎情報登録/);
      }
      // The guide's 報告 part names the report screen's own buttons, and no longer calls it 準備中.
      assert.match(help.body, /「保存する」.*「報告」/);
      assert.match(help.body, /「引き戻し」/);
      assert.doesNotMatch(help.body, /準備中です。使えるようになったら/);
    });
  });

  describe('CSRF', () => {
    test('every form post without a valid token is refused', async () => {
      const { account, browser } = await signedIn();
      await browser.get('/profile/edit');
      for (const path of ['/profile', '/profile/confirm', '/profile/email/cancel', '/inquiry']) {
        for (const form of [
          { ...PROFILE, email: 'x@example.jp' },
          { ...PROFILE, _csrf: 'forged' },
        ] as Record<string, string>[]) {
          const res = await browser.request('POST', path, form);
          assert.equal(res.status, 403, path);
          assert.ok(res.body.includes('画面の有効期限が切れました'));
        }
      }
      // A token from another browser does not pass either.
      const other = await gmisBrowserAs(platform, account.id, { fresh: true, password: TEST_SIGN_IN_PASSWORD });
      const token = csrfTokenIn((await other.get('/profile/edit')).body);
      assert.equal((await browser.request('POST', '/profile', { _csrf: token, ...PROFILE, email: account.email })).status, 403);
      assert.equal((await reload(account)).profile_confirmed_at, null);
    });
  });
});
