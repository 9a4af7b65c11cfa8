// Return targets over real HTTP on every route that takes one: Med-Login's sign-in page and form,
// and G-MIS's /login both signed in and through a full single sign-on round trip. None of them may
// send the browser to another host, however the target is spelt.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testHasher } from '../identity/password/hasher.ts';
import { Browser } from '../testing/http-client.ts';
import { activeAccount, startTestPlatform, type TestPlatform } from '../testing/platform.ts';

const PASSWORD = 'Hoshi-Tsuki-2026';

/** Targets that normalise to `//evil.example` (another host) or otherwise leave the origin. */
const HOSTILE = [
  '/.//evil.example',
  '/x/..//evil.example',
  '/%2e%2e//evil.example',
  '/%2E//evil.example',
  '///evil.example',
  '/\\evil.example',
  '/%5cevil.example',
  'https:evil.example',
];

let p: TestPlatform;
before(async () => {
  p = await startTestPlatform({ hasher: testHasher() });
});
after(() => p.close());

async function signedIn(): Promise<Browser> {
  const { username } = await activeAccount(p, PASSWORD);
  const browser = new Browser(p.url.login);
  const res = await browser.submit('/login', '/login', { username, password: PASSWORD });
  assert.equal(res.status, 303);
  return browser;
}

const ours = (url: string) => [p.url.login, p.url.gmis, p.url.navi].some((origin) => url.startsWith(`${origin}/`));

describe('return targets over HTTP', () => {
  test('Med-Login GET /login, signed in: hostile targets go to the chooser', async () => {
    const browser = await signedIn();
    for (const target of HOSTILE) {
      const res = await browser.get(`/login?return_to=${encodeURIComponent(target)}`);
      assert.equal(res.status, 303, target);
      assert.equal(res.location, '/', target);
    }
    // The report's own spelling, encoded once by hand.
    assert.equal((await browser.get('/login?return_to=%2F.%2F%2Fevil.example')).location, '/');
    assert.equal((await browser.get(`/login?return_to=${encodeURIComponent('/account/sessions')}`)).location, '/account/sessions');
  });

  test('Med-Login GET /login, signed out: a hostile target is not carried into the form', async () => {
    const page = await new Browser(p.url.login).get(`/login?return_to=${encodeURIComponent('/.//evil.example')}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.body, /name="return_to"/);
    assert.doesNotMatch(page.body, /evil\.example/);
  });

  test('Med-Login POST /login: hostile targets go to the chooser', async () => {
    const { username } = await activeAccount(p, PASSWORD);
    for (const target of HOSTILE) {
      const browser = new Browser(p.url.login);
      const res = await browser.submit('/login', '/login', { username, password: PASSWORD, return_to: target });
      assert.equal(res.status, 303, target);
      assert.equal(res.location, '/', target);
    }
  });

  test('G-MIS /login through a full single sign-on round trip ends on G-MIS', async () => {
    const browser = await signedIn();
    for (const target of HOSTILE) {
      const end = await browser.follow(`${p.url.gmis}/login?return_to=${encodeURIComponent(target)}`, (next) => !ours(next));
      assert.equal(end.url, `${p.url.gmis}/`, target);
      assert.equal(end.status, 200, target);
      // Signed out of G-MIS again, so the next target runs the round trip too.
      browser.cookies.delete('gmis_app_session');
    }
    const kept = await browser.follow(`${p.url.gmis}/login?return_to=${encodeURIComponent('/profile')}`, (next) => !ours(next));
    assert.equal(kept.url, `${p.url.gmis}/profile`);
  });

  test('G-MIS /login, already signed in to G-MIS: hostile targets go to its home', async () => {
    const browser = await signedIn();
    await browser.follow(`${p.url.gmis}/login`);
    for (const target of HOSTILE) {
      const res = await browser.get(`${p.url.gmis}/login?return_to=${encodeURIComponent(target)}`);
      assert.equal(res.status, 303, target);
      assert.equal(res.location, '/', target);
    }
  });
});
