// The prefecture's review of 新規ユーザ登録申請: the queue (filters, select and approve in bulk) and
// one application beside the facility master, with what differs highlighted and the decisions.
import Html from '@kitajs/html';
import type { Account, Institution, RegistrationApplication, RegistrationStatus } from '../../../db/schema.ts';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { municipality } from '../../../institutions/places.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import { postalAddress } from '../../../registration/mails.ts';
import { REASON_MAX, type Mismatch, type QueueFilter } from '../../../registration/review.ts';
import { CsrfField, ErrorSummary, Notice, TextAreaField, TextField, type FieldErrors } from '../../../web/forms.tsx';
import { Pager } from '../../../web/pager.tsx';
import type { Flash } from '../flash.ts';
import { PortalPage } from '../portal/layout.tsx';

export const REVIEW_PATH = '/review/registrations';

/** The decisions that need a reason (mailed to the applicant): the form on the page and its route. */
export const REASON_DECISIONS = [
  {
    action: 'return',
    field: 'return_reason',
    label: '差し戻しの理由',
    hint: `申請者にメールでお伝えします。直してほしい項目を具体的に書いてください（${REASON_MAX}文字以内）。`,
    button: '差し戻す',
  },
  { action: 'reject', field: 'reject_reason', label: '却下の理由', hint: `申請者にメールでお伝えします（${REASON_MAX}文字以内）。`, button: '却下する' },
] as const;

export const STATUS_LABELS: Record<RegistrationStatus, string> = { submitted: '確認待ち', returned: '差し戻し', approved: '承認済み', rejected: '却下' };

const placeName = (code: string) => municipality(code)?.name ?? code;

/** One row of the queue: the application and how it compares with the master. */
export interface QueueRow {
  application: RegistrationApplication;
  master: 'match' | 'differs' | 'missing';
}

