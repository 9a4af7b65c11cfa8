// 報告状況 for the prefecture's staff, its health centres, delegated associations and the office: the
// year's counts of one scheme with the completion rate, by 機関区分 (or by prefecture, for the office)
// as a chart with its table, by 市区町村, and week by week through the window; every count a link to
// the institutions behind it (a page at a time), and both as CSV.
import type { Account, InstitutionKind, ReportingScheme } from '../../../db/schema.ts';
import { REPORTING_SCHEMES } from '../../../db/schema.ts';
import { municipality, prefectureName } from '../../../institutions/places.ts';
import { formatJstDate } from '../../../platform/japanese/time.ts';
import { reiwaLabel } from '../../../reporting/fiscal-year.ts';
import {
  BOARD_STATUSES,
  LIST_STATUS_LABELS,
  LIST_STATUSES,
  SCHEME_LABELS,
  type BoardListRow,
  type BoardWeek,
  type ListStatus,
  type StatusBoard,
  type StatusCounts,
} from '../../../reporting/status-board.ts';
import { Pager } from '../../../web/pager.tsx';
import { PortalPage } from '../portal/layout.tsx';
import { FilterSelect } from '../report-review/pages.tsx';
import { LineLegend, percent, StatusBars, StatusLegend, WeeklyLine } from './chart.tsx';

export const STATUS_PATH = '/review/status';
export const STATUS_LIST_PATH = '/review/status/institutions';
export const STATUS_CSV_PATH = '/review/status/csv';
export const STATUS_LIST_CSV_PATH = '/review/status/institutions/csv';

const STYLES = ['/static/css/report-review.css', '/static/css/report-status.css'];

const placeName = (code: string) => municipality(code)?.name ?? code;
const prefName = (code: string) => prefectureName(code) ?? code;

/** What narrows a board or a list (every part optional but the year and the scheme). */
export interface Narrowing {
  fy: number;
  scheme: ReportingScheme;
  prefecture?: string | undefined;
  kind?: InstitutionKind | undefined;
  municipality?: string | undefined;
  status?: ListStatus | undefined;
}

/** The address of a page with the narrowing as its query (empty parts left out). */
export function hrefOf(path: string, n: Narrowing, extra: Record<string, string> = {}): string {
  const params = Object.entries({
    fy: String(n.fy),
    scheme: n.scheme,
    prefecture: n.prefecture,
    kind: n.kind,
    municipality: n.municipality,
    status: n.status,
    ...extra,
  }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '');
  return `${path}?${new URLSearchParams(params)}`;
}

/** The words of a narrowing: 令和8年度・医療機能情報・東京都・診療所・中央区・未報告. */
export function narrowingWords(n: Narrowing): string {
  return [
    reiwaLabel(n.fy),
    SCHEME_LABELS[n.scheme],
    n.prefecture && prefName(n.prefecture),
    n.kind,
    n.municipality && placeName(n.municipality),
    n.status && LIST_STATUS_LABELS[n.status],
  ]
    .filter(Boolean)
    .join('・');
}

/** A count, a link to the institutions behind it when there are any. */
function Count(p: { n: number; href: string; what: string }): JSX.Element {
  if (p.n === 0) return <>0</>;
  return (
    <a href={p.href} aria-label={`${p.what} ${p.n}件の一覧`}>
      {p.n}
    </a>
  );
}

/** The table of a breakdown: a row per part, the four states, the rate and 公表停止; each count a link. */
function CountsTable(p: {
  caption: string;
  head: string;
  rows: ReadonlyArray<{ key: string; label: () => JSX.Element; words: string; counts: StatusCounts; narrowing: Narrowing }>;
  total?: { counts: StatusCounts; narrowing: Narrowing };
}): JSX.Element {
  const cells = (counts: StatusCounts, n: Narrowing, words: string) => (
    <>
      <td class="rs-num">
        <Count n={counts.total} href={hrefOf(STATUS_LIST_PATH, n)} what={`${words} 対象`} />
      </td>
      {BOARD_STATUSES.map((s) => (
        <td class="rs-num" data-status={s}>
          <Count n={counts[s]} href={hrefOf(STATUS_LIST_PATH, { ...n, status: s })} what={`${words} ${LIST_STATUS_LABELS[s]}`} />
        </td>
      ))}
      <td class="rs-num" safe>
        {percent(counts.rate)}
      </td>
      <td class="rs-num" data-status="stopped">
        <Count n={counts.stopped} href={hrefOf(STATUS_LIST_PATH, { ...n, status: 'stopped' })} what={`${words} 公表停止`} />
      </td>
    </>
  );
  return (
    <div class="sso-table-scroll" tabindex="0" role="region" aria-label={p.caption}>
      <table class="sso-table rs-table">
        <caption safe>{p.caption}</caption>
        <thead>
          <tr>
            <th scope="col" safe>
              {p.head}
            </th>
            <th scope="col" class="rs-num">
              対象
            </th>
            {BOARD_STATUSES.map((s) => (
              <th scope="col" class="rs-num" safe>
                {LIST_STATUS_LABELS[s]}
              </th>
            ))}
            <th scope="col" class="rs-num">
              報告率
            </th>
            <th scope="col" class="rs-num">
              公表停止
            </th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr data-row={r.key}>
              <th scope="row">{r.label()}</th>
              {cells(r.counts, r.narrowing, r.words)}
            </tr>
          ))}
        </tbody>
        {p.total ? (
          <tfoot>
            <tr data-row="total">
              <th scope="row">合計</th>
              {cells(p.total.counts, p.total.narrowing, '合計')}
            </tr>
          </tfoot>
        ) : (
          ''
        )}
      </table>
    </div>
  );
}

