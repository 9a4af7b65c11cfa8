// 医療情報ネット 関係者ログイン over real HTTP on the running platform: sign-in answers, the forced
// password change, the reset link, 関係者メニュー, logout (local and single sign-on), CSRF and
// back-channel logout.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAudit } from '../../audit/audit-log.ts';
import { listMail } from '../../mail/outbox.ts';
import { issueAccount } from '../../identity/accounts/issue-account.ts';
import { testHasher } from '../../identity/password/hasher.ts';
import { issueNaviAccount } from '../../navi/issue-account.ts';
import { createNaviSession, endNaviSessionsByOidcSid, linkNaviAccountForGmis, NAVI_SESSION_COOKIE } from '../../navi/index.ts';
import { ManualClock } from '../../platform/clock.ts';
import { MESSAGES } from '../../platform/messages/index.ts';
import { Browser, csrfTokenIn, linkIn, type Response } from '../../testing/http-client.ts';
import { mailTo, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';
import { assertShows } from '../../testing/messages.ts';

const NEW_PASSWORD = 'Maple-Orbit-483';
const withoutCsrf = (html: string) => html.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value=""');
const from = (ip: string) => ({ 'x-forwarded-for': ip });

let platform: TestPlatform;
let clock: ManualClock;
let ipSerial = 0;
/** A fresh client address per sign-in, so the per-IP counter never gets in the way of a test. */
const nextIp = () => `198.51.100.${(ipSerial++ % 250) + 1}`;

before(async () => {
  clock = new ManualClock();
  platform = await startTestPlatform({ clock, hasher: testHasher(), env: { TRUST_PROXY: 'true' } });
});
after(() => platform.close());

const navi = () => new Browser(platform.url.navi);

async function issued(userId = `staff-${Math.random().toString(36).slice(2, 10)}`) {
  const result = await issueNaviAccount(platform.rt.deps, {
    userId,
    displayName: 'テスト県 医療政策課 担当者',
    email: `${userId.toLowerCase()}@example.jp`,
    issuedBy: 'test',
  });
  assert.ok(result.ok);
  return { userId: result.account.user_id, email: result.account.email, temporaryPassword: result.temporaryPassword, id: result.account.id };
}

async function signIn(browser: Browser, userId: string, password: string, ip = nextIp()): Promise<Response> {
  const page = await browser.get('/staff/login');
  return browser.request('POST', '/staff/login', { _csrf: csrfTokenIn(page.body), user_id: userId, password }, from(ip));
}

async function changePassword(browser: Browser, current: string, password: string, confirmation = password): Promise<Response> {
  const page = await browser.get('/staff/password/change');
  return browser.request('POST', '/staff/password/change', { _csrf: csrfTokenIn(page.body), current_password: current, password, confirmation });
}

/** An account past its first sign-in: signed in, temporary password replaced. */
async function activeStaff(): Promise<{ userId: string; email: string; browser: Browser; id: string }> {
  const account = await issued();
  const browser = navi();
  assert.equal((await signIn(browser, account.userId, account.temporaryPassword)).status, 303);
  assert.equal((await changePassword(browser, account.temporaryPassword, NEW_PASSWORD)).status, 303);
  return { ...account, browser };
}

describe('public home', () => {
  test('offers the search (search.test.ts has the rest) and leads to 関係者ログイン', async () => {
    const home = await navi().get('/');
    assert.equal(home.status, 200);
    assert.ok(!home.body.includes('準備中'));
    assert.ok(home.body.includes('医療機関を探す'));
    assert.match(home.body, /<a class="button button--primary" href="\/staff\/login">\s*関係者ログイン\s*<\/a>/);
  });
});

describe('関係者ログイン', () => {
  test('the page explains half-width and case, offers 「表示」 by script, SSO and reset links', async () => {
    const page = await navi().get('/staff/login');
    assert.equal(page.status, 200);
    for (const text of ['関係者ログイン', 'ユーザーID', 'パスワード', '半角英数字', '大文字と小文字は区別されます', 'パスワードを忘れた方はこちら']) {
      assert.ok(page.body.includes(text), text);
    }
    assert.match(page.body, /<a href="\/sso\/start">G-MISからのログインはこちら<\/a>/);
    assert.match(
      page.body,
      /<label class="checkbox" data-reveal-control hidden>\s*<input type="checkbox" data-reveal-for="password" aria-controls="password"\/?>\s*表示/,
    );
    assert.match(page.body, /<script type="module" src="\/static\/js\/password-reveal.js"><\/script>/);
    assert.ok(!/<script(?![^>]*src=)/.test(page.body), 'no inline script');
    assert.equal((await navi().get('/static/js/password-reveal.js')).status, 200);
  });

  test('a first sign-in with the temporary password leads to the forced change, with a safe cookie', async () => {
    const account = await issued();
    const browser = navi();
    browser.cookies.set(NAVI_SESSION_COOKIE, 'planted-by-an-attacker');
    const res = await signIn(browser, account.userId, account.temporaryPassword);
    assert.equal(res.status, 303);
    assert.equal(res.location, '/staff/password/change');
    assert.notEqual(browser.cookies.get(NAVI_SESSION_COOKIE), 'planted-by-an-attacker');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${NAVI_SESSION_COOKIE}=`))!;
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    assert.match(cookie, /Path=\//i);
  });

  test('unknown ID and wrong password get the same status and page', async () => {
    const account = await issued();
    const answers = [];
    for (const [userId, password] of [
      [account.userId, 'Wrong-password-9'],
      ['nobody-registered', account.temporaryPassword],
    ] as const) {
      const res = await signIn(navi(), userId, password);
      answers.push({ status: res.status, body: withoutCsrf(res.body).replace(userId, 'USER_ID') });
    }
    assert.equal(answers[0]!.status, 401);
    assertShows(answers[0]!.body, MESSAGES['navi.login.invalid']);
    assert.deepEqual(answers[1], answers[0]);
  });

  test('the ユーザーID is case-sensitive; full-width input counts as half-width', async () => {
    const account = await issued(`CaseID-${Math.random().toString(36).slice(2, 8)}`);
    assert.equal((await signIn(navi(), account.userId.toLowerCase(), account.temporaryPassword)).status, 401);
    assert.equal((await signIn(navi(), account.userId.toUpperCase(), account.temporaryPassword)).status, 401);
    const wide = account.userId.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    assert.equal((await signIn(navi(), wide, account.temporaryPassword)).status, 303);
  });

  test('empty fields get messages beside them and keep the typed ID, never the password', async () => {
    const res = await signIn(navi(), 'typed-id-01', '');
    assert.equal(res.status, 422);
    assertShows(res.body, MESSAGES['navi.password.required']);
    assert.match(res.body, /value="typed-id-01"/);
    assert.match(res.body, /aria-describedby="password-hint password-error"/);
    const both = await signIn(navi(), '', 'Secret-typed-1');
    assertShows(both.body, MESSAGES['navi.user_id.required']);
    assert.ok(!both.body.includes('Secret-typed-1'));
  });

  test('repeated failures for one ID are throttled with a retry time', async () => {
    const account = await issued();
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn(navi(), account.userId, `Wrong-${i}-pass`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 429]);
    const throttled = await signIn(navi(), account.userId, account.temporaryPassword);
    assert.equal(throttled.status, 429);
    assert.equal(throttled.headers.get('retry-after'), '1');
    assertShows(throttled.body, MESSAGES['navi.login.throttled'](1));
    clock.advance(1000);
    assert.equal((await signIn(navi(), account.userId, account.temporaryPassword)).status, 303);
  });
});

describe('forced password change', () => {
  test('nothing else is reachable until the temporary password is changed', async () => {
    const account = await issued();
    const browser = navi();
    await signIn(browser, account.userId, account.temporaryPassword);
    for (const path of ['/staff', '/staff/login', '/staff/password/forgot']) {
      const res = await browser.get(path);
      assert.equal(res.status, 303, path);
      assert.equal(res.location, '/staff/password/change', path);
    }
    const page = await browser.get('/staff/password/change');
    assert.equal(page.status, 200);
    assert.ok(page.body.includes('変更が終わるまで、ほかの画面は利用できません'));
    assert.ok(!page.body.includes('関係者メニューへ戻る'));

    const weak = await changePassword(browser, '', 'password');
    assert.equal(weak.status, 422);
    assert.match(weak.body, /aria-invalid="true"/);
    assert.equal((await browser.get('/staff')).location, '/staff/password/change', 'still blocked after failed attempts');

    const kept = await changePassword(browser, '', account.temporaryPassword);
    assert.equal(kept.status, 422, 'the temporary password may not be kept');
    assertShows(kept.body, MESSAGES['navi.password.same_as_current']);
    const done = await changePassword(browser, '', NEW_PASSWORD);
    assert.equal(done.status, 303);
    assert.equal(done.location, '/staff?changed=1');
    const menu = await browser.get('/staff?changed=1');
    assert.equal(menu.status, 200);
    assertShows(menu.body, MESSAGES['navi.password.changed']);
    const mails = await mailTo(platform, account.email);
    assert.ok(mails.some((m) => m.includes('パスワードが') && m.includes('変更されました')));
    assert.ok((await signIn(navi(), account.userId, NEW_PASSWORD)).location === '/staff');
  });
});

describe('forced password change: the temporary password is asked once', () => {
  test('right after signing in with it, the change does not ask for it a second time', async () => {
    const account = await issued();
    const browser = navi();
    await signIn(browser, account.userId, account.temporaryPassword);
    const page = await browser.get('/staff/password/change');
    assert.equal(page.status, 200);
    assert.ok(!page.body.includes('name="current_password"'), 'no field for the temporary password');
    const done = await browser.request('POST', '/staff/password/change', { _csrf: csrfTokenIn(page.body), password: NEW_PASSWORD, confirmation: NEW_PASSWORD });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/staff?changed=1');
    assert.equal((await signIn(navi(), account.userId, NEW_PASSWORD)).location, '/staff');
  });

  test('a session left open, and a change by choice, still ask for the current password', async () => {
    const account = await issued();
    const browser = navi();
    await signIn(browser, account.userId, account.temporaryPassword);
    clock.advance(16 * 60_000);
    const page = await browser.get('/staff/password/change');
    assert.ok(page.body.includes('現在のパスワード（仮のパスワード）'));
    const missing = await changePassword(browser, '', NEW_PASSWORD);
    assert.equal(missing.status, 422);
    assertShows(missing.body, MESSAGES['navi.current_password.required']);
    const wrong = await changePassword(browser, 'Not-the-temp-1', NEW_PASSWORD);
    assert.equal(wrong.status, 422);
    assertShows(wrong.body, MESSAGES['navi.current_password.wrong']);
    assert.equal((await changePassword(browser, account.temporaryPassword, NEW_PASSWORD)).status, 303);

    const byChoice = await browser.get('/staff/password/change');
    assert.ok(byChoice.body.includes('name="current_password"'));
    assert.ok(!byChoice.body.includes('仮のパスワード'));
    const unasked = await changePassword(browser, '', 'Another-Harbor-91');
    assert.equal(unasked.status, 422);
    assertShows(unasked.body, MESSAGES['navi.current_password.required']);
    assert.equal((await changePassword(browser, NEW_PASSWORD, 'Another-Harbor-91')).status, 303);
  });
});

describe('an account registered by single sign-on from G-MIS signs in only through Med-Login', () => {
  test('パスワードを忘れた方: the same answer, and a mail pointing to Med-Login instead of a reset link; local sign-in refuses it', async () => {
    const email = `sso-only-${Math.random().toString(36).slice(2, 8)}@example.jp`;
    const { accountId } = await issueAccount(platform.rt.deps, { category: '病院', displayName: 'SSO病院 担当者', email, issuedBy: 'test' });
    const gmis = await platform.rt.deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    const linked = await linkNaviAccountForGmis(platform.rt.deps, gmis);
    await mailTo(platform, email); // the G-MIS account's welcome mail
    const before = new Set((await listMail(platform.rt.deps.db, { to: email })).map((m) => m.id));

    const browser = navi();
    const page = await browser.get('/staff/password/forgot');
    const res = await browser.request('POST', '/staff/password/forgot', { _csrf: csrfTokenIn(page.body), user_id: linked.user_id }, from(nextIp()));
    assert.equal(res.status, 303);
    assert.equal(res.location, '/staff/password/forgot/sent', 'the same answer as for any ID');
    await mailTo(platform, email);
    const fresh = (await listMail(platform.rt.deps.db, { to: email })).filter((m) => !before.has(m.id));
    assert.ok(
      fresh.every((m) => !m.body_text.includes('/staff/password/reset/')),
      'no reset link is mailed',
    );
    assert.deepEqual(
      fresh.map((m) => m.kind),
      ['navi.recovery.use_med_login'],
    );
    assert.ok(fresh[0]!.body_text.includes(`${platform.url.login}/password/forgot`));

    // Even a password planted in its row (as the defect let one be set) does not sign it in locally.
    const planted = 'Planted-Harbor-31';
    await platform.rt.deps.db
      .updateTable('navi_accounts')
      .set({ password_hash: await platform.rt.deps.hasher.hash(planted) })
      .where('id', '=', linked.id)
      .execute();
    assert.equal((await signIn(navi(), linked.user_id, planted)).status, 401);
  });
});

describe('関係者メニュー and logout', () => {
  test('the menu says who is signed in and how, lists what is coming, and logout ends the session', async () => {
    const { userId, browser, id } = await activeStaff();
    const menu = await browser.get('/staff');
    assert.equal(menu.status, 200);
    assertShows(menu.body, MESSAGES['navi.login_method.local']);
    assert.ok(menu.body.includes(userId));
    assert.match(menu.body, /<a href="\/staff\/search">施設の検索<\/a>/);
    assert.ok(menu.body.includes('準備中'), 'what is still coming is marked so');
    assert.match(menu.body, /<a href="\/staff\/password\/change">/);
    const hrefs = [...menu.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).filter((h) => h.startsWith('/') && !h.startsWith('/static/'));
    for (const href of hrefs) assert.notEqual((await browser.get(href)).status, 404, `no dead link: ${href}`);

    const session = browser.cookies.get(NAVI_SESSION_COOKIE)!;
    const out = await browser.request('POST', '/staff/logout', { _csrf: csrfTokenIn(menu.body) });
    assert.equal(out.status, 303);
    assert.equal(out.location, '/staff/login?ended=1');
    const login = await browser.get(out.location);
    assertShows(login.body, MESSAGES['navi.logout.done']);
    const replay = navi();
    replay.cookies.set(NAVI_SESSION_COOKIE, session);
    assert.equal((await replay.get('/staff')).location, '/staff/login?expired=1', 'the old session id no longer works');
    assert.equal((await listAudit(platform.rt.deps.db, { type: 'navi.logout', accountId: id })).length, 1);
  });

  test('signed out, the menu leads to 関係者ログイン; an idle session ends after 30 minutes', async () => {
    assert.equal((await navi().get('/staff')).location, '/staff/login');
    const { browser } = await activeStaff();
    clock.advance(30 * 60_000);
    const res = await browser.get('/staff');
    assert.equal(res.location, '/staff/login?expired=1');
    const page = await browser.get('/staff/login?expired=1');
    assertShows(page.body, MESSAGES['navi.session.ended']);
  });

  test('a single sign-on session shows its method and logs out through Med-Login', async () => {
    const { accountId } = await issueAccount(platform.rt.deps, {
      category: '薬局',
      displayName: 'ナビ薬局 担当者',
      email: 'sso-user@example.jp',
      issuedBy: 'test',
    });
    const gmis = await platform.rt.deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    const account = await linkNaviAccountForGmis(platform.rt.deps, gmis);
    const { token } = await createNaviSession(platform.rt.deps, {
      naviAccountId: account.id,
      method: 'sso',
      oidcSid: 'sid-for-logout',
      oidcIdToken: 'header.payload.signature',
      ip: '192.0.2.5',
      userAgent: 'test',
    });
    const browser = navi();
    browser.cookies.set(NAVI_SESSION_COOKIE, token);
    const menu = await browser.get('/staff');
    assertShows(menu.body, MESSAGES['navi.login_method.sso']);
    assert.ok(!menu.body.includes('href="/staff/password/change"'), 'no password of its own to change');
    const out = await browser.request('POST', '/staff/logout', { _csrf: csrfTokenIn(menu.body) });
    assert.equal(out.status, 303);
    const target = new URL(out.location!);
    assert.equal(`${target.origin}${target.pathname}`, `${platform.url.login}/oidc/session/end`);
    assert.equal(target.searchParams.get('client_id'), 'navi');
    assert.equal(target.searchParams.get('id_token_hint'), 'header.payload.signature');
    assert.equal(target.searchParams.get('post_logout_redirect_uri'), `${platform.url.navi}/staff/login?ended=1`);
    assert.equal((await browser.get('/staff')).location, '/staff/login');
  });

  test('back-channel logout ends the browser session that single sign-on opened', async () => {
    const { accountId } = await issueAccount(platform.rt.deps, { category: '病院', displayName: 'BCL病院 担当者', email: 'bcl@example.jp', issuedBy: 'test' });
    const gmis = await platform.rt.deps.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    const account = await linkNaviAccountForGmis(platform.rt.deps, gmis);
    const { token } = await createNaviSession(platform.rt.deps, {
      naviAccountId: account.id,
      method: 'sso',
      oidcSid: 'sid-bcl',
      ip: '192.0.2.6',
      userAgent: 'test',
    });
    const browser = navi();
    browser.cookies.set(NAVI_SESSION_COOKIE, token);
    assert.equal((await browser.get('/staff')).status, 200);
    assert.equal(await endNaviSessionsByOidcSid(platform.rt.deps, 'sid-bcl', 'provider_logout'), 1);
    assert.equal((await browser.get('/staff')).location, '/staff/login?expired=1');
  });
});

describe('password reset', () => {
  async function requestReset(userId: string, ip = nextIp()) {
    const browser = navi();
    const page = await browser.get('/staff/password/forgot');
    const res = await browser.request('POST', '/staff/password/forgot', { _csrf: csrfTokenIn(page.body), user_id: userId }, from(ip));
    return { res, page: res.location ? await browser.get(res.location) : res };
  }

  test('known and unknown IDs get the same answer; only the known one gets mail', async () => {
    const { userId, email } = await activeStaff();
    const known = await requestReset(userId);
    const unknown = await requestReset('no-such-staff-id');
    assert.equal(known.res.status, 303);
    assert.equal(known.res.location, '/staff/password/forgot/sent');
    assert.deepEqual(
      { status: unknown.res.status, location: unknown.res.location, body: withoutCsrf(unknown.page.body) },
      { status: known.res.status, location: known.res.location, body: withoutCsrf(known.page.body) },
    );
    assert.ok(known.page.body.includes('メールをご確認ください'));
    const mails = await mailTo(platform, email);
    assert.ok(mails.some((m) => m.includes(`${platform.url.navi}/staff/password/reset/`)));
  });

  test('an empty ID gets a message beside the field', async () => {
    const { res } = await requestReset('   ');
    assert.equal(res.status, 422);
    assertShows(res.body, MESSAGES['navi.user_id.required']);
  });

  test('the link: GET never uses it, a button confirms, it works once, and every other session ends', async () => {
    const { userId, email, browser: otherDevice } = await activeStaff();
    await requestReset(userId);
    const [mail] = (await mailTo(platform, email)).filter((m) => m.includes('/staff/password/reset/'));
    const link = new URL(linkIn(mail!, `${platform.url.navi}/staff/password/reset/`)).pathname;

    for (let i = 0; i < 3; i++) {
      const page = await navi().get(link);
      assert.equal(page.status, 200);
      assert.ok(page.body.includes('パスワードを設定し直しますか？'));
    }
    const browser = navi();
    const confirm = await browser.get(link);
    const form = await browser.request('POST', link, { _csrf: csrfTokenIn(confirm.body), step: 'confirm' });
    assert.equal(form.status, 200);
    assert.ok(form.body.includes('新しいパスワードの設定'));
    assert.ok(form.body.includes(userId));

    const weak = await browser.request('POST', link, { _csrf: csrfTokenIn(form.body), step: 'set', password: 'weak', confirmation: 'weak' });
    assert.equal(weak.status, 422);
    const chosen = 'Second-Harbor-55';
    const done = await browser.request('POST', link, { _csrf: csrfTokenIn(weak.body), step: 'set', password: chosen, confirmation: chosen });
    assert.equal(done.status, 303);
    assert.equal(done.location, '/staff?reset=1');
    const menu = await browser.get('/staff?reset=1');
    assert.equal(menu.status, 200);
    assertShows(menu.body, MESSAGES['navi.recovery.done']);

    assert.equal((await otherDevice.get('/staff')).location, '/staff/login?expired=1', 'the session from before the reset ended');
    const reuse = await navi().get(link);
    assert.equal(reuse.status, 410);
    assertShows(reuse.body, MESSAGES['navi.password_link.used']);
    assert.ok((await mailTo(platform, email)).some((m) => m.includes('変更されました')));
    assert.equal((await signIn(navi(), userId, chosen)).status, 303);
  });
});

describe('CSRF', () => {
  test('a form post without a valid token is refused', async () => {
    const browser = navi();
    await browser.get('/staff/login');
    for (const form of [
      { user_id: 'a', password: 'b' },
      { user_id: 'a', password: 'b', _csrf: 'forged' },
    ] as Record<string, string>[]) {
      const res = await browser.request('POST', '/staff/login', form);
      assert.equal(res.status, 403);
      assert.ok(res.body.includes('画面の有効期限が切れました'));
    }
    const token = csrfTokenIn((await navi().get('/staff/password/forgot')).body);
    assert.equal((await browser.request('POST', '/staff/password/forgot', { _csrf: token, user_id: 'x-user-01' })).status, 403);
    const { browser: signedIn } = await activeStaff();
    assert.equal((await signedIn.request('POST', '/staff/logout', {})).status, 403, 'logout needs the token too');
    assert.equal((await signedIn.get('/staff')).status, 200, 'and the session is still there');
  });
});
