// Plain Japanese pages for the errors a person can meet: not found, too large, expired form, server fault.
import { Layout, type LayoutProps } from './layout.tsx';

export function ErrorPage(props: { product: LayoutProps['product']; title: string; message: string; home: string; status: number }): JSX.Element {
  return (
    <Layout title={props.title} product={props.product}>
      <h1 class="page-title" safe>
        {props.title}
      </h1>
      <p safe>{props.message}</p>
      <p>
        <a class="button button--secondary" href={props.home}>
          トップページへ戻る
        </a>
      </p>
      <p class="muted">エラーコード：{props.status}</p>
    </Layout>
  );
}

export const ERROR_TEXT = {
  404: { title: 'ページが見つかりません', message: 'お探しのページは移動したか、削除された可能性があります。URLに誤りがないかご確認ください。' },
  413: {
    title: '送信された内容が大きすぎます',
    message: '一度に送信できる量を超えています。入力した内容を短くして、もう一度お試しください。',
  },
  403: {
    title: '画面の有効期限が切れました',
    message: '安全のため、フォームの送信を受け付けられませんでした。前の画面に戻り、ページを読み込み直してからもう一度お試しください。',
  },
  400: { title: '送信内容を読み取れませんでした', message: '入力した内容を確認して、もう一度お試しください。' },
  414: {
    title: 'ページのアドレスが長すぎます',
    message: 'ページのアドレス（URL）が長すぎるため、開けませんでした。リンクをコピーして開いた場合は、余分な文字が付いていないかご確認ください。',
  },
  431: {
    title: '送信された情報が大きすぎます',
    message: 'ページのアドレス（URL）またはブラウザが送った情報が大きすぎるため、開けませんでした。ブラウザを開き直して、もう一度お試しください。',
  },
  500: {
    title: '一時的な不具合が発生しました',
    message: 'ご迷惑をおかけしています。しばらく時間をおいてからもう一度お試しください。解決しない場合は事務局までお問い合わせください。',
  },
} as const;

/** For a URL that cannot be read (bad percent-encoding, a NUL byte): its own words, not a form's. */
export const BAD_URL_TEXT = {
  title: 'ページのアドレスを読み取れませんでした',
  message:
    'ページのアドレス（URL）に使えない文字が含まれています。リンクをコピーして開いた場合は、途中で切れたり余分な文字が付いたりしていないかご確認ください。',
} as const;
