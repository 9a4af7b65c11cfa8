// The office's お問合せ inbox (事務局コンソール): the list with its state, 分類 and words, and one
// inquiry as a thread (what was asked, each answer mailed) with the answer form, 完了 and 再開.
import type { Account, GmisInquiry, InquiryStatus } from '../../../db/schema.ts';
import { ANSWER_MAX, INQUIRY_CATEGORIES, INQUIRY_STATUS_LABELS, INQUIRY_STATUSES, type InboxPage, type InquiryThread } from '../../../portal/inquiries.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import { CsrfField, ErrorSummary, Notice, TextAreaField, type FieldErrors } from '../../../web/forms.tsx';
import { Pager } from '../../../web/pager.tsx';
import type { Flash } from '../flash.ts';
import { OFFICE_PATH, OfficeSectionPage } from '../office/pages.tsx';
import { PortalPage } from '../portal/layout.tsx';

export const INQUIRIES_PATH = `${OFFICE_PATH}/inquiries`;
export const inquiryHref = (reference: string) => `${INQUIRIES_PATH}/${encodeURIComponent(reference)}`;

export interface InboxFilterValues {
  status: InquiryStatus | undefined;
  category: string;
  q: string;
}

const query = (f: InboxFilterValues, extra: Record<string, string> = {}) =>
  new URLSearchParams({
    ...(f.status ? { status: f.status } : {}),
    ...(f.category ? { category: f.category } : {}),
    ...(f.q ? { q: f.q } : {}),
    ...extra,
  }).toString();

