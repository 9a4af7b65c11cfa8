// 報告のリマインダー in G-MIS: for a prefecture, the setting (on or off, the days before its window
// closes, its own subject and text with the placeholders), a preview of the mail, the next sends
// with how many institutions would get each if it went today, and the history of sends with how
// their mail went; for the office, every prefecture's setting and sends, read only.
import type { Account } from '../../../db/schema.ts';
import { prefectureName } from '../../../institutions/places.ts';
import { PLACEHOLDERS } from '../../../mail/placeholders.ts';
import { formatJst, formatJstDate } from '../../../platform/japanese/time.ts';
import { reiwaLabel } from '../../../reporting/fiscal-year.ts';
import type { ReminderSettingRow } from '../../../reminders/reminder-repository.ts';
import { BODY_MAX, REMINDER_DAY_CHOICES, SCHEME_LABELS, SUBJECT_MAX, type ReminderHistoryRow, type ScheduledReminder } from '../../../reminders/reminders.ts';
import { CsrfField, ErrorSummary, Notice, TextAreaField, TextField, type FieldErrors } from '../../../web/forms.tsx';
import { PortalPage } from '../portal/layout.tsx';
import { PERIODS_PATH } from '../report-review/pages.tsx';
import type { ReminderFormValues } from './schema.ts';

export const REMINDERS_PATH = '/review/reminders';

const STYLES = ['/static/css/report-review.css'];

const STATE_LABELS: Record<ScheduledReminder['state'], string> = {
  sent: '送信済み',
  due: '次の確認で送信（数分以内）',
  upcoming: '予定',
  passed: '送りません（期間の終了、またはあとの回が先に来たため）',
};

export interface ReminderPreview {
  subject: string;
  text: string;
  to: string;
  sample: boolean;
}

