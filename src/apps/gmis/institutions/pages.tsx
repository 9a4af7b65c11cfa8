// 医療機関マスタ in G-MIS: the search of the master within reach (名称・フリガナ, 機関コード, 機関区分,
// 市区町村, 状態), one record with its links (its reports, its published page), the CSV of a search, and
// the CSV import: 確認のみ shows what would change, 取り込む writes the whole file or nothing.
import type { Account, Institution } from '../../../db/schema.ts';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { CSV_COLUMNS, type RowProblem } from '../../../institutions/csv.ts';
import { STATUS_LABELS } from '../../../institutions/institution.ts';
import { municipality, prefectureName } from '../../../institutions/places.ts';
import { formatJstDate } from '../../../platform/japanese/time.ts';
import { CsrfField, Notice } from '../../../web/forms.tsx';
import { Pager } from '../../../web/pager.tsx';
import { CsvEncodingField, CsvFileField, CsvProblemTable } from '../csv-parts.tsx';
import { PortalPage } from '../portal/layout.tsx';
import { FilterSelect } from '../report-review/pages.tsx';
import { searchParams, type SearchQuery } from './schema.ts';

export const MASTER_PATH = '/institutions';
export const MASTER_EXPORT_PATH = `${MASTER_PATH}/export`;
export const MASTER_IMPORT_PATH = `${MASTER_PATH}/import`;

const STYLES = ['/static/css/report-review.css'];
const STATUSES = ['open', 'closed'] as const;

const placeName = (code: string) => municipality(code)?.name ?? code;

function Breadcrumb(p: { here?: string }): JSX.Element {
  return (
    <nav class="breadcrumb" aria-label="現在位置">
      <a href="/">ホーム</a> ＞{' '}
      {p.here ? (
        <>
          <a href={MASTER_PATH}>医療機関マスタ</a> ＞ <span safe>{p.here}</span>
        </>
      ) : (
        <span>医療機関マスタ</span>
      )}
    </nav>
  );
}

export interface SearchView {
  query: SearchQuery;
  rows: readonly Institution[];
  total: number;
  pages: number;
  /** The prefectures to choose among (none: the viewer has one, or too many to list is not the case). */
  prefectures: readonly string[];
  municipalities: ReadonlyArray<{ code: string; name: string }>;
  mayExport: boolean;
  mayImport: boolean;
}

