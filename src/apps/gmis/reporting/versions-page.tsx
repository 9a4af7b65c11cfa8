// Every saved version of a report (each save is a new version; none is overwritten), and one version
// read back item by item.
import type { Account, ReportVersionSource } from '../../../db/schema.ts';
import type { CatalogueField } from '../../../reporting/catalogue/types.ts';
import type { VersionRow } from '../../../reporting/report-view.ts';
import type { VersionView } from '../../../reporting/reports.ts';
import { FieldValueView } from '../../../web/report-values.tsx';
import { DateText } from '../portal/layout.tsx';
import { ReportingFrame, schemeTitleOf } from './frame.tsx';
import { reportTitle, type ReportView } from './report-page.tsx';

const SOURCE_LABELS: Record<ReportVersionSource, string> = {
  prefill: '開始時の内容（前回の内容・施設の登録情報）',
  form: '入力画面で保存',
  csv: 'CSVファイルから入力',
  override: '保存が重なったときに自分の入力で保存',
};

const SAVED_BY: Record<VersionRow['savedBy'], string> = {
  viewer: 'あなた',
  other: '同じ医療機関・薬局の別のアカウント',
  system: 'G-MIS（報告を始めたときの内容）',
};

export function VersionsPage(p: { viewer: Account; csrf: string; view: ReportView; versions: VersionRow[] }): JSX.Element {
  const base = `/reporting/reports/${p.view.report.id}`;
  return (
    <ReportingFrame title={`保存した版 | ${reportTitle(p.view.report)}`} viewer={p.viewer} csrf={p.csrf}>
      <nav class="breadcrumb" aria-label="現在位置">
        <a href="/reporting" safe>
          {schemeTitleOf(p.view.cat)}
        </a>{' '}
        ＞{' '}
        <a href={base} safe>
          {reportTitle(p.view.report)}
        </a>{' '}
        ＞ 保存した版
      </nav>
      <h1 class="page-title">保存した版</h1>
      <p>保存するたびに新しい版ができます。前の版も消えずに残ります。</p>
      <div class="report-table-scroll">
        <table class="report-table" data-versions>
          <caption class="visually-hidden">保存した版の一覧（新しい順）</caption>
          <thead>
            <tr>
              <th scope="col">版</th>
              <th scope="col">保存日時</th>
              <th scope="col">保存した人</th>
              <th scope="col">保存の方法</th>
            </tr>
          </thead>
          <tbody>
            {p.versions.map((v) => (
              <tr data-version={String(v.version)}>
                <td>
                  <a href={`${base}/versions/${v.version}`} safe>{`第${v.version}版`}</a>
                  {v.version === p.view.report.current_version ? <span class="badge">最新</span> : ''}
                </td>
                <td>
                  <DateText ms={v.savedAt} />
                </td>
                <td safe>{SAVED_BY[v.savedBy]}</td>
                <td safe>{SOURCE_LABELS[v.source]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ReportingFrame>
  );
}

export function VersionPage(p: { viewer: Account; csrf: string; view: ReportView; shown: VersionView }): JSX.Element {
  const { cat } = p.view;
  const base = `/reporting/reports/${p.view.report.id}`;
  return (
    <ReportingFrame title={`第${p.shown.version}版 | ${reportTitle(p.view.report)}`} viewer={p.viewer} csrf={p.csrf}>
      <nav class="breadcrumb" aria-label="現在位置">
        <a href={base} safe>
          {reportTitle(p.view.report)}
        </a>{' '}
        ＞ <a href={`${base}/versions`}>保存した版</a> ＞ <span safe>{`第${p.shown.version}版`}</span>
      </nav>
      <h1 class="page-title" safe>{`第${p.shown.version}版`}</h1>
      <p>
        保存日時：
        <DateText ms={p.shown.savedAt} />
      </p>
      {cat.sections.map((s) => (
        <section aria-labelledby={`v-${s.id}`}>
          <h2 class="section-title" id={`v-${s.id}`} safe>
            {s.label.ja}
          </h2>
          <dl class="summary-list summary-list--wide">
            {s.items
              .flatMap((item) => item.fields.map((f) => cat.fields.get(`${item.id}.${f.id}`)))
              .filter((cf): cf is CatalogueField => cf !== undefined && !(cf.field.kind === 'timetable' && cf.field.shares !== undefined))
              .map((cf) => (
                <>
                  <dt safe>{cf.item.label.ja === cf.field.label.ja ? cf.item.label.ja : `${cf.item.label.ja}（${cf.field.label.ja}）`}</dt>
                  <dd>
                    <FieldValueView cat={cat} cf={cf} value={p.shown.values[cf.path]} />
                  </dd>
                </>
              ))}
          </dl>
        </section>
      ))}
    </ReportingFrame>
  );
}
