// The parts the CSV screens show (an institution's 「CSVで入力」, the prefecture's 「CSVで報告を入力」,
// the 医療機関マスタ's import and export): a required file input and the report's two, the 文字コード
// of a download, the problems of an upload by file, line and column, and what the files look like.
import Html from '@kitajs/html';
import type { CsvFile, CsvProblem } from '../../reporting/catalogue/csv.ts';
import { csvFileLabel } from './csv-upload.ts';

/** At most this many problems are listed (the rest are counted). */
const SHOWN = 500;

/** A required CSV file input with its label and, beside it, what is wrong with the file sent. */
export function CsvFileField(p: { id: string; name: string; label: string; error?: string | undefined }): JSX.Element {
  const errorId = `${p.id}-error`;
  return (
    <div class={p.error ? 'field field--error' : 'field'}>
      <label class="field__label" for={p.id}>
        {Html.escapeHtml(p.label)}
        <span class="field__required" aria-hidden="true">
          ※必須
        </span>
      </label>
      {p.error ? (
        <p class="field__error" id={errorId} safe>
          {p.error}
        </p>
      ) : (
        ''
      )}
      <input
        class="field__input"
        type="file"
        id={p.id}
        name={p.name}
        accept=".csv,text/csv"
        required
        aria-required="true"
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? errorId : undefined}
      />
    </div>
  );
}

/** The 項目ファイル (required) and 時間ファイル (optional) inputs. */
export function CsvFileFields(p: { error?: string | undefined }): JSX.Element {
  return (
    <>
      <CsvFileField id="csv-items" name="items" label="項目ファイル" error={p.error} />
      <div class="field">
        <label class="field__label" for="csv-hours">
          時間ファイル（診療時間・開店時間などを入力するとき）
        </label>
        <input class="field__input" type="file" id="csv-hours" name="hours" accept=".csv,text/csv" />
      </div>
    </>
  );
}

/** The 文字コード of a CSV to download: UTF-8 with a BOM (chosen unless Shift_JIS is), or Shift_JIS. */
export function CsvEncodingField(p: { encoding: string | undefined }): JSX.Element {
  return (
    <fieldset class="fieldset">
      <legend class="fieldset__legend">文字コード</legend>
      <div>
        <label class="checkbox">
          <input type="radio" name="encoding" value="utf-8" checked={p.encoding !== 'shift_jis'} />
          <span>UTF-8（BOM付き。いまのExcelでそのまま開けます）</span>
        </label>
      </div>
      <div>
        <label class="checkbox">
          <input type="radio" name="encoding" value="shift_jis" checked={p.encoding === 'shift_jis'} />
          <span>Shift_JIS（古いExcel用）</span>
        </label>
      </div>
    </fieldset>
  );
}

/** What stopped the upload, row by row: file (with the name it was uploaded as; not shown for an upload of one file), line, column, message. */
export function CsvProblemTable(p: {
  problems: ReadonlyArray<Omit<CsvProblem, 'file'> & { file?: CsvFile }>;
  names: Partial<Record<CsvFile, string>>;
}): JSX.Element {
  const shown = p.problems.slice(0, SHOWN);
  const files = p.problems.some((problem) => problem.file);
  const fileText = (file: CsvFile) => (p.names[file] ? `${csvFileLabel(file)}（${p.names[file]}）` : csvFileLabel(file));
  return (
    <section aria-labelledby="csv-problems-title" data-problems={String(p.problems.length)}>
      <h2 class="section-title" id="csv-problems-title" safe>
        {`直す必要のある箇所（${p.problems.length}件）`}
      </h2>
      <div class="report-table-scroll">
        <table class="report-table csv-problems">
          <caption class="visually-hidden">{files ? 'CSVの直す必要のある箇所。ファイル、行、列ごと' : 'CSVの直す必要のある箇所。行、列ごと'}</caption>
          <thead>
            <tr>
              {files ? <th scope="col">ファイル</th> : ''}
              <th scope="col">行</th>
              <th scope="col">列</th>
              <th scope="col">内容</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((problem) => (
              <tr data-file={problem.file} data-line={String(problem.line)}>
                {problem.file ? <td safe>{fileText(problem.file)}</td> : ''}
                <td safe>{`${problem.line}行目`}</td>
                <td safe>{problem.column ?? '—'}</td>
                <td safe>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {p.problems.length > shown.length ? (
        <p class="muted" safe>{`ほかに${p.problems.length - shown.length}件あります。上の箇所を直すと、残りも表示されます。`}</p>
      ) : (
        ''
      )}
    </section>
  );
}

/** The files' format, folded (the same words on both screens). */
export function CsvFormatHelp(p: { many: boolean }): JSX.Element {
  return (
    <details class="csv-format">
      <summary>CSVファイルの形式</summary>
      <ul class="bullets">
        <li>
          <strong>項目ファイル</strong>
          {p.many ? <>: 1行目が見出しで、2行目から1つの医療機関・薬局が1行です。</> : <>: 1行目が見出しで、2行目がこの医療機関の1行です。</>}
          「都道府県コード」「機関コード」の列で医療機関・薬局を決めます。ほかの列が報告項目で、見出しは「名称[basic.name.official]」のように、角かっこの中に項目のキーを書きます。ダウンロードしたファイルの見出しをそのまま使ってください。
        </li>
        <li>
          空欄は「未入力」です。はい・いいえは「1」「0」、選ぶ項目は選択肢のコード、いくつも選ぶ項目はコードを「;」で区切ります（その他の診療科目は「01991:漢方内科」のように名前を添えます）。休診日は、休む曜日の列に「1」を入れます。ファイルにない列の項目は、いまの内容のまま変わりません。
        </li>
        <li>
          <strong>時間ファイル</strong>
          （なくてもかまいません）:
          診療科目ごとの診療時間を、厚生労働省のオープンデータと同じ並びで書くファイルです。「都道府県コード」「機関コード」「項目」の列に続けて、1行に1つの診療科目と時間帯（1〜3）の、月〜日と祝日の開始・終了時刻を「9:00」のように書きます。このファイルを付けると、項目ファイルにある医療機関の時間表は、このファイルの内容に置き換わります。
        </li>
        <li>
          文字コードは UTF-8（BOM付き・なし）と Shift_JIS のどちらでもかまいません。読み込むときに見分けます。Excelで編集したら「CSV
          UTF-8（コンマ区切り）」か「CSV（コンマ区切り）」で保存してください。Excelの形式（.xlsx）のままでは読み込めません。
        </li>
        <li>直す必要のある箇所が1つでもあると、何も保存しません。ファイル・行・列を示しますので、直してからもう一度読み込んでください。</li>
        <li>1つのファイルは20MBまでです。</li>
      </ul>
    </details>
  );
}
