// 「CSVで報告を入力」 for the prefecture (and associations it delegated 報告の代理入力 to): the
// template of its institutions to download by 機関区分 (their current values, what an import starts
// from), the upload with 「入力後に報告済にする」 and 「確認のみ」, what to fix by file, line and column,
// and the results — how many reports were saved and handed in, each with its link.
import type { Account, InstitutionKind } from '../../../db/schema.ts';
import { INSTITUTION_KINDS } from '../../../db/schema.ts';
import { prefectureName } from '../../../institutions/places.ts';
import { MESSAGES } from '../../../platform/messages/index.ts';
import type { CsvFile, CsvProblem } from '../../../reporting/catalogue/csv.ts';
import { REPORT_KIND_LABELS, REPORT_STATE_LABELS } from '../../../reporting/report.ts';
import type { ImportedReport } from '../../../reporting/report-import.ts';
import { CsrfField, Notice, SelectField, type FieldErrors } from '../../../web/forms.tsx';
import { CsvEncodingField, CsvFileFields, CsvFormatHelp, CsvProblemTable } from '../csv-parts.tsx';
import { PortalPage } from '../portal/layout.tsx';
import { PUBLICATIONS_PATH, REPORTS_PATH } from './pages.tsx';

export const IMPORT_PATH = `${REPORTS_PATH}/import`;
export const EXPORT_PATH = `${REPORTS_PATH}/export`;

const STYLES = ['/static/css/reporting.css', '/static/css/report-review.css'];

/** What the export form shows again after a refusal. */
export interface ExportChoice {
  prefecture?: string | undefined;
  kind?: InstitutionKind | undefined;
  encoding?: string | undefined;
}

function Breadcrumb(p: { here: string; import?: boolean }): JSX.Element {
  return (
    <nav class="breadcrumb" aria-label="現在位置">
      <a href="/">ホーム</a> ＞ <a href={REPORTS_PATH}>報告確認</a> ＞{' '}
      {p.import ? (
        <>
          <a href={IMPORT_PATH}>CSVで報告を入力</a> ＞{' '}
        </>
      ) : (
        ''
      )}
      <span safe>{p.here}</span>
    </nav>
  );
}

/** The upload: the CSRF token first, the two files, 「入力後に報告済にする」, 「確認のみ」 or 「入力する」. */
function ImportForm(p: { csrf: string; submit: boolean; fileError?: string | undefined }): JSX.Element {
  return (
    <form method="post" action={IMPORT_PATH} enctype="multipart/form-data" class="form csv-upload" aria-label="CSVの読み込み">
      <CsrfField token={p.csrf} />
      <CsvFileFields error={p.fileError} />
      <div class="field">
        <label class="checkbox">
          <input type="checkbox" name="submit" value="1" checked={p.submit} aria-describedby="csv-submit-hint" />
          <span>入力後に報告済にする</span>
        </label>
        <p class="field__hint" id="csv-submit-hint">
          選ぶと、入力した報告をそのまま都道府県への報告（報告済）にします。必須の項目がすべて入力されている必要があります。選ばないときは報告中として保存し、医療機関が内容を確かめて「報告」を押します。
        </p>
      </div>
      <div class="actions actions--tight">
        <button type="submit" class="button button--secondary" name="mode" value="check" data-action="csv-check">
          確認のみ
        </button>
        <button type="submit" class="button button--primary" name="mode" value="save" data-action="csv-import">
          入力する
        </button>
      </div>
      <p class="muted">「確認のみ」はファイルを読んで直す箇所を示すだけで、何も保存しません。</p>
    </form>
  );
}

