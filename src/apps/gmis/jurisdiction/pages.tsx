// Where health centres' and associations' authority reaches, for the office (on an account's page)
// and for a prefecture (its own health centres and delegations): the municipalities a 保健所
// covers, and the prefectures that let a 関係団体 review 新規ユーザ登録申請 for them.
import type { Account } from '../../../db/schema.ts';
import { municipalitiesOf, prefectureName, PREFECTURE_CODES } from '../../../institutions/places.ts';
import { CsrfField, ErrorSummary, Notice, SelectField, TextField, type FieldErrors } from '../../../web/forms.tsx';
import { OFFICIAL_CATEGORIES } from '../../../policies.ts';
import { PortalPage } from '../portal/layout.tsx';

export const PREFECTURE_STAFF_PATH = '/prefecture/staff';

/** The municipalities form: every municipality of the health centre's prefecture, its own ticked. */
export function MunicipalitiesForm(p: { action: string; csrf: string; account: Account; selected: readonly string[] }): JSX.Element {
  const all = municipalitiesOf(p.account.prefecture_code ?? '');
  return (
    <form method="post" action={p.action} class="card form">
      <CsrfField token={p.csrf} />
      <fieldset class="checkbox-grid">
        <legend class="field__label" safe>{`${prefectureName(p.account.prefecture_code ?? '') ?? ''}の市区町村（この保健所が担当するもの）`}</legend>
        {all.map((m) => (
          <label class="checkbox">
            <input type="checkbox" name="municipalities" value={m.code} checked={p.selected.includes(m.code)} />
            <span safe>{m.name}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" class="button button--primary">
        担当の市区町村を保存する
      </button>
    </form>
  );
}

/** An association's delegations: each granting prefecture with 取り消す, and (where allowed) a grant form. */
export function DelegationsPanel(p: { action: string; csrf: string; delegations: readonly string[]; grantable: readonly string[] }): JSX.Element {
  return (
    <div class="card">
      {p.delegations.length === 0 ? (
        <p>どの都道府県からも、新規ユーザ登録申請の確認を任されていません。</p>
      ) : (
        <ul class="link-list">
          {p.delegations.map((code) => (
            <li>
              <form method="post" action={p.action} class="inline-form">
                <CsrfField token={p.csrf} />
                <input type="hidden" name="prefecture" value={code} />
                <input type="hidden" name="grant" value="0" />
                <span safe>{`${prefectureName(code) ?? code}：新規ユーザ登録申請の確認`}</span>{' '}
                <button type="submit" class="button button--secondary button--small">
                  取り消す
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      {p.grantable.filter((c) => !p.delegations.includes(c)).length ? (
        <form method="post" action={p.action} class="form">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="grant" value="1" />
          <SelectField
            name="prefecture"
            label="新規ユーザ登録申請の確認を任せる都道府県"
            options={p.grantable.filter((c) => !p.delegations.includes(c)).map((c) => ({ value: c, label: prefectureName(c) ?? c }))}
            required
          />
          <button type="submit" class="button button--primary">
            任せる
          </button>
        </form>
      ) : (
        ''
      )}
    </div>
  );
}

export function IssueOfficialAccountPage(p: { viewer: Account; csrf: string; values: Record<string, string>; errors?: FieldErrors }): JSX.Element {
  const e = p.errors ?? {};
  return (
    <PortalPage title="アカウントの発行 - 事務局コンソール" viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href="/office/accounts">アカウントの検索へ戻る</a>
      </p>
      <h1 class="page-title">都道府県・保健所・関係団体・事務局のアカウントの発行</h1>
      <p>
        発行すると、アカウント発行通知メール（パスワード設定のリンクとユーザ名）を送ります。保健所の担当市区町村と、関係団体に任せることは、発行後のアカウントの画面で設定します。
      </p>
      <ErrorSummary errors={e} />
      <form method="post" action="/office/accounts/new" class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <SelectField name="category" label="区分" options={OFFICIAL_CATEGORIES} value={p.values.category} error={e.category} required />
        <TextField
          name="display_name"
          label="表示名"
          value={p.values.display_name}
          error={e.display_name}
          hint="例：大阪府 健康医療部 医療対策課"
          required
          maxlength={200}
        />
        <TextField name="email" label="メールアドレス" type="email" value={p.values.email} error={e.email} required maxlength={254} inputmode="email" />
        <SelectField
          name="prefecture"
          label="都道府県"
          options={PREFECTURE_CODES.map((c) => ({ value: c, label: prefectureName(c)! }))}
          value={p.values.prefecture}
          error={e.prefecture}
          hint="都道府県と保健所では必須です"
        />
        <button type="submit" class="button button--primary">
          発行する
        </button>
      </form>
    </PortalPage>
  );
}

/** A prefecture's page: its health centres (with their municipalities) and the associations it may delegate to. */
export function PrefectureStaffPage(p: {
  viewer: Account;
  csrf: string;
  centres: Array<{ account: Account; municipalities: string[] }>;
  associations: Array<{ account: Account; delegated: boolean }>;
  flash?: string | undefined;
}): JSX.Element {
  const names = (codes: string[]) => {
    const all = new Map(municipalitiesOf(p.viewer.prefecture_code ?? '').map((m) => [m.code, m.name]));
    return codes.map((c) => all.get(c) ?? c).join('、') || '（未設定：申請は確認できません）';
  };
  return (
    <PortalPage title="保健所と関係団体" viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title" safe>{`${prefectureName(p.viewer.prefecture_code ?? '') ?? ''}の保健所と関係団体`}</h1>
      {p.flash ? <Notice kind="success" title={p.flash} /> : ''}
      <h2 class="section-title">保健所（担当する市区町村の申請を確認します）</h2>
      {p.centres.length === 0 ? (
        <p class="muted">保健所のアカウントはまだありません。発行は事務局に依頼してください。</p>
      ) : (
        <ul class="link-list">
          {p.centres.map((c) => (
            <li>
              <a href={`${PREFECTURE_STAFF_PATH}/${c.account.id}`} safe>
                {c.account.display_name}
              </a>
              <span class="muted" safe>{`　${names(c.municipalities)}`}</span>
            </li>
          ))}
        </ul>
      )}
      <h2 class="section-title">関係団体（任せると、この都道府県の新規ユーザ登録申請を確認できます）</h2>
      {p.associations.length === 0 ? (
        <p class="muted">関係団体のアカウントはありません。</p>
      ) : (
        <ul class="link-list">
          {p.associations.map((a) => (
            <li>
              <form method="post" action={`${PREFECTURE_STAFF_PATH}/${a.account.id}/delegation`} class="inline-form">
                <CsrfField token={p.csrf} />
                <input type="hidden" name="grant" value={a.delegated ? '0' : '1'} />
                <span safe>{`${a.account.display_name}：${a.delegated ? '任せています' : '任せていません'}`}</span>{' '}
                <button type="submit" class="button button--secondary button--small">
                  {a.delegated ? '取り消す' : '任せる'}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </PortalPage>
  );
}

export function HealthCentrePage(p: {
  viewer: Account;
  csrf: string;
  account: Account;
  selected: string[];
  flash?: string | undefined;
  problem?: string | undefined;
}): JSX.Element {
  return (
    <PortalPage title={`${p.account.display_name} - 保健所の担当`} viewer={p.viewer} csrf={p.csrf}>
      <p>
        <a href={PREFECTURE_STAFF_PATH}>保健所と関係団体へ戻る</a>
      </p>
      <h1 class="page-title" safe>
        {p.account.display_name}
      </h1>
      {p.flash ? <Notice kind="success" title={p.flash} /> : ''}
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}
      <MunicipalitiesForm action={`${PREFECTURE_STAFF_PATH}/${p.account.id}/municipalities`} csrf={p.csrf} account={p.account} selected={p.selected} />
    </PortalPage>
  );
}
