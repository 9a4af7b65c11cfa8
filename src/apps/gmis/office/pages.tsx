// The office console (事務局): when the 新規ユーザ登録申請 form takes applications, accounts (search,
// disable / enable, a reset mail, unlock) and the audit log.
import type { Children } from '@kitajs/html';
import { auditDetailLines, auditTypeLabel } from '../../../audit/audit-labels.ts';
import type { Account, AuditEvent } from '../../../db/schema.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import type { AccountRow } from '../../../office/accounts.ts';
import type { WindowState } from '../../../registration/window.ts';
import { CsrfField, ErrorSummary, Notice, TextField, type FieldErrors } from '../../../web/forms.tsx';
import type { Flash } from '../flash.ts';
import { PortalPage } from '../portal/layout.tsx';
import { DelegationsPanel, MunicipalitiesForm } from '../jurisdiction/pages.tsx';
import { PREFECTURE_CODES } from '../../../institutions/places.ts';
import type { Abilities } from '../../../policies.ts';

/** The office's actions on one account, each asked of the policies for the account page. */
export type AccountActions = { [A in 'account.disable' | 'account.enable' | 'account.reset_password' | 'account.unlock']: { accountId: string } };

export const OFFICE_PATH = '/office';

/** A page of the console's sections (accounts, お知らせ, お問合せ, the audit log): its heading, titled under the console, with the way back to it. */
export function OfficeSectionPage(p: { heading: string; viewer: Account; csrf: string; children: Children }): JSX.Element {
  return (
    <PortalPage title={`${p.heading} - 事務局コンソール`} viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href={OFFICE_PATH}>事務局コンソールへ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {p.heading}
      </h1>
      {p.children}
    </PortalPage>
  );
}

const STATE_LABELS: Record<Account['state'], string> = { pending_password: 'パスワード未設定', active: '利用中', disabled: '無効' };

export function ConsolePage(p: {
  viewer: Account;
  csrf: string;
  window: WindowState;
  errors?: FieldErrors;
  values?: Record<string, string>;
  flash?: Flash | undefined;
}): JSX.Element {
  const e = p.errors ?? {};
  const v = p.values ?? {};
  return (
    <PortalPage title="事務局コンソール" viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title">事務局コンソール</h1>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      <ErrorSummary errors={e} />
      <ul class="link-list">
        <li>
          <a href={`${OFFICE_PATH}/accounts`}>アカウントの検索・無効化・パスワードの再設定・ロック解除</a>
        </li>
        <li>
          <a href={`${OFFICE_PATH}/notices`}>お知らせの管理（下書き・公開の予約・取り下げ）</a>
        </li>
        <li>
          <a href={`${OFFICE_PATH}/inquiries`}>お問合せの受付箱（回答・完了）</a>
        </li>
        <li>
          <a href={`${OFFICE_PATH}/audit`}>監査ログ</a>
        </li>
        <li>
          <a href="/review/registrations">新規ユーザ登録申請の確認</a>
        </li>
        <li>
          <a href="/office/sso">シングルサインオン利用申請の審査・却下ブロックの解除</a>
        </li>
      </ul>
      <h2 class="section-title">新規ユーザ登録申請の受付</h2>
      <p safe>
        {p.window.open
          ? `いまは受け付けています${p.window.closesAt ? `（${formatJst(p.window.closesAt)} まで）` : '（終了日時の指定なし）'}。`
          : `いまは受け付けていません${p.window.opensAt ? `（${formatJst(p.window.opensAt)} から受付）` : '（再開日時の指定なし）'}。`}
      </p>
      <div class="field-row">
        <form method="post" action={`${OFFICE_PATH}/registration-window`} class="card form" novalidate>
          <CsrfField token={p.csrf} />
          <input type="hidden" name="action" value="open" />
          <h3 class="side-card__title">受け付ける</h3>
          <TextField
            name="from"
            label="開始日時"
            value={v.from ?? ''}
            error={e.from}
            hint="空欄ならいますぐ。例：2026-11-13 09:00（日本時間）"
            maxlength={40}
          />
          <TextField name="until" label="終了日時" value={v.until ?? ''} error={e.until} hint="空欄なら終了日時なし" maxlength={40} />
          <button type="submit" class="button button--primary">
            受付期間を設定する
          </button>
        </form>
        <form method="post" action={`${OFFICE_PATH}/registration-window`} class="card form" novalidate>
          <CsrfField token={p.csrf} />
          <input type="hidden" name="action" value="close" />
          <h3 class="side-card__title">いま締め切る</h3>
          <TextField
            name="reopen"
            label="再開日時"
            value={v.reopen ?? ''}
            error={e.reopen}
            hint="申請ページに表示します。空欄なら「決まりしだいお知らせ」"
            maxlength={40}
          />
          <button type="submit" class="button button--secondary">
            締め切る
          </button>
        </form>
      </div>
    </PortalPage>
  );
}

