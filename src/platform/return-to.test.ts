// Return targets, table-driven: what a browser would read as another host never comes back.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_RETURN_TO_LENGTH, safeReturnTo } from './return-to.ts';

const ALLOW = ['https://gmis.example.jp/', 'https://navi.example.jp/staff'];

describe('safeReturnTo', () => {
  const hostile: Array<[string, unknown]> = [
    ['scheme-relative', '//evil.example'],
    ['three slashes', '///evil.example'],
    ['dot segment then double slash', '/.//evil.example'],
    ['dot segments up then double slash', '/x/..//evil.example'],
    ['encoded dot segments', '/%2e%2e//evil.example'],
    ['encoded dot, mixed case', '/%2E//evil.example'],
    ['encoded single dot segment', '/%2e//evil.example'],
    ['backslash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['slash backslash after normalisation', '/./\\evil.example'],
    ['encoded backslash', '/%5cevil.example'],
    ['encoded backslash, upper case', '/%5Cevil.example'],
    ['tab inside the slashes', '/\t/evil.example'],
    ['newline inside the slashes', '/\n/evil.example'],
    ['carriage return', '/\r/evil.example'],
    ['encoded tab', '/%09/evil.example'],
    ['encoded newline', '/%0a/evil.example'],
    ['NUL', '/\u0000/evil.example'],
    ['DEL', '/\u007f/evil.example'],
    ['absolute, another host', 'https://evil.example/'],
    ['scheme without slashes', 'https:evil.example'],
    ['scheme without slashes, path form', 'https:/evil.example'],
    ['mixed-case scheme, another host', 'HtTpS://evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['mixed-case javascript:', 'JaVaScRiPt:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['userinfo on an allowed host', 'https://user:pass@gmis.example.jp/'],
    ['allowed host as userinfo', 'https://gmis.example.jp@evil.example/'],
    ['allowed host as a subdomain of another', 'https://gmis.example.jp.evil.example/'],
    ['IDN look-alike (Cyrillic е)', 'https://gmis.\u0435xample.jp/'],
    ['IDN look-alike in punycode', 'https://gmis.xn--xample-2of.jp/'],
    ['full-width slashes', '／／evil.example'],
    ['allowed host, other port', 'https://gmis.example.jp:8443/'],
    ['allowed host, http instead of https', 'http://gmis.example.jp/'],
    ['allowed origin, path outside the prefix', 'https://navi.example.jp/staffing'],
    ['allowed origin, dot segments out of the prefix', 'https://navi.example.jp/staff/../admin'],
    ['allowed host, double slash path', 'https://gmis.example.jp/.//evil.example'],
    ['over-long', `/${'a'.repeat(MAX_RETURN_TO_LENGTH)}`],
    ['empty', ''],
    ['not a string', ['/']],
    ['undefined', undefined],
    ['relative without a slash', 'evil.example'],
  ];
  for (const [name, value] of hostile) {
    test(`refuses: ${name}`, () => assert.equal(safeReturnTo(value, ALLOW), undefined, JSON.stringify(value)));
  }

  const kept: Array<[string, string, string]> = [
    ['a local path', '/account/sessions', '/account/sessions'],
    ['a local path with a query', '/interaction/abc?x=1', '/interaction/abc?x=1'],
    ['a local path, dot segments resolved', '/a/./b/../c', '/a/c'],
    ['a local path, Japanese', '/検索', '/%E6%A4%9C%E7%B4%A2'],
    // An encoded slash is not a path separator: the browser stays here.
    ['encoded slashes stay a path', '/.%2F%2Fevil.example', '/.%2F%2Fevil.example'],
    ['an allowed application', 'https://gmis.example.jp/reports', 'https://gmis.example.jp/reports'],
    ['an allowed application, mixed-case scheme and host', 'HTTPS://GMIS.example.jp/', 'https://gmis.example.jp/'],
    ['an allowed prefix itself', 'https://navi.example.jp/staff', 'https://navi.example.jp/staff'],
    ['under an allowed prefix', 'https://navi.example.jp/staff/menu', 'https://navi.example.jp/staff/menu'],
  ];
  for (const [name, value, expected] of kept) {
    test(`keeps: ${name}`, () => assert.equal(safeReturnTo(value, ALLOW), expected));
  }

  test('with no allow-list only local paths come back', () => {
    assert.equal(safeReturnTo('https://gmis.example.jp/'), undefined);
    assert.equal(safeReturnTo('/reports/2026'), '/reports/2026');
  });

  test('a shorter limit can be given', () => {
    assert.equal(safeReturnTo(`/${'a'.repeat(999)}`, [], 1000), `/${'a'.repeat(999)}`);
    assert.equal(safeReturnTo(`/${'a'.repeat(1000)}`, [], 1000), undefined);
  });
});
