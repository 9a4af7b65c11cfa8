// The shared pager: no pager for one page, 前のページ/次のページ only where there is one, the current
// page marked (not a link), far pages folded into …, and every link built by the list's own href.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Pager, pagerNumbers } from './pager.tsx';

const render = (page: number, pages: number) => String(Pager({ page, pages, href: (n) => `/list?q=a&page=${n}`, label: '一覧のページ' }));

test('one page shows no pager', () => {
  assert.equal(render(1, 1), '');
});

test('the first, the last and the pages near the current one; the rest are a gap', () => {
  assert.deepEqual(pagerNumbers(1, 3), [1, 2, 3]);
  assert.deepEqual(pagerNumbers(6, 12), [1, 4, 5, 6, 7, 8, 12]);
  const html = render(6, 12);
  assert.match(html, /<nav class="pager" aria-label="一覧のページ">/);
  assert.match(html, /<span class="pager__link pager__link--current" aria-current="page">6<\/span>/);
  assert.doesNotMatch(html, /href="\/list\?q=a&page=6"/, 'the current page is no link');
  assert.equal((html.match(/class="pager__gap"/g) ?? []).length, 2);
  assert.match(html, /href="\/list\?q=a&page=5" rel="prev">前のページ/);
  assert.match(html, /href="\/list\?q=a&page=7" rel="next">次のページ/);
  assert.match(html, /href="\/list\?q=a&page=12" aria-label="12ページ目"/);
});

test('no 前のページ on the first page, no 次のページ on the last', () => {
  assert.doesNotMatch(render(1, 2), /前のページ/);
  assert.match(render(1, 2), /次のページ/);
  assert.doesNotMatch(render(2, 2), /次のページ/);
  assert.match(render(2, 2), /前のページ/);
});

test('in English (医療情報ネット’s English pages): its own words', () => {
  const html = String(Pager({ page: 2, pages: 3, href: (n) => `/search?lang=en&page=${n}`, lang: 'en' }));
  assert.match(html, /<nav class="pager" aria-label="Pages">/);
  assert.match(html, /rel="prev">Previous page</);
  assert.match(html, /rel="next">Next page</);
  assert.match(html, /aria-label="Page 3"/);
  assert.doesNotMatch(html, /ページ/);
});