export function AccountSearchPage(p: { viewer: Account; csrf: string; q: string; rows: AccountRow[] }): JSX.Element {
  return (
    <OfficeSectionPage heading="アカウントの検索" viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a class="button button--secondary" href={`${OFFICE_PATH}/accounts/new`}>
          都道府県・保健所・関係団体・事務局のアカウントを発行する
        </a>
      </p>
      <form method="get" action={`${OFFICE_PATH}/accounts`} class="card form" role="search">
        <div class="field">
          <label class="field__label" for="q">
            ユーザ名・表示名・メールアドレス・機関名
          </label>
          <input class="field__input" id="q" name="q" value={p.q} maxlength={100} />
        </div>
        <button type="submit" class="button button--secondary">
          検索
        </button>
      </form>
      <p safe>
        {p.q
          ? `「${p.q}」に当てはまるアカウント：${p.rows.length}件${p.rows.length >= 50 ? '（先頭の50件）' : ''}`
          : `最近作られたアカウント：${p.rows.length}件`}
      </p>
      <div class="sso-table-scroll">
        <table class="sso-table">
          <thead>
            <tr>
              <th scope="col">ユーザ名</th>
              <th scope="col">区分</th>
              <th scope="col">表示名</th>
              <th scope="col">機関</th>
              <th scope="col">メールアドレス</th>
              <th scope="col">状態</th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((a) => (
              <tr>
                <td>
                  <a class="mono" href={`${OFFICE_PATH}/accounts/${a.id}`} safe>
                    {a.username}
                  </a>
                </td>
                <td>{a.category}</td>
                <td safe>{a.display_name}</td>
                <td safe>{a.institution_name ?? ''}</td>
                <td safe>{a.email}</td>
                <td safe>{`${STATE_LABELS[a.state]}${a.untrusted_locked_at ? '・ロック中' : ''}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </OfficeSectionPage>
  );
}

export function AccountPage(p: {
  viewer: Account;
  csrf: string;
  account: AccountRow;
  events: AuditEvent[];
  /** What the viewer may do to this account (policies.ts abilities); nothing, on their own. */
  may: Abilities<AccountActions>;
  /** A health centre's municipalities, or the prefectures that delegated to an association. */
  reach?: { municipalities: string[] } | { delegations: string[] };
  flash?: Flash | undefined;
}): JSX.Element {
  const a = p.account;
  const action = (path: string, label: string, primary = false) => (
    <form method="post" action={`${OFFICE_PATH}/accounts/${a.id}/${path}`}>
      <CsrfField token={p.csrf} />
      <button type="submit" class={primary ? 'button button--primary' : 'button button--secondary'} safe>
        {label}
      </button>
    </form>
  );
  return (
    <PortalPage title={`${a.username} - 事務局コンソール`} viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href={`${OFFICE_PATH}/accounts`}>アカウントの検索へ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {`${a.username}（${a.display_name}）`}
      </h1>
      {p.flash ? <Notice kind={p.flash.kind} title={p.flash.text} /> : ''}
      <dl class="confirm-list card">
        <dt>区分</dt>
        <dd>{a.category}</dd>
        <dt>機関</dt>
        <dd safe>{a.institution_name ?? '（なし）'}</dd>
        <dt>都道府県コード</dt>
        <dd safe>{a.prefecture_code ?? '（なし）'}</dd>
        <dt>メールアドレス</dt>
        <dd safe>{a.email}</dd>
        <dt>状態</dt>
        <dd
          safe
        >{`${STATE_LABELS[a.state]}${a.untrusted_locked_at ? `・${formatJst(a.untrusted_locked_at)} から未確認のブラウザからのログインをロック中` : ''}`}</dd>
        <dt>作成</dt>
        <dd safe>{formatJst(a.created_at)}</dd>
      </dl>
      {!Object.values(p.may).some(Boolean) ? (
        <p class="muted">ご自分のアカウントは、ここでは変更できません（ほかの事務局の担当者に依頼してください）。</p>
      ) : (
        <div class="form-actions">
          {a.state === 'disabled' ? (
            p.may['account.enable'] ? (
              action('enable', 'アカウントを有効にする', true)
            ) : (
              ''
            )
          ) : p.may['account.disable'] ? (
            // Asked first on a page of its own (DisableConfirmPage): one click signed someone out everywhere.
            <a class="button button--secondary" href={`${OFFICE_PATH}/accounts/${a.id}/disable`}>
              アカウントを無効にする
            </a>
          ) : (
            ''
          )}
          {a.state !== 'disabled' && p.may['account.reset_password'] ? action('reset', 'パスワードの再設定メールを送る') : ''}
          {a.untrusted_locked_at && p.may['account.unlock'] ? action('unlock', 'ロックを解除する') : ''}
        </div>
      )}
      <p class="muted">事務局はパスワードを設定することも見ることもできません。再設定メールのリンクから、ご本人が設定します。</p>
      {p.reach && 'municipalities' in p.reach ? (
        <>
          <h2 class="section-title">担当する市区町村</h2>
          <MunicipalitiesForm action={`${OFFICE_PATH}/accounts/${a.id}/municipalities`} csrf={p.csrf} account={a} selected={p.reach.municipalities} />
        </>
      ) : (
        ''
      )}
      {p.reach && 'delegations' in p.reach ? (
        <>
          <h2 class="section-title">都道府県から任されていること</h2>
          <DelegationsPanel
            action={`${OFFICE_PATH}/accounts/${a.id}/delegations`}
            csrf={p.csrf}
            delegations={p.reach.delegations}
            grantable={PREFECTURE_CODES}
          />
        </>
      ) : (
        ''
      )}
      <h2 class="section-title">このアカウントの記録（新しい順）</h2>
      <AuditTable events={p.events} />
    </PortalPage>
  );
}

/** 無効にする asks first; works without JavaScript (a page of its own, its form posts the change). */
export function DisableConfirmPage(p: { viewer: Account; csrf: string; account: AccountRow }): JSX.Element {
  const a = p.account;
  return (
    <PortalPage title={`${a.username}を無効にする - 事務局コンソール`} viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title" safe>
        {`${a.username}（${a.display_name}）を無効にしますか？`}
      </h1>
      <Notice kind="warning" title="無効にすると、次のようになります">
        <ul class="bullets">
          <li>このアカウントでは、Med-Login・G-MIS・医療情報ネットのどれにもログインできなくなります。</li>
          <li>いまログインしている端末も、すべてログアウトします。</li>
          <li>あとから「アカウントを有効にする」で元に戻せます。</li>
        </ul>
      </Notice>
      <form method="post" action={`${OFFICE_PATH}/accounts/${a.id}/disable`} class="button-row">
        <CsrfField token={p.csrf} />
        <button type="submit" class="button button--primary">
          はい、無効にする
        </button>
        <a class="button button--secondary" href={`${OFFICE_PATH}/accounts/${a.id}`}>
          戻る
        </a>
      </form>
    </PortalPage>
  );
}

function AuditTable(p: { events: AuditEvent[] }): JSX.Element {
  return p.events.length === 0 ? (
    <p class="muted">記録はありません。</p>
  ) : (
    <div class="sso-table-scroll">
      <table class="sso-table">
        <thead>
          <tr>
            <th scope="col">日時</th>
            <th scope="col">種類</th>
            <th scope="col">ユーザ名</th>
            <th scope="col">IPアドレス</th>
            <th scope="col">詳細</th>
          </tr>
        </thead>
        <tbody>
          {p.events.map((ev) => (
            <tr>
              <td safe>{formatJst(ev.occurred_at)}</td>
              <td safe>{auditTypeLabel(ev.type)}</td>
              <td safe>{ev.username ?? ''}</td>
              <td safe>{ev.ip ?? ''}</td>
              <td>
                {auditDetailLines(ev.details).map((line) => (
                  <span class="audit-detail" safe>
                    {`${line.label}：${line.value}`}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AuditPage(p: {
  viewer: Account;
  csrf: string;
  filter: { type: string; username: string };
  types: string[];
  events: AuditEvent[];
  before: number | undefined;
}): JSX.Element {
  return (
    <OfficeSectionPage heading="監査ログ" viewer={p.viewer} csrf={p.csrf}>
      <form method="get" action={`${OFFICE_PATH}/audit`} class="card form filter-form" role="search">
        <div class="field-row">
          <div class="field">
            <label class="field__label" for="type">
              種類
            </label>
            <select class="field__input field__select" id="type" name="type">
              <option value="">すべて</option>
              {p.types.map((t) => (
                <option value={t} selected={p.filter.type === t} safe>
                  {auditTypeLabel(t)}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label class="field__label" for="username">
              ユーザ名
            </label>
            <input class="field__input" id="username" name="username" value={p.filter.username} maxlength={64} />
          </div>
        </div>
        <button type="submit" class="button button--secondary">
          絞り込む
        </button>
      </form>
      <AuditTable events={p.events} />
      {p.before ? (
        <p>
          <a href={`${OFFICE_PATH}/audit?${new URLSearchParams({ type: p.filter.type, username: p.filter.username, before: String(p.before) })}`}>
            さらに古い記録
          </a>
        </p>
      ) : (
        ''
      )}
    </OfficeSectionPage>
  );
}
