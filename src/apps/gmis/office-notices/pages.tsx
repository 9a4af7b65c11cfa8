// The office's お知らせ editor (事務局コンソール): the list by state, a new draft, one notice with its
// edit form, publishing (now or at a time) and 取り下げ. Every form carries the version it showed.
import type { GmisNotice } from '../../../db/schema.ts';
import type { Account } from '../../../db/schema.ts';
import type { NoticeListState } from '../../../portal/notice-repository.ts';
import { NOTICE_CATEGORIES, NOTICE_STATE_LABELS, NOTICE_TITLE_MAX, noticeState, type OfficeNoticePage } from '../../../portal/notices.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import { CsrfField, ErrorSummary, Notice, SelectField, TextAreaField, TextField, type FieldErrors } from '../../../web/forms.tsx';
import { Pager } from '../../../web/pager.tsx';
import type { Flash } from '../flash.ts';
import { OFFICE_PATH, OfficeSectionPage } from '../office/pages.tsx';
import { PortalPage } from '../portal/layout.tsx';
import { NoticeBody } from '../portal/notice-pages.tsx';

export const NOTICES_PATH = `${OFFICE_PATH}/notices`;
export const noticeHref = (id: string) => `${NOTICES_PATH}/${encodeURIComponent(id)}`;

const TABS: ReadonlyArray<{ state: NoticeListState | undefined; label: string }> = [
  { state: undefined, label: 'すべて' },
  { state: 'draft', label: '下書き' },
  { state: 'scheduled', label: '公開予約' },
  { state: 'published', label: '公開中' },
  { state: 'withdrawn', label: '取り下げ' },
];

function StateBadge(p: { notice: GmisNotice; now: number }): JSX.Element {
  const state = noticeState(p.notice, p.now);
  return (
    <span class="badge" safe>
      {NOTICE_STATE_LABELS[state]}
    </span>
  );
}

