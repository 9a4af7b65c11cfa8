// The 「CSVで入力」 panel of a report's overview (and the parts its own page repeats): the two files of
// the current values to download — UTF-8 with a BOM, or Shift_JIS — and the form that uploads them.
import type { ReportView } from '../../../reporting/report-view.ts';
import { isEditable, STATUS_KINDS } from '../../../reporting/report.ts';
import { CsrfField } from '../../../web/forms.tsx';
import { CsvFileFields } from '../csv-parts.tsx';

export const csvPath = (reportId: string): string => `/reporting/reports/${encodeURIComponent(reportId)}/csv`;

/** The four downloads: each file in UTF-8 (with a BOM: today's Excel opens it) and in Shift_JIS (for older Excel). */
export function CsvDownloads(p: { reportId: string }): JSX.Element {
  const base = csvPath(p.reportId);
  return (
    <ul class="bullets" aria-label="CSVのダウンロード">
      <li>
        <a href={`${base}/items`}>項目ファイル（UTF-8）</a>・<a href={`${base}/items?encoding=shift_jis`}>項目ファイル（Shift_JIS）</a>
      </li>
      <li>
        <a href={`${base}/hours`}>時間ファイル（UTF-8）</a>・<a href={`${base}/hours?encoding=shift_jis`}>時間ファイル（Shift_JIS）</a>
      </li>
    </ul>
  );
}

/** The upload: CSRF token first (read before the files), the version the page shows, the two files. */
export function CsvUploadForm(p: { view: ReportView; csrf: string; error?: string | undefined }): JSX.Element {
  return (
    <form method="post" action={csvPath(p.view.report.id)} enctype="multipart/form-data" class="form csv-upload" aria-label="CSVの読み込み">
      <CsrfField token={p.csrf} />
      <input type="hidden" name="base_version" value={String(p.view.version.version)} />
      <CsvFileFields error={p.error} />
      <button type="submit" class="button button--secondary" data-action="csv-upload">
        CSVを読み込む
      </button>
    </form>
  );
}

/** On the report's overview (a 休止・廃止・再開 report has no CSV: it is a few fields of its own). */
export function CsvPanel(p: { view: ReportView; csrf: string }): JSX.Element {
  if (STATUS_KINDS.includes(p.view.report.kind)) return <></>;
  const editable = isEditable(p.view.report.state);
  return (
    <section aria-labelledby="csv-title" class="report-csv">
      <h2 class="section-title" id="csv-title">
        CSVで入力
      </h2>
      <p>
        いまの内容をCSVファイルでダウンロードし、表計算ソフトで書き換えて読み込むと、まとめて入力できます。{' '}
        <a href={csvPath(p.view.report.id)}>CSVの形式と使い方</a>
      </p>
      <CsvDownloads reportId={p.view.report.id} />
      {editable ? <CsvUploadForm view={p.view} csrf={p.csrf} /> : <p class="muted">CSVから入力できるのは、報告中か差戻しの報告です。</p>}
    </section>
  );
}
