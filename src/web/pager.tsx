// The page links under a long list (the review queues, お知らせ): 前のページ, the first and last page
// numbers and those near the current one (gaps as …), 次のページ. Plain links, so it works without
// JavaScript; the current page is marked with aria-current, and one page shows no pager at all.

/** The page numbers shown: the first, the last, and those within two of the current one. */
export function pagerNumbers(page: number, pages: number): number[] {
  return Array.from({ length: pages }, (_, i) => i + 1).filter((n) => n === 1 || n === pages || Math.abs(n - page) <= 2);
}

const WORDS = {
  ja: { prev: '前のページ', next: '次のページ', pageN: (n: number) => `${n}ページ目`, label: 'ページ' },
  en: { prev: 'Previous page', next: 'Next page', pageN: (n: number) => `Page ${n}`, label: 'Pages' },
} as const;

export function Pager(p: {
  page: number;
  pages: number;
  /** The link to a page (keeping the list's filters). */
  href: (page: number) => string;
  /** What the pages are of, for screen readers (e.g. 「お知らせのページ」). */
  label?: string;
  /** The pager's own words (医療情報ネット's English pages); Japanese unless told. */
  lang?: 'ja' | 'en';
}): JSX.Element {
  if (p.pages <= 1) return <></>;
  const w = WORDS[p.lang ?? 'ja'];
  const numbers = pagerNumbers(p.page, p.pages);
  return (
    <nav class="pager" aria-label={p.label ?? w.label}>
      <ul class="pager__list">
        {p.page > 1 ? (
          <li>
            <a class="pager__link" href={p.href(p.page - 1)} rel="prev">
              {w.prev}
            </a>
          </li>
        ) : (
          ''
        )}
        {numbers.map((n, i) => (
          <>
            {i > 0 && n - numbers[i - 1]! > 1 ? (
              <li class="pager__gap" aria-hidden="true">
                …
              </li>
            ) : (
              ''
            )}
            <li>
              {n === p.page ? (
                <span class="pager__link pager__link--current" aria-current="page">
                  {n}
                </span>
              ) : (
                <a class="pager__link" href={p.href(n)} aria-label={w.pageN(n)}>
                  {n}
                </a>
              )}
            </li>
          </>
        ))}
        {p.page < p.pages ? (
          <li>
            <a class="pager__link" href={p.href(p.page + 1)} rel="next">
              {w.next}
            </a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}
