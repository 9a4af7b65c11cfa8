// 新規ユーザ登録申請 (public, no sign-in, made for phones as much as desks): the form with a (?) help
// for every field and a 「住所検索」 that works without script, the confirmation page, the page
// with the 申請番号, and the page shown while the office has the form closed.
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { municipalitiesOf, municipality, prefectureName } from '../../../institutions/places.ts';
import { formatJst } from '../../../platform/japanese/time.ts';
import type { Account } from '../../../db/schema.ts';
import {
  CONTACT_NAME_MAX,
  DEPARTMENT_MAX,
  type ApplicationErrors,
  type ApplicationField,
  type ApplicationInput,
  type ApplicationValues,
} from '../../../registration/application.ts';
import type { DraftData, DraftNotice } from '../../../registration/draft.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import { postalAddress } from '../../../registration/mails.ts';
import { CsrfField, ErrorSummary, Notice, SelectField, TextField } from '../../../web/forms.tsx';
import { PortalPage } from '../portal/layout.tsx';

/** The (?) texts, in our own words. */
export const FIELD_HELP: Record<Exclude<keyof ApplicationValues, 'email_confirm'>, string> = {
  kind: '貴機関の種類を選んでください。一般診療所（医科）は「診療所」、歯科のみの診療所は「歯科診療所」です。',
  name: '開設許可・届出に記載された正式な名称を入力してください（例：医療法人○○会 ○○病院）。英数字や記号は全角に揃えて保存します。',
  name_kana: '機関名の読み方をカタカナで入力してください。ひらがなで入力しても自動でカタカナにします。「医療法人」などの法人格の読みは省略して構いません。',
  institution_code:
    '都道府県が医療機能情報提供制度のために付けている機関コードです。都道府県からの通知文書やこれまでの報告書に記載されています。分からない場合は管轄の都道府県にお問い合わせください。',
  insurance_code:
    '保険医療機関・保険薬局の指定を受けたときに通知された10桁の番号です。診療報酬の請求にも使っている番号です。保険指定を受けていない場合は空欄にしてください。',
  postcode:
    '7桁の郵便番号を入力して「住所検索」を押すと、都道府県・市区町村・町名を入力します。事業所の個別郵便番号など、見つからない番号の場合は住所を手で入力してください。',
  prefecture_code: '貴機関の所在地の都道府県です。申請はこの都道府県が確認します。',
  municipality_code: '所在地の市区町村です。一覧にない場合は、先に都道府県を選んで「市区町村を表示」を押してください。',
  address: '市区町村より後の町名・番地を入力してください（例：梅田１－１－１）。半角で入力しても全角に揃えて保存します。',
  building: 'ビル・建物の名前と階数です。ない場合は空欄で構いません。',
  phone: '貴機関の代表電話番号を、市外局番から半角数字とハイフンで入力してください（例：06-1234-5678）。',
  department: 'G-MISを担当する部署の名前です（例：医事課）。個人で開設している薬局や診療所など、部署がない場合は空欄で構いません。',
  department_number: '担当部署に直接つながる電話番号や内線番号があれば入力してください。代表電話と同じ場合や、ない場合は空欄で構いません。',
  contact_name: 'G-MISを使うご担当者の氏名です。アカウント発行のメールはこの方宛てにお送りします。',
  email:
    'アカウント発行通知などのメールを受け取るアドレスです。ご担当者が確実に受け取れるアドレスを入力してください。迷惑メール対策をしている場合は、G-MISからのメールを受け取れるように設定してください。',
};

/**
 * Who fills the form: the public (no sign-in, at /register), or a prefecture applying on an
 * institution's behalf (代理申請, signed in, at /review/registrations/new).
 */
export type FormMode = { kind: 'public' } | { kind: 'proxy'; viewer: Account; csrf: string };

export const formBase = (mode: FormMode) => (mode.kind === 'public' ? '/register' : '/review/registrations/new');

/** The portal frame for the mode: public pages have no viewer; the 代理申請 ones show who is signed in. */
function Frame(p: { mode: FormMode; title: string; children: JSX.Element | JSX.Element[] | string }): JSX.Element {
  return p.mode.kind === 'public' ? (
    <PortalPage title={p.title} viewer={undefined} current="register">
      {p.children as 'safe'}
    </PortalPage>
  ) : (
    <PortalPage title={`${p.title}（代理申請）`} viewer={p.mode.viewer} csrf={p.mode.csrf}>
      {p.children as 'safe'}
    </PortalPage>
  );
}

export type FormNotice = DraftNotice;

