// The frame of every G-MIS portal page: the shared layout, the account's name and ログアウト in the
// header, and the G-MIS menu with the keyword search. Signed out, a short menu and a ログイン button.
import type { Children } from '@kitajs/html';
import type { Account } from '../../../db/schema.ts';
import { formatJstDate } from '../../../platform/japanese/time.ts';
import { can } from '../../../policies.ts';
import { Layout } from '../../../web/layout.tsx';

export type NavId = 'home' | 'surveys' | 'notices' | 'inquiry' | 'faq' | 'reports' | 'report-status' | 'institutions' | 'help' | 'search' | 'register';

/** Parts of G-MIS not built yet; their menu entries lead to an honest 準備中 page. */
export const COMING_SOON = {
  surveys: {
    label: '調査',
    text: '国や都道府県からの各種調査への回答は、この後のリリースでこの画面から行えるようになります。調査の依頼はお知らせとメールでもご案内します。',
  },
} as const;
export type ComingSoonPart = keyof typeof COMING_SOON;

interface NavItem {
  id: NavId;
  label: string;
  href: string;
  soon?: boolean;
}

export const GMIS_NAV: NavItem[] = [
  { id: 'home', label: 'ホーム', href: '/' },
  { id: 'surveys', label: '調査', href: '/soon/surveys', soon: true },
  { id: 'notices', label: 'お知らせ', href: '/notices' },
  { id: 'inquiry', label: 'お問合せ', href: '/inquiry' },
  { id: 'faq', label: 'FAQ', href: '/faq' },
  { id: 'reports', label: 'レポート', href: '/reporting' },
  { id: 'institutions', label: '医療機関マスタ', href: '/institutions' },
];

/** The menu as this account sees it: レポート is an institution's own reports, and for staff their 報告確認 with 報告状況 beside it. */
export function navFor(viewer: Account): NavItem[] {
  const reportsHome = can(viewer, 'reporting_home.view', { institutionId: viewer.institution_id });
  if (reportsHome) return GMIS_NAV;
  return GMIS_NAV.flatMap((item) =>
    item.id === 'reports'
      ? [
          { ...item, href: '/review/reports' },
          { id: 'report-status' as const, label: '報告状況', href: '/review/status' },
        ]
      : [item],
  );
}

const PUBLIC_NAV: NavItem[] = [
  { id: 'home', label: 'ホーム', href: '/' },
  { id: 'register', label: '新規ユーザ登録申請', href: '/register' },
  { id: 'faq', label: 'FAQ', href: '/faq' },
  { id: 'help', label: '操作の手引き', href: '/help' },
];

function NavList(p: { items: NavItem[]; current: NavId | undefined }): JSX.Element {
  return (
    <ul class="gmis-nav__list">
      {p.items.map((item) => (
        <li>
          <a class="gmis-nav__link" href={item.href} aria-current={item.id === p.current ? 'page' : undefined}>
            <span safe>{item.label}</span>
            {item.soon ? <span class="gmis-nav__soon">準備中</span> : ''}
          </a>
        </li>
      ))}
    </ul>
  );
}

/** Who sees the page. Signed in, the page must have the CSRF token of its ログアウト form: a page
 * that forgets it does not compile (the 報告確認 list was once shipped without ログアウト). */
export type PortalViewer = { viewer: Account; csrf: string } | { viewer: undefined; csrf?: string | undefined };

/** The viewer part of a page's props, for a page open to visitors and to the signed-in alike. */
export function portalViewer(p: PortalViewer): PortalViewer {
  return p.viewer ? { viewer: p.viewer, csrf: p.csrf } : { viewer: undefined };
}

export type PortalPageProps = PortalViewer & {
  title: string;
  current?: NavId | undefined;
  /** The keyword to show in the menu's search box. */
  query?: string | undefined;
  /** A part's own scripts and style sheets (passed to the layout). */
  scripts?: string[];
  styles?: string[];
  children: Children;
};

export function PortalPage(p: PortalPageProps): JSX.Element {
  const signedIn = p.viewer !== undefined;
  return (
    <Layout
      title={p.title}
      product="G-MIS"
      signedIn={p.viewer ? { name: p.viewer.display_name, csrf: p.csrf } : undefined}
      headerActions={
        <a class="button button--secondary button--small" href="/login">
          ログイン
        </a>
      }
      narrow={false}
      scripts={p.scripts}
      styles={p.styles}
    >
      <nav class="gmis-nav" aria-label="G-MISのメニュー">
        <NavList items={p.viewer ? navFor(p.viewer) : PUBLIC_NAV} current={p.current} />
        {signedIn ? (
          <form class="gmis-search" method="get" action="/search" role="search" aria-label="お知らせとFAQを検索">
            <label class="visually-hidden" for="gmis-search-q">
              検索キーワード
            </label>
            <input
              class="gmis-search__input"
              id="gmis-search-q"
              type="search"
              name="q"
              value={p.query ?? ''}
              placeholder="検索キーワードを入力してください"
              maxlength={100}
            />
            <button type="submit" class="button button--primary button--small">
              検索
            </button>
          </form>
        ) : (
          ''
        )}
      </nav>
      {p.children}
    </Layout>
  );
}

/** The date as a <time> element. */
export function DateText(p: { ms: number }): JSX.Element {
  return (
    <time datetime={new Date(p.ms).toISOString()} safe>
      {formatJstDate(p.ms)}
    </time>
  );
}
