// The page frame shared by the three origins: header with the product's name, main landmark, footer.
import type { Children } from '@kitajs/html';
import { SignOutButton } from './forms.tsx';

export interface LayoutProps {
  title: string;
  /** Product shown in the header. */
  product: 'Med-Login' | 'G-MIS' | '医療情報ネット';
  /** Who is signed in: the name top right and ログアウト beside it. One prop, so a signed-in page
   * cannot show the name without the way out (the 報告確認 list once did). */
  signedIn?: SignedInHeader | undefined;
  /** Header content for a visitor who is not signed in (e.g. a ログイン button). */
  headerActions?: Children;
  scripts?: string[];
  /** Extra style sheets after app.css (a part's own, e.g. /static/css/reporting.css). */
  styles?: string[];
  narrow?: boolean;
  /** The page's language (医療情報ネット's facility page has an English version). */
  lang?: 'ja' | 'en';
  children: Children;
}

export interface SignedInHeader {
  name: string;
  /** The CSRF token of the ログアウト form. */
  csrf: string;
  /** The origin's sign-out route; /logout unless told. */
  signOut?: string;
}

const SUBTITLE: Record<LayoutProps['product'], string> = {
  'Med-Login': '医療機関等情報支援システム ログイン',
  'G-MIS': '医療機関等情報支援システム',
  医療情報ネット: '医療機関・薬局をさがす',
};

export function Layout(props: LayoutProps): JSX.Element {
  return (
    <>
      {'<!doctype html>'}
      <html lang={props.lang ?? 'ja'}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${props.title} | ${props.product}`}</title>
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/tokens.css" />
          <link rel="stylesheet" href="/static/css/app.css" />
          {(props.styles ?? []).map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          {(props.scripts ?? []).map((src) => (
            <script type="module" src={src}></script>
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main">
            本文へ移動
          </a>
          <header class="site-header">
            <div class="site-header__inner">
              <p class="site-header__brand">
                <span class="site-header__product">{props.product}</span>
                <span class="site-header__subtitle" safe>
                  {SUBTITLE[props.product]}
                </span>
              </p>
              {props.signedIn ? (
                <div class="site-header__user">
                  <span class="site-header__name" safe>
                    {props.signedIn.name}
                  </span>
                  <SignOutButton csrf={props.signedIn.csrf} action={props.signedIn.signOut ?? '/logout'} />
                </div>
              ) : props.headerActions ? (
                <div class="site-header__user">{props.headerActions as 'safe'}</div>
              ) : (
                ''
              )}
            </div>
          </header>
          <main id="main" class={props.narrow === false ? 'page' : 'page page--narrow'} tabindex="-1">
            {props.children}
          </main>
          <footer class="site-footer">
            <p>open-gmis — 医療機能情報提供制度・薬局機能情報提供制度</p>
          </footer>
        </body>
      </html>
    </>
  );
}