/** The 差し戻し reason above the form (and the confirmation page) while a returned application is corrected. */
function ReturnedNotice(p: { returned: NonNullable<DraftData['returned']> }): JSX.Element {
  return (
    <Notice kind="warning" title={`申請番号 ${p.returned.number} は、都道府県から差し戻されました`}>
      <p>都道府県からのコメント：</p>
      <p class="written-reason" safe>
        {p.returned.reason}
      </p>
      <p>申請した内容を下に入れてあります。コメントに沿って直し、「入力内容を確認する」から申請してください。申請番号は変わりません。</p>
    </Notice>
  );
}

export function ApplicationFormPage(p: {
  mode: FormMode;
  csrf: string;
  values: ApplicationValues;
  /** The prefectures the applicant may choose (a prefecture's 代理申請: its own only). */
  prefectures: readonly string[];
  errors?: ApplicationErrors | undefined;
  notice?: FormNotice | undefined;
  /** The field being filled, given the focus when the page comes back after a step. */
  focus?: ApplicationField | undefined;
  returned?: DraftData['returned'];
  closesAt?: number | null;
}): JSX.Element {
  const v = p.values;
  const e = p.errors ?? {};
  const municipalities = municipalitiesOf(v.prefecture_code);
  const focus = (field: ApplicationField) => p.focus === field || undefined;
  return (
    <Frame mode={p.mode} title="新規ユーザ登録申請">
      <h1 class="page-title">{p.mode.kind === 'public' ? '新規ユーザ登録申請' : '新規ユーザ登録申請（代理申請）'}</h1>
      {p.mode.kind === 'public' ? (
        <>
          <p>
            G-MISのアカウントがない病院・診療所・歯科診療所・助産所・薬局は、このページから利用を申請できます。ログインは不要です。申請は所在地の都道府県が確認し、アカウントを発行するとご担当者にメールでお知らせします。
          </p>
          <p class="muted">
            すでにアカウントがある場合は申請の必要はありません。ユーザ名が分からない場合は<a href="/faq">よくある質問（FAQ）</a>をご覧ください。
            {p.closesAt ? ` この申請は ${formatJst(p.closesAt)} まで受け付けています。` : ''}
          </p>
        </>
      ) : (
        <p>
          管轄の機関に代わって申請します。機関のご担当者のメールアドレスを入力してください。受付のメールとアカウント発行のメールは、そのアドレスに届きます。申請は確認待ちの一覧に入り、そこから承認できます。
        </p>
      )}
      {p.returned ? <ReturnedNotice returned={p.returned} /> : ''}
      {p.notice ? (
        <Notice kind={p.notice.kind} title={p.notice.title}>
          {p.notice.text ? <p safe>{p.notice.text}</p> : ''}
        </Notice>
      ) : (
        ''
      )}
      <ErrorSummary errors={e} />
      <form method="post" action={formBase(p.mode)} class="card form" novalidate>
        <CsrfField token={p.csrf} />
        <h2 class="section-title">機関の情報</h2>
        <SelectField name="kind" label="機関区分" options={INSTITUTION_KINDS} value={v.kind} error={e.kind} help={FIELD_HELP.kind} required />
        <TextField name="name" label="機関名" value={v.name} error={e.name} help={FIELD_HELP.name} required maxlength={200} autocomplete="organization" />
        <TextField name="name_kana" label="フリガナ" value={v.name_kana} error={e.name_kana} help={FIELD_HELP.name_kana} required maxlength={200} />
        <TextField
          name="institution_code"
          label="機関コード"
          value={v.institution_code}
          error={e.institution_code}
          help={FIELD_HELP.institution_code}
          required
          maxlength={40}
          inputmode="latin"
        />
        <TextField
          name="insurance_code"
          label="保険機関コード"
          value={v.insurance_code}
          error={e.insurance_code}
          help={FIELD_HELP.insurance_code}
          hint="10桁の数字。ない場合は空欄"
          maxlength={20}
          inputmode="numeric"
        />
        <h2 class="section-title">所在地</h2>
        <div class="field-row">
          <TextField
            name="postcode"
            label="郵便番号"
            value={v.postcode}
            error={e.postcode}
            help={FIELD_HELP.postcode}
            hint="例：530-0001"
            required
            maxlength={10}
            inputmode="numeric"
            autocomplete="postal-code"
            autofocus={focus('postcode')}
          />
          <button type="submit" name="intent" value="lookup" class="button button--secondary" formnovalidate>
            住所検索
          </button>
        </div>
        <div class="field-row">
          <SelectField
            name="prefecture_code"
            label="都道府県"
            options={p.prefectures.map((c) => ({ value: c, label: prefectureName(c)! }))}
            value={v.prefecture_code}
            error={e.prefecture_code}
            help={FIELD_HELP.prefecture_code}
            required
            autofocus={focus('prefecture_code')}
          />
          <button type="submit" name="intent" value="municipalities" class="button button--secondary" formnovalidate>
            市区町村を表示
          </button>
        </div>
        <SelectField
          name="municipality_code"
          label="市区町村"
          options={municipalities.map((m) => ({ value: m.code, label: m.name }))}
          placeholder={municipalities.length ? '選んでください' : '先に都道府県を選んでください'}
          value={v.municipality_code}
          error={e.municipality_code}
          help={FIELD_HELP.municipality_code}
          required
          autofocus={focus('municipality_code')}
        />
        <TextField
          name="address"
          label="住所（町名・番地）"
          value={v.address}
          error={e.address}
          help={FIELD_HELP.address}
          required
          maxlength={400}
          autocomplete="address-line1"
          autofocus={focus('address')}
        />
        <TextField
          name="building"
          label="建物名"
          value={v.building}
          error={e.building}
          help={FIELD_HELP.building}
          maxlength={200}
          autocomplete="address-line2"
        />
        <TextField
          name="phone"
          label="電話番号"
          type="tel"
          value={v.phone}
          error={e.phone}
          help={FIELD_HELP.phone}
          hint="半角数字とハイフン"
          required
          maxlength={30}
          inputmode="tel"
          autocomplete="tel"
        />
        <h2 class="section-title">ご担当者</h2>
        <TextField name="department" label="担当部署名" value={v.department} error={e.department} help={FIELD_HELP.department} maxlength={DEPARTMENT_MAX * 2} />
        <TextField
          name="department_number"
          label="担当部署番号"
          value={v.department_number}
          error={e.department_number}
          help={FIELD_HELP.department_number}
          maxlength={20}
          inputmode="tel"
        />
        <TextField
          name="contact_name"
          label="担当者氏名"
          value={v.contact_name}
          error={e.contact_name}
          help={FIELD_HELP.contact_name}
          hint="姓と名の間を1文字空けてください（例：山田 花子）"
          required
          maxlength={CONTACT_NAME_MAX * 2}
          autocomplete="name"
        />
        <TextField
          name="email"
          label="メールアドレス"
          type="email"
          value={v.email}
          error={e.email}
          help={FIELD_HELP.email}
          required
          maxlength={254}
          autocomplete="email"
          inputmode="email"
        />
        <TextField
          name="email_confirm"
          label="メールアドレス（確認用）"
          type="email"
          value={v.email_confirm}
          error={e.email_confirm}
          hint="確認のため、もう一度入力してください"
          required
          maxlength={254}
          autocomplete="off"
          inputmode="email"
        />
        <button type="submit" name="intent" value="confirm" class="button button--primary">
          入力内容を確認する
        </button>
      </form>
    </Frame>
  );
}

