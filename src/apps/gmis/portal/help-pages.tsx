// 操作の手引き (the manuals, in our own words) and よくある質問 (FAQ). Both are public, so a person
// who cannot sign in can read them too.
import type { Account } from '../../../db/schema.ts';
import type { FaqGroup } from '../../../portal/faq.ts';
import { PortalPage, portalViewer, type PortalViewer } from './layout.tsx';

export const HELP_TOPICS = [
  { id: 'help-first', title: 'はじめてログインしたとき' },
  { id: 'help-profile', title: 'ユーザ基礎情報の確認と更新' },
  { id: 'help-notices', title: 'お知らせと検索' },
  { id: 'help-reports', title: '報告のながれ' },
  { id: 'help-navi', title: '医療情報ネットへの移動' },
  { id: 'help-trouble', title: '困ったとき・お問合せ' },
  { id: 'help-environment', title: '動作環境' },
] as const;

type HelpTopicId = (typeof HELP_TOPICS)[number]['id'];

const title = (id: HelpTopicId) => HELP_TOPICS.find((t) => t.id === id)!.title;

function Topic(p: { id: HelpTopicId; children: JSX.Element | JSX.Element[] }): JSX.Element {
  return (
    <section class="help-topic" aria-labelledby={p.id}>
      <h2 class="section-title" id={p.id}>
        {title(p.id)}
      </h2>
      {p.children as 'safe'}
    </section>
  );
}

