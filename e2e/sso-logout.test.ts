// Sign-out in Chromium (CSP enforced): ログアウト in G-MIS, in 医療情報ネット (signed in by single
// sign-on) or in Med-Login ends every session — Med-Login's, the provider's, G-MIS's and
// 医療情報ネット's — so the next click on the G-MIS tile asks for the password again. A link to the
// end-session endpoint from another site does not sign anyone out without their click, and a
// relying party may send the browser there by POST.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInAtMedLogin, ssoAccount } from './sso-walk.ts';
import { browserSuite } from './suite.ts';

const suite = browserSuite();
const { skip } = suite;
const PASSWORD = 'Kx7-mountain-Lantern';

const account = (name: string) => ssoAccount(suite.platform(), '病院', name, PASSWORD);

/** Med-Login sign-in, the G-MIS tile, then 医療情報ネット through G-MIS with consent. */
async function signInEverywhere(page: Page, username: string): Promise<void> {
  await signInAtMedLogin(page, suite.platform(), username, PASSWORD);
  await page.getByRole('link', { name: /^G-MIS/ }).click();
  await page.waitForURL(`${suite.platform().url.gmis}/`);
  await page.getByRole('link', { name: /医療情報ネット（関係者メニュー）へ/ }).click();
  await page.getByRole('button', { name: '同意' }).click();
  await page.waitForURL(`${suite.platform().url.navi}/staff`);
}

/** Every origin shows the user signed out, and the G-MIS tile's sign-in asks for the password. */
async function assertSignedOutEverywhere(page: Page): Promise<void> {
  await page.goto(`${suite.platform().url.login}/`);
  assert.equal(new URL(page.url()).pathname, '/login', 'Med-Login session ended');
  await page.goto(`${suite.platform().url.navi}/staff`);
  assert.notEqual(page.url(), `${suite.platform().url.navi}/staff`, '医療情報ネット session ended');
  await page.goto(`${suite.platform().url.gmis}/profile`);
  assert.ok(!page.url().startsWith(suite.platform().url.gmis), `G-MIS session ended and single sign-on with it (at ${page.url()})`);
  await page.goto(`${suite.platform().url.gmis}/login`);
  assert.ok(page.url().startsWith(`${suite.platform().url.login}/login`), `the G-MIS tile asks Med-Login for the password (at ${page.url()})`);
  await page.locator('#password').waitFor();
}

/** Where ログアウト is pressed (after signInEverywhere, the browser is on the 関係者メニュー), and where it ends. */
const SIGN_OUT_FROM = [
  { where: 'G-MIS', page: () => `${suite.platform().url.gmis}/`, landing: () => `${suite.platform().url.gmis}/signed-out` },
  {
    where: '医療情報ネット (single sign-on)',
    page: () => `${suite.platform().url.navi}/staff`,
    landing: () => `${suite.platform().url.navi}/staff/login?ended=1`,
  },
  { where: 'Med-Login', page: () => `${suite.platform().url.login}/`, landing: () => `${suite.platform().url.login}/login?logged_out=1` },
];

for (const [i, from] of SIGN_OUT_FROM.entries()) {
  test(`ログアウト in ${from.where} ends every session`, { skip }, async () => {
    const page = await suite.browser().newPage();
    const username = await account(`さくら病院${i} 担当者`);
    await suite.browser().walk(
      `logout-${i}`,
      () => [page],
      async () => {
        await signInEverywhere(page, username);
        await page.goto(from.page());
        await page.getByRole('button', { name: 'ログアウト' }).first().click();
        await page.waitForURL(from.landing());
        await assertSignedOutEverywhere(page);
      },
    );
  });
}

/** Another site, on its own origin: a page with a link and a form to Med-Login's end-session endpoint. */
async function otherSite(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><title>other site</title></head><body><main><h1>other site</h1>${body}</main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('a link to the end-session endpoint from another site asks the user; nothing ends without the click', { skip }, async () => {
  const page = await suite.browser().newPage();
  const username = await account('つばめ病院 担当者');
  const site = await otherSite(`<a href="${suite.platform().url.login}/oidc/session/end?client_id=gmis">read more</a>`);
  try {
    await suite.browser().walk(
      'forced-logout',
      () => [page],
      async () => {
        await signInEverywhere(page, username);
        await page.goto(site.url);
        await page.getByRole('link', { name: 'read more' }).click();
        await page.getByRole('heading', { level: 1, name: 'ログアウト' }).waitFor();
        await page.waitForLoadState('networkidle');
        assert.equal(new URL(page.url()).pathname, '/oidc/session/end', 'the confirmation stays on screen');
        await page.goto(`${suite.platform().url.gmis}/profile`);
        assert.equal(page.url(), `${suite.platform().url.gmis}/profile`, 'G-MIS session still there');
        await page.goto(`${suite.platform().url.login}/`);
        await page.getByRole('heading', { level: 1, name: '接続先選択' }).waitFor();

        // The user's own click signs out.
        await page.goto(`${suite.platform().url.login}/oidc/session/end?client_id=gmis`);
        await page.getByRole('button', { name: 'ログアウトする' }).click();
        await page.getByRole('heading', { level: 1, name: 'ログアウトしました' }).waitFor();
        await assertSignedOutEverywhere(page);
      },
    );
  } finally {
    await site.close();
  }
});

test('an end-session request sent by POST from another site continues, and without a session signs out at once', { skip }, async () => {
  const page = await suite.browser().newPage();
  const username = await account('ひばり病院 担当者');
  const back = `${suite.platform().url.gmis}/signed-out`;
  const site = await otherSite(
    `<form method="post" action="${suite.platform().url.login}/oidc/session/end"><input type="hidden" name="client_id" value="gmis">` +
      `<input type="hidden" name="post_logout_redirect_uri" value="${back}"><button type="submit">sign out</button></form>`,
  );
  try {
    await suite.browser().walk(
      'end-session-post',
      () => [page],
      async () => {
        await signInEverywhere(page, username);
        await page.goto(site.url);
        await page.getByRole('button', { name: 'sign out' }).click();
        // Med-Login sees the session (its cookies came along): the confirmation, not an error.
        await page.getByRole('button', { name: 'ログアウトする' }).click();
        await page.waitForURL(back);
        await assertSignedOutEverywhere(page);
        // Without a session, the provider's own self-submitting page (an inline script under our CSP) ends it.
        await page.goto(site.url);
        await page.getByRole('button', { name: 'sign out' }).click();
        await page.waitForURL(back);
      },
    );
  } finally {
    await site.close();
  }
});
