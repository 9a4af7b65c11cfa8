// 「CSVで入力」 for one report, the page of its own: the two files (項目ファイル, 時間ファイル) of the
// current values to download as a template, the form that uploads them to fill the draft, the format,
// and, after an upload that did not go through, what to fix by file, line and column.
import type { Account } from '../../../db/schema.ts';
import type { CsvFile, CsvProblem } from '../../../reporting/catalogue/csv.ts';
import { isEditable } from '../../../reporting/report.ts';
import type { ReportView } from '../../../reporting/report-view.ts';
import { Notice } from '../../../web/forms.tsx';
import { CsvFormatHelp, CsvProblemTable } from '../csv-parts.tsx';
import { CsvDownloads, CsvUploadForm } from './csv-panel.tsx';
import { ReportingFrame, schemeTitleOf } from './frame.tsx';
import { reportTitle } from './report-page.tsx';

export function ReportCsvPage(p: {
  viewer: Account;
  csrf: string;
  view: ReportView;
  /** Why the upload did not go through (a file that cannot be read, a report changed meanwhile …). */
  problem?: string | undefined;
  /** The problem beside the file input (no file, not a CSV). */
  fileError?: string | undefined;
  /** What to fix in the files. */
  problems?: readonly CsvProblem[] | undefined;
  names?: Partial<Record<CsvFile, string>>;
}): JSX.Element {
  const { report, cat } = p.view;
  const title = reportTitle(report);
  const editable = isEditable(report.state);
  return (
    <ReportingFrame title={`CSVで入力 - ${title}`} viewer={p.viewer} csrf={p.csrf}>
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/">ホーム</a> ＞{' '}
        <a href="/reporting" safe>
          {schemeTitleOf(cat)}
        </a>{' '}
        ＞{' '}
        <a href={`/reporting/reports/${encodeURIComponent(report.id)}`} safe>
          {title}
        </a>{' '}
        ＞ <span>CSVで入力</span>
      </nav>
      <h1 class="page-title">CSVで入力</h1>
      <p class="lead" safe>
        {`${p.view.institutionName}　${title}`}
      </p>
      {p.problem ? <Notice kind="error" title={p.problem} /> : ''}
      {p.problems && p.problems.length > 0 ? <CsvProblemTable problems={p.problems} names={p.names ?? {}} /> : ''}
      <section aria-labelledby="csv-download-title">
        <h2 class="section-title" id="csv-download-title">
          ダウンロード
        </h2>
        <p safe>{`いま保存されている内容（第${p.view.version.version}版）のファイルです。入力していない項目は空欄です。`}</p>
        <CsvDownloads reportId={report.id} />
      </section>
      <section aria-labelledby="csv-upload-title">
        <h2 class="section-title" id="csv-upload-title">
          読み込み
        </h2>
        {editable ? (
          <>
            <p>読み込んだ内容は保存され（報告中）、まだ都道府県には報告されません。内容を確かめてから、報告の画面で「報告」を押してください。</p>
            <CsvUploadForm view={p.view} csrf={p.csrf} error={p.fileError} />
          </>
        ) : (
          <p>この報告はいま入力できる状態ではありません。CSVから入力できるのは、報告中か差戻しの報告です。</p>
        )}
      </section>
      <CsvFormatHelp many={false} />
    </ReportingFrame>
  );
}