export function InboxPage(p: { viewer: Account; csrf: string; filter: InboxFilterValues; page: InboxPage }): JSX.Element {
  const f = p.filter;
  const chosen = f.category;
  const all = INQUIRY_STATUSES.reduce((n, s) => n + p.page.counts[s], 0);
  return (
    <OfficeSectionPage heading="お問合せの受付箱" viewer={p.viewer} csrf={p.csrf}>
      <p>
        利用者がG-MISの「お問合せ」から送った内容です。開くと「新規」から「対応中」になります。回答はメールでお問合せの連絡先に送られ、送った人は
        G-MISのお問合せの画面でも読めます。
      </p>
      <nav aria-label="お問合せの状態">
        <ul class="link-list">
          <li>
            {f.status === undefined ? (
              <strong aria-current="page" safe>{`すべて（${all}件）`}</strong>
            ) : (
              <a href={`${INQUIRIES_PATH}?${query({ ...f, status: undefined })}`} safe>{`すべて（${all}件）`}</a>
            )}
          </li>
          {INQUIRY_STATUSES.map((s) => {
            const label = `${INQUIRY_STATUS_LABELS[s]}（${p.page.counts[s]}件）`;
            return (
              <li>
                {f.status === s ? (
                  <strong aria-current="page" safe>
                    {label}
                  </strong>
                ) : (
                  <a href={`${INQUIRIES_PATH}?${query({ ...f, status: s })}`} safe>
                    {label}
                  </a>
                )}
              </li>
            );
          })}
        </ul>
      </nav>
      <form method="get" action={INQUIRIES_PATH} class="card form filter-form" role="search">
        {f.status ? <input type="hidden" name="status" value={f.status} /> : ''}
        <div class="field-row">
          <div class="field">
            <label class="field__label" for="category">
              分類
            </label>
            <select class="field__input field__select" id="category" name="category">
              <option value="">すべて</option>
              {INQUIRY_CATEGORIES.map((c) => (
                <option value={c} selected={c === chosen}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label class="field__label" for="q">
              受付番号・件名・内容・連絡先のことば
            </label>
            <input class="field__input" id="q" name="q" value={f.q} maxlength={100} />
          </div>
        </div>
        <button type="submit" class="button button--secondary">
          絞り込む
        </button>
      </form>
      <p safe>{`当てはまるお問合せ：${p.page.total}件`}</p>
      {p.page.items.length === 0 ? (
        <p class="empty-state">当てはまるお問合せはありません。</p>
      ) : (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption class="visually-hidden">お問合せの一覧（新しい順）</caption>
            <thead>
              <tr>
                <th scope="col">状態</th>
                <th scope="col">受付番号</th>
                <th scope="col">件名</th>
                <th scope="col">分類</th>
                <th scope="col">受付日時</th>
                <th scope="col">連絡先</th>
              </tr>
            </thead>
            <tbody>
              {p.page.items.map((q) => (
                <tr>
                  <td>
                    <StatusBadge status={q.status} />
                  </td>
                  <td>
                    <a class="mono" href={inquiryHref(q.reference)} safe>
                      {q.reference}
                    </a>
                  </td>
                  <td safe>{q.subject}</td>
                  <td safe>{q.category}</td>
                  <td safe>{formatJst(q.created_at)}</td>
                  <td safe>{q.contact_email}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={p.page.page} pages={p.page.pages} href={(n) => `${INQUIRIES_PATH}?${query(f, { page: String(n) })}`} label="お問合せの一覧のページ" />
    </OfficeSectionPage>
  );
}

export function StatusBadge(p: { status: InquiryStatus }): JSX.Element {
  return (
    <span class={p.status === 'new' ? 'badge badge--unread' : 'badge'} safe>
      {INQUIRY_STATUS_LABELS[p.status]}
    </span>
  );
}

/** What was asked, then each answer: on the office's page and on the sender's. */
export function InquiryThreadView(p: { thread: InquiryThread; headingLevel?: 2 | 3 }): JSX.Element {
  const { inquiry: q, answers } = p.thread;
  return (
    <section aria-labelledby="thread-title">
      <h2 class="section-title" id="thread-title">
        やりとり
      </h2>
      <article class="card">
        <p class="notice-list__meta">
          <span safe>{`${formatJst(q.created_at)} お問合せ`}</span>
        </p>
        <p class="preserve-lines" safe>
          {q.body}
        </p>
      </article>
      {answers.map((a) => (
        <article class="card">
          <p class="notice-list__meta">
            <span safe>{`${formatJst(a.answered_at)} 事務局からの回答（${a.answered_by_name}、${a.sent_to} にメールで送信）`}</span>
          </p>
          <p class="preserve-lines" safe>
            {a.body}
          </p>
        </article>
      ))}
    </section>
  );
}

export function InquiryOfficePage(p: {
  viewer: Account;
  csrf: string;
  thread: InquiryThread;
  answer: string;
  errors?: FieldErrors;
  /** A colleague changed it first: nothing was sent. */
  stale?: boolean;
  flash?: Flash | undefined;
}): JSX.Element {
  const q: GmisInquiry = p.thread.inquiry;
  const e = p.errors ?? {};
  const base = inquiryHref(q.reference);
  return (
    <PortalPage title={`${q.reference} - お問合せの受付箱`} viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href={INQUIRIES_PATH}>お問合せの受付箱へ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {q.subject}
      </h1>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      {p.stale ? <Notice kind="warning" title={e.version ?? ''} /> : ''}
      <dl class="confirm-list card">
        <dt>状態</dt>
        <dd>
          <StatusBadge status={q.status} />
          {q.closed_at ? <span safe>{` ${formatJst(q.closed_at)} ${q.closed_by ?? ''}`}</span> : ''}
        </dd>
        <dt>受付番号</dt>
        <dd class="mono" safe>
          {q.reference}
        </dd>
        <dt>受付日時</dt>
        <dd safe>{formatJst(q.created_at)}</dd>
        <dt>分類</dt>
        <dd safe>{q.category}</dd>
        <dt>連絡先</dt>
        <dd safe>{`${q.contact_email}${q.contact_phone ? ` / ${q.contact_phone}` : ''}`}</dd>
        <dt>最初に開いた担当者</dt>
        <dd safe>{`${q.read_at ? formatJst(q.read_at) : '（まだ）'} ${q.read_by ?? ''}`}</dd>
      </dl>
      <InquiryThreadView thread={p.thread} />
      <ErrorSummary errors={Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'version'))} />
      {q.status === 'closed' ? (
        <form method="post" action={`${base}/reopen`} class="card form">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="version" value={String(q.version)} />
          <p>このお問合せは完了しています。追加で回答するときは、対応を再開してください。</p>
          <button type="submit" class="button button--secondary">
            対応を再開する
          </button>
        </form>
      ) : (
        <>
          <h2 class="section-title">メールで回答する</h2>
          <form method="post" action={`${base}/answer`} class="card form" novalidate>
            <CsrfField token={p.csrf} />
            <input type="hidden" name="version" value={String(q.version)} />
            <TextAreaField
              name="answer"
              label="回答"
              value={p.answer}
              error={e.answer}
              required
              rows={10}
              maxlength={ANSWER_MAX * 2}
              hint={`${q.contact_email} にメールで送ります。お問合せの内容はメールの下に自動で付きます（${ANSWER_MAX}文字以内）。`}
            />
            <button type="submit" class="button button--primary">
              回答を送る
            </button>
          </form>
          <form method="post" action={`${base}/close`} class="card form">
            <CsrfField token={p.csrf} />
            <input type="hidden" name="version" value={String(q.version)} />
            <p>対応が済んだら「完了」にします。あとから再開できます。</p>
            <button type="submit" class="button button--secondary">
              完了にする
            </button>
          </form>
        </>
      )}
    </PortalPage>
  );
}