export function QueuePage(p: {
  viewer: Account;
  csrf: string;
  filter: QueueFilter;
  municipalities: ReadonlyArray<{ code: string; name: string }>;
  rows: QueueRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Whether the reviewer may apply on an institution's behalf (代理申請). */
  canApplyOnBehalf: boolean;
  flash?: Flash | undefined;
}): JSX.Element {
  const f = p.filter;
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  /** The filter's narrowing (kind, municipality, search words) as query parameters, only those set. */
  const narrowing = {
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.municipalityCode ? { municipality: f.municipalityCode } : {}),
    ...(f.q ? { q: f.q } : {}),
  };
  const query = (page: number) => `${REVIEW_PATH}?${new URLSearchParams({ status: f.status ?? 'all', ...narrowing, page: String(page) })}`;
  const approveAllAction = `${REVIEW_PATH}/approve?${new URLSearchParams(narrowing)}`;
  const pending = p.rows.filter((r) => r.application.status === 'submitted');
  return (
    <PortalPage title="新規ユーザ登録申請の確認" viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title">新規ユーザ登録申請の確認</h1>
      <p>
        管轄の機関からの申請です。申請番号を開くと、医療機関マスタと並べて内容を確認し、承認・差し戻し・却下ができます。承認するとアカウントを発行し、ご担当者にメールでお知らせします（すでにアカウントがある機関には、そのユーザ名をお知らせします）。
      </p>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      {p.canApplyOnBehalf ? (
        <p>
          <a class="button button--secondary" href={`${REVIEW_PATH}/new`}>
            機関に代わって申請する（代理申請）
          </a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={REVIEW_PATH} class="card form filter-form" role="search" aria-label="申請の絞り込み">
        <div class="field-row">
          <div class="field">
            <label class="field__label" for="status">
              状態
            </label>
            <select class="field__input field__select" id="status" name="status">
              {(['submitted', 'returned', 'approved', 'rejected'] as const).map((s) => (
                <option value={s} selected={f.status === s} safe>
                  {STATUS_LABELS[s]}
                </option>
              ))}
              <option value="all" selected={!f.status}>
                すべて
              </option>
            </select>
          </div>
          <div class="field">
            <label class="field__label" for="kind">
              機関区分
            </label>
            <select class="field__input field__select" id="kind" name="kind">
              <option value="">すべて</option>
              {INSTITUTION_KINDS.map((k) => (
                <option value={k} selected={f.kind === k}>
                  {k}
                </option>
              ))}
            </select>
          </div>
          {p.municipalities.length > 0 ? (
            <div class="field">
              <label class="field__label" for="municipality">
                市区町村
              </label>
              <select class="field__input field__select" id="municipality" name="municipality">
                <option value="">すべて</option>
                {p.municipalities.map((m) => (
                  <option value={m.code} selected={f.municipalityCode === m.code} safe>
                    {m.name}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            ''
          )}
          <div class="field">
            <label class="field__label" for="q">
              キーワード
            </label>
            <input class="field__input" id="q" name="q" value={f.q ?? ''} maxlength={100} placeholder="機関名・フリガナ・機関コード・申請番号" />
          </div>
        </div>
        <button type="submit" class="button button--secondary">
          絞り込む
        </button>
      </form>
      <p aria-live="polite">{p.total}件</p>
      {p.rows.length === 0 ? (
        <p class="muted">該当する申請はありません。</p>
      ) : (
        <form method="post" action={`${REVIEW_PATH}/approve`}>
          <CsrfField token={p.csrf} />
          <div class="sso-table-scroll">
            <table class="sso-table">
              <caption class="visually-hidden">申請の一覧</caption>
              <thead>
                <tr>
                  <th scope="col">選択</th>
                  <th scope="col">申請番号</th>
                  <th scope="col">受付日時</th>
                  <th scope="col">機関区分</th>
                  <th scope="col">機関名</th>
                  <th scope="col">市区町村</th>
                  <th scope="col">マスタとの照合</th>
                  <th scope="col">状態</th>
                </tr>
              </thead>
              <tbody>
                {p.rows.map(({ application: a, master }) => (
                  <tr>
                    <td>
                      {a.status === 'submitted' ? <input type="checkbox" name="ids" value={a.id} id={`pick-${a.id}`} aria-label={`${a.number} を選択`} /> : ''}
                    </td>
                    <td>
                      <a class="mono" href={`${REVIEW_PATH}/${a.id}`} safe>
                        {a.number}
                      </a>
                    </td>
                    <td safe>{formatJst(a.submitted_at)}</td>
                    <td>{a.kind}</td>
                    <td safe>{a.name}</td>
                    <td safe>{placeName(a.municipality_code)}</td>
                    <td>
                      {master === 'match' ? (
                        '一致'
                      ) : master === 'differs' ? (
                        <strong class="diff-mark">差異あり</strong>
                      ) : (
                        <span class="muted">マスタに登録なし</span>
                      )}
                    </td>
                    <td safe>{a.outcome === 'existing' ? '承認済み（既存アカウント）' : STATUS_LABELS[a.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pending.length > 0 ? (
            <div class="form-actions">
              <button type="submit" class="button button--primary">
                選択した申請を承認
              </button>
              <button type="submit" name="all" value="1" class="button button--secondary" formaction={approveAllAction}>
                絞り込んだ確認待ちをすべて承認
              </button>
            </div>
          ) : (
            ''
          )}
        </form>
      )}
      <Pager page={p.page} pages={pages} href={query} label="申請の一覧のページ" />
    </PortalPage>
  );
}

const LABELS: Array<[Mismatch | 'institution_code', string]> = [
  ['kind', '機関区分'],
  ['institution_code', '機関コード'],
  ['insurance_code', '保険機関コード'],
  ['name', '機関名'],
  ['name_kana', 'フリガナ'],
  ['postcode', '郵便番号'],
  ['municipality_code', '市区町村'],
  ['address', '住所'],
  ['building', '建物名'],
  ['phone', '電話番号'],
];

function cell(
  field: Mismatch | 'institution_code',
  row: {
    kind: string;
    institution_code: string;
    insurance_code: string | null;
    name: string;
    name_kana: string;
    postcode: string;
    municipality_code: string;
    address: string;
    building: string | null;
    phone: string;
  },
): string {
  if (field === 'municipality_code') return placeName(row.municipality_code);
  if (field === 'postcode') return `〒${row.postcode.slice(0, 3)}-${row.postcode.slice(3)}`;
  if (field === 'closed') return '';
  return (row[field] as string | null) ?? '（なし）';
}

export function ApplicationReviewPage(p: {
  viewer: Account;
  csrf: string;
  application: RegistrationApplication;
  master: Institution | undefined;
  mismatches: Mismatch[];
  existing: { username: string; email: string } | undefined;
  decidedBy: string | undefined;
  errors?: FieldErrors;
  values?: { return_reason?: string; reject_reason?: string; resend_email?: string };
  flash?: Flash | undefined;
}): JSX.Element {
  const a = p.application;
  const e = p.errors ?? {};
  return (
    <PortalPage title={`申請 ${a.number} - 新規ユーザ登録申請の確認`} viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href={REVIEW_PATH}>申請の一覧へ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {`申請 ${a.number}`}
      </h1>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      <ErrorSummary errors={e} />
      <p safe>{`受付 ${formatJst(a.submitted_at)}${a.submitted_by ? '（都道府県による代理申請）' : ''}　状態：${STATUS_LABELS[a.status]}`}</p>
      {a.decided_at ? (
        <p class="muted" safe>
          {`${formatJst(a.decided_at)} ${p.decidedBy ?? ''} が${STATUS_LABELS[a.status]}にしました。${a.decision_reason ? `理由：${a.decision_reason}` : ''}`}
        </p>
      ) : (
        ''
      )}
      {a.mail_failed_at ? (
        <>
          <Notice kind="error" title="この申請あてのメールが届きませんでした">
            <p safe>{`${formatJst(a.mail_failed_at)}：${a.mail_failure ?? ''}`}</p>
            <p>
              受け取る側のサーバーがメールを受け付けませんでした。アドレスの誤りが多い原因です。ご担当者に正しいアドレスを確認し、直して送り直してください。
            </p>
          </Notice>
          <form method="post" action={`${REVIEW_PATH}/${a.id}/resend`} class="card form" novalidate>
            <CsrfField token={p.csrf} />
            <TextField
              name="resend_email"
              label="送り直すメールアドレス"
              type="email"
              value={p.values?.resend_email ?? a.email}
              error={e.resend_email}
              hint={
                a.status === 'approved' && a.outcome === 'issued'
                  ? 'アカウント発行通知を新しいリンクで送り直します（前のリンクは使えなくなります）。アカウントのメールアドレスもこのアドレスに変わります。'
                  : 'いまの状態に合ったメールをこのアドレスに送り直します。'
              }
              required
              maxlength={254}
              inputmode="email"
            />
            <button type="submit" class="button button--primary">
              このアドレスに送り直す
            </button>
          </form>
        </>
      ) : (
        ''
      )}
      <h2 class="section-title">医療機関マスタとの照合</h2>
      {p.master ? (
        p.mismatches.length ? (
          <Notice
            kind="warning"
            title={`マスタと異なる項目が${p.mismatches.filter((m) => m !== 'closed').length}件あります${p.mismatches.includes('closed') ? '（マスタでは廃止）' : ''}。`}
          />
        ) : (
          <Notice kind="success" title="申請の内容はマスタと一致しています。" />
        )
      ) : (
        <Notice kind="warning" title="機関コードがマスタに見つかりません。">
          <p>機関コードの誤りがないか確認してください。承認すると、申請の内容で医療機関マスタに登録します。</p>
        </Notice>
      )}
      <div class="sso-table-scroll">
        <table class="sso-table compare-table">
          <caption class="visually-hidden">申請の内容と医療機関マスタ</caption>
          <thead>
            <tr>
              <th scope="col">項目</th>
              <th scope="col">申請の内容</th>
              <th scope="col">医療機関マスタ</th>
            </tr>
          </thead>
          <tbody>
            {LABELS.map(([field, label]) => {
              const differs = field !== 'institution_code' && p.mismatches.includes(field);
              return (
                <tr class={differs ? 'compare-table__diff' : undefined}>
                  <th scope="row">
                    <span safe>{label}</span>
                    {differs ? <span class="diff-mark"> 差異</span> : ''}
                  </th>
                  <td safe>{cell(field, a)}</td>
                  <td>{Html.escapeHtml(p.master ? cell(field, p.master) : '—')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <h2 class="section-title">ご担当者</h2>
      <dl class="confirm-list card">
        <dt>担当部署</dt>
        <dd safe>{`${a.department ?? '（なし）'}${a.department_number ? `（${a.department_number}）` : ''}`}</dd>
        <dt>担当者氏名</dt>
        <dd safe>{a.contact_name}</dd>
        <dt>メールアドレス</dt>
        <dd safe>{a.email}</dd>
        <dt>所在地</dt>
        <dd safe>
          {postalAddress({
            postcode: a.postcode,
            prefectureCode: a.prefecture_code,
            municipalityCode: a.municipality_code,
            address: a.address,
            building: a.building,
          })}
        </dd>
      </dl>
      {a.status === 'submitted' ? (
        <>
          <h2 class="section-title">判断</h2>
          {p.existing ? (
            <Notice kind="info" title={`この機関にはアカウント ${p.existing.username} がすでにあります。`}>
              <p>
                承認しても新しいアカウントは作りません。既存のアカウントに医療機能情報提供制度の権限を追加し、そのユーザ名を既存アカウントのアドレスと申請者の両方にお知らせします。
              </p>
            </Notice>
          ) : (
            ''
          )}
          <form method="post" action={`${REVIEW_PATH}/${a.id}/approve`} class="card form">
            <CsrfField token={p.csrf} />
            <p>{p.existing ? '承認して、既存アカウントをお知らせします。' : '承認すると、アカウントを発行してアカウント発行通知メールを送ります。'}</p>
            <button type="submit" class="button button--primary">
              承認する
            </button>
          </form>
          {REASON_DECISIONS.map((d) => (
            <form method="post" action={`${REVIEW_PATH}/${a.id}/${d.action}`} class="card form" novalidate>
              <CsrfField token={p.csrf} />
              <TextAreaField
                name={d.field}
                label={d.label}
                value={p.values?.[d.field]}
                error={e[d.field]}
                hint={d.hint}
                required
                rows={3}
                maxlength={REASON_MAX * 2}
              />
              <button type="submit" class="button button--secondary">
                {d.button}
              </button>
            </form>
          ))}
        </>
      ) : (
        ''
      )}
    </PortalPage>
  );
}
