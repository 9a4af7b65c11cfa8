// Single sign-on through the product's own applications, over HTTP against the real platform:
// Med-Login → G-MIS home; G-MIS → 医療情報ネット with consent; 却下 → blocked → lifted; sign-out
// in one place ends the others (back-channel logout); and two instances on one PostgreSQL database
// serving alternate steps of one flow.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import { testHasher } from '../identity/password/hasher.ts';
import { MESSAGES } from '../platform/messages/index.ts';
import { Browser, csrfTokenIn } from '../testing/http-client.ts';
import { accountWithPassword, activeAccount, startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { liftSsoBlock } from './access/index.ts';
import { openDatabase } from '../db/database.ts';
import { createPostgresSchema, describeEachEngine, dropPostgresSchema, postgresProblem, TEST_POSTGRES_URL } from '../testing/db.ts';
import { freePort } from '../testing/platform.ts';
import { assertShows } from '../testing/messages.ts';

const PASSWORD = 'Sora-Kumo-2026';

async function signedInBrowser(p: TestPlatform, username: string): Promise<Browser> {
  const browser = new Browser(p.url.login);
  const res = await browser.submit('/login', '/login', { username, password: PASSWORD });
  assert.equal(res.status, 303);
  return browser;
}

describeEachEngine('single sign-on between Med-Login, G-MIS and 医療情報ネット', (engine) => {
  let p: TestPlatform;
  before(async () => {
    p = await startTestPlatform({ engine, hasher: testHasher() });
  });
  after(() => p.close());

  test('接続先選択 → G-MIS home; signing out of Med-Login ends the G-MIS session', async () => {
    const { username } = await activeAccount(p, PASSWORD);
    const browser = await signedInBrowser(p, username);
    const chooser = await browser.get('/');
    assert.match(chooser.body, new RegExp(`href="${p.url.gmis}/login"`));
    const home = await browser.follow(`${p.url.gmis}/login`);
    assert.equal(home.status, 200);
    assert.equal(home.url, `${p.url.gmis}/`);
    assert.match(home.body, /テスト病院 担当者/);

    // ログアウト on Med-Login: back-channel logout reaches G-MIS.
    const page = await browser.get(`${p.url.login}/`);
    const out = await browser.request('POST', `${p.url.login}/logout`, { _csrf: csrfTokenIn(page.body) });
    assert.equal(out.status, 303);
    const after = await browser.get(`${p.url.gmis}/profile`);
    assert.equal(after.status, 303, 'G-MIS no longer knows the user');
  });

  test('G-MIS ログアウト signs out of Med-Login too', async () => {
    const { username } = await activeAccount(p, PASSWORD);
    const browser = await signedInBrowser(p, username);
    await browser.follow(`${p.url.gmis}/login`);
    const home = await browser.get(`${p.url.gmis}/`);
    const res = await browser.request('POST', `${p.url.gmis}/logout`, { _csrf: csrfTokenIn(home.body) });
    assert.equal(res.status, 303);
    // Med-Login's sign-out page (pressed by a script in a browser): press it.
    const page = await browser.get(res.location!);
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)![1]!;
    const action = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.body)![1]!;
    const done = await browser.request('POST', new URL(action, res.location!).href, { xsrf, logout: 'yes' });
    assert.equal(done.location, `${p.url.gmis}/signed-out`);
    const med = await browser.get(`${p.url.login}/`);
    assert.equal(med.status, 303, 'Med-Login session ended');
  });

  test('医療情報ネット: consent once, then 関係者メニュー; Med-Login sign-out ends it', async () => {
    const { username } = await activeAccount(p, PASSWORD);
    const browser = await signedInBrowser(p, username);
    const consent = await browser.follow(`${p.url.navi}/sso/start`);
    assert.equal(consent.status, 200);
    assert.match(consent.body, /情報連携/);
    assert.match(consent.body, new RegExp(username));
    const uid = /action="\/interaction\/([^/]+)\/consent"/.exec(consent.body)![1]!;
    const agreed = await browser.request('POST', `${p.url.login}/interaction/${uid}/consent`, { _csrf: csrfTokenIn(consent.body), decision: 'approve' });
    const menu = await browser.follow(new URL(agreed.location!, p.url.login).href);
    assert.equal(menu.url, `${p.url.navi}/staff`);
    assertShows(menu.body, MESSAGES['navi.login_method.sso']);

    // The second time there is no consent screen.
    const again = await browser.follow(`${p.url.navi}/sso/start`);
    assert.equal(again.url, `${p.url.navi}/staff`);

    // The consent is listed and can be revoked.
    const mine = await browser.get(`${p.url.login}/account/sessions`);
    assert.match(mine.body, /医療情報ネット/);

    const page = await browser.get(`${p.url.login}/`);
    await browser.request('POST', `${p.url.login}/logout`, { _csrf: csrfTokenIn(page.body) });
    const gone = await browser.get(`${p.url.navi}/staff`);
    assert.equal(gone.status, 303, '医療情報ネット session ended by back-channel logout');
  });

  test('却下 blocks SSO until the office lifts it', async () => {
    const { username } = await activeAccount(p, PASSWORD);
    const browser = await signedInBrowser(p, username);
    const consent = await browser.follow(`${p.url.navi}/sso/start`);
    const uid = /action="\/interaction\/([^/]+)\/consent"/.exec(consent.body)![1]!;
    const refused = await browser.request('POST', `${p.url.login}/interaction/${uid}/consent`, { _csrf: csrfTokenIn(consent.body), decision: 'reject' });
    const landing = await browser.follow(new URL(refused.location!, p.url.login).href);
    assert.equal(landing.status, 403);
    assertShows(landing.body, MESSAGES['sso_refusal.blocked_after_refusal.next_step'], 'the office will get in touch');
    const blocked = await browser.follow(`${p.url.navi}/sso/start`);
    assert.equal(blocked.status, 403);
    assertShows(blocked.body, MESSAGES['sso_refusal.blocked_after_refusal']);

    const { db } = p.rt.deps;
    const account = await db.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    const office = await issueAccount(p.rt.deps, { category: '事務局', displayName: '事務局 担当', email: 'office@example.jp', issuedBy: 'test' });
    await db.updateTable('accounts').set({ state: 'active' }).where('id', '=', office.accountId).execute();
    const officeAccount = await db.selectFrom('accounts').selectAll().where('id', '=', office.accountId).executeTakeFirstOrThrow();
    const block = await db.selectFrom('sso_blocks').select('id').where('account_id', '=', account.id).executeTakeFirstOrThrow();
    const lifted = await liftSsoBlock(p.rt.deps, officeAccount, block.id, '電話で確認。誤って却下を押したとのこと。');
    assert.equal(lifted.ok, true);

    const consentAgain = await browser.follow(`${p.url.navi}/sso/start`);
    assert.match(consentAgain.body, /情報連携/);
  });

  test('a 保健所 account without an approved application is refused with the next step', async () => {
    const email = 'hc@example.jp';
    const issued = await accountWithPassword(p.rt.deps, {
      category: '保健所',
      displayName: '○○保健所 担当者',
      email,
      prefectureCode: '13',
      password: PASSWORD,
    });
    const browser = await signedInBrowser(p, issued.username);
    const res = await browser.follow(`${p.url.navi}/sso/start`);
    assert.equal(res.status, 403);
    assert.match(res.body, new RegExp(`${p.url.gmis}/sso-application`));
    assertShows(res.body, MESSAGES['sso_refusal.application_required.next_step']);
  });
});