function HistoryTable(p: { rows: ReminderHistoryRow[]; withPrefecture: boolean }): JSX.Element {
  return (
    <div class="sso-table-scroll">
      <table class="sso-table" id="reminder-history">
        <caption>送信の履歴（新しい順）</caption>
        <thead>
          <tr>
            {p.withPrefecture ? <th scope="col">都道府県</th> : ''}
            <th scope="col">送った日時</th>
            <th scope="col">年度・制度</th>
            <th scope="col">受付終了の</th>
            <th scope="col">対象の機関</th>
            <th scope="col">メール</th>
            <th scope="col">届いた</th>
            <th scope="col">失敗</th>
            <th scope="col">送信待ち</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.length === 0 ? (
            <tr>
              <td colspan={p.withPrefecture ? 9 : 8} class="muted">
                まだ送っていません。
              </td>
            </tr>
          ) : (
            p.rows.map((r) => (
              <tr data-send={`${r.scheme}:${r.daysBefore}`}>
                {p.withPrefecture ? <td safe>{prefectureName(r.prefectureCode) ?? r.prefectureCode}</td> : ''}
                <td safe>{formatJst(r.sentAt)}</td>
                <td safe>{`${reiwaLabel(r.fiscalYear)} ${SCHEME_LABELS[r.scheme]}`}</td>
                <td safe>{`${r.daysBefore}日前`}</td>
                <td safe>{`${r.institutions}機関`}</td>
                <td safe>{`${r.mails}通`}</td>
                <td safe>{`${r.delivered}通`}</td>
                <td safe>{`${r.failed}通`}</td>
                <td safe>{`${r.pending}通`}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export function RemindersPage(p: {
  viewer: Account;
  csrf: string;
  /** The prefecture the viewer sets reminders for (none: the office's overview). */
  prefectureCode: string | undefined;
  values: ReminderFormValues;
  errors?: FieldErrors | undefined;
  saved?: boolean;
  preview?: ReminderPreview | undefined;
  schedule: Array<ScheduledReminder & { institutions: number }>;
  hasWindows: boolean;
  history: ReminderHistoryRow[];
  /** The office: every prefecture's setting. */
  settings?: ReminderSettingRow[];
}): JSX.Element {
  const e = p.errors ?? {};
  const v = p.values;
  const name = p.prefectureCode ? (prefectureName(p.prefectureCode) ?? p.prefectureCode) : undefined;
  return (
    <PortalPage title="報告のリマインダー" viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <p>
        <a href="/review/reports">報告確認へ戻る</a>
      </p>
      <h1 class="page-title">報告のリマインダー</h1>
      {p.saved ? <Notice kind="success" title="リマインダーの設定を保存しました。" /> : ''}
      <ErrorSummary errors={e} />
      <p>
        報告期間が終わる前に、今年度の定期報告がまだの医療機関・薬局（未報告、または入力途中で保存しただけの「報告中」）へ、お知らせのメールを自動で送ります。報告済・確認済の機関には送りません。
      </p>
      {p.prefectureCode ? (
        <>
          {p.preview ? (
            <section class="card" aria-labelledby="preview-title" id="preview">
              <h2 class="section-title" id="preview-title">
                メールのプレビュー
              </h2>
              <p class="muted" safe>
                {p.preview.sample
                  ? 'いま送る相手がいないため、例の機関で差し込んでいます。設定はまだ保存していません。'
                  : `${p.preview.to} に届く内容です（次の回の最初の機関）。設定はまだ保存していません。`}
              </p>
              <p class="mail__subject" safe>
                {p.preview.subject}
              </p>
              <pre class="mail__body written-reason" safe>
                {p.preview.text}
              </pre>
            </section>
          ) : (
            ''
          )}
          <form method="post" action={REMINDERS_PATH} class="card form" novalidate>
            <CsrfField token={p.csrf} />
            <h2 class="section-title" safe>
              {`${name ?? ''}のリマインダーの設定`}
            </h2>
            <div class="field">
              <label class="checkbox">
                <input type="checkbox" name="enabled" value="1" checked={v.enabled === '1'} />
                <span>リマインダーのメールを送る</span>
              </label>
            </div>
            <fieldset class={e.days_before ? 'fieldset field field--error' : 'fieldset field'} id="days_before" aria-describedby="days_before-hint">
              <legend class="fieldset__legend field__label">送る日（受付終了日の何日前か）</legend>
              <p class="field__hint" id="days_before-hint">
                その日の0時を過ぎると送ります。受付が始まる前にあたる回は、受付開始日に送ります。
              </p>
              {e.days_before ? (
                <p class="field__error" safe>
                  {e.days_before}
                </p>
              ) : (
                ''
              )}
              {REMINDER_DAY_CHOICES.map((d) => (
                <label class="checkbox">
                  <input type="checkbox" name="days_before" value={String(d)} checked={v.days_before.includes(String(d))} />
                  <span safe>{`${d}日前`}</span>
                </label>
              ))}
            </fieldset>
            <TextField name="subject" label="件名" value={v.subject} error={e.subject} required maxlength={SUBJECT_MAX} />
            <TextAreaField name="body" label="本文" value={v.body} error={e.body} rows={14} required maxlength={BODY_MAX} />
            <details class="card" id="placeholders">
              <summary>件名と本文に使える差し込み項目</summary>
              <p class="muted">{'{ } で囲んだ項目は、送る相手ごとに置き換えて送ります。本文の後ろには、G-MISからの送信である旨の署名が付きます。'}</p>
              <dl>
                {Object.entries(PLACEHOLDERS).map(([k, what]) => (
                  <>
                    <dt safe>{`{${k}}`}</dt>
                    <dd>{what}</dd>
                  </>
                ))}
              </dl>
            </details>
            <div class="button-row">
              <button type="submit" class="button button--primary" name="action" value="save">
                設定を保存する
              </button>
              <button type="submit" class="button button--secondary" name="action" value="preview">
                プレビューする（保存しません）
              </button>
            </div>
          </form>
          <h2 class="section-title">次の送信</h2>
          {p.hasWindows ? (
            ''
          ) : (
            <p>
              今年度の報告期間がまだ設定されていないため、送る日が決まりません。<a href={PERIODS_PATH}>報告期間と公表のしかた</a>
              で設定してください。
            </p>
          )}
          <div class="sso-table-scroll">
            <table class="sso-table" id="reminder-schedule">
              <caption>今年度の送信予定（保存した設定で）</caption>
              <thead>
                <tr>
                  <th scope="col">送る日</th>
                  <th scope="col">制度</th>
                  <th scope="col">受付終了の</th>
                  <th scope="col">状態</th>
                  <th scope="col">今日送るとしたら</th>
                </tr>
              </thead>
              <tbody>
                {p.schedule.length === 0 ? (
                  <tr>
                    <td colspan={5} class="muted">
                      予定はありません。
                    </td>
                  </tr>
                ) : (
                  p.schedule.map((r) => (
                    <tr data-scheduled={`${r.scheme}:${r.daysBefore}`}>
                      <td safe>{formatJstDate(r.dueAt)}</td>
                      <td safe>{SCHEME_LABELS[r.scheme]}</td>
                      <td safe>{`${r.daysBefore}日前（期限 ${formatJstDate(r.closesAt - 1)}）`}</td>
                      <td safe>{STATE_LABELS[r.state]}</td>
                      <td safe>{`${r.institutions}機関`}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          {v.enabled === '1' || p.schedule.length === 0 ? '' : <p class="muted">リマインダーを送る設定になっていないため、この予定では送りません。</p>}
        </>
      ) : (
        <div class="sso-table-scroll">
          <table class="sso-table" id="reminder-settings">
            <caption>都道府県ごとの設定</caption>
            <thead>
              <tr>
                <th scope="col">都道府県</th>
                <th scope="col">リマインダー</th>
                <th scope="col">送る日</th>
                <th scope="col">件名</th>
                <th scope="col">更新日</th>
              </tr>
            </thead>
            <tbody>
              {(p.settings ?? []).length === 0 ? (
                <tr>
                  <td colspan={5} class="muted">
                    設定した都道府県はまだありません。
                  </td>
                </tr>
              ) : (
                (p.settings ?? []).map((s) => (
                  <tr>
                    <td safe>{prefectureName(s.prefectureCode) ?? s.prefectureCode}</td>
                    <td>{s.enabled ? '送る' : '送らない'}</td>
                    <td safe>{s.daysBefore.map((d) => `${d}日前`).join('・')}</td>
                    <td safe>{s.subject}</td>
                    <td safe>{formatJstDate(s.updatedAt)}</td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      <h2 class="section-title">送信の履歴</h2>
      <HistoryTable rows={p.history} withPrefecture={p.prefectureCode === undefined} />
    </PortalPage>
  );
}
