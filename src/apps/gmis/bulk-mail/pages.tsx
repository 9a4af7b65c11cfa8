// 一括メール配信's pages: the sender's campaigns, the compose form (subject, body with placeholders,
// whom to send to), the confirmation with the count and a preview for one recipient, and a
// campaign's progress and result (delivered, failed with the reason, 宛先不明). Without JavaScript the
// progress page is brought up to date by reloading it; with it, a small script reloads it until done.
import type { BulkMailCampaign, MailStatus } from '../../../db/schema.ts';
import { PLACEHOLDERS, PLACEHOLDER_NAMES } from '../../../mail/placeholders.ts';
import { REPORT_KIND_CHOICES, STATUS_CHOICES, SUBJECT_MAX, BODY_MAX, type CampaignProgress } from '../../../bulk-mail/bulk-mail.ts';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import { reiwaLabel } from '../../../reporting/fiscal-year.ts';
import { CsrfField, ErrorSummary, Notice, SelectField, TextAreaField, TextField, type FieldErrors } from '../../../web/forms.tsx';
import { Pager } from '../../../web/pager.tsx';
import { PortalPage } from '../portal/layout.tsx';
import type { ComposeValues } from './schema.ts';
import type { Account } from '../../../db/schema.ts';

export const BULK_MAIL_PATH = '/bulk-mail';
const STYLES = ['/static/css/report-review.css'];

type Viewer = { viewer: Account; csrf: string };

