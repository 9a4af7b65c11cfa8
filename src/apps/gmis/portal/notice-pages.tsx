// お知らせ: the list (newest first, unread marks, paging) and one notice.
import type { Account, GmisNotice } from '../../../db/schema.ts';
import { noticeParagraphs, type NoticePage, type NoticeSummary } from '../../../portal/notices.ts';
import { DateText, PortalPage } from './layout.tsx';
import { Pager } from '../../../web/pager.tsx';

/** A notice's body: its paragraphs, each line kept as typed. */
export function NoticeBody(p: { body: string }): JSX.Element {
  return (
    <>
      {noticeParagraphs(p.body).map((lines) => (
        <p>
          {lines.map((line, i) => (
            <>
              {i > 0 ? <br /> : ''}
              <span safe>{line}</span>
            </>
          ))}
        </p>
      ))}
    </>
  );
}

/** The list used on ホーム and on お知らせ. */
export function NoticeList(p: { items: NoticeSummary[] }): JSX.Element {
  return (
    <ul class="notice-list">
      {p.items.map((n) => (
        <li class={n.unread ? 'notice-list__item notice-list__item--unread' : 'notice-list__item'}>
          <p class="notice-list__meta">
            <DateText ms={n.publishedAt} />
            <span class="badge" safe>
              {n.category}
            </span>
            {n.unread ? <span class="badge badge--unread">未読</span> : ''}
          </p>
          <a class="notice-list__title" href={`/notices/${encodeURIComponent(n.id)}`} safe>
            {n.title}
          </a>
        </li>
      ))}
    </ul>
  );
}

export function NoticesPage(p: { viewer: Account; csrf: string; page: NoticePage }): JSX.Element {
  const { page } = p;
  const unread = page.items.filter((n) => n.unread).length;
  return (
    <PortalPage title="お知らせ" viewer={p.viewer} csrf={p.csrf} current="notices">
      <h1 class="page-title">お知らせ</h1>
      <p>G-MIS事務局からのお知らせです。新しいものから順に並んでいます。「未読」の印は、まだ開いていないお知らせです。</p>
      {page.total === 0 ? (
        <p class="empty-state">お知らせはまだありません。</p>
      ) : (
        <>
          <p class="muted">
            全{page.total}件（{page.page}/{page.pages}ページ）
            {unread > 0 ? `　このページの未読 ${unread}件` : ''}
          </p>
          <NoticeList items={page.items} />
          <Pager page={page.page} pages={page.pages} href={(n) => `/notices?page=${n}`} label="お知らせのページ" />
        </>
      )}
    </PortalPage>
  );
}

export function NoticeDetailPage(p: { viewer: Account; csrf: string; notice: GmisNotice }): JSX.Element {
  const n = p.notice;
  return (
    <PortalPage title={n.title} viewer={p.viewer} csrf={p.csrf} current="notices">
      <p class="breadcrumb">
        <a href="/notices">お知らせ一覧</a>
      </p>
      <article class="card notice-article">
        <p class="notice-list__meta">
          <DateText ms={n.published_at} />
          <span class="badge" safe>
            {n.category}
          </span>
        </p>
        <h1 class="page-title" safe>
          {n.title}
        </h1>
        <NoticeBody body={n.body} />
      </article>
      <p>
        <a class="button button--secondary" href="/notices">
          お知らせ一覧へ戻る
        </a>
      </p>
    </PortalPage>
  );
}
