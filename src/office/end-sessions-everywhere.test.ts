// Sessions on all three origins over real HTTP: signed in on Med-Login, G-MIS (single sign-on) and
// 医療情報ネット (single sign-on), an idle browser is signed out everywhere with the same recorded
// reason, and an account the office disables is signed out of every origin at its next request (and
// an application outside the platform is told by back-channel logout).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { issueAccount } from '../identity/accounts/issue-account.ts';
import { testHasher } from '../identity/password/hasher.ts';
import { ManualClock } from '../platform/clock.ts';
import { Browser, csrfTokenIn } from '../testing/http-client.ts';
import { gmisBrowserAs } from '../testing/gmis-viewer.ts';
import { codeFlow, rpConfig } from '../testing/oidc-rp.ts';
import { activeAccount, startTestPlatform, type TestPlatform } from '../testing/platform.ts';
import { saveClient } from '../sso/provider/clients.ts';

const PASSWORD = 'Sora-Kumo-2026';

let p: TestPlatform;
let clock: ManualClock;
before(async () => {
  clock = new ManualClock();
  p = await startTestPlatform({ clock, hasher: testHasher() });
});
after(() => p.close());

/** Signed in on Med-Login, then by single sign-on on G-MIS and (after consenting) 医療情報ネット. */
async function signedInEverywhere(): Promise<{ browser: Browser; accountId: string }> {
  const { username } = await activeAccount(p, PASSWORD);
  const { id: accountId } = await p.rt.deps.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
  const browser = new Browser(p.url.login);
  assert.equal((await browser.submit('/login', '/login', { username, password: PASSWORD })).status, 303);
  const home = await browser.follow(`${p.url.gmis}/login`);
  assert.equal(home.url, `${p.url.gmis}/`);
  const consent = await browser.follow(`${p.url.navi}/sso/start`);
  const uid = /action="\/interaction\/([^/]+)\/consent"/.exec(consent.body)![1]!;
  const agreed = await browser.request('POST', `${p.url.login}/interaction/${uid}/consent`, { _csrf: csrfTokenIn(consent.body), decision: 'approve' });
  const menu = await browser.follow(new URL(agreed.location!, p.url.login).href);
  assert.equal(menu.url, `${p.url.navi}/staff`);
  await assertSignedIn(browser);
  return { browser, accountId };
}

async function assertSignedIn(browser: Browser): Promise<void> {
  assert.equal((await browser.get(`${p.url.login}/`)).status, 200, 'Med-Login');
  assert.equal((await browser.get(`${p.url.gmis}/profile`)).status, 200, 'G-MIS');
  assert.equal((await browser.get(`${p.url.navi}/staff`)).status, 200, '医療情報ネット');
}

async function assertSignedOut(browser: Browser): Promise<void> {
  assert.equal((await browser.get(`${p.url.login}/`)).location, '/login?ended=1', 'Med-Login');
  const gmis = await browser.get(`${p.url.gmis}/profile`);
  assert.equal(gmis.status, 303, 'G-MIS');
  assert.match(gmis.location!, /^\/login\?return_to=/);
  assert.equal((await browser.get(`${p.url.navi}/staff`)).location, '/staff/login?expired=1', '医療情報ネット');
}

/** A G-MIS browser signed in as an office (事務局) account. */
async function officeBrowser(): Promise<Browser> {
  const { accountId } = await issueAccount(p.rt.deps, {
    category: '事務局',
    displayName: '事務局 担当',
    email: `office-${Math.random().toString(36).slice(2, 8)}@example.jp`,
    issuedBy: 'test',
  });
  await p.rt.deps.db.updateTable('accounts').set({ state: 'active', password_hash: 'x' }).where('id', '=', accountId).execute();
  return gmisBrowserAs(p, accountId);
}

/** How each origin recorded the end of the account's sessions (each reason once; a session still open is null). */
async function endReasons(accountId: string): Promise<Record<string, Array<string | null>>> {
  const { db } = p.rt.deps;
  const navi = await db.selectFrom('navi_accounts').select('id').where('gmis_account_id', '=', accountId).executeTakeFirstOrThrow();
  const reasons = (rows: Array<{ end_reason: string | null }>) => [...new Set(rows.map((r) => r.end_reason))].sort();
  return {
    login: reasons(await db.selectFrom('sessions').select('end_reason').where('account_id', '=', accountId).execute()),
    gmis: reasons(await db.selectFrom('gmis_sessions').select('end_reason').where('account_id', '=', accountId).execute()),
    navi: reasons(await db.selectFrom('navi_sessions').select('end_reason').where('account_id', '=', navi.id).execute()),
  };
}

