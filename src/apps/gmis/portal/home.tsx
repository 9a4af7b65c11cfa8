// ホーム: for a signed-in user (menu, first-sign-in notice, the way to ユーザ基礎情報, お知らせ, the way to
// 医療情報ネット, the manuals) and for a visitor who is not signed in (what G-MIS is, and ログイン).
// ユーザ基礎情報 has one way in at a time: the first-sign-in notice's buttons until it is confirmed,
// then the welcome card's button.
import type { Account } from '../../../db/schema.ts';
import { personName } from '../../../portal/profile.ts';
import type { NoticeSummary } from '../../../portal/notices.ts';
import { can } from '../../../policies.ts';
import { APPLICATION_PATH, OFFICE_QUEUE_PATH } from '../../../sso/access/index.ts';
import { CsrfField, Notice } from '../../../web/forms.tsx';
import { HELP_TOPICS } from './help-pages.tsx';
import { COMING_SOON, PortalPage, type ComingSoonPart } from './layout.tsx';
import { NoticeList } from './notice-pages.tsx';

export function PublicHomePage(): JSX.Element {
  return (
    <PortalPage title="G-MIS" viewer={undefined} current="home">
      <h1 class="page-title">G-MIS（医療機関等情報支援システム）</h1>
      <p class="lead">
        G-MISは、病院・診療所・歯科診療所・助産所・薬局が、医療機能情報・薬局機能情報を都道府県に報告し、国や都道府県からの調査に回答するためのシステムです。報告された情報は、都道府県の確認を経て「医療情報ネット」で住民・患者の皆さまに公開されます。
      </p>
      <div class="card public-login">
        <h2 class="section-title">ログイン</h2>
        <p>G-MISを使うには、事務局から発行されたアカウントでMed-Loginにログインしてください。ログインすると、この画面に戻ってきます。</p>
        <p>
          <a class="button button--primary" href="/login">
            Med-Loginでログイン
          </a>
        </p>
      </div>
      <h2 class="section-title">ログインするとできること</h2>
      <ul class="bullets">
        <li>医療機能情報・薬局機能情報の報告（新規報告・定期報告・随時報告、休止・廃止・再開）</li>
        <li>事務局からのお知らせの確認と、事務局へのお問合せ</li>
        <li>ご担当者の名前や連絡先（ユーザ基礎情報）の確認・更新</li>
        <li>医療情報ネットの関係者メニューへの移動（もう一度ログインする必要はありません）</li>
      </ul>
      <h2 class="section-title">はじめての方・ログインできない方</h2>
      <ul class="bullets">
        <li>
          アカウントが発行されると「アカウント発行通知」メールが届きます。メールのリンクからパスワードを設定してください。アカウントがまだない医療機関・薬局は、
          <a href="/register">新規ユーザ登録申請</a>から利用を申請してください（ログインは不要です）。
        </li>
        <li>
          ユーザ名やパスワードが分からない場合、メールが届かない場合は、<a href="/faq">よくある質問（FAQ）</a>をご覧ください。
        </li>
        <li>
          画面の使い方は<a href="/help">操作の手引き</a>にまとめています。
        </li>
      </ul>
    </PortalPage>
  );
}

function FirstSignInNotice(p: { account: Account; csrf: string }): JSX.Element {
  const name = personName(p.account);
  return (
    <section class="notice notice--warning first-sign-in" aria-labelledby="first-sign-in-title">
      <h2 class="notice__title" id="first-sign-in-title">
        はじめに、ご担当者の名前とメールアドレスをご確認ください
      </h2>
      <p>事務局からのご案内やパスワード再設定のメールは、ここに登録されたメールアドレスに届きます。</p>
      <dl class="summary-list">
        <dt>名前</dt>
        <dd safe>{name ?? `未登録（アカウント名：${p.account.display_name}）`}</dd>
        <dt>メール</dt>
        <dd class="mono" safe>
          {p.account.email}
        </dd>
      </dl>
      <div class="actions actions--tight">
        {name ? (
          <form method="post" action="/profile/confirm" class="inline-form">
            <CsrfField token={p.csrf} />
            <button type="submit" class="button button--primary">
              この内容で間違いありません
            </button>
          </form>
        ) : (
          ''
        )}
        <a class={name ? 'button button--secondary' : 'button button--primary'} href="/profile/edit">
          {name ? 'ユーザ基礎情報を修正する' : '名前を登録する'}
        </a>
      </div>
      {name ? '' : <p class="muted">ご担当者の名前がまだ登録されていません。「名前を登録する」から名前を入力して保存してください。</p>}
    </section>
  );
}