export function ReportImportPage(p: {
  viewer: Account;
  csrf: string;
  /** The prefectures the viewer may fill reports in (a prefecture: its own). */
  prefectures: readonly string[];
  choice?: ExportChoice;
  exportErrors?: FieldErrors;
  problem?: string | undefined;
  fileError?: string | undefined;
  problems?: readonly CsvProblem[] | undefined;
  names?: Partial<Record<CsvFile, string>>;
  submit?: boolean;
}): JSX.Element {
  const choice = p.choice ?? {};
  return (
    <PortalPage title="CSVで報告を入力" viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <Breadcrumb here="CSVで報告を入力" />
      <h1 class="page-title">CSVで報告を入力</h1>
      <p>
        管轄の医療機関・薬局に代わって、医療機能情報・薬局機能情報の報告をCSVファイルからまとめて入力します。入力した報告は医療機関の画面にも表示されます。報告中・差戻しの報告があればその続きに、なければ新しい報告として入力します。
      </p>
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}
      {p.problems && p.problems.length > 0 ? <CsvProblemTable problems={p.problems} names={p.names ?? {}} /> : ''}

      <section aria-labelledby="export-title">
        <h2 class="section-title" id="export-title">
          テンプレートのダウンロード
        </h2>
        <p>
          管轄の医療機関・薬局の、いまの内容（報告中の報告があればその内容、なければ前回の確認済の内容か、医療機関マスタの基本情報）が入ったファイルです。機関区分ごとに項目が違うため、機関区分を選んでください。
        </p>
        <form method="get" action={EXPORT_PATH} class="form" aria-label="テンプレートのダウンロード">
          {p.prefectures.length > 1 ? (
            <div class="field">
              <label class="field__label" for="export-prefecture">
                都道府県
              </label>
              <select class="field__input field__select" id="export-prefecture" name="prefecture">
                {p.prefectures.map((code) => (
                  <option value={code} selected={choice.prefecture === code} safe>
                    {prefectureName(code) ?? code}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            ''
          )}
          <SelectField name="kind" label="機関区分" options={INSTITUTION_KINDS} value={choice.kind} error={p.exportErrors?.kind} required />
          <CsvEncodingField encoding={choice.encoding} />
          <div class="actions actions--tight">
            <button type="submit" class="button button--secondary" name="file" value="items">
              項目ファイルをダウンロード
            </button>
            <button type="submit" class="button button--secondary" name="file" value="hours">
              時間ファイルをダウンロード
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="import-title">
        <h2 class="section-title" id="import-title">
          読み込み
        </h2>
        <ImportForm csrf={p.csrf} submit={p.submit ?? false} fileError={p.fileError} />
      </section>
      <CsvFormatHelp many />
    </PortalPage>
  );
}

/** What an import did (or, 確認のみ, would do). */
export interface ImportOutcome {
  dryRun: boolean;
  submit: boolean;
  started: number;
  saved: number;
  unchanged: number;
  submitted: number;
  reports: readonly ImportedReport[];
}

const outcomeOf = (r: ImportedReport, dryRun: boolean): string =>
  r.started ? (dryRun ? '新しく始めます' : '新しく始めました') : r.changed ? (dryRun ? '入力します' : '入力しました') : '変更なし';

export function ReportImportResultPage(p: { viewer: Account; csrf: string; outcome: ImportOutcome }): JSX.Element {
  const o = p.outcome;
  const title = o.dryRun ? 'CSVの確認結果' : 'CSVの読み込み結果';
  const notice =
    o.reports.length === 0
      ? MESSAGES['report_csv_pages.nothing']
      : o.dryRun
        ? MESSAGES['report_csv_pages.checked'](o.reports.length)
        : MESSAGES['report_csv_pages.imported'](o.reports.filter((r) => r.started || r.changed).length, o.submitted);
  return (
    <PortalPage title={title} viewer={p.viewer} csrf={p.csrf} styles={STYLES}>
      <Breadcrumb here={title} import />
      <h1 class="page-title">{title}</h1>
      <Notice kind={o.dryRun ? 'info' : 'success'} title={notice} />
      <dl class="summary-list" data-outcome={o.dryRun ? 'check' : 'import'}>
        <dt>読み込んだ医療機関</dt>
        <dd data-count="rows">{o.reports.length}件</dd>
        <dt>{o.dryRun ? '新しく始める報告' : '新しく始めた報告'}</dt>
        <dd data-count="started">{o.started}件</dd>
        <dt>{o.dryRun ? '入力する報告' : '入力した報告'}</dt>
        <dd data-count="saved">{o.saved}件</dd>
        <dt>変更のなかった報告</dt>
        <dd data-count="unchanged">{o.unchanged}件</dd>
        <dt>{o.dryRun ? '報告済にする報告' : '報告済にした報告'}</dt>
        <dd data-count="submitted">{o.submitted}件</dd>
      </dl>
      {o.reports.length > 0 ? (
        <div class="sso-table-scroll">
          <table class="sso-table">
            <caption class="visually-hidden">読み込んだ医療機関の報告</caption>
            <thead>
              <tr>
                <th scope="col">機関名</th>
                <th scope="col">報告の種類</th>
                <th scope="col">結果</th>
                <th scope="col">状態</th>
              </tr>
            </thead>
            <tbody>
              {o.reports.map((r) => (
                <tr data-key={r.key}>
                  <td>
                    {!o.dryRun && r.state !== 'draft' && r.reportId ? (
                      <a href={`${REPORTS_PATH}/${encodeURIComponent(r.reportId)}`} safe>
                        {r.name}
                      </a>
                    ) : (
                      <a href={`${PUBLICATIONS_PATH}/${encodeURIComponent(r.institutionId)}`} safe>
                        {r.name}
                      </a>
                    )}
                    <br />
                    <span class="muted mono" safe>
                      {r.key}
                    </span>
                  </td>
                  <td safe>{REPORT_KIND_LABELS[r.kind]}</td>
                  <td safe>{outcomeOf(r, o.dryRun)}</td>
                  <td safe>{o.dryRun ? '—' : REPORT_STATE_LABELS[r.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        ''
      )}
      {o.dryRun ? (
        <section aria-labelledby="import-title">
          <h2 class="section-title" id="import-title">
            入力する
          </h2>
          <p>この内容で入力するには、同じファイルを選んで「入力する」を押してください。</p>
          <ImportForm csrf={p.csrf} submit={o.submit} />
        </section>
      ) : (
        <p>
          報告中の報告は、医療機関が内容を確かめて「報告」を押すと都道府県に届きます。報告済にした報告は<a href={REPORTS_PATH}>報告確認</a>
          の一覧から確認できます。
        </p>
      )}
    </PortalPage>
  );
}
