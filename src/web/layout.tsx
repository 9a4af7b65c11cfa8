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
  /** 医療情報ネット's public pages: the visitor's choices (文字サイズ, language) in the header, and the
   * links to お気に入り病院等, ご意見 and 満足度調査 in the footer. Pages without it are unchanged. */
  navi?: NaviChrome | undefined;
  children: Children;
}

/** What the 医療情報ネット header needs: the visitor's choices and the page to come back to after changing one. */
export interface NaviChrome {
  lang: 'ja' | 'en';
  textSize: 's' | 'm' | 'l';
  /** This page's path and query (e.g. /search?q=眼科), where a choice sends the browser back. */
  path: string;
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

/** The header's and footer's own words on 医療情報ネット, in the page's language. */
export const NAVI_CHROME_WORDS = {
  ja: {
    skip: '本文へ移動',
    subtitle: '医療機関・薬局をさがす',
    textSize: '文字サイズ',
    sizes: { s: '小', m: '中', l: '大' },
    otherLang: 'en' as const,
    otherLangName: 'English',
    favourites: 'お気に入り病院等',
    feedback: 'ご意見',
    survey: '満足度調査',
    staff: '関係者ログイン',
    footerNav: '医療情報ネットのご案内',
  },
  en: {
    skip: 'Skip to main content',
    subtitle: 'Find hospitals, clinics and pharmacies',
    textSize: 'Text size',
    sizes: { s: 'Small', m: 'Medium', l: 'Large' },
    otherLang: 'ja' as const,
    otherLangName: '日本語',
    favourites: 'Favourites',
    feedback: 'Feedback',
    survey: 'Satisfaction survey',
    staff: 'Staff login',
    footerNav: 'About this site',
  },
} as const;

const preferenceHref = (route: 'lang' | 'text-size', to: string, back: string) => `/preferences/${route}?${new URLSearchParams({ to, back }).toString()}`;

/** 文字サイズ 小/中/大 (the current one pressed) and the other language: plain GET forms and links, so they work without JavaScript. */
function NaviHeaderControls(p: { navi: NaviChrome }): JSX.Element {
  const w = NAVI_CHROME_WORDS[p.navi.lang];
  return (
    <div class="navi-prefs">
      <a class="navi-prefs__link" href={p.navi.lang === 'en' ? '/favourites?lang=en' : '/favourites'}>
        {w.favourites}
      </a>
      <a class="navi-prefs__lang" href={preferenceHref('lang', w.otherLang, p.navi.path)} lang={w.otherLang} hreflang={w.otherLang}>
        {w.otherLangName}
      </a>
      <form method="get" action="/preferences/text-size" class="navi-prefs__size">
        <input type="hidden" name="back" value={p.navi.path} />
        <div class="navi-prefs__group" role="group" aria-labelledby="navi-text-size">
          <span class="navi-prefs__label" id="navi-text-size">
            {w.textSize}
          </span>
          {(['s', 'm', 'l'] as const).map((size) => (
            <button
              type="submit"
              name="to"
              value={size}
              class={`navi-prefs__size-button navi-prefs__size-button--${size}`}
              aria-pressed={size === p.navi.textSize ? 'true' : 'false'}
            >
              {w.sizes[size]}
            </button>
          ))}
        </div>
      </form>
    </div>
  );
}

function NaviFooterLinks(p: { navi: NaviChrome }): JSX.Element {
  const w = NAVI_CHROME_WORDS[p.navi.lang];
  const q = p.navi.lang === 'en' ? '?lang=en' : '';
  return (
    <nav class="site-footer__nav" aria-label={w.footerNav}>
      <ul>
        <li>
          <a href={`/feedback${q}`}>{w.feedback}</a>
        </li>
        <li>
          <a href={`/survey${q}`}>{w.survey}</a>
        </li>
        <li>
          <a href={`/favourites${q}`}>{w.favourites}</a>
        </li>
        <li>
          <a href="/staff/login" lang={p.navi.lang === 'en' ? 'ja' : undefined}>
            {NAVI_CHROME_WORDS.ja.staff}
          </a>
        </li>
      </ul>
    </nav>
  );
}

export function Layout(props: LayoutProps): JSX.Element {
  const navi = props.navi;
  const lang = navi?.lang ?? props.lang ?? 'ja';
  const chrome = navi ? NAVI_CHROME_WORDS[navi.lang] : undefined;
  return (
    <>
      {'<!doctype html>'}
      <html lang={lang} class={navi ? `text-${navi.textSize}` : undefined}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${props.title} | ${props.product}`}</title>
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          <link rel="stylesheet" href="/static/tokens.css" />
          <link rel="stylesheet" href="/static/css/app.css" />
          {navi ? <link rel="stylesheet" href="/static/css/navi.css" /> : ''}
          {(props.styles ?? []).map((href) => (
            <link rel="stylesheet" href={href} />
          ))}
          {(props.scripts ?? []).map((src) => (
            <script type="module" src={src}></script>
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main">
            {chrome?.skip ?? '本文へ移動'}
          </a>
          <header class="site-header">
            <div class="site-header__inner">
              <p class="site-header__brand">
                <span class="site-header__product" lang={lang === 'en' && props.product === '医療情報ネット' ? 'ja' : undefined}>
                  {props.product}
                </span>
                <span class="site-header__subtitle" safe>
                  {chrome?.subtitle ?? SUBTITLE[props.product]}
                </span>
              </p>
              {navi ? <NaviHeaderControls navi={navi} /> : ''}
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
            {navi ? <NaviFooterLinks navi={navi} /> : ''}
            <p lang={navi?.lang === 'en' ? 'ja' : undefined}>open-gmis — 医療機能情報提供制度・薬局機能情報提供制度</p>
          </footer>
        </body>
      </html>
    </>
  );
}