export function HomePage(p: {
  viewer: Account;
  csrf: string;
  notices: { items: NoticeSummary[]; unread: number };
  naviSsoUrl: string;
  /** Whether the account reviews 新規ユーザ登録申請 (a prefecture, health centre, delegate or the office). */
  reviewsRegistrations?: boolean;
  /** Whether the account sees the 報告確認 list (the same reviewers, for reports). */
  reviewsReports?: boolean;
  /** Whether the account registers 臨時休診 for the facilities it covers (closure.use). */
  closesFacilities?: boolean;
  /** Whether the account sees the reporting reminders (reminder_settings.view). */
  seesReminders?: boolean;
  flash?: string | undefined;
}): JSX.Element {
  const a = p.viewer;
  return (
    <PortalPage title="ホーム" viewer={a} csrf={p.csrf} current="home">
      <h1 class="page-title">ホーム</h1>
      {p.flash ? <Notice kind="success" title={p.flash} /> : ''}
      {a.profile_confirmed_at === null ? <FirstSignInNotice account={a} csrf={p.csrf} /> : ''}
      <div class="portal-grid">
        <div class="portal-grid__main">
          <section class="card" aria-labelledby="home-intro-title">
            <h2 class="section-title section-title--first" id="home-intro-title">
              G-MISへようこそ
            </h2>
            <p>
              G-MISでは、医療機能情報・薬局機能情報の報告、事務局からのお知らせの確認やお問合せ、ご担当者の連絡先（ユーザ基礎情報）の管理ができます。調査への回答の画面は準備中です。
            </p>
            {a.profile_confirmed_at === null ? (
              ''
            ) : (
              <>
                <p>
                  G-MISのご担当者が替わるときは、引き継ぎの前に「ユーザ基礎情報を確認・変更する」から名前やメールアドレスを新しいご担当者のものに更新してください。
                </p>
                <p>
                  <a class="button button--primary" href="/profile">
                    ユーザ基礎情報を確認・変更する
                  </a>
                </p>
              </>
            )}
          </section>
          <section aria-labelledby="home-notices-title">
            <h2 class="section-title" id="home-notices-title">
              お知らせ
              {p.notices.unread > 0 ? <span class="badge badge--unread section-title__badge">未読 {p.notices.unread}件</span> : ''}
            </h2>
            {p.notices.items.length === 0 ? <p class="empty-state">お知らせはまだありません。</p> : <NoticeList items={p.notices.items} />}
            <p>
              <a href="/notices">お知らせをすべて見る</a>
            </p>
          </section>
        </div>
        <aside class="portal-grid__side" aria-label="関連するページ">
          {can(a, 'reporting_home.view', { institutionId: a.institution_id }) ? (
            <section class="card side-card" aria-labelledby="home-reporting-title">
              <h2 class="side-card__title" id="home-reporting-title">
                医療機能情報・薬局機能情報の報告
              </h2>
              <p>都道府県への報告（新規報告・定期報告・随時報告）と、医療情報ネットで公表されている内容の確認ができます。</p>
              <p>
                <a class="button button--primary button--block" href="/reporting">
                  医療機能情報提供制度・薬局機能情報提供制度
                </a>
              </p>
            </section>
          ) : (
            ''
          )}
          {p.reviewsReports ? (
            <section class="card side-card" aria-labelledby="home-report-review-title">
              <h2 class="side-card__title" id="home-report-review-title">
                報告確認
              </h2>
              <p>管轄の医療機関・薬局からの医療機能情報・薬局機能情報の報告を、公表中の内容と比べて確認し、確認（公表）・差戻しをします。</p>
              <p>
                <a class="button button--secondary button--block" href="/review/reports">
                  報告を確認する
                </a>
              </p>
              <p>
                <a href="/review/status">報告状況（未報告・報告済などの件数と一覧）</a>
              </p>
              {p.seesReminders ? (
                <p>
                  <a href="/review/reminders">報告のリマインダー（報告期限の前に送るお知らせメール）</a>
                </p>
              ) : (
                ''
              )}
              {p.closesFacilities ? (
                <p>
                  <a href="/closures">臨時休診の一括登録（災害・年末年始などの休診や時間変更）</a>
                </p>
              ) : (
                ''
              )}
            </section>
          ) : (
            ''
          )}
          {p.reviewsRegistrations ? (
            <section class="card side-card" aria-labelledby="home-review-title">
              <h2 class="side-card__title" id="home-review-title">
                新規ユーザ登録申請
              </h2>
              <p>管轄の医療機関・薬局からの申請を確認し、承認・差し戻し・却下します。</p>
              <p>
                <a class="button button--secondary button--block" href="/review/registrations">
                  申請を確認する
                </a>
              </p>
            </section>
          ) : (
            ''
          )}
          <section class="card side-card" aria-labelledby="home-navi-title">
            <h2 class="side-card__title" id="home-navi-title">
              医療情報ネット
            </h2>
            <p>
              医療情報ネット（ナビイ）の関係者メニューに、もう一度ログインせずに移動します。はじめての移動では、情報の連携への同意をお願いする画面が表示されます。
            </p>
            <p>
              <a class="button button--secondary button--block" href={p.naviSsoUrl}>
                医療情報ネット（関係者メニュー）へ
              </a>
            </p>
            <p>
              <a href={APPLICATION_PATH}>シングルサインオンの利用申請・申請状況</a>
            </p>
            {can(a, 'sso_office_queue.view') ? (
              <p>
                <a href={OFFICE_QUEUE_PATH}>利用申請の審査・却下ブロックの解除（事務局）</a>
              </p>
            ) : (
              ''
            )}
            {can(a, 'bulk_mail.use') ? (
              <p>
                <a href="/bulk-mail">一括メール配信（管轄の医療機関・薬局へのメール）</a>
              </p>
            ) : (
              ''
            )}
            {can(a, 'prefecture_staff.view') ? (
              <p>
                <a href="/prefecture/staff">保健所の担当市区町村・関係団体に任せること</a>
              </p>
            ) : (
              ''
            )}
            {can(a, 'office_console.view') ? (
              <p>
                <a href="/office">事務局コンソール（受付期間・アカウント・監査ログ）</a>
              </p>
            ) : (
              ''
            )}
          </section>
          <section class="card side-card" aria-labelledby="home-manuals-title">
            <h2 class="side-card__title" id="home-manuals-title">
              操作マニュアル
            </h2>
            <ul class="link-list">
              {HELP_TOPICS.map((t) => (
                <li>
                  <a href={`/help#${t.id}`}>{t.title}</a>
                </li>
              ))}
            </ul>
            <p class="muted">
              お困りのときは<a href="/faq">よくある質問（FAQ）</a>もご覧ください。
            </p>
          </section>
        </aside>
      </div>
    </PortalPage>
  );
}

export function ComingSoonPage(p: { viewer: Account; csrf: string; part: ComingSoonPart }): JSX.Element {
  const part = COMING_SOON[p.part];
  return (
    <PortalPage title={part.label} viewer={p.viewer} csrf={p.csrf} current={p.part}>
      <h1 class="page-title">{part.label}</h1>
      <Notice kind="info" title="準備中です">
        <p>{part.text}</p>
      </Notice>
      <p>
        <a class="button button--secondary" href="/">
          ホームへ戻る
        </a>
      </p>
    </PortalPage>
  );
}
