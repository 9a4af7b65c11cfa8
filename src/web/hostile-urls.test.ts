// Hostile URLs on all three origins: an over-long parameter, bad percent-encoding, a NUL byte and an
// over-long URL each get the origin's Japanese error page (HTML, with the security headers), never
// Fastify's English JSON and never a server error.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { testHasher } from '../identity/password/hasher.ts';
import { startTestPlatform, type TestPlatform } from '../testing/platform.ts';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** GET with the path sent exactly as given (no URL parsing on the way out). */
function rawGet(base: string, path: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: hostname, port, path, method: 'GET', agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request line Node's own client will not send (a raw NUL byte), over a plain socket. */
function rawRequestLine(base: string, line: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(`${line}\r\nHost: ${hostname}\r\n\r\n`));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

let p: TestPlatform;
before(async () => {
  p = await startTestPlatform({ hasher: testHasher() });
});
after(() => p.close());

function assertErrorPage(res: Answer, status: number, title: RegExp, what: string): void {
  assert.equal(res.status, status, `${what}: status`);
  assert.match(res.headers['content-type'] ?? '', /^text\/html/, `${what}: HTML, not JSON`);
  assert.doesNotMatch(res.body, /FST_ERR|"statusCode"/, `${what}: no framework JSON`);
  assert.match(res.body, /<html lang="ja">/, `${what}: the origin's page`);
  assert.match(res.body, title, `${what}: says what happened`);
  assert.match(res.headers['content-security-policy'] ?? '', /default-src 'self'/, `${what}: security headers`);
}

const ORIGINS = [
  { name: 'Med-Login', url: () => p.url.login, param: '/password/reset/' },
  { name: 'G-MIS', url: () => p.url.gmis, param: '/profile/email/confirm/' },
  { name: '医療情報ネット', url: () => p.url.navi, param: '/staff/password/reset/' },
];

for (const origin of ORIGINS) {
  describe(`hostile URLs on ${origin.name}`, () => {
    test('a 5,000-character link parameter', async () => {
      assertErrorPage(await rawGet(origin.url(), `${origin.param}${'A'.repeat(5000)}`), 414, /ページのアドレスが長すぎます/, 'long parameter');
    });

    test('malformed percent-encoding, in the path and in a parameter', async () => {
      assertErrorPage(await rawGet(origin.url(), '/%ff%fe'), 400, /ページのアドレスを読み取れませんでした/, '/%ff%fe');
      assertErrorPage(await rawGet(origin.url(), `${origin.param}%E0%A4%A`), 400, /ページのアドレスを読み取れませんでした/, 'truncated escape');
    });

    test('a NUL byte, encoded and raw', async () => {
      assertErrorPage(await rawGet(origin.url(), '/%00'), 400, /ページのアドレスを読み取れませんでした/, '/%00');
      assertErrorPage(await rawGet(origin.url(), `${origin.param}abc%00def`), 400, /ページのアドレスを読み取れませんでした/, 'NUL in a parameter');
      assertErrorPage(await rawGet(origin.url(), '/?q=%00'), 400, /ページのアドレスを読み取れませんでした/, 'NUL in the query');
      assertErrorPage(await rawGet(origin.url(), '/healthz?q=%00'), 400, /ページのアドレスを読み取れませんでした/, 'NUL on a route of every origin');
      assertErrorPage(await rawRequestLine(origin.url(), 'GET /\u0000 HTTP/1.1'), 400, /ページのアドレスを読み取れませんでした/, 'raw NUL');
    });

    test('an over-long URL overall', async () => {
      assertErrorPage(await rawGet(origin.url(), `/?q=${'a'.repeat(10_000)}`), 414, /ページのアドレスが長すぎます/, '10,000 characters');
      // Beyond Node's header limit the request never reaches a route; the answer is still a page.
      assertErrorPage(await rawGet(origin.url(), `/?q=${'a'.repeat(20_000)}`), 431, /送信された情報が大きすぎます/, '20,000 characters');
    });
  });
}