/** 1/5〜1/11 */
const weekLabel = (w: BoardWeek) => {
  const day = (ms: number) => formatJstDate(ms).replace(/^\d+年/, '');
  return `${day(w.from)}〜${day(w.to - 1)}`;
};
const shortDay = (ms: number) => {
  const d = new Date(ms + 9 * 3_600_000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}`;
};

export function StatusBoardPage(p: {
  viewer: Account;
  csrf: string;
  board: StatusBoard;
  narrowing: Narrowing;
  years: number[];
  /** The prefectures the viewer's board covers (a choice when more than one). */
  prefectures: string[];
  canSeeQueue: boolean;
}): JSX.Element {
  const b = p.board;
  const n = p.narrowing;
  const where = n.prefecture ? prefName(n.prefecture) : p.prefectures.length === 1 ? prefName(p.prefectures[0]!) : b.everywhere ? '全国' : '管轄';
  const heading = `${reiwaLabel(n.fy)} ${SCHEME_LABELS[n.scheme]}の報告状況（${where}）`;
  const t = b.total;
  const byPrefecture = b.byPrefecture.length > 1;
  const rowsOfKind = b.byKind.map((k) => ({ key: k.kind, label: () => <>{k.kind}</>, words: k.kind, counts: k.counts, narrowing: { ...n, kind: k.kind } }));
  const rowsOfPrefecture = b.byPrefecture.map((r) => ({
    key: r.prefectureCode,
    label: () => (
      <a href={hrefOf(STATUS_PATH, { ...n, prefecture: r.prefectureCode })} safe>
        {prefName(r.prefectureCode)}
      </a>
    ),
    words: prefName(r.prefectureCode),
    counts: r.counts,
    narrowing: { ...n, prefecture: r.prefectureCode },
  }));
  const chartRows = byPrefecture
    ? b.byPrefecture.map((r) => ({ label: prefName(r.prefectureCode), counts: r.counts }))
    : b.byKind.map((k) => ({ label: k.kind, counts: k.counts }));
  return (
    <PortalPage title="報告状況" viewer={p.viewer} csrf={p.csrf} styles={STYLES} current="report-status">
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/">ホーム</a> ＞{' '}
        {p.canSeeQueue ? (
          <>
            <a href="/review/reports">報告確認</a> ＞{' '}
          </>
        ) : (
          ''
        )}
        報告状況
      </nav>
      <h1 class="page-title">報告状況</h1>
      <p class="lead">
        管轄の医療機関・薬局が、年度の報告（新規報告・定期報告）をどこまで済ませたかを数えています。数をクリックすると、その医療機関・薬局の一覧が開きます。
      </p>
      <form method="get" action={STATUS_PATH} class="card form filter-form review-filter" aria-label="報告状況の年度と報告の種類">
        <div class="field-row">
          <FilterSelect id="fy" label="年度" value={String(n.fy)} options={p.years.map((y) => ({ value: String(y), label: reiwaLabel(y) }))} />
          <FilterSelect id="scheme" label="報告の種類" value={n.scheme} options={REPORTING_SCHEMES.map((s) => ({ value: s, label: SCHEME_LABELS[s] }))} />
          {p.prefectures.length > 1 ? (
            <FilterSelect
              id="prefecture"
              label="都道府県"
              value={n.prefecture}
              all={b.everywhere ? 'すべて（都道府県ごとに並べる）' : 'すべて'}
              options={p.prefectures.map((c) => ({ value: c, label: prefName(c) }))}
            />
          ) : (
            ''
          )}
        </div>
        <button type="submit" class="button button--secondary">
          表示する
        </button>
      </form>

      <section class="card review-progress" aria-labelledby="rs-summary-title">
        <h2 class="section-title" id="rs-summary-title" safe>
          {heading}
        </h2>
        <dl class="review-progress__counts">
          <div>
            <dt>対象</dt>
            <dd data-count="total">
              <Count n={t.total} href={hrefOf(STATUS_LIST_PATH, n)} what="対象" />件
            </dd>
          </div>
          {LIST_STATUSES.map((s) => (
            <div>
              <dt safe>{LIST_STATUS_LABELS[s]}</dt>
              <dd data-count={s}>
                <Count n={t[s]} href={hrefOf(STATUS_LIST_PATH, { ...n, status: s })} what={LIST_STATUS_LABELS[s]} />件
              </dd>
            </div>
          ))}
          <div>
            <dt>報告率</dt>
            <dd data-count="rate" safe>
              {percent(t.rate)}
            </dd>
          </div>
        </dl>
        <p class="muted">
          報告中は保存しただけでまだ「報告」を押していないもの、報告済は報告して都道府県の確認を待っているもの（再報告済・差戻し中を含みます）です。報告率は報告済と確認済を合わせた割合です。公表停止は、報告の状況とは別に、いま公表を止めている数です。
        </p>
      </section>

      <section aria-labelledby="rs-breakdown-title">
        <h2 class="section-title" id="rs-breakdown-title">
          {byPrefecture ? '都道府県別' : '機関区分別'}
        </h2>
        <div class="rs-pair">
          <figure class="rs-figure">
            <StatusBars id="rs-bars" title={`${heading}：${byPrefecture ? '都道府県' : '機関区分'}ごとの割合`} rows={chartRows} />
            <figcaption>
              <StatusLegend />
            </figcaption>
          </figure>
          <CountsTable
            caption={`${byPrefecture ? '都道府県' : '機関区分'}ごとの件数`}
            head={byPrefecture ? '都道府県' : '機関区分'}
            rows={byPrefecture ? rowsOfPrefecture : rowsOfKind}
            total={{ counts: t, narrowing: n }}
          />
        </div>
        {byPrefecture ? <CountsTable caption="機関区分ごとの件数" head="機関区分" rows={rowsOfKind} total={{ counts: t, narrowing: n }} /> : ''}
      </section>

      <section aria-labelledby="rs-municipality-title">
        <h2 class="section-title" id="rs-municipality-title">
          市区町村別
        </h2>
        {b.everywhere && !n.prefecture ? (
          <p>市区町村ごとの件数は、都道府県を選ぶと表示します（上の表の都道府県名からも開けます）。</p>
        ) : b.byMunicipality.length === 0 ? (
          <p class="muted">対象の医療機関・薬局はありません。</p>
        ) : (
          <CountsTable
            caption="市区町村ごとの件数"
            head="市区町村"
            rows={b.byMunicipality.map((m) => ({
              key: m.municipalityCode,
              label: () => <span safe>{byPrefecture ? `${prefName(m.prefectureCode)} ${placeName(m.municipalityCode)}` : placeName(m.municipalityCode)}</span>,
              words: placeName(m.municipalityCode),
              counts: m.counts,
              narrowing: { ...n, prefecture: m.prefectureCode, municipality: m.municipalityCode },
            }))}
            total={{ counts: t, narrowing: n }}
          />
        )}
      </section>

      <section aria-labelledby="rs-weeks-title">
        <h2 class="section-title" id="rs-weeks-title">
          報告期間中の推移（週ごと）
        </h2>
        <p safe>
          {`${b.window.own ? '報告期間' : '報告期間（都道府県の設定がないため1月1日〜3月31日）'}：${formatJstDate(b.window.opensAt)}〜${formatJstDate(b.window.closesAt - 1)}。各週の終わりまでに報告した医療機関・薬局の割合です（いま報告済・確認済のものを、最初に報告した日で数えています。引き戻した報告は含みません）。`}
        </p>
        {b.weeks.length === 0 ? (
          <p class="muted">報告期間はまだ始まっていません。</p>
        ) : (
          <div class="rs-pair">
            <figure class="rs-figure">
              <WeeklyLine id="rs-weeks-chart" title={`${heading}：報告率の週ごとの推移`} weeks={b.weeks} total={t.total} label={(w) => shortDay(w.from)} />
              <figcaption>
                <LineLegend />
              </figcaption>
            </figure>
            <div class="sso-table-scroll" tabindex="0" role="region" aria-label="週ごとの報告の数">
              <table class="sso-table rs-table">
                <caption>週ごとの報告の数（その週の終わりまでの累計）</caption>
                <thead>
                  <tr>
                    <th scope="col">週</th>
                    <th scope="col" class="rs-num">
                      報告済・確認済
                    </th>
                    <th scope="col" class="rs-num">
                      うち確認済
                    </th>
                    <th scope="col" class="rs-num">
                      報告率
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {b.weeks.map((w, i) => (
                    <tr data-week={String(i + 1)}>
                      <th scope="row" safe>
                        {weekLabel(w)}
                      </th>
                      <td class="rs-num">{w.reported}</td>
                      <td class="rs-num">{w.accepted}</td>
                      <td class="rs-num" safe>
                        {percent(w.rate)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        )}
      </section>

      <section class="card" aria-labelledby="rs-csv-title">
        <h2 class="section-title" id="rs-csv-title">
          CSVでダウンロード
        </h2>
        <p>表計算ソフトで開けるCSVファイルです。Excelで文字が化けるときはShift_JISを選んでください。</p>
        <ul class="link-list">
          <li>
            集計表（上の表の件数）：<a href={hrefOf(STATUS_CSV_PATH, n)}>UTF-8</a>／
            <a href={hrefOf(STATUS_CSV_PATH, n, { encoding: 'shift_jis' })}>Shift_JIS</a>
          </li>
          <li>
            対象の医療機関・薬局の一覧（{t.total}件）：<a href={hrefOf(STATUS_LIST_CSV_PATH, n)}>UTF-8</a>／
            <a href={hrefOf(STATUS_LIST_CSV_PATH, n, { encoding: 'shift_jis' })}>Shift_JIS</a>
          </li>
        </ul>
      </section>
    </PortalPage>
  );
}

export function StatusListPage(p: {
  viewer: Account;
  csrf: string;
  narrowing: Narrowing;
  rows: BoardListRow[];
  total: number;
  page: number;
  pageSize: number;
  /** Whether to name each row's prefecture (the office, or an account of several). */
  showPrefecture: boolean;
}): JSX.Element {
  const n = p.narrowing;
  const words = narrowingWords(n);
  const pages = Math.max(1, Math.ceil(p.total / p.pageSize));
  const board: Narrowing = { fy: n.fy, scheme: n.scheme, prefecture: n.prefecture };
  return (
    <PortalPage title={`${words} - 報告状況`} viewer={p.viewer} csrf={p.csrf} styles={STYLES} current="report-status">
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/">ホーム</a> ＞ <a href={hrefOf(STATUS_PATH, board)}>報告状況</a> ＞ 一覧
      </nav>
      <h1 class="page-title" safe>
        {`${words}の医療機関・薬局`}
      </h1>
      <p aria-live="polite" data-total={String(p.total)}>
        {p.total}件{p.total > 0 ? <span safe>{`（${(p.page - 1) * p.pageSize + 1}〜${Math.min(p.total, p.page * p.pageSize)}件目）`}</span> : ''}
      </p>
      <p>
        CSVでダウンロード：<a href={hrefOf(STATUS_LIST_CSV_PATH, n)}>UTF-8</a>／
        <a href={hrefOf(STATUS_LIST_CSV_PATH, n, { encoding: 'shift_jis' })}>Shift_JIS</a>
      </p>
      {p.total === 0 ? (
        <p class="muted">該当する医療機関・薬局はありません。</p>
      ) : (
        <div class="sso-table-scroll" tabindex="0" role="region" aria-label="医療機関・薬局の一覧">
          <table class="sso-table rs-table">
            <caption class="visually-hidden" safe>
              {`${words}の医療機関・薬局`}
            </caption>
            <thead>
              <tr>
                <th scope="col">機関コード</th>
                <th scope="col">機関名</th>
                <th scope="col">機関区分</th>
                {p.showPrefecture ? <th scope="col">都道府県</th> : ''}
                <th scope="col">市区町村</th>
                <th scope="col">状況</th>
                <th scope="col">報告日</th>
                <th scope="col">確認日</th>
                <th scope="col">公表</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr data-institution={r.id} data-status={r.status}>
                  <td class="mono" safe>
                    {r.institutionCode}
                  </td>
                  <td safe>{r.name}</td>
                  <td>{r.kind}</td>
                  {p.showPrefecture ? <td safe>{prefName(r.prefectureCode)}</td> : ''}
                  <td safe>{placeName(r.municipalityCode)}</td>
                  <td>
                    {r.status === 'reported' || r.status === 'accepted' ? (
                      <a href={`/review/reports?${new URLSearchParams({ fy: String(n.fy), q: r.institutionCode })}`} safe>
                        {LIST_STATUS_LABELS[r.status]}
                      </a>
                    ) : (
                      <span safe>{LIST_STATUS_LABELS[r.status]}</span>
                    )}
                  </td>
                  <td safe>{r.submittedAt === null ? '—' : formatJstDate(r.submittedAt)}</td>
                  <td safe>{r.acceptedAt === null ? '—' : formatJstDate(r.acceptedAt)}</td>
                  <td>
                    <a href={`/review/publications/${encodeURIComponent(r.id)}`}>{r.stopped ? '公表停止中' : '公表の状態'}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={p.page} pages={pages} href={(page) => hrefOf(STATUS_LIST_PATH, n, { page: String(page) })} label="医療機関・薬局の一覧のページ" />
    </PortalPage>
  );
}