describe('sessions on every origin', () => {
  test('an idle browser is signed out of all three, each recording "idle"', async () => {
    const { browser, accountId } = await signedInEverywhere();
    clock.advance(p.config.session.idleMs);
    await assertSignedOut(browser);
    // Med-Login also has the session the welcome link opened in another browser: untouched, still open.
    assert.deepEqual(await endReasons(accountId), { login: ['idle', null], gmis: ['idle'], navi: ['idle'] });
  });

  test('disabled by the office while signed in: the next request on every origin is signed out', async () => {
    const { browser, accountId } = await signedInEverywhere();
    const office = await officeBrowser();
    const detail = await office.get(`/office/accounts/${accountId}`);
    const disabled = await office.request('POST', `/office/accounts/${accountId}/disable`, { _csrf: csrfTokenIn(detail.body) });
    assert.equal(disabled.location, `/office/accounts/${accountId}?done=disabled`);
    assert.match((await office.get(disabled.location!)).body, /Med-Login・G-MIS・医療情報ネットでログイン中だった端末も、すべてログアウトしました/);

    await assertSignedOut(browser);
    assert.deepEqual(await endReasons(accountId), { login: ['account_disabled'], gmis: ['account_disabled'], navi: ['account_disabled'] });
    // Single sign-on ended too: no provider session is left to sign the browser back in.
    const links = await p.rt.deps.db.selectFrom('sso_session_links').select('sid').where('account_id', '=', accountId).execute();
    assert.deepEqual(links, []);
    const again = await browser.follow(`${p.url.gmis}/login`);
    assert.equal(new URL(again.url).origin, p.url.login, 'G-MIS sends the browser to Med-Login');
    assert.match(again.url, /\/interaction\/|\/login/);
    assert.equal((await browser.get(`${p.url.gmis}/profile`)).status, 303, 'and G-MIS stays signed out');
  });

  test('disabled by the office: an application outside the platform is told by back-channel logout', async () => {
    const told: string[] = [];
    const rp = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.url === '/backchannel') told.push(new URLSearchParams(body).get('logout_token') ?? '');
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => rp.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(rp.address() as AddressInfo).port}`;
    try {
      const redirectUri = `${base}/callback`;
      await saveClient(
        p.rt.deps.db,
        {
          clientId: 'outside-rp',
          name: '外部のアプリ',
          description: 'test',
          homeUrl: `${base}/`,
          redirectUris: [redirectUri],
          postLogoutRedirectUris: [],
          firstParty: true,
          backchannelLogoutUri: `${base}/backchannel`,
        },
        { now: clock.now() },
      );
      const { username } = await activeAccount(p, PASSWORD);
      const { id: accountId } = await p.rt.deps.db.selectFrom('accounts').select('id').where('username', '=', username).executeTakeFirstOrThrow();
      const browser = new Browser(p.url.login);
      assert.equal((await browser.submit('/login', '/login', { username, password: PASSWORD })).status, 303);
      const flow = await codeFlow(await rpConfig(p, 'outside-rp'), browser, redirectUri);
      assert.ok(flow.callback.searchParams.get('code'), 'signed in to the outside application');

      const office = await officeBrowser();
      const detail = await office.get(`/office/accounts/${accountId}`);
      await office.request('POST', `/office/accounts/${accountId}/disable`, { _csrf: csrfTokenIn(detail.body) });
      await p.worker.runOnce();
      assert.equal(told.length, 1, 'one back-channel logout');
      const claims = JSON.parse(Buffer.from(told[0]!.split('.')[1]!, 'base64url').toString()) as { sub: string; events: Record<string, unknown> };
      assert.equal(claims.sub, accountId);
      assert.ok('http://schemas.openid.net/event/backchannel-logout' in claims.events);
    } finally {
      rp.close();
    }
  });
});
