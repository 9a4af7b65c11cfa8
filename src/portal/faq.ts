// よくある質問 (FAQ), kept as data so that the FAQ page and the keyword search read the same
// entries. Answers are our own words. A few answers name this installation's addresses, filled in
// from the configuration.
import type { Config } from '../config.ts';

export interface FaqEntry {
  /** Stable anchor on the FAQ page, e.g. "faq-username". */
  id: string;
  question: string;
  /** Paragraphs of plain text. */
  answer: string[];
  /** Where to go next, inside G-MIS. */
  links?: { href: string; label: string }[];
}

export interface FaqGroup {
  id: string;
  title: string;
  entries: FaqEntry[];
}

export interface FaqContext {
  /** The address mail is sent from (for allow-lists). */
  fromAddress: string;
  officeAddress: string;
  /** Host names a network must let through. */
  hosts: string[];
}

export function faqContext(config: Config): FaqContext {
  const hosts = [...new Set([config.publicUrl.login, config.publicUrl.gmis, config.publicUrl.navi].map((u) => new URL(u).hostname))];
  return { fromAddress: config.mail.fromAddress, officeAddress: config.mail.officeAddress, hosts };
}

export function faqGroups(c: FaqContext): FaqGroup[] {
  const fromDomain = c.fromAddress.slice(c.fromAddress.lastIndexOf('@') + 1);
  return [
    {
      id: 'login',
      title: 'ログイン・アカウント',
      entries: [
        {
          id: 'faq-username',
          question: 'ユーザ名（ログインID）を忘れてしまいました。',
          answer: [
            'ユーザ名は医療機関・薬局ごとに一つ発行され、あとから変わることはありません。事務局からはお伝えできないため、管轄の都道府県（または保健所）の医療機能情報提供制度の担当窓口にお問い合わせください。',
            'ご本人の確認のため、医療機関名・所在地・代表電話番号・ご担当者名をお伝えください。',
          ],
        },
        {
          id: 'faq-password',
          question: 'パスワードを忘れてしまいました。',
          answer: [
            'Med-Loginのログイン画面にある「パスワードをお忘れですか？」を押し、ユーザ名を入力してください。ユーザ基礎情報に登録されたメールアドレスに、再設定用のリンクをお送りします。',
            'リンクの有効期限は24時間で、一度だけ使えます。何度か手続きした場合は、最後に届いたメールのリンクをお使いください。',
          ],
        },
        {
          id: 'faq-welcome-mail',
          question: 'アカウント発行通知メールが見当たりません。リンクの期限も切れてしまいました。',
          answer: [
            'アカウント発行通知メールは再送できません。かわりに、ログイン画面の「パスワードをお忘れですか？」から、メールに書かれていたユーザ名でパスワードを設定してください。はじめてのパスワードもこの方法で設定できます。',
            'ユーザ名も分からない場合は、管轄の都道府県の担当窓口にお問い合わせください。',
          ],
        },
        {
          id: 'faq-password-rules',
          question: '「パスワードを変更」ボタンが押せません。',
          answer: [
            'パスワードは8文字以上で、英大文字・英小文字・数字をそれぞれ1文字以上含め、よく使われるパスワードでないことが必要です。画面の五つの条件をすべて満たし、確認欄に同じパスワードを入力すると、ボタンが押せるようになります。',
            '「Abcdefg1」のように条件の形を満たしていても、よく使われていて推測されやすいものは使えません。その場合は「よく使われるパスワードではない」の行に印が付きません。ユーザ名・メールアドレスを含むパスワードも設定できません。',
          ],
        },
        {
          id: 'faq-login-refused',
          question: '正しいパスワードのはずなのにログインできません。',
          answer: [
            '大文字と小文字は区別されます。キーボードのCaps Lockが有効になっていないかご確認ください。',
            'ログインの失敗が続くと、安全のため一時的に受け付けを止めることがあります。画面に表示された時間をおいてから試すか、「パスワードをお忘れですか？」からパスワードを設定し直してください。',
          ],
        },
      ],
    },
    {
      id: 'mail',
      title: 'メール・リンク',
      entries: [
        {
          id: 'faq-mail-not-arriving',
          question: 'G-MISからのメールが届きません。',
          answer: [
            `まず迷惑メール（スパム）フォルダをご確認ください。G-MISのメールは ${c.fromAddress} から送られます。`,
            `受信するメールを制限している場合は、このアドレス、またはドメイン「${fromDomain}」からのメールを受け取れるように設定してください。院内の設定は、ネットワークやメールのご担当者にご相談ください。`,
            'それでも届かない場合は、登録されているメールアドレスが誤っているか、使われなくなっている可能性があります。ログインできる場合はユーザ基礎情報を、ログインできない場合は管轄の都道府県の担当窓口にご相談ください。',
          ],
        },
        {
          id: 'faq-link-not-opening',
          question: 'メールのリンクを押しても画面が開きません（エラーになります）。',
          answer: [
            'メールソフトによっては、長いURLが途中で改行され、リンクが切れてしまうことがあります。URLを最後の文字まで全部コピーして、ブラウザのアドレス欄に貼り付けてください。',
            'リンクには有効期限があり、一度使うと無効になります。また、同じ手続きを何度か行った場合は、最後に届いたメールのリンクだけが使えます。期限切れと表示された場合は、もう一度手続きしてください。',
          ],
        },
        {
          id: 'faq-email-change',
          question: '登録しているメールアドレスを変更したいです。',
          answer: [
            'ホーム画面の「ユーザ基礎情報を確認・変更する」を開き、「編集」から新しいメールアドレスを入力して「保存」を押してください。',
            '新しいアドレスに確認メールが届きます。メールのリンクを開いて「メールアドレスを変更する」を押した時点で変更が完了します（リンクの有効期限は24時間です）。それまでは、これまでのアドレスが使われます。',
            '手続きをしたことと、変更が完了したことは、これまでのアドレスにもお知らせします。',
          ],
          links: [{ href: '/profile', label: 'ユーザ基礎情報を開く' }],
        },
        {
          id: 'faq-shared-address',
          question: '複数の施設で同じメールアドレスを登録してもかまいませんか。',
          answer: [
            'はい、かまいません。法人の本部などで複数の施設をまとめて担当している場合は、同じアドレスを登録できます。それぞれの施設のご案内が同じアドレスに届きます。',
          ],
        },
      ],
    },
    {
      id: 'report',
      title: '報告',
      entries: [
        {
          id: 'faq-report-when',
          question: 'G-MISで報告（新規報告・定期報告・随時報告）ができません。',
          answer: [
            '報告の画面（メニューの「レポート」）は準備中で、いまはまだ使えません。使えるようになったら、お知らせでご案内します。',
            'それまでの報告の方法と期限は、管轄の都道府県からの案内に従ってください。',
          ],
        },
        {
          id: 'faq-report-kinds',
          question: '新規報告・定期報告・随時報告はどう違いますか。',
          answer: [
            '制度の上での違いです。新規報告は、開設したときなど、はじめて報告するもの。定期報告は、年に一度、基準日の時点の内容を報告するもの。随時報告は、診療時間や連絡先など、報告した内容が変わったときに報告するものです。G-MISの報告の画面は準備中です。',
          ],
        },
      ],
    },
    {
      id: 'navi',
      title: '医療情報ネット',
      entries: [
        {
          id: 'faq-navi-sso',
          question: 'G-MISから医療情報ネットの関係者メニューに移動するには？',
          answer: [
            'ホーム画面の「医療情報ネット（関係者メニュー）へ」を押すと、もう一度ログインすることなく移動できます。はじめて移動するときは、情報の連携について同意を求める画面が表示されますので、内容を確認して「同意」を押してください。',
            '病院・診療所・歯科診療所・助産所・薬局のアカウントは、申請なしで使えます。それ以外のアカウントや、G-MISのアカウントより前から医療情報ネットのアカウントをお持ちの場合は、先に利用の申請が必要です。',
          ],
        },
        {
          id: 'faq-navi-refused',
          question: '同意の画面で誤って「却下」してしまいました。',
          answer: [
            '「却下」を押すと、まず確かめる画面が開きます。そこで「戻る」を押せば、何も変わらずに同意の画面に戻ります。',
            '「はい、却下する」まで押した場合は、安全のため医療情報ネットへの移動が止まります。お問合せフォームから「医療情報ネット」を選んでご連絡ください。事務局が事情を確認したうえで、移動できるように戻します。',
          ],
          links: [{ href: '/inquiry', label: 'お問合せフォームへ' }],
        },
      ],
    },
    {
      id: 'environment',
      title: '動作環境',
      entries: [
        {
          id: 'faq-browser',
          question: 'どのブラウザで使えますか。',
          answer: [
            'Google Chrome、Microsoft Edge、Mozilla Firefox、Safari のそれぞれ最新版でご利用ください。Internet Explorer は安全上の理由から使えません。',
            'スマートフォンやタブレットのブラウザでも表示できますが、報告の入力はパソコンでの操作をおすすめします。',
          ],
        },
        {
          id: 'faq-network',
          question: '院内のネットワークからだと画面が開きません。',
          answer: [
            `接続先を制限しているネットワークでは、次のホストへの接続を許可する必要があります：${c.hosts.join('、')}。設定方法は、院内のネットワークのご担当者にご確認ください。`,
          ],
        },
      ],
    },
    {
      id: 'profile',
      title: 'ユーザ基礎情報・お問合せ',
      entries: [
        {
          id: 'faq-handover',
          question: 'G-MISの担当者が替わります。何をすればよいですか。',
          answer: [
            '異動や退職の前に、ユーザ基礎情報の名前・メールアドレス・電話番号などを新しいご担当者のものに更新してください。事務局からのご案内は、登録されたメールアドレスに届きます。',
            'ユーザ名とパスワードは施設で一つです。新しいご担当者には、ユーザ名を引き継ぎ、パスワードは新しいご担当者が「パスワードをお忘れですか？」から設定し直すと安全です。',
          ],
          links: [{ href: '/profile', label: 'ユーザ基礎情報を開く' }],
        },
        {
          id: 'faq-first-notice',
          question: 'ホーム画面の「登録内容をご確認ください」という表示が消えません。',
          answer: [
            '表示されている名前とメールアドレスが正しければ「この内容で間違いありません」を押してください。直す必要があれば「ユーザ基礎情報を修正する」（名前が未登録のときは「名前を登録する」）から保存してください。どちらかを行うと表示は消えます。',
          ],
        },
        {
          id: 'faq-inquiry',
          question: '事務局に問い合わせるには？',
          answer: [
            `ログインした状態で、メニューの「お問合せ」から送信してください。受付番号をお知らせしますので、追加でご連絡いただくときはその番号をお書き添えください。ログインできない場合は ${c.officeAddress} までメールでご連絡ください。`,
          ],
          links: [{ href: '/inquiry', label: 'お問合せフォームへ' }],
        },
      ],
    },
  ];
}

export function faqEntries(c: FaqContext): FaqEntry[] {
  return faqGroups(c).flatMap((g) => g.entries);
}