export function NoticeListPage(p: {
  viewer: Account;
  csrf: string;
  now: number;
  state: NoticeListState | undefined;
  page: OfficeNoticePage;
  flash?: Flash | undefined;
}): JSX.Element {
  const total = p.page.counts.draft + p.page.counts.scheduled + p.page.counts.published + p.page.counts.withdrawn;
  const stateQuery = p.state ? `state=${p.state}&` : '';
  return (
    <OfficeSectionPage heading="お知らせの管理" viewer={p.viewer} csrf={p.csrf}>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      <p>
        G-MISを使うすべての利用者に表示するお知らせを書きます。下書きは利用者には見えません。公開すると、すぐに、または予約した日時から、利用者のお知らせ一覧に表示されます。
      </p>
      <p>
        <a class="button button--primary" href={`${NOTICES_PATH}/new`}>
          お知らせを書く
        </a>
      </p>
      <nav aria-label="お知らせの状態">
        <ul class="link-list">
          {TABS.map((t) => {
            const count = t.state ? p.page.counts[t.state] : total;
            const label = `${t.label}（${count}件）`;
            return (
              <li>
                {t.state === p.state ? (
                  <strong aria-current="page" safe>
                    {label}
                  </strong>
                ) : (
                  <a href={t.state ? `${NOTICES_PATH}?state=${t.state}` : NOTICES_PATH} safe>
                    {label}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      {p.page.items.length === 0 ? (
        <p class="empty-state">この状態のお知らせはありません。</p>
      ) : (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption class="visually-hidden">お知らせの一覧（最近変更したものから）</caption>
            <thead>
              <tr>
                <th scope="col">状態</th>
                <th scope="col">タイトル</th>
                <th scope="col">分類</th>
                <th scope="col">公開日時</th>
                <th scope="col">最終更新</th>
              </tr>
            </thead>
            <tbody>
              {p.page.items.map((n) => (
                <tr>
                  <td>
                    <StateBadge notice={n} now={p.now} />
                  </td>
                  <td>
                    <a href={noticeHref(n.id)} safe>
                      {n.title}
                    </a>
                  </td>
                  <td safe>{n.category}</td>
                  <td safe>{n.status === 'draft' ? '（未公開）' : formatJst(n.published_at)}</td>
                  <td safe>{`${formatJst(n.updated_at ?? n.created_at)} ${n.updated_by ?? n.created_by}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={p.page.page} pages={p.page.pages} href={(n) => `${NOTICES_PATH}?${stateQuery}page=${n}`} label="お知らせの一覧のページ" />
    </OfficeSectionPage>
  );
}

export type NoticeFormValues = Record<'title' | 'body' | 'category', string>;
export type PublishFormValues = Record<'when' | 'publish_at', string>;

/** The content fields, for a new notice and for an edit. */
function ContentFields(p: { values: NoticeFormValues; errors: FieldErrors }): JSX.Element {
  const v = p.values;
  const e = p.errors;
  return (
    <>
      <TextField name="title" label="タイトル" value={v.title} error={e.title} required maxlength={NOTICE_TITLE_MAX * 2} hint={`${NOTICE_TITLE_MAX}文字以内`} />
      <SelectField
        name="category"
        label="分類"
        options={NOTICE_CATEGORIES}
        value={v.category}
        error={e.category}
        required
        hint="「重要」は、利用者の一覧で目立つように表示されます。"
      />
      <TextAreaField name="body" label="本文" value={v.body} error={e.body} required rows={12} hint="文字だけで書きます。空行を入れると段落が分かれます。" />
    </>
  );
}

export function NewNoticePage(p: { viewer: Account; csrf: string; values: NoticeFormValues; errors?: FieldErrors }): JSX.Element {
  const e = p.errors ?? {};
  return (
    <PortalPage title="お知らせを書く - 事務局コンソール" viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href={NOTICES_PATH}>お知らせの管理へ戻る</a>
      </p>
      <h1 class="page-title">お知らせを書く</h1>
      <p>まず下書きとして保存します。公開（すぐに、または日時を指定して予約）は、保存した後の画面で行います。</p>
      <ErrorSummary errors={e} />
      <form method="post" action={NOTICES_PATH} class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <ContentFields values={p.values} errors={e} />
        <button type="submit" class="button button--primary">
          下書きとして保存する
        </button>
      </form>
    </PortalPage>
  );
}

export function NoticeEditPage(p: {
  viewer: Account;
  csrf: string;
  now: number;
  notice: GmisNotice;
  /** The version the forms carry: the one shown (after a refused save, the current one). */
  version: number;
  values: NoticeFormValues;
  publish: PublishFormValues;
  errors?: FieldErrors;
  /** A colleague saved first: what is stored now, beside what this editor typed. */
  stale?: boolean;
  flash?: Flash | undefined;
  canEdit: boolean;
}): JSX.Element {
  const n = p.notice;
  const e = p.errors ?? {};
  const state = noticeState(n, p.now);
  const base = noticeHref(n.id);
  return (
    <PortalPage title={`${n.title} - お知らせの管理`} viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href={NOTICES_PATH}>お知らせの管理へ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {n.title}
      </h1>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      <dl class="confirm-list card">
        <dt>状態</dt>
        <dd>
          <StateBadge notice={n} now={p.now} />{' '}
          <span safe>
            {state === 'scheduled'
              ? `${formatJst(n.published_at)} から利用者に表示されます`
              : state === 'published'
                ? `${formatJst(n.published_at)} から利用者に表示しています`
                : state === 'withdrawn'
                  ? `${formatJst(n.withdrawn_at ?? n.updated_at ?? n.created_at)} に ${n.withdrawn_by ?? ''} が取り下げました（利用者には表示しません）`
                  : 'まだ公開していません（利用者には表示しません）'}
          </span>
        </dd>
        <dt>作成</dt>
        <dd safe>{`${formatJst(n.created_at)} ${n.created_by}`}</dd>
        <dt>最終更新</dt>
        <dd safe>{`${formatJst(n.updated_at ?? n.created_at)} ${n.updated_by ?? n.created_by}（第${n.version}版）`}</dd>
      </dl>
      {p.stale ? (
        <Notice kind="warning" title="ほかの担当者が先に保存しました">
          <p safe>{e.version}</p>
          <h2 class="section-title">いま保存されている内容</h2>
          <div class="card">
            <p>
              <strong safe>{`［${n.category}］${n.title}`}</strong>
            </p>
            <p class="preserve-lines" safe>
              {n.body}
            </p>
          </div>
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'version'))} />
      {p.canEdit ? (
        <>
          <h2 class="section-title">内容を直す</h2>
          <form method="post" action={base} class="card form" novalidate>
            <CsrfField token={p.csrf} />
            <input type="hidden" name="version" value={String(p.version)} />
            <ContentFields values={p.values} errors={e} />
            <button type="submit" class="button button--primary">
              保存する
            </button>
          </form>
        </>
      ) : (
        <>
          <h2 class="section-title">内容</h2>
          <article class="card notice-article">
            <p class="notice-list__meta">
              <span class="badge" safe>
                {n.category}
              </span>
            </p>
            <NoticeBody body={n.body} />
          </article>
        </>
      )}
      {p.canEdit && state !== 'published' ? (
        <>
          <h2 class="section-title" id="publish-title">
            {state === 'scheduled' ? '公開日時を変える・いますぐ公開する' : '公開する'}
          </h2>
          <form method="post" action={`${base}/publish`} class="card form" novalidate aria-labelledby="publish-title">
            <CsrfField token={p.csrf} />
            <input type="hidden" name="version" value={String(p.version)} />
            <fieldset class={e.when ? 'field field--error' : 'field'} aria-describedby={e.when ? 'when-error' : undefined}>
              <legend class="field__label">公開のしかた</legend>
              {e.when ? (
                <p class="field__error" id="when-error" safe>
                  {e.when}
                </p>
              ) : (
                ''
              )}
              <label class="checkbox">
                <input type="radio" name="when" value="now" checked={p.publish.when === 'now'} />
                いますぐ公開
              </label>
              <label class="checkbox">
                <input type="radio" name="when" value="at" checked={p.publish.when === 'at'} />
                日時を指定して予約
              </label>
            </fieldset>
            <TextField
              name="publish_at"
              label="公開日時（予約のとき）"
              value={p.publish.publish_at}
              error={e.publish_at}
              hint="日本時間。例：2026-12-01 09:00"
              maxlength={40}
            />
            <button type="submit" class="button button--primary">
              {state === 'scheduled' ? '公開日時を保存する' : '公開する'}
            </button>
          </form>
        </>
      ) : (
        ''
      )}
      {state !== 'withdrawn' ? (
        <>
          <h2 class="section-title">取り下げる</h2>
          <form method="post" action={`${base}/withdraw`} class="card form">
            <CsrfField token={p.csrf} />
            <input type="hidden" name="version" value={String(p.version)} />
            <p>取り下げると、利用者のお知らせ一覧から消えます（予約中なら公開されません）。記録は残り、元には戻せません。</p>
            <button type="submit" class="button button--secondary">
              このお知らせを取り下げる
            </button>
          </form>
        </>
      ) : (
        ''
      )}
    </PortalPage>
  );
}