export function HelpPage(p: PortalViewer & { hosts: string[] }): JSX.Element {
  return (
    <PortalPage title="操作の手引き" {...portalViewer(p)} current="help">
      <h1 class="page-title">操作の手引き</h1>
      <p>G-MISでよく行う操作を、順を追って説明します。項目を選ぶと、その説明に移動します。</p>
      <nav aria-label="目次" class="toc">
        <ol class="toc__list">
          {HELP_TOPICS.map((t) => (
            <li>
              <a href={`#${t.id}`}>{t.title}</a>
            </li>
          ))}
        </ol>
      </nav>

      <Topic id="help-first">
        <ol class="steps">
          <li>事務局から届く「アカウント発行通知」メールのリンクを開き、パスワードを設定します。メールにはユーザ名（英数字8桁）も書かれています。</li>
          <li>Med-Loginの「接続先選択」で「G-MIS」を選ぶと、G-MISのホーム画面が開きます。</li>
          <li>
            ホーム画面に「ご担当者の名前とメールアドレスをご確認ください」と表示されたら、内容を確かめます。正しければ「この内容で間違いありません」を、直すところがあれば「ユーザ基礎情報を修正する」を押してください。名前がまだ登録されていないときは「名前を登録する」を押して入力します。
          </li>
        </ol>
      </Topic>

      <Topic id="help-profile">
        <p>ユーザ基礎情報は、G-MISを担当する方の名前と連絡先です。事務局からのご案内は、ここに登録したメールアドレスに届きます。</p>
        <ol class="steps">
          <li>
            ホーム画面の「ユーザ基礎情報を確認・変更する」を押すと、登録内容が表示されます（はじめてログインしたときの確認が済むまでは、このボタンのかわりに確認のお願いが表示されます）。
          </li>
          <li>「編集」を押し、姓・名・メール・電話・内線・Fax・担当部署を入力して「保存」を押します。やめるときは「キャンセル」を押します。</li>
          <li>電話番号とFax番号は、全角で入力しても半角の数字とハイフンに直して登録します。かっこ（ ）や「+81」は使えません。</li>
          <li>
            メールアドレスを変えたときは、新しいアドレスに確認メールが届きます。メールのリンクを開いて「メールアドレスを変更する」を押すと変更が完了します。それまでは、これまでのアドレスが使われます。
          </li>
        </ol>
      </Topic>

      <Topic id="help-notices">
        <p>メニューの「お知らせ」では、事務局からのお知らせを新しい順に確認できます。まだ開いていないお知らせには「未読」の印が付きます。</p>
        <p>
          メニューの検索欄にことばを入れて「検索」を押すと、お知らせとよくある質問（FAQ）をまとめて探せます。スペースで区切って複数のことばを入れると、すべてを含むものだけを表示します。
        </p>
      </Topic>

      <Topic id="help-reports">
        <p>
          ホーム画面の「医療機能情報・薬局機能情報の報告」を押すと、報告の画面が開きます。項目を入力して「保存する」を押し、すべて入力できたら「報告」を押してください。保存しただけでは報告したことになりません。
        </p>
        <p>
          報告した内容は、都道府県が確認してから（都道府県によっては報告してすぐに）医療情報ネットに公表されます。確認の前なら「引き戻し」で取り下げて直せます。都道府県から差し戻されたときは、理由がメールと報告の画面に表示されます。報告の期間は都道府県ごとに決まっています。報告には次の三つがあります。
        </p>
        <dl class="help__list">
          <dt>新規報告</dt>
          <dd>開設したときなど、はじめて報告するもの。</dd>
          <dt>定期報告</dt>
          <dd>年に一度、基準日の時点の内容を報告するもの。</dd>
          <dt>随時報告</dt>
          <dd>診療時間や連絡先など、報告した内容が変わったときに報告するもの。</dd>
        </dl>
      </Topic>

      <Topic id="help-navi">
        <p>ホーム画面の「医療情報ネット（関係者メニュー）へ」を押すと、もう一度ログインせずに医療情報ネットの関係者メニューに移動できます。</p>
        <p>
          はじめて移動するときは、G-MISのアカウント情報を医療情報ネットに登録・連携してよいか確認する画面が表示されます。「同意」を押すと連携され、次回からはすぐに移動できます。
          {'「却下」を押すと、本当に却下するかを確かめる画面が開きます。'}
          {'そこで「はい、却下する」を押すと、事務局が事情を確認するまで移動できなくなります。「戻る」を押せば、同意の画面に戻ります。'}
        </p>
      </Topic>

      <Topic id="help-trouble">
        <ul class="bullets">
          <li>
            ログインやメールのことでお困りのときは、まず<a href="/faq">よくある質問（FAQ）</a>をご覧ください。
          </li>
          <li>解決しないときは、メニューの「お問合せ」から事務局にお問い合わせください。送信すると受付番号が表示され、確認のメールが届きます。</li>
          <li>ユーザ名が分からないときは、管轄の都道府県（または保健所）の担当窓口にお問い合わせください。</li>
        </ul>
      </Topic>

      <Topic id="help-environment">
        <p>Google Chrome、Microsoft Edge、Mozilla Firefox、Safari の最新版でご利用ください。Internet Explorer は使えません。</p>
        <p>
          接続先を制限しているネットワークでは、次のホストへの接続を許可してください：
          <span class="mono" safe>
            {p.hosts.join('、')}
          </span>
        </p>
      </Topic>
    </PortalPage>
  );
}

export function FaqPage(p: PortalViewer & { groups: FaqGroup[] }): JSX.Element {
  return (
    <PortalPage title="よくある質問（FAQ）" {...portalViewer(p)} current="faq">
      <h1 class="page-title">よくある質問（FAQ）</h1>
      <p>G-MISやMed-Loginについて、よくいただくご質問と回答です。</p>
      <nav aria-label="目次" class="toc">
        <ul class="toc__list">
          {p.groups.map((g) => (
            <li>
              <a href={`#${g.id}`} safe>
                {g.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {p.groups.map((g) => (
        <section class="faq-group" aria-labelledby={g.id}>
          <h2 class="section-title" id={g.id} safe>
            {g.title}
          </h2>
          {g.entries.map((e) => (
            <div class="faq-entry card" id={e.id}>
              <h3 class="faq-entry__question">
                <span class="faq-entry__mark" aria-hidden="true">
                  Q
                </span>
                <span safe>{e.question}</span>
              </h3>
              <div class="faq-entry__answer">
                {e.answer.map((para) => (
                  <p safe>{para}</p>
                ))}
                {(e.links ?? []).map((l) => (
                  <p>
                    <a href={l.href} safe>
                      {l.label}
                    </a>
                  </p>
                ))}
              </div>
            </div>
          ))}
        </section>
      ))}
    </PortalPage>
  );
}