/** What was entered, as it will be stored, with 「申請する」 and 「修正する」. */
export function ApplicationConfirmPage(p: {
  mode: FormMode;
  csrf: string;
  input: ApplicationInput;
  values: ApplicationValues;
  returned?: DraftData['returned'];
}): JSX.Element {
  const i = p.input.institution;
  const rows: Array<[string, string]> = [
    ['機関区分', i.kind],
    ['機関名', i.name],
    ['フリガナ', i.nameKana],
    ['機関コード', i.institutionCode],
    ['保険機関コード', i.insuranceCode ?? '（なし）'],
    ['所在地', postalAddress(i)],
    ['電話番号', i.phone],
    ['担当部署名', p.input.department ?? '（なし）'],
    ['担当部署番号', p.input.departmentNumber ?? '（なし）'],
    ['担当者氏名', p.input.contactName],
    ['メールアドレス', p.input.email],
  ];
  return (
    <Frame mode={p.mode} title="入力内容の確認 - 新規ユーザ登録申請">
      <h1 class="page-title">入力内容の確認</h1>
      <p>
        {p.returned ? `差し戻された申請（申請番号 ${p.returned.number}）を、次の内容で申請し直します。` : '次の内容で申請します。'}
        よろしければ「申請する」を押してください。直す場合は「修正する」を押してください。
      </p>
      <p class="muted">英数字や記号、フリガナは登録する形に揃えて表示しています。</p>
      <div class="card">
        <dl class="confirm-list">
          {rows.map(([label, value]) => (
            <>
              <dt safe>{label}</dt>
              <dd safe>{value}</dd>
            </>
          ))}
        </dl>
      </div>
      <form method="post" action={`${formBase(p.mode)}/submit`} class="form-actions">
        <CsrfField token={p.csrf} />
        {Object.entries(p.values).map(([name, value]) => (
          <input type="hidden" name={name} value={value} />
        ))}
        <button type="submit" name="intent" value="submit" class="button button--primary">
          申請する
        </button>
        <button type="submit" name="intent" value="back" class="button button--secondary">
          修正する
        </button>
      </form>
    </Frame>
  );
}

