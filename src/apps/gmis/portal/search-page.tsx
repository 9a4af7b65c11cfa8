// 検索: results over お知らせ and FAQ, with the matching words marked; the empty and no-result states
// say what to do next.
import type { Account } from '../../../db/schema.ts';
import { snippet, type SearchResults } from '../../../portal/search.ts';
import { DateText, PortalPage } from './layout.tsx';

function Excerpt(p: { text: string; keys: string[] }): JSX.Element {
  const s = snippet(p.text, p.keys);
  return (
    <p class="search-result__excerpt">
      {s.cutStart ? '…' : ''}
      {s.parts.map((part) => (part.match ? <mark safe>{part.text}</mark> : <span safe>{part.text}</span>))}
      {s.cutEnd ? '…' : ''}
    </p>
  );
}

export function SearchPage(p: { viewer: Account; csrf: string; query: string; results: SearchResults }): JSX.Element {
  const { results } = p;
  const searched = results.keys.length > 0;
  const total = results.notices.length + results.faq.length;
  return (
    <PortalPage title={searched ? `「${p.query}」の検索結果` : '検索'} viewer={p.viewer} csrf={p.csrf} current="search" query={p.query}>
      <h1 class="page-title">検索</h1>
      <form class="search-form" method="get" action="/search" role="search">
        <label class="field__label" for="q">
          お知らせとよくある質問（FAQ）から探す
        </label>
        <div class="search-form__row">
          <input class="field__input" id="q" type="search" name="q" value={p.query} maxlength={100} aria-describedby="q-hint" />
          <button type="submit" class="button button--primary">
            検索
          </button>
        </div>
        <p class="field__hint" id="q-hint">
          スペースで区切って複数のことばを入れると、すべてを含むものを探します。大文字と小文字、全角と半角は区別しません。
        </p>
      </form>

      {!searched ? (
        <p class="empty-state">探したいことばを入力して「検索」を押してください。例：「パスワード」「定期報告」「メールアドレス」</p>
      ) : total === 0 ? (
        <div class="empty-state" role="status">
          <p>
            「<span safe>{p.query}</span>」を含むお知らせやよくある質問は見つかりませんでした。
          </p>
          <ul class="bullets">
            <li>ことばを短くするか、別の言い方（例：「ログインID」ではなく「ユーザ名」）でお試しください。</li>
            <li>複数のことばを入れた場合は、ことばを減らしてみてください。</li>
            <li>
              解決しないときは<a href="/inquiry">お問合せ</a>から事務局にお尋ねください。
            </li>
          </ul>
        </div>
      ) : (
        <>
          <p role="status">
            「<span safe>{p.query}</span>」の検索結果：{total}件
          </p>
          <section aria-labelledby="results-notices">
            <h2 class="section-title" id="results-notices">
              お知らせ（{results.notices.length}件）
            </h2>
            {results.notices.length === 0 ? (
              <p class="muted">該当するお知らせはありません。</p>
            ) : (
              <ul class="search-results">
                {results.notices.map((n) => (
                  <li class="search-result">
                    <a class="search-result__title" href={`/notices/${encodeURIComponent(n.id)}`} safe>
                      {n.title}
                    </a>
                    <p class="search-result__meta">
                      <DateText ms={n.published_at} />
                      <span class="badge" safe>
                        {n.category}
                      </span>
                    </p>
                    <Excerpt text={n.body} keys={results.keys} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="results-faq">
            <h2 class="section-title" id="results-faq">
              よくある質問（{results.faq.length}件）
            </h2>
            {results.faq.length === 0 ? (
              <p class="muted">該当するよくある質問はありません。</p>
            ) : (
              <ul class="search-results">
                {results.faq.map((f) => (
                  <li class="search-result">
                    <a class="search-result__title" href={`/faq#${f.id}`} safe>
                      {f.question}
                    </a>
                    <p class="search-result__meta">
                      <span class="badge" safe>
                        {f.groupTitle}
                      </span>
                    </p>
                    <Excerpt text={f.answer.join(' ')} keys={results.keys} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </PortalPage>
  );
}
