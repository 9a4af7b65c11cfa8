// The conflict page (409): the report was saved elsewhere after this form was opened. Both sides are
// shown field by field — 「あなたの入力」 and 「保存されている内容」, what differs marked — and the
// user keeps one: 「自分の入力で保存する」 posts what they typed again over the saved version (a new
// version; nothing is lost, every version stays), 「保存されている内容を使う」 opens the form on it.
import type { Account } from '../../../db/schema.ts';
import type { CatalogueField, ReportValues } from '../../../reporting/catalogue/types.ts';
import type { VersionView } from '../../../reporting/reports.ts';
import { CsrfField, Notice } from '../../../web/forms.tsx';
import { FieldValueView } from '../../../web/report-values.tsx';
import { MESSAGES } from '../../../platform/messages/index.ts';
import type { FormInput } from './form-input.ts';
import { ReportingFrame } from './frame.tsx';
import { reportTitle, type ReportView } from './report-page.tsx';
import { sectionsOf } from './section-page.tsx';
import { DateText } from '../portal/layout.tsx';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function ConflictPage(p: {
  viewer: Account;
  csrf: string;
  view: ReportView;
  section: string;
  /** What this user typed (posted again by 「自分の入力で保存する」). */
  input: FormInput;
  mine: ReportValues;
  theirs: VersionView;
}): JSX.Element {
  const { view } = p;
  const base = `/reporting/reports/${view.report.id}`;
  const fields = sectionsOf(view, p.section)
    .flatMap((s) => s.items)
    .flatMap((item) => item.fields.map((f) => view.cat.fields.get(`${item.id}.${f.id}`)))
    .filter((cf): cf is CatalogueField => cf !== undefined && !(cf.field.kind === 'timetable' && cf.field.shares !== undefined));
  const differing = fields.filter((cf) => !same(p.mine[cf.path], p.theirs.values[cf.path]));
  return (
    <ReportingFrame title={`保存が重なりました | ${reportTitle(view.report)}`} viewer={p.viewer} csrf={p.csrf}>
      <h1 class="page-title">保存が重なりました</h1>
      <Notice kind="warning" title={MESSAGES['report_form.conflict']}>
        <p>
          <span safe>{`保存されている内容は第${p.theirs.version}版です（保存日時：`}</span>
          <DateText ms={p.theirs.savedAt} />
          ）。あなたの入力はまだ保存されていません。
        </p>
      </Notice>
      <p safe>
        {differing.length === 0
          ? 'この区分では、二つの内容に違いはありません。'
          : `この区分で内容が違う項目は${differing.length}件です。違うところに印を付けています。`}
      </p>
      <div class="report-conflict">
        <table class="report-table report-conflict__table">
          <caption class="visually-hidden">あなたの入力と保存されている内容の比較</caption>
          <thead>
            <tr>
              <th scope="col">項目</th>
              <th scope="col">あなたの入力</th>
              <th scope="col">保存されている内容</th>
            </tr>
          </thead>
          <tbody>
            {(differing.length > 0 ? differing : fields).map((cf) => (
              <tr data-conflict-field={cf.path}>
                <th scope="row" safe>
                  {cf.item.label.ja === cf.field.label.ja ? cf.item.label.ja : `${cf.item.label.ja}（${cf.field.label.ja}）`}
                </th>
                <td data-side="mine">
                  <span class="report-conflict__side" aria-hidden="true">
                    あなたの入力
                  </span>
                  <FieldValueView cat={view.cat} cf={cf} value={p.mine[cf.path]} other={p.theirs.values[cf.path]} compare />
                </td>
                <td data-side="theirs">
                  <span class="report-conflict__side" aria-hidden="true">
                    保存されている内容
                  </span>
                  <FieldValueView cat={view.cat} cf={cf} value={p.theirs.values[cf.path]} other={p.mine[cf.path]} compare />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="actions report-conflict__actions">
        <form method="post" action={`${base}/sections/${p.section}`} class="inline-form">
          <CsrfField token={p.csrf} />
          <input type="hidden" name="base_version" value={String(p.theirs.version)} />
          <input type="hidden" name="resolve" value="mine" />
          {Object.entries(p.input).flatMap(([name, v]) =>
            (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => <input type="hidden" name={name} value={x} />),
          )}
          <button type="submit" class="button button--primary" data-resolve="mine">
            自分の入力で保存する
          </button>
        </form>
        <a class="button button--secondary" href={`${base}/sections/${p.section}`} data-resolve="theirs">
          保存されている内容を使う
        </a>
      </div>
      <p class="muted">
        「自分の入力で保存する」を選ぶと、あなたの入力が新しい版として保存されます。保存されていた内容も版の一覧に残ります。「保存されている内容を使う」を選ぶと、あなたの入力は捨てて、保存されている内容の入力画面を開きます。
      </p>
    </ReportingFrame>
  );
}