export function ApplicationDonePage(p: { number: string }): JSX.Element {
  return (
    <PortalPage title="申請を受け付けました - 新規ユーザ登録申請" viewer={undefined} current="register">
      <h1 class="page-title">申請を受け付けました</h1>
      <div class="card">
        <p>申請番号</p>
        <p class="reference-number mono" safe>
          {p.number}
        </p>
        <p>お問い合わせの際に必要です。控えておいてください。同じ内容を、入力したメールアドレスにもお送りしました。</p>
      </div>
      <h2 class="section-title">このあとの流れ</h2>
      <ol class="bullets">
        <li>所在地の都道府県が申請の内容を確認します。</li>
        <li>アカウントが発行されると「アカウント発行通知」メールが届きます。メールのリンクからパスワードを設定してください。</li>
        <li>貴機関にすでにアカウントがある場合は、新しいアカウントは作らず、そのユーザ名をメールでお知らせします。</li>
      </ol>
      <p class="muted">
        受付メールが届かない場合は、迷惑メールのフォルダもご確認ください。それでも見つからない場合は、入力したメールアドレスが誤っていた可能性があります。
        <a href="/faq">よくある質問（FAQ）</a>をご覧ください。
      </p>
    </PortalPage>
  );
}

/** The link in a 差し戻し mail: one press opens the application as it was sent. */
export function ReturnLinkPage(p: { number: string; csrf: string }): JSX.Element {
  return (
    <PortalPage title="差し戻された申請 - 新規ユーザ登録申請" viewer={undefined} current="register">
      <h1 class="page-title">差し戻された申請</h1>
      <p
        safe
      >{`申請番号 ${p.number} は、都道府県から差し戻されました。下のボタンを押すと、申請した内容と都道府県からのコメントが入った申請画面が開きます。`}</p>
      <p class="muted">このリンクで開けるのは一度だけです。開いたあとは、同じブラウザで最後の操作から3時間まで続きを入力できます。</p>
      <form method="post" class="form-actions">
        <CsrfField token={p.csrf} />
        <button type="submit" class="button button--primary">
          申請の内容を開く
        </button>
      </form>
    </PortalPage>
  );
}

/** The link in a 差し戻し mail that no longer opens anything: used, expired or unknown. */
export function ReturnLinkProblemPage(p: { problem: 'used' | 'expired' | 'unknown' }): JSX.Element {
  return (
    <PortalPage title="差し戻された申請 - 新規ユーザ登録申請" viewer={undefined} current="register">
      <h1 class="page-title">差し戻された申請</h1>
      <Notice kind="warning" title={MESSAGES[`registration.return_link.${p.problem}`]}>
        <p>
          {p.problem === 'used'
            ? 'リンクは一度だけ使えます。リンクを開いたのと同じブラウザなら、「新規ユーザ登録申請」のページに申請の内容が残っています（最後の操作から3時間まで）。'
            : 'メールのリンクを最後まで正しく開いたか、お確かめください。'}
        </p>
        <p>
          内容が残っていない場合は、お手数ですが<a href="/register">新規ユーザ登録申請</a>から改めて申請するか、管轄の都道府県にご相談ください。
        </p>
      </Notice>
    </PortalPage>
  );
}

export function ApplicationClosedPage(p: { opensAt: number | null }): JSX.Element {
  return (
    <PortalPage title="新規ユーザ登録申請（受付時間外）" viewer={undefined} current="register">
      <h1 class="page-title">新規ユーザ登録申請</h1>
      <Notice kind="info" title="現在、申請を受け付けていません">
        <p>
          {p.opensAt
            ? `次の受付開始は ${formatJst(p.opensAt)} です。その時刻以降にもう一度このページを開いてください。`
            : '受付を再開する日時は、決まりしだいこのページと都道府県からの案内でお知らせします。'}
        </p>
      </Notice>
      <p>お急ぎの場合は、所在地の都道府県の担当窓口にご相談ください。すでにアカウントをお持ちの場合は、申請の必要はありません。</p>
    </PortalPage>
  );
}

/** 大阪府大阪市北区, for notices about a postcode look-up. */
export const placeLabel = (municipalityCode: string) => {
  const m = municipality(municipalityCode);
  return m ? `${m.prefectureName}${m.name}` : '';
};