export function MasterSearchPage(p: { viewer: Account; csrf: string; view: SearchView; problem?: string | undefined }): JSX.Element {
  const { query: q, rows } = p.view;
  const kept = searchParams(q);
  const pageHref = (page: number) => `${MASTER_PATH}?${new URLSearchParams([...kept, ['page', String(page)]])}`;
  return (
    <PortalPage title="医療機関マスタ" viewer={p.viewer} csrf={p.csrf} current="institutions" styles={STYLES}>
      <Breadcrumb />
      <h1 class="page-title">医療機関マスタ</h1>
      <p>医療機関・薬局の基本情報（名称・所在地・連絡先など）です。見られるのは、担当する地域の医療機関・薬局です。</p>
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}
      {p.view.mayImport ? (
        <p>
          <a href={MASTER_IMPORT_PATH}>CSVファイルから登録・更新する</a>
        </p>
      ) : (
        ''
      )}
      <form method="get" action={MASTER_PATH} class="card form filter-form review-filter" role="search" aria-label="医療機関マスタの検索">
        <div class="field-row">
          <div class="field">
            <label class="field__label" for="q">
              機関名・フリガナ
            </label>
            <input class="field__input" id="q" name="q" value={q.q ?? ''} maxlength={100} aria-describedby="q-hint" />
            <p class="field__hint" id="q-hint">
              名前の一部で探せます。フリガナはひらがなでもかまいません。
            </p>
          </div>
          <div class="field">
            <label class="field__label" for="code">
              機関コード
            </label>
            <input class="field__input mono" id="code" name="code" value={q.code ?? ''} maxlength={30} inputmode="latin" aria-describedby="code-hint" />
            <p class="field__hint" id="code-hint">
              保険機関コード（10桁）でも探せます。
            </p>
          </div>
          <FilterSelect id="kind" label="機関区分" value={q.kind} all="すべて" options={INSTITUTION_KINDS.map((k) => ({ value: k, label: k }))} />
          {p.view.prefectures.length > 1 ? (
            <FilterSelect
              id="prefecture"
              label="都道府県"
              value={q.prefecture}
              all="すべて"
              options={p.view.prefectures.map((code) => ({ value: code, label: prefectureName(code) ?? code }))}
            />
          ) : (
            ''
          )}
          {p.view.municipalities.length > 0 ? (
            <FilterSelect
              id="municipality"
              label="市区町村"
              value={q.municipality}
              all="すべて"
              options={p.view.municipalities.map((m) => ({ value: m.code, label: m.name }))}
            />
          ) : (
            ''
          )}
          <FilterSelect id="status" label="状態" value={q.status} all="すべて" options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} />
        </div>
        <button type="submit" class="button button--secondary">
          検索
        </button>
      </form>
      <p aria-live="polite" data-total={String(p.view.total)}>
        {p.view.total}件
      </p>
      {p.view.total === 0 ? (
        <p class="muted">該当する医療機関・薬局はありません。</p>
      ) : (
        <div class="sso-table-scroll">
          <table class="sso-table" data-list="institutions">
            <caption class="visually-hidden">医療機関マスタの検索結果</caption>
            <thead>
              <tr>
                <th scope="col">機関コード</th>
                <th scope="col">機関名</th>
                <th scope="col">機関区分</th>
                <th scope="col">所在地</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((i) => (
                <tr data-code={i.institution_code}>
                  <td class="mono" safe>
                    {i.institution_code}
                  </td>
                  <td>
                    <a href={`${MASTER_PATH}/${encodeURIComponent(i.id)}`} safe>
                      {i.name}
                    </a>
                    <br />
                    <span class="muted" safe>
                      {i.name_kana}
                    </span>
                  </td>
                  <td>{i.kind}</td>
                  <td safe>{`${prefectureName(i.prefecture_code) ?? ''}${placeName(i.municipality_code)}`}</td>
                  <td safe>{STATUS_LABELS[i.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={q.page} pages={p.view.pages} href={pageHref} label="検索結果のページ" />
      {p.view.mayExport && p.view.total > 0 ? (
        <form method="get" action={MASTER_EXPORT_PATH} class="card form" aria-labelledby="export-title">
          <h2 class="section-title" id="export-title">
            検索結果をCSVでダウンロード
          </h2>
          {[...kept].map(([name, value]) => (
            <input type="hidden" name={name} value={value} />
          ))}
          <CsvEncodingField encoding={q.encoding} />
          <p class="muted" safe>
            {`検索結果の${p.view.total}件すべてを、取り込みと同じ形式（${CSV_COLUMNS.length}列）で書き出します。`}
          </p>
          <button type="submit" class="button button--secondary" data-action="export">
            ダウンロード
          </button>
        </form>
      ) : (
        ''
      )}
    </PortalPage>
  );
}

/** Where the record leads: the institution's reports and publication, its page on 医療情報ネット. */
export interface RecordLinks {
  /** The institution's own reporting home (its own account). */
  reporting?: string | undefined;
  /** The staff's 公表の状態 of the institution, and the 報告確認 list searched for it. */
  publication?: string | undefined;
  reports?: string | undefined;
  /** The published page on 医療情報ネット (when it is published and visible). */
  publicPage?: string | undefined;
}

export function MasterRecordPage(p: { viewer: Account; csrf: string; institution: Institution; links: RecordLinks }): JSX.Element {
  const i = p.institution;
  const place = municipality(i.municipality_code);
  const rows: Array<[string, string]> = [
    ['機関区分', i.kind],
    ['都道府県名', `${prefectureName(i.prefecture_code) ?? ''}（${i.prefecture_code}）`],
    ['機関コード', i.institution_code],
    ['保険機関コード', i.insurance_code ?? '—'],
    ['機関名', i.name],
    ['フリガナ', i.name_kana],
    ['市区町村', `${place?.name ?? ''}（${i.municipality_code}）`],
    // Open-data institutions may have neither postcode nor phone in the master: a dash, not 〒- or an empty cell.
    ['郵便番号', /^\d{7}$/.test(i.postcode) ? `〒${i.postcode.slice(0, 3)}-${i.postcode.slice(3)}` : i.postcode || '—'],
    ['住所', i.address],
    ['建物名', i.building ?? '—'],
    ['電話番号', i.phone || '—'],
    ['状態', STATUS_LABELS[i.status]],
    ['登録日', formatJstDate(i.created_at)],
    ['更新日', formatJstDate(i.updated_at)],
  ];
  const links = p.links;
  return (
    <PortalPage title={`${i.name}（医療機関マスタ）`} viewer={p.viewer} csrf={p.csrf} current="institutions" styles={STYLES}>
      <Breadcrumb here={i.name} />
      <h1 class="page-title" safe>
        {i.name}
      </h1>
      <dl class="summary-list" data-institution={i.id}>
        {rows.map(([label, value]) => (
          <>
            <dt safe>{label}</dt>
            <dd safe>{value}</dd>
          </>
        ))}
      </dl>
      {links.reporting || links.publication || links.reports || links.publicPage ? (
        <section aria-labelledby="links-title">
          <h2 class="section-title" id="links-title">
            この医療機関の情報
          </h2>
          <ul class="bullets">
            {links.reporting ? (
              <li>
                <a href={links.reporting}>医療機能情報・薬局機能情報の報告</a>
              </li>
            ) : (
              ''
            )}
            {links.reports ? (
              <li>
                <a href={links.reports}>この医療機関の報告（報告確認）</a>
              </li>
            ) : (
              ''
            )}
            {links.publication ? (
              <li>
                <a href={links.publication}>公表の状態</a>
              </li>
            ) : (
              ''
            )}
            {links.publicPage ? (
              <li>
                <a href={links.publicPage}>医療情報ネットで公開しているページ</a>
              </li>
            ) : (
              ''
            )}
          </ul>
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={MASTER_PATH}>医療機関マスタの検索に戻る</a>
      </p>
    </PortalPage>
  );
}

/** What 確認のみ found or 取り込む did. */
export interface ImportCounts {
  dryRun: boolean;
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The upload: the CSRF token first, the file, then 確認のみ or 取り込む. */
function ImportForm(p: { csrf: string; fileError?: string | undefined }): JSX.Element {
  return (
    <form method="post" action={MASTER_IMPORT_PATH} enctype="multipart/form-data" class="form csv-upload" aria-label="医療機関マスタのCSVの読み込み">
      <CsrfField token={p.csrf} />
      <CsvFileField id="master-file" name="file" label="医療機関マスタのCSVファイル" error={p.fileError} />
      <div class="actions actions--tight">
        <button type="submit" class="button button--secondary" name="mode" value="check" data-action="master-check">
          確認のみ
        </button>
        <button type="submit" class="button button--primary" name="mode" value="apply" data-action="master-apply">
          取り込む
        </button>
      </div>
      <p class="muted">「確認のみ」はファイルを読んで、追加・更新される件数と直す箇所を示すだけで、何も保存しません。</p>
    </form>
  );
}

export function MasterImportPage(p: {
  viewer: Account;
  csrf: string;
  problem?: string | undefined;
  fileError?: string | undefined;
  problems?: readonly RowProblem[] | undefined;
  counts?: ImportCounts | undefined;
  fileName?: string | undefined;
}): JSX.Element {
  const c = p.counts;
  return (
    <PortalPage title="医療機関マスタのCSV取り込み" viewer={p.viewer} csrf={p.csrf} current="institutions" styles={STYLES}>
      <Breadcrumb here="CSVファイルから登録・更新" />
      <h1 class="page-title">CSVファイルから登録・更新</h1>
      <p>
        医療機関マスタのCSVファイルを読み込み、新しい医療機関・薬局を追加し、登録済みのもの（都道府県コードと機関コードが同じもの）を置き換えます。ファイルにない医療機関・薬局はそのまま残ります。
      </p>
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}
      {p.problems && p.problems.length > 0 ? <CsvProblemTable problems={p.problems} names={{}} /> : ''}
      {c ? (
        <section aria-labelledby="counts-title" data-outcome={c.dryRun ? 'check' : 'apply'}>
          <Notice
            kind={c.dryRun ? 'info' : 'success'}
            title={
              c.dryRun
                ? `確認のみ: このファイルは問題なく取り込めます${p.fileName ? `（${p.fileName}）` : ''}。まだ何も保存していません。`
                : `取り込みました${p.fileName ? `（${p.fileName}）` : ''}。`
            }
          />
          <h2 class="section-title" id="counts-title">
            {c.dryRun ? '取り込むと変わるもの' : '取り込んだ結果'}
          </h2>
          <dl class="summary-list">
            <dt>{c.dryRun ? '追加される医療機関' : '追加した医療機関'}</dt>
            <dd data-count="inserted">{c.inserted}件</dd>
            <dt>{c.dryRun ? '更新される医療機関' : '更新した医療機関'}</dt>
            <dd data-count="updated">{c.updated}件</dd>
            <dt>変更のない医療機関</dt>
            <dd data-count="unchanged">{c.unchanged}件</dd>
          </dl>
          {c.dryRun ? <p>この内容で取り込むには、同じファイルをもう一度選んで「取り込む」を押してください。</p> : ''}
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="import-title">
        <h2 class="section-title" id="import-title">
          読み込み
        </h2>
        <ImportForm csrf={p.csrf} fileError={p.fileError} />
      </section>
      <details class="csv-format">
        <summary>CSVファイルの形式</summary>
        <ul class="bullets">
          <li safe>{`1行目が見出しで、2行目から1つの医療機関・薬局が1行です。見出し: ${CSV_COLUMNS.map(([h]) => h).join('、')}`}</li>
          <li>保険機関コード・建物名・状態の列はなくてもかまいません。状態は「開設」か「廃止」で、空欄は開設です。</li>
          <li>医療機関マスタの検索結果からダウンロードしたファイルは、そのまま直して読み込めます。</li>
          <li>担当する地域の外の医療機関・薬局の行があると、その行が直す箇所になります。</li>
          <li>
            文字コードは UTF-8（BOM付き・なし）と Shift_JIS のどちらでもかまいません。読み込むときに見分けます。Excelの形式（.xlsx）のままでは読み込めません。
          </li>
          <li>直す必要のある箇所が1つでもあると、何も保存しません。</li>
        </ul>
      </details>
    </PortalPage>
  );
}