describe('two instances on one PostgreSQL database', () => {
  test('a flow that switches instance between steps still succeeds', async (t) => {
    const problem = await postgresProblem();
    if (problem && process.env.CI !== 'true') return t.skip(`PostgreSQL not reachable: ${problem}`);
    assert.equal(problem, undefined, 'PostgreSQL is required under CI=true');
    const schema = await createPostgresSchema();
    const open = () => openDatabase({ engine: 'postgres', url: TEST_POSTGRES_URL, schema, poolSize: 5 });
    const a = await startTestPlatform({ hasher: testHasher(), handle: open() });
    const [pl, pg, pn] = [await freePort(), await freePort(), await freePort()];
    // B serves the same public URLs (as behind one load balancer) on ports of its own.
    const b = await startTestPlatform({
      hasher: testHasher(),
      handle: open(),
      env: {
        PUBLIC_URL_LOGIN: a.url.login,
        PUBLIC_URL_GMIS: a.url.gmis,
        PUBLIC_URL_NAVI: a.url.navi,
        PORT_LOGIN: String(pl),
        PORT_GMIS: String(pg),
        PORT_NAVI: String(pn),
      },
    });
    try {
      const { username } = await activeAccount(a, PASSWORD);
      const toB = (u: string) =>
        u.replace(a.url.login, `http://127.0.0.1:${pl}`).replace(a.url.gmis, `http://127.0.0.1:${pg}`).replace(a.url.navi, `http://127.0.0.1:${pn}`);
      const browser = new Browser(a.url.login);
      // The sign-in form from A, posted to B.
      const form = await browser.get(`${a.url.login}/login`);
      const signed = await browser.request('POST', toB(`${a.url.login}/login`), { _csrf: csrfTokenIn(form.body), username, password: PASSWORD });
      assert.equal(signed.status, 303);
      // G-MIS /login, authorization, interaction, resume, callback: every other step on B.
      let url = `${a.url.gmis}/login`;
      const served: string[] = [];
      for (let hop = 0; hop < 12; hop++) {
        const target = hop % 2 === 1 ? toB(url) : url;
        served.push(target);
        const res = await browser.get(target);
        if (!res.location) {
          assert.equal(
            res.status,
            200,
            res.body
              .replace(/<[^>]+>/g, ' ')
              .replace(/\s+/g, ' ')
              .slice(0, 300),
          );
          assert.match(res.body, /テスト病院 担当者/);
          break;
        }
        url = new URL(res.location, url).href;
      }
      assert.ok(served.some((u) => u.includes(`:${pl}/`)) && served.some((u) => u.includes(`:${pg}/`)), `the flow crossed instances: ${served.join(' → ')}`);
    } finally {
      await b.close();
      await a.close();
      await dropPostgresSchema(schema);
    }
  });
});
