// A browser that sets a first password, resets a forgotten one or makes the forced change is a
// browser the user just proved they own: it gets a device cookie as a successful sign-in does, so
// the next burst of guesses from elsewhere does not lock the user out of it (Med-Login and
// 医療情報ネット, over real HTTP).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { issueAccount } from '../../identity/accounts/issue-account.ts';
import { findAccountByUsername } from '../../identity/accounts/account-repository.ts';
import { DEVICE_COOKIE, deviceNonceFor } from '../../identity/login/device-cookie.ts';
import { ACCOUNT_POLICY } from '../../identity/login/throttle.ts';
import { testHasher } from '../../identity/password/hasher.ts';
import { issueNaviAccount } from '../../navi/issue-account.ts';
import { NAVI_DEVICE_COOKIE } from '../../navi/sign-in.ts';
import { ManualClock } from '../../platform/clock.ts';
import { Browser, csrfTokenIn, linkIn } from '../../testing/http-client.ts';
import { mailTo, startTestPlatform, type TestPlatform } from '../../testing/platform.ts';

const FIRST = 'Kx7-mountain-Lantern';
const NEW = 'Rq4-river-Beacon';
const from = (ip: string) => ({ 'x-forwarded-for': ip });

let platform: TestPlatform;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock();
  platform = await startTestPlatform({ clock, hasher: testHasher(), env: { TRUST_PROXY: 'true', LOCKOUT_THRESHOLD: '8' } });
});
after(() => platform.close());

const cookieIn = (browser: Browser, name: string) => {
  const value = browser.cookies.get(name);
  return value === undefined ? undefined : decodeURIComponent(value);
};

async function signIn(browser: Browser, username: string, password: string, ip: string) {
  const page = await browser.get('/login');
  return browser.request('POST', '/login', { _csrf: csrfTokenIn(page.body), username, password }, from(ip));
}

/** Wrong guesses from unknown browsers until the account is locked for them. */
async function lockOut(username: string) {
  for (let i = 0; i < 8; i++) {
    await signIn(new Browser(platform.url.login), username, `Guess-${i}-Abc`, `10.7.0.${i + 1}`);
    clock.advance(ACCOUNT_POLICY.maxDelayMs);
  }
  assert.ok((await findAccountByUsername(platform.rt.deps.db, username))?.untrusted_locked_at, 'locked for unknown browsers');
}

describe('Med-Login', () => {
  test('パスワード初期設定 leaves a device cookie: the browser stays trusted through the next lock', async () => {
    const email = 'first-device@example.jp';
    const { username } = await issueAccount(platform.rt.deps, { category: '病院', displayName: '端末テスト病院', email, issuedBy: 'test' });
    const [welcome] = await mailTo(platform, email);
    const link = new URL(linkIn(welcome!, `${platform.url.login}/welcome/`)).pathname;
    const browser = new Browser(platform.url.login);
    assert.equal((await browser.submit(link, link, { password: FIRST, confirmation: FIRST })).status, 303);
    assert.ok(deviceNonceFor(platform.rt.deps, cookieIn(browser, DEVICE_COOKIE), username), 'a device cookie for this user');

    await browser.request('POST', '/logout', { _csrf: csrfTokenIn((await browser.get('/')).body) });
    await lockOut(username);
    assert.equal((await signIn(browser, username, FIRST, '198.51.100.80')).status, 303, 'the browser that set the password still gets in');
  });

  test('パスワードの再設定 leaves a device cookie', async () => {
    const email = 'reset-device@example.jp';
    const { username } = await issueAccount(platform.rt.deps, { category: '病院', displayName: '端末テスト病院', email, issuedBy: 'test' });
    const [welcome] = await mailTo(platform, email);
    const welcomeLink = new URL(linkIn(welcome!, `${platform.url.login}/welcome/`)).pathname;
    await new Browser(platform.url.login).submit(welcomeLink, welcomeLink, { password: FIRST, confirmation: FIRST });

    const browser = new Browser(platform.url.login);
    await browser.submit('/password/forgot', '/password/forgot', { username });
    const mail = (await mailTo(platform, email)).find((m) => m.includes('/password/reset/'));
    const link = new URL(linkIn(mail!, `${platform.url.login}/password/reset/`)).pathname;
    const form = await browser.request('POST', link, { _csrf: csrfTokenIn((await browser.get(link)).body), step: 'confirm' });
    const done = await browser.request('POST', link, { _csrf: csrfTokenIn(form.body), step: 'set', password: NEW, confirmation: NEW });
    assert.equal(done.status, 303);
    assert.ok(deviceNonceFor(platform.rt.deps, cookieIn(browser, DEVICE_COOKIE), username), 'a device cookie for this user');

    await browser.request('POST', '/logout', { _csrf: csrfTokenIn((await browser.get('/')).body) });
    await lockOut(username);
    assert.equal((await signIn(browser, username, NEW, '198.51.100.81')).status, 303, 'the browser that reset the password still gets in');
  });
});

describe('医療情報ネット', () => {
  const navi = () => new Browser(platform.url.navi);
  const staffSignIn = async (browser: Browser, userId: string, password: string, ip: string) => {
    const page = await browser.get('/staff/login');
    return browser.request('POST', '/staff/login', { _csrf: csrfTokenIn(page.body), user_id: userId, password }, from(ip));
  };

  test('the forced change and a reset each issue a new device cookie', async () => {
    const issued = await issueNaviAccount(platform.rt.deps, {
      userId: 'device-staff01',
      displayName: '端末テスト県',
      email: 'device-staff@example.jp',
      issuedBy: 'test',
    });
    assert.ok(issued.ok);
    const browser = navi();
    assert.equal((await staffSignIn(browser, 'device-staff01', issued.temporaryPassword, '198.51.100.90')).status, 303);
    const atSignIn = cookieIn(browser, NAVI_DEVICE_COOKIE);
    const page = await browser.get('/staff/password/change');
    const changed = await browser.request('POST', '/staff/password/change', {
      _csrf: csrfTokenIn(page.body),
      current_password: issued.temporaryPassword,
      password: FIRST,
      confirmation: FIRST,
    });
    assert.equal(changed.status, 303);
    const afterChange = cookieIn(browser, NAVI_DEVICE_COOKIE);
    assert.ok(afterChange && afterChange !== atSignIn, 'a new device cookie after the forced change');
    assert.ok(deviceNonceFor(platform.rt.deps, afterChange, 'navi:device-staff01'));

    const other = navi();
    const forgot = await other.get('/staff/password/forgot');
    await other.request('POST', '/staff/password/forgot', { _csrf: csrfTokenIn(forgot.body), user_id: 'device-staff01' }, from('198.51.100.91'));
    const mail = (await mailTo(platform, 'device-staff@example.jp')).find((m) => m.includes('/staff/password/reset/'));
    const link = new URL(linkIn(mail!, `${platform.url.navi}/staff/password/reset/`)).pathname;
    const form = await other.request('POST', link, { _csrf: csrfTokenIn((await other.get(link)).body), step: 'confirm' });
    const done = await other.request('POST', link, { _csrf: csrfTokenIn(form.body), step: 'set', password: NEW, confirmation: NEW });
    assert.equal(done.status, 303);
    assert.ok(deviceNonceFor(platform.rt.deps, cookieIn(other, NAVI_DEVICE_COOKIE), 'navi:device-staff01'), 'a device cookie after the reset');
  });
});
