// The page frame shared by the three origins: header with the product's name, main landmark, footer.
import type { Children } from '@kitajs/html';

export interface LayoutProps {
  title: string;
  /** Product shown in the header. */
  product: 'Med-Login' | 'G-MIS' | '医療情報ネット';
  /** Signed-in user's display name, shown top right. */
  user?: string | undefined;
  /** Extra header content (e.g. the sign-out form). */
  headerActions?: Children;
  scripts?: string[];
  /** Extra style sheets after app.css (a part's own, e.g. /static/css/reporting.css). */
  styles?: string[];
  narrow?: boolean;
  /** The page's language (医療情報ネット's facility page has an English version). */
  lang?: 'ja' | 'en';
  children: Children;
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
              {props.user !== undefined || props.headerActions ? (
                <div class="site-header__user">
                  {props.user !== undefined ? (
                    <span class="site-header__name" safe>
                      {props.user}
                    </span>
                  ) : (
                    ''
                  )}
                  {props.headerActions ?? ''}
                </div>
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