const Hidden = (p: { values: ComposeValues; except?: string[] }) => (
  <>
    {Object.entries(p.values)
      .filter(([k]) => !(p.except ?? []).includes(k))
      .map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
  </>
);

export function CampaignListPage(p: Viewer & { campaigns: BulkMailCampaign[] }): JSX.Element {
  return (
    <PortalPage viewer={p.viewer} csrf={p.csrf} title="一括メール配信" styles={STYLES}>
      <h1 class="page-title">一括メール配信</h1>
      <p>管轄の医療機関・薬局のアカウントに、条件で選んだ相手へまとめてメールを送ります。送信の結果はあとからこの画面で確認できます。</p>
      <p>
        <a class="button button--primary" href={`${BULK_MAIL_PATH}/new`}>
          新しいメールを作成する
        </a>
      </p>
      <h2 class="section-title">これまでに送ったメール</h2>
      {p.campaigns.length === 0 ? (
        <p>まだ送ったメールはありません。</p>
      ) : (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption class="visually-hidden">送ったメールの一覧（新しい順）</caption>
            <thead>
              <tr>
                <th scope="col">送信日時</th>
                <th scope="col">件名（差し込み前）</th>
                <th scope="col">宛先の条件</th>
                <th scope="col">宛先数</th>
              </tr>
            </thead>
            <tbody>
              {p.campaigns.map((c) => (
                <tr>
                  <td safe>{formatJst(c.created_at)}</td>
                  <td>
                    <a href={`${BULK_MAIL_PATH}/${encodeURIComponent(c.id)}`} safe>
                      {c.subject}
                    </a>
                  </td>
                  <td safe>{c.filter_label}</td>
                  <td>{c.recipient_count}件</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </PortalPage>
  );
}

export interface FilterChoices {
  years: number[];
  /** The office chooses a prefecture (empty: the staff's own reach). */
  prefectures: Array<{ code: string; name: string }>;
  municipalities: Array<{ code: string; name: string }>;
}

export function ComposePage(p: Viewer & { values: ComposeValues; errors?: FieldErrors; choices: FilterChoices }): JSX.Element {
  const v = p.values;
  const e = p.errors ?? {};
  return (
    <PortalPage viewer={p.viewer} csrf={p.csrf} title="一括メール配信：メールの作成" styles={STYLES}>
      <p>
        <a href={BULK_MAIL_PATH}>一括メール配信に戻る</a>
      </p>
      <h1 class="page-title">メールの作成</h1>
      <ErrorSummary errors={e} />
      <form method="post" action={`${BULK_MAIL_PATH}/confirm`} novalidate>
        <CsrfField token={p.csrf} />
        <input type="hidden" name="key" value={v.key} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">送る相手</legend>
          <SelectField
            name="fiscal_year"
            label="年度"
            required
            value={v.fiscal_year}
            error={e.fiscal_year}
            options={p.choices.years.map((y) => ({ value: String(y), label: reiwaLabel(y) }))}
          />
          <SelectField
            name="report_kind"
            label="報告の種類"
            required
            value={v.report_kind}
            error={e.report_kind}
            options={Object.entries(REPORT_KIND_CHOICES).map(([value, c]) => ({ value, label: c.label }))}
          />
          <SelectField
            name="status"
            label="報告の状況"
            required
            value={v.status}
            error={e.status}
            options={Object.entries(STATUS_CHOICES).map(([value, c]) => ({ value, label: c.label }))}
          />
          {p.choices.prefectures.length ? (
            <SelectField
              name="prefecture"
              label="都道府県"
              placeholder="すべての都道府県"
              value={v.prefecture}
              error={e.prefecture}
              options={p.choices.prefectures.map((x) => ({ value: x.code, label: x.name }))}
            />
          ) : (
            ''
          )}
          {p.choices.municipalities.length ? (
            <SelectField
              name="municipality"
              label="市区町村"
              placeholder="すべての市区町村"
              value={v.municipality}
              error={e.municipality}
              options={p.choices.municipalities.map((x) => ({ value: x.code, label: x.name }))}
            />
          ) : (
            ''
          )}
          <SelectField
            name="institution_kind"
            label="施設の種類"
            placeholder="すべての種類"
            value={v.institution_kind}
            error={e.institution_kind}
            options={INSTITUTION_KINDS}
          />
        </fieldset>
        <TextField name="subject" label="件名" required value={v.subject} error={e.subject} maxlength={SUBJECT_MAX} />
        <TextAreaField
          name="body"
          label="本文"
          required
          rows={12}
          value={v.body}
          error={e.body}
          maxlength={BODY_MAX}
          hint="差し込み項目は相手ごとの内容に置き換えて送ります。"
        />
        <section class="card" aria-labelledby="placeholders-title">
          <h2 class="section-title" id="placeholders-title">
            使える差し込み項目
          </h2>
          <dl>
            {PLACEHOLDER_NAMES.map((n) => (
              <>
                <dt safe>{`{${n}}`}</dt>
                <dd>{PLACEHOLDERS[n]}</dd>
              </>
            ))}
          </dl>
        </section>
        <p>
          <button type="submit" class="button button--primary">
            宛先の数とプレビューを確認する
          </button>
        </p>
      </form>
    </PortalPage>
  );
}

export interface Preview {
  accountId: string;
  to: string;
  institution: string;
  subject: string;
  body: string;
}

export function ConfirmPage(
  p: Viewer & {
    values: ComposeValues;
    count: number;
    bounced: number;
    filterLabel: string;
    preview: Preview;
    /** Recipients whose mail may be previewed instead (the first of the list). */
    previewChoices: Array<{ accountId: string; label: string }>;
  },
): JSX.Element {
  return (
    <PortalPage viewer={p.viewer} csrf={p.csrf} title="一括メール配信：送信の確認" styles={STYLES}>
      <h1 class="page-title">送信の確認</h1>
      <section class="card" aria-labelledby="count-title">
        <h2 class="section-title" id="count-title">
          宛先
        </h2>
        <p data-count="recipients">
          <strong>{p.count}件</strong>
          <span safe>{`のアカウントに送ります（${p.filterLabel}）。`}</span>
        </p>
        {p.bounced ? <p safe>{`以前に「宛先不明」で届かなかったアドレスの${p.bounced}件は、アドレスが直されるまで宛先から除いています。`}</p> : ''}
      </section>
      <section class="card" aria-labelledby="preview-title">
        <h2 class="section-title" id="preview-title">
          プレビュー
        </h2>
        <p safe>{`${p.preview.institution}（${p.preview.to}）に届く内容です。`}</p>
        <dl>
          <dt>件名</dt>
          <dd data-preview="subject" safe>
            {p.preview.subject}
          </dd>
          <dt>本文</dt>
          <dd>
            <pre class="mail__body" data-preview="body" safe>
              {p.preview.body}
            </pre>
          </dd>
        </dl>
        {p.previewChoices.length > 1 ? (
          <form method="post" action={`${BULK_MAIL_PATH}/confirm`}>
            <CsrfField token={p.csrf} />
            <Hidden values={p.values} except={['preview']} />
            <SelectField
              name="preview"
              label="ほかの宛先で確かめる"
              value={p.preview.accountId}
              options={p.previewChoices.map((c) => ({ value: c.accountId, label: c.label }))}
            />
            <button type="submit" class="button button--secondary">
              この宛先でプレビューする
            </button>
          </form>
        ) : (
          ''
        )}
      </section>
      <form method="post" action={`${BULK_MAIL_PATH}/send`}>
        <CsrfField token={p.csrf} />
        <Hidden values={p.values} />
        <p>
          <button type="submit" class="button button--primary">
            {p.count}件に送信する
          </button>
        </p>
      </form>
      <form method="post" action={`${BULK_MAIL_PATH}/edit`}>
        <CsrfField token={p.csrf} />
        <Hidden values={p.values} />
        <p>
          <button type="submit" class="button button--secondary">
            内容を直す
          </button>
        </p>
      </form>
    </PortalPage>
  );
}

const STATUS_WORDS: Record<MailStatus, string> = { pending: '送信待ち', sent: '送信済み', failed: '届かなかった' };

export interface ResultRowView {
  to_address: string;
  institution_name: string;
  institution_code: string;
  username: string;
  status: MailStatus | null;
  last_error: string | null;
  sent_at: number | null;
  bounced: boolean;
}

export function CampaignPage(
  p: Viewer & {
    progress: CampaignProgress;
    rows: ResultRowView[];
    total: number;
    page: number;
    pageSize: number;
    status: MailStatus | undefined;
    flash?: string | undefined;
  },
): JSX.Element {
  const { campaign: c } = p.progress;
  const base = `${BULK_MAIL_PATH}/${encodeURIComponent(c.id)}`;
  const href = (o: { status?: MailStatus | undefined; page?: number }) => {
    const q = new URLSearchParams();
    if (o.status) q.set('status', o.status);
    if (o.page && o.page > 1) q.set('page', String(o.page));
    const s = q.toString();
    return s ? `${base}?${s}` : base;
  };
  return (
    <PortalPage
      viewer={p.viewer}
      csrf={p.csrf}
      title={`一括メール配信：送信の結果（${formatJst(c.created_at)}）`}
      styles={STYLES}
      scripts={p.progress.done ? [] : ['/static/js/bulk-mail-progress.js']}
    >
      <p>
        <a href={BULK_MAIL_PATH}>一括メール配信に戻る</a>
      </p>
      <h1 class="page-title">送信の結果</h1>
      {p.flash ? (
        <Notice kind="success">
          <span safe>{p.flash}</span>
        </Notice>
      ) : (
        ''
      )}
      <dl class="summary-list">
        <dt>件名（差し込み前）</dt>
        <dd data-campaign="subject" safe>
          {c.subject}
        </dd>
        <dt>送信日時</dt>
        <dd safe>{formatJst(c.created_at)}</dd>
        <dt>宛先の条件</dt>
        <dd safe>{c.filter_label}</dd>
      </dl>
      <section class="card review-progress" aria-labelledby="progress-title" data-progress={p.progress.done ? 'done' : 'running'}>
        <h2 class="section-title" id="progress-title">
          {p.progress.done ? '送信が終わりました' : '送信しています'}
        </h2>
        <dl class="review-progress__counts">
          <div>
            <dt>宛先</dt>
            <dd data-count="total">{c.recipient_count}件</dd>
          </div>
          <div>
            <dt>送信待ち</dt>
            <dd data-count="queued">{p.progress.queued + p.progress.preparing}件</dd>
          </div>
          <div>
            <dt>送信済み</dt>
            <dd data-count="sent">{p.progress.sent}件</dd>
          </div>
          <div>
            <dt>届かなかった</dt>
            <dd data-count="failed">{p.progress.failed}件</dd>
          </div>
        </dl>
        {p.progress.done ? (
          ''
        ) : (
          <p>
            送信は順に進みます（パスワードの再設定などのメールを先に送るため、時間がかかることがあります）。
            <a href={href({ status: p.status })}>最新の状況に更新</a>
          </p>
        )}
      </section>
      <h2 class="section-title">宛先ごとの結果</h2>
      <p>
        絞り込み：
        <a href={href({})} aria-current={p.status === undefined ? 'page' : undefined}>
          すべて
        </a>
        {(['sent', 'failed', 'pending'] as const).map((s) => (
          <>
            {'　'}
            <a href={href({ status: s })} aria-current={p.status === s ? 'page' : undefined} safe>
              {STATUS_WORDS[s]}
            </a>
          </>
        ))}
      </p>
      {p.rows.length === 0 ? (
        <p>該当する宛先はありません。</p>
      ) : (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption class="visually-hidden">宛先ごとの送信結果</caption>
            <thead>
              <tr>
                <th scope="col">医療機関・薬局</th>
                <th scope="col">ユーザ名・メールアドレス</th>
                <th scope="col">結果</th>
                <th scope="col">理由</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr data-result={r.status ?? 'preparing'}>
                  <td safe>{`${r.institution_name}（${r.institution_code}）`}</td>
                  <td>
                    <span safe>{r.username}</span>
                    <br />
                    <span safe>{r.to_address}</span>
                    {r.bounced ? (
                      <>
                        <br />
                        <strong class="status-label status-label--error">宛先不明</strong>
                      </>
                    ) : (
                      ''
                    )}
                  </td>
                  <td class="sso-table__nowrap">{r.status ? STATUS_WORDS[r.status] : '準備中'}</td>
                  <td>
                    {r.status === 'failed' ? (
                      <>
                        <span safe>{r.last_error ?? ''}</span>
                        {r.bounced ? (
                          <p>アドレスが受け付けられませんでした。アカウントのメールアドレスを確かめて直してください。直すと「宛先不明」は消えます。</p>
                        ) : (
                          ''
                        )}
                      </>
                    ) : r.status === 'sent' && r.sent_at !== null ? (
                      <span safe>{`${formatJst(r.sent_at)} 送信`}</span>
                    ) : (
                      ''
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={p.page} pages={Math.ceil(p.total / p.pageSize)} href={(n) => href({ status: p.status, page: n })} label="宛先ごとの結果のページ" />
    </PortalPage>
  );
}
