// The browser tests' accessibility check itself: E2eBrowser runs axe-core on every document a page
// shows, fails the walk with one readable line per violation, does not loosen the page's CSP, and
// cannot be outrun by a click that leaves the page at once.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { browserSkip, E2eBrowser } from './browser.ts';

const skip = browserSkip();

const PAGES: Record<string, string> = {
  // No lang, an image without text, a link that says nothing; an inline script the CSP forbids.
  '/bad': `<!doctype html><html><head><title>bad</title></head><body><main><h1>見出し</h1>
    <img src="/pixel.svg"><a href="/good"></a><a id="next" href="/good">次へ</a>
    <script>document.title = 'script ran'</script></main></body></html>`,
  '/good': `<!doctype html><html lang="ja"><head><title>good</title></head><body><main><h1>よいページ</h1>
    <p>本文</p></main></body></html>`,
};

let server: http.Server;
let base: string;
let browser: E2eBrowser | undefined;

before(async () => {
  if (skip) return;
  server = http.createServer((req, res) => {
    if (req.url === '/pixel.svg') {
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>');
      return;
    }
    const body = PAGES[req.url ?? ''];
    res
      .writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'self'; script-src 'none'" })
      .end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await E2eBrowser.launch();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

test('a page with known violations fails the walk, listing rule, impact, target and URL', { skip }, async () => {
  const page = await browser!.newPage();
  const walked = browser!.walk(
    'axe-known-violations',
    () => [page],
    async () => {
      await page.goto(`${base}/bad`);
      // Leave at once: the navigation waits for the check of the page it leaves.
      await page.locator('#next').click();
      await page.waitForURL(`${base}/good`);
    },
  );
  await assert.rejects(walked, (err: Error) => {
    const lines = err.message;
    assert.match(lines, new RegExp(`axe image-alt \\(critical\\) at img on ${base}/bad`));
    assert.match(lines, new RegExp(`axe html-has-lang \\(serious\\) at html on ${base}/bad`));
    assert.match(lines, new RegExp(`axe link-name \\(serious\\) at a:nth-child\\(3\\) on ${base}/bad`));
    assert.doesNotMatch(lines, new RegExp(`on ${base}/good`), 'the accessible page has no violation');
    return true;
  });
  assert.deepEqual(browser!.checked.slice(-2), [`${base}/bad`, `${base}/good`], 'both documents were checked');
});

test("axe runs in spite of the page's CSP, which still governs the page's own scripts", { skip }, async () => {
  const page = await browser!.newPage();
  await page.goto(`${base}/bad`);
  await browser!.checkAccessibility();
  assert.equal(await page.title(), 'bad', 'the inline script was blocked');
  const problems = browser!.problems.splice(0);
  assert.ok(
    problems.some((p) => p.startsWith('axe image-alt')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /Content Security Policy/.test(p)),
    `the CSP violation is reported: ${problems.join('\n')}`,
  );
});

test('pages without JavaScript are checked too', { skip }, async () => {
  const page = await browser!.newPage({ javaScriptEnabled: false });
  await page.goto(`${base}/bad`);
  await browser!.checkAccessibility();
  const problems = browser!.problems.splice(0);
  assert.ok(
    problems.some((p) => p.startsWith('axe image-alt')),
    problems.join('\n'),
  );
  await page.goto(`${base}/good`);
  await browser!.walk(
    'axe-no-js-good',
    () => [page],
    async () => {},
  );
});
